#include "registryinstancemodel.h"

#include "common/healthstyle.h"

#include <algorithm>
#include <QBrush>
#include <QColor>
#include <QJsonArray>
#include <QLocale>

namespace {

bool rowLess(const RegistryInstanceRow &a, const RegistryInstanceRow &b)
{
    return a.service != b.service ? a.service < b.service : a.id < b.id;
}

QString seconds(qint64 ms)
{
    if (ms < 0)
        return QStringLiteral("—");
    if (ms < 60'000)
        return QStringLiteral("%1 s").arg(QLocale().toString(double(ms) / 1000.0, 'f', 1));
    if (ms < 3'600'000)
        return QStringLiteral("%1 min").arg(ms / 60'000);
    return QStringLiteral("%1 h").arg(ms / 3'600'000);
}

} // namespace

RegistryInstanceModel::RegistryInstanceModel(QObject *parent)
    : SyncedTableModel(parent)
{ }

void RegistryInstanceModel::setInstances(QList<RegistryInstanceRow> instances)
{
    std::sort(instances.begin(), instances.end(), rowLess);
    syncRows(m_rows, instances, rowLess);
}

int RegistryInstanceModel::rowOf(const QString &id) const
{
    for (int row = 0; row < m_rows.size(); ++row)
        if (m_rows.at(row).id == id)
            return row;
    return -1;
}

int RegistryInstanceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RegistryInstanceModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RegistryInstanceModel::display(const RegistryInstanceRow &row, int column) const
{
    switch (column) {
    case ServiceColumn:
        return row.service;
    case IdColumn:
        return row.id;
    case AddressColumn:
        return QStringLiteral("%1:%2").arg(row.address).arg(row.port);
    case StateColumn:
        // Out of service is its own state (the checks may well pass); the tooltip keeps the checks' word.
        return HealthStyle::checkStateName(row.drained ? QStringLiteral("drained") : row.state);
    case DrainedColumn:
        return row.drained ? tr("drained") : tr("in service");
    case LeaseColumn:
        if (row.check == QLatin1String("ttl") && row.ttlMs > 0)
            return tr("%1 of %2").arg(seconds(row.leaseAgeMs), seconds(row.ttlMs));
        return tr("%1 ago").arg(seconds(row.leaseAgeMs));
    case WeightColumn:
        return row.weight;
    case TagsColumn: {
        QStringList parts = row.tags;
        for (auto it = row.meta.cbegin(); it != row.meta.cend(); ++it)
            parts.append(QStringLiteral("%1=%2").arg(it.key(), it.value()));
        return parts.join(QStringLiteral(", "));
    }
    }
    return {};
}

QVariant RegistryInstanceModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const auto &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(row, index.column());
    case InstanceIdRole:
        return row.id;
    case Qt::TextAlignmentRole:
        return index.column() == LeaseColumn || index.column() == WeightColumn
            ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
            : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (index.column() == StateColumn)
            return QBrush(HealthStyle::instanceColor(row.drained ? QStringLiteral("drained") : row.state));
        if (index.column() == DrainedColumn && row.drained)
            return QBrush(HealthStyle::color(HealthStyle::State::Drained));
        return {};
    case Qt::ToolTipRole:
        if (index.column() == StateColumn && row.drained)
            return tr("Drained by an operator; checks: %1").arg(HealthStyle::checkStateName(row.state));
        if (index.column() == StateColumn && !row.output.isEmpty())
            return row.output;
        if (index.column() == LeaseColumn)
            return row.check == QLatin1String("ttl") ? tr("Time since the last heartbeat, of the lease's TTL")
                                                     : tr("Time since the registry last checked the instance");
        return {};
    }
    return {};
}

QVariant RegistryInstanceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return section == LeaseColumn || section == WeightColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                                                 : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ServiceColumn:
        return tr("Service");
    case IdColumn:
        return tr("Instance");
    case AddressColumn:
        return tr("Address");
    case StateColumn:
        return tr("State");
    case DrainedColumn:
        return tr("Traffic");
    case LeaseColumn:
        return tr("Lease / last heartbeat");
    case WeightColumn:
        return tr("Weight");
    case TagsColumn:
        return tr("Tags / metadata");
    }
    return {};
}
