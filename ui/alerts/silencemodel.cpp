#include "silencemodel.h"

#include <QDateTime>

SilenceModel::SilenceModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void SilenceModel::setSilences(const QList<Silence> &silences, qint64 nowMs)
{
    beginResetModel();
    m_silences = silences;
    m_nowMs = nowMs;
    endResetModel();
}

int SilenceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_silences.size());
}

int SilenceModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SilenceModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || role != Qt::DisplayRole)
        return {};
    const auto &s = m_silences.at(index.row());
    switch (index.column()) {
    case StatusColumn:
        return s.isActiveAt(m_nowMs) ? tr("active") : (s.endsAtMs <= m_nowMs ? tr("expired") : tr("pending"));
    case MatchersColumn: {
        static const QStringList ops { QStringLiteral("="), QStringLiteral("!="), QStringLiteral("=~"),
            QStringLiteral("!~") };
        QStringList parts;
        for (const auto &m : s.matchers)
            parts << QStringLiteral("%1%2\"%3\"").arg(m.name, ops.at(int(m.op)), m.value);
        return parts.join(QStringLiteral(", "));
    }
    case EndsColumn:
        return QDateTime::fromMSecsSinceEpoch(s.endsAtMs).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    case CommentColumn:
        return s.comment;
    }
    return {};
}

QVariant SilenceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StatusColumn:
        return tr("Status");
    case MatchersColumn:
        return tr("Matchers");
    case EndsColumn:
        return tr("Ends");
    case CommentColumn:
        return tr("Comment");
    }
    return {};
}
