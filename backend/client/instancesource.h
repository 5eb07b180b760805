#pragma once

#include "serviceinstance.h"

#include <QObject>

// Where a client learns which instances of a service exist. A static list serves until discovery runs;
// the registry's discovery client implements the same interface, so callers never care which it is.
// Lives on (and is used from) one thread, like the client that owns it.
class InstanceSource : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~InstanceSource() override = default;

    virtual QList<ServiceInstance> instances(const QString &service) const = 0;

Q_SIGNALS:
    void changed(const QString &service);
};
