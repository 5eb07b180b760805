#include "logfilterproxy.h"

#include "logtablemodel.h"

LogFilterProxy::LogFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{ }

void LogFilterProxy::refilter()
{
    // A full re-map is linear; the incremental invalidateRowsFilter() emits a change per row range, which
    // on a million-row log with a selective filter takes seconds.
    invalidate();
}

void LogFilterProxy::setLogSource(LogTableModel *model)
{
    m_logs = model;
    setSourceModel(model);
}

void LogFilterProxy::setMinimumLevel(int level)
{
    m_minimumLevel = level;
    refilter();
}

void LogFilterProxy::setShowAccess(bool show)
{
    m_showAccess = show;
    refilter();
}

void LogFilterProxy::setService(const QString &service)
{
    m_service = service;
    refilter();
}

void LogFilterProxy::setSourceName(const QString &source)
{
    m_source = source;
    refilter();
}

bool LogFilterProxy::setText(const QString &text, bool regex, QString *error)
{
    if (regex) {
        QRegularExpression expression(text, QRegularExpression::CaseInsensitiveOption);
        if (!expression.isValid()) {
            if (error)
                *error = expression.errorString();
            return false;
        }
        expression.optimize();
        m_regex = expression;
    }
    m_useRegex = regex;
    m_text = text;
    refilter();
    return true;
}

void LogFilterProxy::setTimeSpan(qint64 fromMs, qint64 toMs)
{
    m_fromMs = fromMs;
    m_toMs = toMs;
    refilter();
}

bool LogFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    if (!m_logs)
        return true;
    const auto &entry = m_logs->entry(sourceRow);
    if (entry.level < m_minimumLevel || (entry.access && !m_showAccess))
        return false;
    if (m_toMs > 0 && (entry.timeMs < m_fromMs || entry.timeMs > m_toMs))
        return false;
    if (!m_source.isEmpty() && entry.source != m_source)
        return false;
    if (!m_service.isEmpty() && entry.service() != m_service)
        return false;
    if (m_text.isEmpty())
        return true;
    if (m_useRegex)
        return m_regex.match(entry.message).hasMatch() || m_regex.match(entry.source).hasMatch();
    return entry.message.contains(m_text, Qt::CaseInsensitive) || entry.source.contains(m_text, Qt::CaseInsensitive);
}
