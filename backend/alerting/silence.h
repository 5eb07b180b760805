#pragma once

#include <optional>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

// One condition on an alert's labels, as in Alertmanager: name = value, name != value, name =~ regex,
// name !~ regex. A label that is absent has the value "".
struct SilenceMatcher
{
    enum class Op { Equal, NotEqual, Regex, NotRegex };
    QString name;
    Op op = Op::Equal;
    QString value;

    bool matches(const QMap<QString, QString> &labels) const;
    bool operator==(const SilenceMatcher &other) const = default;
};

// Mutes notifications for the alerts whose labels match every matcher, between startsAt and endsAt.
// A silenced alert still changes state and is recorded in the history; only notifications are held back.
struct Silence
{
    QString id;
    QList<SilenceMatcher> matchers;
    qint64 startsAtMs = 0;
    qint64 endsAtMs = 0;
    QString comment;
    QString createdBy;

    bool isActiveAt(qint64 nowMs) const { return startsAtMs <= nowMs && nowMs < endsAtMs; }
    bool matches(const QMap<QString, QString> &labels) const;
    QStringList validate() const;

    QJsonObject toJson() const;
    static std::optional<Silence> fromJson(const QJsonObject &object, QStringList *errors);
    bool operator==(const Silence &other) const = default;
};
Q_DECLARE_METATYPE(Silence)

// What an operator did to a silence; carried by AlertEngine::silenceAction so it can be recorded.
enum class SilenceAction { Created, Edited, Expired };
Q_DECLARE_METATYPE(SilenceAction)

// The silences, persisted as one JSON file in the data dir. Expired silences are kept for a while so the
// UI can show what was muted, then pruned.
class SilenceStore
{
public:
    explicit SilenceStore(QString filePath);

    bool load(QString *error = nullptr);
    // Validates, assigns an id when it has none, persists. Returns the id, or empty with error filled in.
    QString add(Silence silence, QString *error = nullptr);
    // The silence with that id, if any.
    std::optional<Silence> find(const QString &id) const;
    // Ends a silence now (it stays listed as expired).
    bool expire(const QString &id, qint64 nowMs, QString *error = nullptr);
    // Drops silences that ended more than keepMs before nowMs; returns how many went.
    int pruneExpired(qint64 nowMs, qint64 keepMs = 24 * 3600 * 1000LL);

    const QList<Silence> &all() const { return m_silences; }
    // The first active silence that matches labels at nowMs.
    std::optional<Silence> silencing(const QMap<QString, QString> &labels, qint64 nowMs) const;

private:
    bool save(QString *error);

    QString m_path;
    QList<Silence> m_silences;
};
