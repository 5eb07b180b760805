#pragma once

#include <QRegularExpression>
#include <QSortFilterProxyModel>

class LogTableModel;

// Level, service, instance, text or regular expression, and time-span filters over the log model. Reads
// the source's records directly (no QVariant round trip), which keeps a million-row refilter fast.
class LogFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit LogFilterProxy(QObject *parent = nullptr);

    void setLogSource(LogTableModel *model);
    void setMinimumLevel(int level);
    void setService(const QString &service); // empty = all
    void setSourceName(const QString &source); // empty = all
    // Plain text is matched case-insensitively; with regex=true the text is a regular expression.
    bool setText(const QString &text, bool regex, QString *error = nullptr);
    void setTimeSpan(qint64 fromMs, qint64 toMs); // 0,0 = no limit
    void setShowAccess(bool show); // access lines (one per request) shown or hidden

    int minimumLevel() const { return m_minimumLevel; }
    bool hasTimeSpan() const { return m_toMs > 0; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    void refilter();

    LogTableModel *m_logs = nullptr;
    int m_minimumLevel = 0;
    QString m_service;
    QString m_source;
    QString m_text;
    QRegularExpression m_regex;
    bool m_useRegex = false;
    bool m_showAccess = true;
    qint64 m_fromMs = 0;
    qint64 m_toMs = 0;
};
