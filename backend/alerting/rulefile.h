#pragma once

#include "alertrule.h"

#include <QList>
#include <QString>

// alert-rules.json in the data dir: {"version": 1, "rules": [...]}.
namespace RuleFile {

enum class LoadResult { Loaded, Missing, Invalid };

inline QString defaultName()
{
    return QStringLiteral("alert-rules.json");
}

// Missing leaves rules untouched; Invalid fills error with every problem found (and leaves rules untouched).
LoadResult load(const QString &path, QList<AlertRule> *rules, QString *error);
// Validates, then writes atomically: the file is either the old or the new rule set, never half of one.
bool save(const QString &path, const QList<AlertRule> &rules, QString *error);

} // namespace RuleFile
