#include "silence.h"

#include "alertrule.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>
#include <QUuid>

namespace {

QString opSymbol(SilenceMatcher::Op op)
{
    switch (op) {
    case SilenceMatcher::Op::Equal:
        return QStringLiteral("=");
    case SilenceMatcher::Op::NotEqual:
        return QStringLiteral("!=");
    case SilenceMatcher::Op::Regex:
        return QStringLiteral("=~");
    case SilenceMatcher::Op::NotRegex:
        return QStringLiteral("!~");
    }
    return {};
}

std::optional<SilenceMatcher::Op> opFromSymbol(const QString &symbol)
{
    for (auto op : { SilenceMatcher::Op::Equal, SilenceMatcher::Op::NotEqual, SilenceMatcher::Op::Regex,
             SilenceMatcher::Op::NotRegex }) {
        if (opSymbol(op) == symbol)
            return op;
    }
    return std::nullopt;
}

QRegularExpression anchored(const QString &pattern)
{
    // Anchored like Prometheus matchers: "cart.*" must match the whole value.
    return QRegularExpression(QRegularExpression::anchoredPattern(pattern));
}

} // namespace

bool SilenceMatcher::matches(const QMap<QString, QString> &labels) const
{
    const auto actual = labels.value(name);
    switch (op) {
    case Op::Equal:
        return actual == value;
    case Op::NotEqual:
        return actual != value;
    case Op::Regex:
        return anchored(value).match(actual).hasMatch();
    case Op::NotRegex:
        return !anchored(value).match(actual).hasMatch();
    }
    return false;
}

bool Silence::matches(const QMap<QString, QString> &labels) const
{
    if (matchers.isEmpty())
        return false;
    return std::all_of(matchers.cbegin(), matchers.cend(), [&](const auto &m) { return m.matches(labels); });
}

QStringList Silence::validate() const
{
    QStringList errors;
    if (matchers.isEmpty())
        errors << QStringLiteral("matchers: at least one matcher is needed (a silence never mutes everything)");
    for (qsizetype i = 0; i < matchers.size(); ++i) {
        const auto &matcher = matchers.at(i);
        if (!AlertRules::isValidName(matcher.name))
            errors << QStringLiteral("matchers[%1].name: \"%2\" is not a label name").arg(i).arg(matcher.name);
        if ((matcher.op == SilenceMatcher::Op::Regex || matcher.op == SilenceMatcher::Op::NotRegex)
            && !anchored(matcher.value).isValid())
            errors << QStringLiteral("matchers[%1].value: invalid regular expression: %2")
                          .arg(i)
                          .arg(anchored(matcher.value).errorString());
    }
    if (endsAtMs <= startsAtMs)
        errors << QStringLiteral("endsAt: must be after startsAt");
    return errors;
}

QJsonObject Silence::toJson() const
{
    QJsonArray matcherArray;
    for (const auto &matcher : matchers)
        matcherArray.append(QJsonObject { { QStringLiteral("name"), matcher.name },
            { QStringLiteral("op"), opSymbol(matcher.op) }, { QStringLiteral("value"), matcher.value } });
    return QJsonObject { { QStringLiteral("id"), id }, { QStringLiteral("matchers"), matcherArray },
        { QStringLiteral("startsAtMs"), startsAtMs }, { QStringLiteral("endsAtMs"), endsAtMs },
        { QStringLiteral("comment"), comment }, { QStringLiteral("createdBy"), createdBy } };
}

