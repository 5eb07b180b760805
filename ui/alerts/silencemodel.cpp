#include "silencemodel.h"

#include "common/alertstatestyle.h"

#include <QBrush>
#include <QDateTime>

SilenceModel::SilenceModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void SilenceModel::setSilences(const QList<Silence> &silences, qint64 nowMs)
{
    m_nowMs = nowMs;
    bool sameSet = silences.size() == m_silences.size();
    for (qsizetype i = 0; sameSet && i < silences.size(); ++i)
        sameSet = silences.at(i).id == m_silences.at(i).id;
    if (!sameSet) {
        beginResetModel();
        m_silences = silences;
        endResetModel();
        return;
    }
    // The same silences (refreshed every second for their status): keep the selection an edit relies on.
    m_silences = silences;
    if (!m_silences.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_silences.size()) - 1, ColumnCount - 1));
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
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (role == Qt::ToolTipRole)
        return data(index, Qt::DisplayRole); // columns elide in the middle
    if (role == Qt::ForegroundRole && index.column() == StatusColumn && m_silences.at(index.row()).isActiveAt(m_nowMs))
        return QBrush(AlertStateStyle::silencedColor());
    if (role != Qt::DisplayRole)
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
    case CreatedByColumn:
        return s.createdBy;
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
    case CreatedByColumn:
        return tr("Created by");
    case CommentColumn:
        return tr("Comment");
    }
    return {};
}
