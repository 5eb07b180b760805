#include "operatoreventmodel.h"

#include <algorithm>
#include <QBrush>
#include <QColor>
#include <QDateTime>

namespace {
constexpr int kMaxRows = 5000;
}

OperatorEventModel::OperatorEventModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void OperatorEventModel::setEvents(const QList<OperatorEvent> &events)
{
    beginResetModel();
    m_events = events;
    std::reverse(m_events.begin(), m_events.end());
    if (m_events.size() > kMaxRows)
        m_events.resize(kMaxRows);
    endResetModel();
}

void OperatorEventModel::prepend(const OperatorEvent &event)
{
    beginInsertRows({}, 0, 0);
    m_events.prepend(event);
    endInsertRows();
    if (m_events.size() > kMaxRows) {
        beginRemoveRows({}, kMaxRows, int(m_events.size()) - 1);
        m_events.resize(kMaxRows);
        endRemoveRows();
    }
}

int OperatorEventModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int OperatorEventModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OperatorEventModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const auto &event = m_events.at(index.row());
    if (role == Qt::ForegroundRole && index.column() == ResultColumn && !event.ok)
        return QBrush(QColor(0xd6, 0x3a, 0x3a));
    if (role == Qt::ToolTipRole && index.column() == TimeColumn)
        return QDateTime::fromMSecsSinceEpoch(event.timeMs).toString(Qt::ISODateWithMs);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        return QDateTime::fromMSecsSinceEpoch(event.timeMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case ActionColumn:
        return event.action;
    case TargetColumn:
        return event.target.isEmpty() || event.target == event.service
            ? event.service
            : QStringLiteral("%1 / %2").arg(event.service, event.target);
    case DetailColumn:
        return event.detail;
    case ResultColumn:
        return event.ok ? tr("done") : tr("failed: %1").arg(event.error);
    }
    return {};
}

QVariant OperatorEventModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case ActionColumn:
        return tr("Action");
    case TargetColumn:
        return tr("Service / target");
    case DetailColumn:
        return tr("Detail");
    case ResultColumn:
        return tr("Result");
    }
    return {};
}