std::optional<Silence> Silence::fromJson(const QJsonObject &object, QStringList *errors)
{
    QStringList problems;
    Silence silence;
    silence.id = object.value(QStringLiteral("id")).toString();
    silence.comment = object.value(QStringLiteral("comment")).toString();
    silence.createdBy = object.value(QStringLiteral("createdBy")).toString();
    if (!object.value(QStringLiteral("startsAtMs")).isDouble() || !object.value(QStringLiteral("endsAtMs")).isDouble())
        problems << QStringLiteral("startsAtMs, endsAtMs: required, milliseconds since the epoch");
    silence.startsAtMs = qint64(object.value(QStringLiteral("startsAtMs")).toDouble());
    silence.endsAtMs = qint64(object.value(QStringLiteral("endsAtMs")).toDouble());
    const auto array = object.value(QStringLiteral("matchers")).toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const auto matcherObject = array.at(i).toObject();
        const auto op = opFromSymbol(matcherObject.value(QStringLiteral("op")).toString(QStringLiteral("=")));
        if (!op) {
            problems << QStringLiteral("matchers[%1].op: must be =, !=, =~ or !~").arg(i);
            continue;
        }
        silence.matchers << SilenceMatcher { matcherObject.value(QStringLiteral("name")).toString(), *op,
            matcherObject.value(QStringLiteral("value")).toString() };
    }
    if (problems.isEmpty())
        problems = silence.validate();
    if (!problems.isEmpty()) {
        if (errors)
            errors->append(problems);
        return std::nullopt;
    }
    return silence;
}

SilenceStore::SilenceStore(QString filePath)
    : m_path(std::move(filePath))
{ }

bool SilenceStore::load(QString *error)
{
    m_silences.clear();
    QFile file(m_path);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read silences %1: %2").arg(m_path, file.errorString());
        return false;
    }
    QJsonParseError parseError;
    const auto document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject()) {
        if (error)
            *error = QStringLiteral("%1 is not valid JSON: %2").arg(m_path, parseError.errorString());
        return false;
    }
    const auto array = document.object().value(QStringLiteral("silences")).toArray();
    QStringList problems;
    for (const auto &value : array) {
        if (const auto silence = Silence::fromJson(value.toObject(), &problems))
            m_silences << *silence;
    }
    if (!problems.isEmpty() && error)
        *error = QStringLiteral("%1: skipped invalid silences: %2").arg(m_path, problems.join(QStringLiteral("; ")));
    return problems.isEmpty();
}

bool SilenceStore::save(QString *error)
{
    QJsonArray array;
    for (const auto &silence : std::as_const(m_silences))
        array.append(silence.toJson());
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly)
        || file.write(QJsonDocument(QJsonObject { { QStringLiteral("silences"), array } }).toJson()) < 0
        || !file.commit()) {
        if (error)
            *error = QStringLiteral("cannot write silences %1: %2").arg(m_path, file.errorString());
        return false;
    }
    return true;
}

QString SilenceStore::add(Silence silence, QString *error)
{
    const auto problems = silence.validate();
    if (!problems.isEmpty()) {
        if (error)
            *error = problems.join(QStringLiteral("; "));
        return {};
    }
    if (silence.id.isEmpty())
        silence.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const auto previous = m_silences;
    m_silences.erase(
        std::remove_if(m_silences.begin(), m_silences.end(), [&](const Silence &s) { return s.id == silence.id; }),
        m_silences.end());
    m_silences << silence;
    if (!save(error)) {
        m_silences = previous; // all or nothing: memory never disagrees with the file
        return {};
    }
    return silence.id;
}

std::optional<Silence> SilenceStore::find(const QString &id) const
{
    for (const auto &silence : m_silences) {
        if (silence.id == id)
            return silence;
    }
    return std::nullopt;
}

bool SilenceStore::expire(const QString &id, qint64 nowMs, QString *error)
{
    for (auto &silence : m_silences) {
        if (silence.id != id)
            continue;
        if (silence.endsAtMs > nowMs)
            silence.endsAtMs = qMax(nowMs, silence.startsAtMs + 1);
        return save(error);
    }
    if (error)
        *error = QStringLiteral("no silence with id %1").arg(id);
    return false;
}

int SilenceStore::pruneExpired(qint64 nowMs, qint64 keepMs)
{
    const auto before = m_silences.size();
    m_silences.erase(std::remove_if(m_silences.begin(), m_silences.end(),
                         [&](const Silence &s) { return s.endsAtMs + keepMs <= nowMs; }),
        m_silences.end());
    const int removed = int(before - m_silences.size());
    if (removed > 0)
        save(nullptr);
    return removed;
}

std::optional<Silence> SilenceStore::silencing(const QMap<QString, QString> &labels, qint64 nowMs) const
{
    for (const auto &silence : m_silences) {
        if (silence.isActiveAt(nowMs) && silence.matches(labels))
            return silence;
    }
    return std::nullopt;
}
