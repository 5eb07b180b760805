// Telemetry must not reach up into runtime: this must not build.
#include "runtime/fleet.h"

int layerProbeUpward()
{
    return 0;
}
