#include "staticinstancesource.h"

void StaticInstanceSource::setInstances(const QString &service, const QList<ServiceInstance> &instances)
{
    if (m_instances.value(service) == instances)
        return;
    m_instances.insert(service, instances);
    Q_EMIT changed(service);
}
