#include "logtablemodel.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>

LogTableModel::LogTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void LogTableModel::setCapacity(qsizetype capacity)
{
    m_capacity = std::max<qsizetype>(1, capacity);
    const auto excess = qsizetype(m_entries.size()) - m_capacity;
    if (excess > 0) {
        beginRemoveRows({}, 0, int(excess - 1));
        m_entries.erase(m_entries.begin(), m_entries.begin() + excess);
        endRemoveRows();
    }
}

void LogTableModel::append(const QList<LogEntry> &entries)
{
    if (entries.isEmpty())
        return;
    // Only the newest `capacity` records of the batch can survive.
    const auto batch = std::min<qsizetype>(entries.size(), m_capacity);
    const auto firstNew = entries.size() - batch;
    const auto overflow = qsizetype(m_entries.size()) + batch - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow - 1));
        m_entries.erase(m_entries.begin(), m_entries.begin() + overflow);
        endRemoveRows();
    }
    const int first = int(m_entries.size());
    beginInsertRows({}, first, first + int(batch) - 1);
    bool newService = false;
    for (auto i = firstNew; i < entries.size(); ++i) {
        const auto &entry = entries.at(i);
        m_entries.push_back(entry);
        const auto service = entry.service();
        if (!m_services.contains(service)) {
            m_services.append(service);
            newService = true;
        }
    }
    endInsertRows();
    if (newService) {
        m_services.sort();
        Q_EMIT servicesChanged();
    }
}

void LogTableModel::clear()
{
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

QStringList LogTableModel::services() const
{
    return m_services;
}

int LogTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int LogTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const auto &e = m_entries[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TimeColumn:
            return QDateTime::fromMSecsSinceEpoch(e.timeMs).toString(QStringLiteral("HH:mm:ss.zzz"));
        case LevelColumn:
            return LogLevels::name(e.level);
        case ServiceColumn:
            return e.service();
        case SourceColumn:
            return e.source;
        case MessageColumn:
            return e.message;
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() != LevelColumn && index.column() != MessageColumn)
            return {};
        if (e.level >= 4)
            return QBrush(QColor(0xd6, 0x3a, 0x3a));
        if (e.level == 3)
            return QBrush(QColor(0xc8, 0x85, 0x0c));
        if (e.level <= 1)
            return QBrush(QColor(0x8a, 0x94, 0xa0));
        return {};
    case LevelRole:
        return e.level;
    case TimeRole:
        return e.timeMs;
    case ServiceRole:
        return e.service();
    case SourceRole:
        return e.source;
    case MessageRole:
        return e.message;
    default:
        return {};
    }
}

QVariant LogTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case LevelColumn:
        return tr("Level");
    case ServiceColumn:
        return tr("Service");
    case SourceColumn:
        return tr("Instance");
    case MessageColumn:
        return tr("Message");
    }
    return {};
}
