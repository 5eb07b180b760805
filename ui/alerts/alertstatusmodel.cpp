#include "alertstatusmodel.h"

#include "alerting/alertrule.h"
#include "common/alertstatestyle.h"

#include <QBrush>

namespace {

QString targetText(const AlertTarget &target)
{
    if (target.service.isEmpty())
        return QObject::tr("fleet");
    return target.instance.isEmpty() ? target.service : target.instance;
}

QString age(qint64 ms)
{
    const qint64 s = std::max<qint64>(0, ms / 1000);
    if (s < 60)
        return QObject::tr("%1 s").arg(s);
    if (s < 3600)
        return QObject::tr("%1 min").arg(s / 60);
    return QObject::tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}

} // namespace

AlertStatusModel::AlertStatusModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void AlertStatusModel::setStatuses(const QList<AlertStatus> &statuses, qint64 nowMs)
{
    m_nowMs = nowMs;
    bool sameSet = statuses.size() == m_statuses.size();
    for (qsizetype i = 0; sameSet && i < statuses.size(); ++i)
        sameSet
            = statuses.at(i).ruleName == m_statuses.at(i).ruleName && statuses.at(i).target == m_statuses.at(i).target;
    if (!sameSet) {
        beginResetModel();
        m_statuses = statuses;
        endResetModel();
        return;
    }
    m_statuses = statuses;
    if (!m_statuses.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_statuses.size()) - 1, ColumnCount - 1));
}

int AlertStatusModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_statuses.size());
}

int AlertStatusModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AlertStatusModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const auto &s = m_statuses.at(index.row());
    if (role == StateRole)
        return int(s.state);
    if (role == RuleNameRole)
        return s.ruleName;
    if (role == Qt::ForegroundRole && index.column() == StateColumn)
        return QBrush(AlertStateStyle::color(s));
    if (role == Qt::ToolTipRole) {
        // The whole text of the cell (columns elide in the middle), and for a silenced alert what lies under it.
        if (index.column() == StateColumn && AlertStateStyle::readsSilenced(s))
            return QString(
                AlertStateStyle::word(s.state) + QStringLiteral(" · ") + AlertStateStyle::silenceText(*s.silence));
        return data(index, Qt::DisplayRole);
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case StateColumn:
        return AlertStateStyle::word(s);
    case RuleColumn:
        return s.ruleName;
    case TargetColumn:
        return targetText(s.target);
    case ValueColumn:
        return s.lastValue ? QString::number(*s.lastValue, 'g', 4) : QStringLiteral("–");
    case SinceColumn:
        return s.sinceMs > 0 ? age(m_nowMs - s.sinceMs) : QString();
    case SilenceColumn:
        return s.silence ? AlertStateStyle::silenceText(*s.silence) : QString();
    }
    return {};
}

QVariant AlertStatusModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StateColumn:
        return tr("State");
    case RuleColumn:
        return tr("Rule");
    case TargetColumn:
        return tr("Target");
    case ValueColumn:
        return tr("Last value");
    case SinceColumn:
        return tr("For");
    case SilenceColumn:
        return tr("Silence");
    }
    return {};
}
