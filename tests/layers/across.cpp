// One panel must not reach into another it does not depend on: this must not build.
#include "topology/topologyview.h"

int layerProbeAcross()
{
    return 0;
}
