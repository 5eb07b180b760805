#include "rulefile.h"

#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

namespace RuleFile {

LoadResult load(const QString &path, QList<AlertRule> *rules, QString *error)
{
    QFile file(path);
    if (!file.exists())
        return LoadResult::Missing;
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return LoadResult::Invalid;
    }
    QJsonParseError parseError;
    const auto document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject()) {
        if (error)
            *error = parseError.error != QJsonParseError::NoError
                ? QStringLiteral("%1 is not valid JSON (offset %2): %3")
                      .arg(path)
                      .arg(parseError.offset)
                      .arg(parseError.errorString())
                : QStringLiteral("%1: expected a JSON object {\"version\": 1, \"rules\": [...]}").arg(path);
        return LoadResult::Invalid;
    }
    QStringList problems;
    const auto parsed = AlertRules::fromJson(document.object(), &problems);
    if (!parsed) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, problems.join(QStringLiteral("; ")));
        return LoadResult::Invalid;
    }
    *rules = *parsed;
    return LoadResult::Loaded;
}

bool save(const QString &path, const QList<AlertRule> &rules, QString *error)
{
    const auto object = AlertRules::toJson(rules);
    QStringList problems;
    if (!AlertRules::fromJson(object, &problems)) {
        if (error)
            *error = problems.join(QStringLiteral("; "));
        return false;
    }
    QSaveFile file(path);
    const auto contents = QJsonDocument(object).toJson(QJsonDocument::Indented);
    if (!file.open(QIODevice::WriteOnly) || file.write(contents) != contents.size() || !file.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace RuleFile
