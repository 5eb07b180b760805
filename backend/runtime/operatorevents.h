#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

// One thing an operator did to the fleet: kill, restart, drain, undrain, scale up/down, set or clear a
// fault, roll a key back, create or expire a silence. The same value goes to the log view, the history file,
// the history view and reports.
struct OperatorEvent
{
    qint64 timeMs = 0;
    QString action; // "kill", "restart", "drain", "undrain", "scale-up", "scale-down", "fault-set", ...
    QString service;
    QString target; // instance id, key, silence id; empty when the action is about the whole service
    QString detail; // human-readable: "30 % errors, +400 ms for 5 min", "rolled back to version 3"
    bool ok = true; // false: the action was attempted and failed
    QString error;

    QJsonObject toJson() const;
    static OperatorEvent fromJson(const QJsonObject &object);
    // "kill cart-2", "fault-set cart (30 % errors …)": one line for logs and tables.
    QString summary() const;
    bool operator==(const OperatorEvent &) const = default;
};
Q_DECLARE_METATYPE(OperatorEvent)

// Records operator actions in one place: every event goes to the "operator" logger (so it shows in the log
// view and the log file), is appended to <data dir>/operator-events.jsonl (append-only, one JSON object a
// line; reports read it) and is kept in memory for the history view. Lives on the console's main thread.
class OperatorEvents : public QObject
{
    Q_OBJECT
public:
    // dataDir empty: memory and log only.
    explicit OperatorEvents(const QString &dataDir, QObject *parent = nullptr);

    static QString path(const QString &dataDir);
    // Every event of a history file, oldest first; unreadable lines are skipped. Empty when there is none.
    static QList<OperatorEvent> load(const QString &filePath);

    // Stamps the event (when timeMs is 0), logs, appends and emits recorded().
    void record(OperatorEvent event);
    // The events of this session and those the history file held at start, oldest first.
    const QList<OperatorEvent> &events() const { return m_events; }

Q_SIGNALS:
    void recorded(const OperatorEvent &event);

private:
    QString m_path;
    QList<OperatorEvent> m_events;
};
