// Telemetry may use the layers below it: this must build (else the probes below prove nothing).
#include "client/serviceinstance.h"

int layerProbeAllowed()
{
    return ServiceInstance {}.port;
}
