#include "instancetablemodel.h"

#include "common/healthstyle.h"

#include <QBrush>

InstanceTableModel::InstanceTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void InstanceTableModel::setInstances(const QList<TopologyInstance> &instances)
{
    bool sameRows = instances.size() == m_instances.size();
    for (qsizetype i = 0; sameRows && i < instances.size(); ++i)
        sameRows = instances.at(i).id == m_instances.at(i).id;
    if (!sameRows) {
        beginResetModel();
        m_instances = instances;
        endResetModel();
        return;
    }
    m_instances = instances;
    if (!m_instances.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_instances.size()) - 1, ColumnCount - 1));
}

int InstanceTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_instances.size());
}

int InstanceTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant InstanceTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const auto &instance = m_instances.at(index.row());
    if (role == Qt::ForegroundRole && index.column() == HealthColumn)
        return QBrush(HealthStyle::instanceColor(instance.health));
    if (role == Qt::TextAlignmentRole && (index.column() == RateColumn || index.column() == ErrorColumn))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case IdColumn:
        return instance.id;
    case AddressColumn:
        return QStringLiteral("%1:%2").arg(instance.address).arg(instance.port);
    case HealthColumn:
        return HealthStyle::checkStateName(instance.health);
    case RateColumn:
        return QString::number(instance.rps, 'f', 1);
    case ErrorColumn:
        return QStringLiteral("%1 %").arg(instance.errorRatio * 100, 0, 'f', 1);
    }
    return {};
}

QVariant InstanceTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn:
        return tr("Instance");
    case AddressColumn:
        return tr("Address");
    case HealthColumn:
        return tr("Health");
    case RateColumn:
        return tr("req/s");
    case ErrorColumn:
        return tr("Errors");
    }
    return {};
}
