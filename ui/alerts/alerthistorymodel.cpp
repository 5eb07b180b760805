#include "alerthistorymodel.h"

#include "common/alertstatestyle.h"

#include <QBrush>
#include <QDateTime>

AlertHistoryModel::AlertHistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void AlertHistoryModel::setEvents(const QList<AlertEvent> &events)
{
    beginResetModel();
    m_events.clear();
    for (auto it = events.crbegin(); it != events.crend() && m_events.size() < kCapacity; ++it)
        m_events.append(*it);
    endResetModel();
}

void AlertHistoryModel::prepend(const AlertEvent &event)
{
    if (m_events.size() >= kCapacity) {
        beginRemoveRows({}, kCapacity - 1, int(m_events.size()) - 1);
        m_events.resize(kCapacity - 1);
        endRemoveRows();
    }
    beginInsertRows({}, 0, 0);
    m_events.prepend(event);
    endInsertRows();
}

int AlertHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int AlertHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlertHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const auto &e = m_events.at(index.row());
    if (role == Qt::ForegroundRole && index.column() == TransitionColumn)
        return QBrush(e.silenced && e.to != AlertState::Resolved ? AlertStateStyle::silencedColor()
                                                                 : AlertStateStyle::color(e.to));
    if (role == Qt::ToolTipRole)
        return data(index, Qt::DisplayRole); // columns elide in the middle
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        return QDateTime::fromMSecsSinceEpoch(e.timestampMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case RuleColumn:
        return e.ruleName;
    case TargetColumn:
        return e.instance.isEmpty() ? e.service : e.instance;
    case TransitionColumn:
        return AlertStateStyle::transitionText(e);
    case ValueColumn:
        return e.value ? QString::number(*e.value, 'g', 4) : QStringLiteral("–");
    }
    return {};
}

QVariant AlertHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case RuleColumn:
        return tr("Rule");
    case TargetColumn:
        return tr("Target");
    case TransitionColumn:
        return tr("Transition");
    case ValueColumn:
        return tr("Value");
    }
    return {};
}
