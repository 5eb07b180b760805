#pragma once

#include "logentry.h"

#include <deque>
#include <QAbstractTableModel>

// Every log record the console holds, oldest first, bounded: appending past the capacity drops the oldest.
// Appends come in batches (one beginInsertRows per batch) so a flood costs one view update per tick.
class LogTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, LevelColumn, ServiceColumn, SourceColumn, MessageColumn, ColumnCount };
    enum Role { LevelRole = Qt::UserRole + 1, TimeRole, ServiceRole, SourceRole, MessageRole };

    explicit LogTableModel(QObject *parent = nullptr);

    void setCapacity(qsizetype capacity);
    qsizetype capacity() const { return m_capacity; }
    void append(const QList<LogEntry> &entries);
    void clear();
    const LogEntry &entry(int row) const { return m_entries[std::size_t(row)]; }
    QStringList services() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void servicesChanged();

private:
    std::deque<LogEntry> m_entries;
    qsizetype m_capacity = 200'000;
    QStringList m_services;
};
