#pragma once

#include "alertevent.h"

#include <QList>
#include <QString>

// Every transition of every alert, appended as one JSON line to a file in the data dir so the history
// survives a restart. One line per event keeps appends cheap and a crash loses at most the line being
// written (unreadable lines are skipped on load). The newest maxEvents stay in memory; the file is
// compacted to them on open when it has grown past twice that.
class AlertHistory
{
public:
    explicit AlertHistory(QString filePath, int maxEvents = 10'000);

    // Loads what the file holds. A missing file is an empty history, not an error.
    bool open(QString *error = nullptr);
    bool append(const AlertEvent &event, QString *error = nullptr);

    const QList<AlertEvent> &events() const { return m_events; }
    QList<AlertEvent> eventsFor(const QString &ruleName) const;
    int skippedLines() const { return m_skipped; }
    QString filePath() const { return m_path; }

private:
    bool compact(QString *error);

    QString m_path;
    int m_maxEvents;
    QList<AlertEvent> m_events;
    int m_skipped = 0;
};
