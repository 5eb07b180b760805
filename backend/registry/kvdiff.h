#pragma once

#include <QJsonArray>
#include <QStringList>

// A line diff between two versions of a configuration value, for operators comparing revisions.
namespace KvDiff {

// Lines as {"op": " " | "-" | "+", "line": text}, from a longest-common-subsequence alignment. Inputs
// larger than a few thousand lines fall back to "all removed, all added" to bound the work.
QJsonArray lines(const QStringList &from, const QStringList &to);
// Unified-diff-like text of the same.
QString text(const QJsonArray &lines);

} // namespace KvDiff
