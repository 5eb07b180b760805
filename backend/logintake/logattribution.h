#pragma once

#include "client/instancedirectory.h"

#include <QString>

struct IntakeRecord;

// Decides which service and instance a shipped record belongs to, in this order:
//   1. what the sender says itself: JSON "service"/"instance", or structured-data params service= and
//      instance= (any SD-ID, e.g. [origin@32473 service="cart" instance="cart-2"]);
//   2. APP-NAME (or 3164 TAG), then HOSTNAME, equal to a registered instance ID;
//   3. APP-NAME, then HOSTNAME, equal to a registered service name: the service, and its instance when only
//      one fits (the only instance, or the one whose ID or address is the HOSTNAME, or whose address is the
//      sender's);
//   4. otherwise the record still shows, under its APP-NAME (else HOSTNAME, else the sender's address) as
//      the service and no instance, and counts as unattributed.
// Names compare case-insensitively.
namespace LogAttribution {

struct Result
{
    QString service;
    QString instance;
    bool attributed = false;
};

Result attribute(const IntakeRecord &record, const InstanceDirectory::Snapshot &directory, const QString &sender);

} // namespace LogAttribution
