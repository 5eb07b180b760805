#include "embeddedfleet.h"

#include "fleet.h"

void populateEmbeddedFleet(Fleet &fleet, const EmbeddedFleetOptions &options)
{
    Q_UNUSED(fleet);
    Q_UNUSED(options);
}
