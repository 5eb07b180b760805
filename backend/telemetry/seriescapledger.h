#pragma once

#include <QHash>
#include <QSet>
#include <QString>

// What the time-series store could not record because its series cap was reached: which distinct series it
// refused and whose they were, so the console, Details and reports can say that an instance's numbers are
// incomplete instead of showing them as if they were whole. Kept beside the history file (path + ".limits",
// one small JSON object, rewritten at most every few seconds while refusals grow), so a report made later
// from the file alone says so too. Not thread safe: the store calls it under its own lock.
class SeriesCapLedger
{
public:
    struct Summary
    {
        int maxSeries = 0;
        int droppedSeries = 0; // distinct series refused
        QHash<QString, int> byInstance; // instance id → distinct series refused
        qint64 firstMs = 0; // when the first was refused (0: never)
        qint64 lastMs = 0;
    };

    explicit SeriesCapLedger(const QString &historyPath = {});

    // A series the store refused at timeMs; key identifies it, instance is whose it is (may be empty). A
    // series refused again (every scrape offers it anew) is counted once; the first refusal of the store and of
    // each instance is logged.
    void refuse(const QString &key, const QString &instance, qint64 timeMs, int maxSeries);
    // Writes the sidecar if it changed and the last write is a few seconds old (force: now, if changed).
    void save(qint64 nowMs, bool force = false);
    // Reads the sidecar of a history file (for a store opened from the file). Missing: nothing refused.
    void load();
    // A store that records again starts a new account: the earlier run's refusals were shown and logged by
    // that run, and its refused keys are not known any more (counting them again would double them).
    void reset();

    const Summary &summary() const { return m_summary; }
    static QString pathFor(const QString &historyPath);

private:
    QString m_path;
    QSet<size_t> m_refused; // hashes of refused keys: a refusal repeats on every scrape
    Summary m_summary;
    bool m_dirty = false;
    qint64 m_savedMs = 0;
};
