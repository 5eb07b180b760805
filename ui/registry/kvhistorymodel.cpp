#include "kvhistorymodel.h"

#include <algorithm>
#include <QDateTime>
#include <QFont>
#include <QJsonArray>

namespace {

bool newerFirst(const KvVersionRow &a, const KvVersionRow &b)
{
    return a.version > b.version;
}

QString preview(const QByteArray &value)
{
    auto text = QString::fromUtf8(value).simplified();
    if (text.size() > 80)
        text = text.left(79) + QChar(0x2026);
    return text;
}

} // namespace

KvHistoryModel::KvHistoryModel(QObject *parent)
    : SyncedTableModel(parent)
{ }

void KvHistoryModel::setVersions(QList<KvVersionRow> versions)
{
    std::sort(versions.begin(), versions.end(), newerFirst);
    syncRows(m_rows, versions, newerFirst);
}

int KvHistoryModel::rowOfVersion(quint64 version) const
{
    for (int row = 0; row < m_rows.size(); ++row)
        if (m_rows.at(row).version == version)
            return row;
    return -1;
}

int KvHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int KvHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant KvHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const auto &row = m_rows.at(index.row());
    switch (role) {
    case VersionRole:
        return row.version;
    case Qt::TextAlignmentRole:
        return index.column() == ValueColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                             : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::FontRole:
        if (index.row() == 0 && !row.deleted) {
            QFont font;
            font.setBold(true); // the current value
            return font;
        }
        if (row.deleted && index.column() == ValueColumn) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ValueColumn && !row.deleted)
            return QString::fromUtf8(row.value.left(4096));
        return {};
    case Qt::DisplayRole:
        switch (index.column()) {
        case VersionColumn:
            return QStringLiteral("v%1").arg(row.version);
        case TimeColumn:
            return QDateTime::fromString(row.time, Qt::ISODateWithMs)
                .toLocalTime()
                .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case IndexColumn:
            return QString::number(row.modifyIndex);
        case ValueColumn:
            return row.deleted ? tr("(deleted)") : preview(row.value);
        }
    }
    return {};
}

QVariant KvHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return section == ValueColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                      : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case VersionColumn:
        return tr("Version");
    case TimeColumn:
        return tr("Written");
    case IndexColumn:
        return tr("Index");
    case ValueColumn:
        return tr("Value");
    }
    return {};
}
