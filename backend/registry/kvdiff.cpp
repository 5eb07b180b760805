#include "kvdiff.h"

#include <QJsonObject>
#include <vector>

namespace KvDiff {

namespace {
QJsonObject line(const char *op, const QString &text)
{
    return QJsonObject { { QStringLiteral("op"), QLatin1String(op) }, { QStringLiteral("line"), text } };
}
} // namespace

QJsonArray lines(const QStringList &from, const QStringList &to)
{
    QJsonArray result;
    const auto n = from.size();
    const auto m = to.size();
    if (n * m > 4'000'000) {
        for (const auto &text : from)
            result.append(line("-", text));
        for (const auto &text : to)
            result.append(line("+", text));
        return result;
    }
    // lcs[i][j]: length of the longest common subsequence of from[i..] and to[j..].
    std::vector<std::vector<int>> lcs(size_t(n + 1), std::vector<int>(size_t(m + 1), 0));
    for (auto i = n - 1; i >= 0; --i)
        for (auto j = m - 1; j >= 0; --j)
            lcs[i][j] = from[i] == to[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    qsizetype i = 0, j = 0;
    while (i < n && j < m) {
        if (from[i] == to[j]) {
            result.append(line(" ", from[i]));
            ++i;
            ++j;
        } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
            result.append(line("-", from[i++]));
        } else {
            result.append(line("+", to[j++]));
        }
    }
    while (i < n)
        result.append(line("-", from[i++]));
    while (j < m)
        result.append(line("+", to[j++]));
    return result;
}

QString text(const QJsonArray &lines)
{
    QString out;
    for (const auto &value : lines) {
        const auto object = value.toObject();
        out += object.value(QStringLiteral("op")).toString() + object.value(QStringLiteral("line")).toString()
            + QLatin1Char('\n');
    }
    return out;
}

} // namespace KvDiff
