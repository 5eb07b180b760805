#pragma once

#include "instancesource.h"

#include <QHash>

// A fixed list of instances per service, for fleets without discovery (and for tests). The list can be
// replaced at run time; users are told through changed().
class StaticInstanceSource : public InstanceSource
{
    Q_OBJECT
public:
    using InstanceSource::InstanceSource;

    QList<ServiceInstance> instances(const QString &service) const override { return m_instances.value(service); }
    void setInstances(const QString &service, const QList<ServiceInstance> &instances);

private:
    QHash<QString, QList<ServiceInstance>> m_instances;
};
