#include "consulfilter.h"

#include <QJsonArray>
#include <QList>
#include <QRegularExpression>
#include <vector>

struct ConsulFilter::Node
{
    enum class Kind { And, Or, Not, Equal, NotEqual, Empty, NotEmpty, In, NotIn, Matches, NotMatches } kind;
    std::unique_ptr<Node> left, right; // And, Or (both), Not (left)
    QStringList selector; // the field path of a match
    QString value;
    QRegularExpression pattern; // Matches
};

namespace {

using Node = ConsulFilter::Node;

struct Token
{
    enum class Type { Word, String, Symbol, End } type = Type::End;
    QString text;
};

bool tokenize(const QString &text, QList<Token> *tokens, QString *error)
{
    qsizetype i = 0;
    while (i < text.size()) {
        const QChar c = text.at(i);
        if (c.isSpace()) {
            ++i;
        } else if (c == QLatin1Char('"') || c == QLatin1Char('`')) {
            QString value;
            ++i;
            bool closed = false;
            while (i < text.size()) {
                const QChar d = text.at(i++);
                if (d == c) {
                    closed = true;
                    break;
                }
                if (d == QLatin1Char('\\') && c == QLatin1Char('"') && i < text.size())
                    value.append(text.at(i++));
                else
                    value.append(d);
            }
            if (!closed) {
                *error = QStringLiteral("filter: unterminated string");
                return false;
            }
            tokens->append({ Token::Type::String, value });
        } else if (text.mid(i, 2) == QLatin1String("==") || text.mid(i, 2) == QLatin1String("!=")) {
            tokens->append({ Token::Type::Symbol, text.mid(i, 2) });
            i += 2;
        } else if (QStringLiteral("().[]").contains(c)) {
            tokens->append({ Token::Type::Symbol, QString(c) });
            ++i;
        } else if (c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('-')) {
            const auto start = i;
            while (i < text.size()
                && (text.at(i).isLetterOrNumber() || text.at(i) == QLatin1Char('_') || text.at(i) == QLatin1Char('-')))
                ++i;
            tokens->append({ Token::Type::Word, text.mid(start, i - start) });
        } else {
            *error = QStringLiteral("filter: unexpected '%1' at position %2").arg(c).arg(i + 1);
            return false;
        }
    }
    tokens->append({ Token::Type::End, {} });
    return true;
}

// Recursive descent over: or := and ("or" and)*; and := unary ("and" unary)*; unary := "not" unary | primary.
class Parser
{
public:
    Parser(QList<Token> tokens, QString *error)
        : m_tokens(std::move(tokens))
        , m_error(error)
    { }

    std::unique_ptr<Node> parseAll()
    {
        auto node = parseOr();
        if (node && peek().type != Token::Type::End)
            return fail(QStringLiteral("filter: unexpected \"%1\"").arg(peek().text));
        return node;
    }

private:
    const Token &peek(int ahead = 0) const
    {
        return m_tokens.at(std::min<qsizetype>(m_at + ahead, m_tokens.size() - 1));
    }
    bool isWord(const char *word, int ahead = 0) const
    {
        return peek(ahead).type == Token::Type::Word && peek(ahead).text == QLatin1String(word);
    }
    bool isSymbol(const char *symbol) const
    {
        return peek().type == Token::Type::Symbol && peek().text == QLatin1String(symbol);
    }
    std::unique_ptr<Node> fail(const QString &reason)
    {
        if (m_error->isEmpty())
            *m_error = reason;
        return nullptr;
    }
    static std::unique_ptr<Node> join(Node::Kind kind, std::unique_ptr<Node> left, std::unique_ptr<Node> right)
    {
        auto node = std::make_unique<Node>();
        node->kind = kind;
        node->left = std::move(left);
        node->right = std::move(right);
        return node;
    }

    std::unique_ptr<Node> parseOr()
    {
        auto left = parseAnd();
        while (left && isWord("or")) {
            ++m_at;
            auto right = parseAnd();
            if (!right)
                return nullptr;
            left = join(Node::Kind::Or, std::move(left), std::move(right));
        }
        return left;
    }

    std::unique_ptr<Node> parseAnd()
    {
        auto left = parseUnary();
        while (left && isWord("and")) {
            ++m_at;
            auto right = parseUnary();
            if (!right)
                return nullptr;
            left = join(Node::Kind::And, std::move(left), std::move(right));
        }
        return left;
    }

    std::unique_ptr<Node> parseUnary()
    {
        // Nesting is bounded so a hostile filter cannot exhaust the registry thread's stack.
        if (++m_depth > kMaxDepth)
            return fail(QStringLiteral("filter: nested deeper than %1 levels").arg(kMaxDepth));
        auto node = parseNested();
        --m_depth;
        return node;
    }

    std::unique_ptr<Node> parseNested()
    {
        if (isWord("not")) {
            ++m_at;
            auto inner = parseUnary();
            return inner ? join(Node::Kind::Not, std::move(inner), nullptr) : nullptr;
        }
        if (isSymbol("(")) {
            ++m_at;
            auto inner = parseOr();
            if (!inner)
                return nullptr;
            if (!isSymbol(")"))
                return fail(QStringLiteral("filter: missing ')'"));
            ++m_at;
            return inner;
        }
        return parseMatch();
    }

    bool parseValue(QString *value)
    {
        if (peek().type != Token::Type::String && peek().type != Token::Type::Word)
            return false;
        *value = m_tokens.at(m_at++).text;
        return true;
    }

    bool parseSelector(QStringList *path)
    {
        if (peek().type != Token::Type::Word)
            return false;
        path->append(m_tokens.at(m_at++).text);
        for (;;) {
            if (isSymbol(".") && peek(1).type == Token::Type::Word) {
                path->append(peek(1).text);
                m_at += 2;
            } else if (isSymbol("[") && peek(1).type == Token::Type::String && peek(2).text == QLatin1String("]")) {
                path->append(peek(1).text); // Meta["key with.dots"]
                m_at += 3;
            } else {
                return true;
            }
        }
    }

    std::unique_ptr<Node> parseMatch()
    {
        auto node = std::make_unique<Node>();
        // "value" [not] in Selector
        const bool negatedIn = isWord("not", 1) && isWord("in", 2);
        if (peek().type != Token::Type::End && (isWord("in", 1) || negatedIn)) {
            parseValue(&node->value);
            m_at += negatedIn ? 2 : 1;
            node->kind = negatedIn ? Node::Kind::NotIn : Node::Kind::In;
            if (!parseSelector(&node->selector))
                return fail(QStringLiteral("filter: a selector must follow \"in\""));
            return node;
        }
        if (!parseSelector(&node->selector))
            return fail(QStringLiteral("filter: expected a selector such as Service or Meta.env"));
        if (isSymbol("==") || isSymbol("!=")) {
            node->kind = isSymbol("==") ? Node::Kind::Equal : Node::Kind::NotEqual;
            ++m_at;
        } else if (isWord("is")) {
            const bool negated = isWord("not", 1);
            if (!isWord("empty", negated ? 2 : 1))
                return fail(QStringLiteral("filter: expected \"is empty\" or \"is not empty\""));
            m_at += negated ? 3 : 2;
            node->kind = negated ? Node::Kind::NotEmpty : Node::Kind::Empty;
            return node;
        } else {
            const bool negated = isWord("not");
            if (negated)
                ++m_at;
            if (isWord("contains"))
                node->kind = negated ? Node::Kind::NotIn : Node::Kind::In;
            else if (isWord("matches"))
                node->kind = negated ? Node::Kind::NotMatches : Node::Kind::Matches;
            else
                return fail(QStringLiteral("filter: expected ==, !=, in, contains, matches or is after \"%1\"")
                                .arg(node->selector.join(QLatin1Char('.'))));
            ++m_at;
        }
        if (!parseValue(&node->value))
            return fail(QStringLiteral("filter: a value must follow the operator"));
        if (node->kind == Node::Kind::Matches || node->kind == Node::Kind::NotMatches) {
            node->pattern = QRegularExpression(node->value);
            if (!node->pattern.isValid())
                return fail(QStringLiteral("filter: bad regular expression: %1").arg(node->pattern.errorString()));
        }
        return node;
    }

    static constexpr int kMaxDepth = 64;
    QList<Token> m_tokens;
    qsizetype m_at = 0;
    int m_depth = 0;
    QString *m_error;
};

// The values a selector reaches: one, or one per element when the path runs through a list.
void resolve(const QJsonValue &value, const QStringList &path, qsizetype at, std::vector<QJsonValue> *out)
{
    if (at == path.size()) {
        out->push_back(value);
        return;
    }
    if (value.isArray()) {
        const QJsonArray items = value.toArray();
        for (const auto &item : items)
            resolve(item, path, at, out);
        return;
    }
    if (value.isObject())
        resolve(value.toObject().value(path.at(at)), path, at + 1, out);
}

QString scalarText(const QJsonValue &value)
{
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 17);
    return value.toString();
}

bool isEmpty(const QJsonValue &value)
{
    return value.isUndefined() || value.isNull() || (value.isString() && value.toString().isEmpty())
        || (value.isArray() && value.toArray().isEmpty()) || (value.isObject() && value.toObject().isEmpty());
}

bool holds(const QJsonValue &collection, const QString &value)
{
    if (collection.isArray()) {
        const QJsonArray items = collection.toArray();
        return std::any_of(
            items.begin(), items.end(), [&](const QJsonValue &item) { return scalarText(item) == value; });
    }
    if (collection.isObject())
        return collection.toObject().contains(value);
    return scalarText(collection).contains(value);
}

bool evaluate(const Node &node, const QJsonObject &object)
{
    switch (node.kind) {
    case Node::Kind::And:
        return evaluate(*node.left, object) && evaluate(*node.right, object);
    case Node::Kind::Or:
        return evaluate(*node.left, object) || evaluate(*node.right, object);
    case Node::Kind::Not:
        return !evaluate(*node.left, object);
    default:
        break;
    }
    std::vector<QJsonValue> values;
    resolve(object, node.selector, 0, &values);
    if (values.empty())
        values.emplace_back(); // missing: reads as empty
    // Through a list, a match holds when it holds for any element (its negation: for none).
    auto any = [&](const auto &test) { return std::any_of(values.begin(), values.end(), test); };
    switch (node.kind) {
    case Node::Kind::Equal:
        return any([&](const QJsonValue &v) { return scalarText(v) == node.value; });
    case Node::Kind::NotEqual:
        return !any([&](const QJsonValue &v) { return scalarText(v) == node.value; });
    case Node::Kind::Empty:
        return !any([](const QJsonValue &v) { return !isEmpty(v); });
    case Node::Kind::NotEmpty:
        return any([](const QJsonValue &v) { return !isEmpty(v); });
    case Node::Kind::In:
        return any([&](const QJsonValue &v) { return holds(v, node.value); });
    case Node::Kind::NotIn:
        return !any([&](const QJsonValue &v) { return holds(v, node.value); });
    case Node::Kind::Matches:
        return any([&](const QJsonValue &v) { return node.pattern.match(scalarText(v)).hasMatch(); });
    case Node::Kind::NotMatches:
        return !any([&](const QJsonValue &v) { return node.pattern.match(scalarText(v)).hasMatch(); });
    default:
        return false;
    }
}

} // namespace

ConsulFilter::ConsulFilter() = default;
ConsulFilter::~ConsulFilter() = default;
ConsulFilter::ConsulFilter(ConsulFilter &&) noexcept = default;
ConsulFilter &ConsulFilter::operator=(ConsulFilter &&) noexcept = default;

bool ConsulFilter::parse(const QString &text, QString *error)
{
    m_root.reset();
    if (text.trimmed().isEmpty())
        return true;
    if (text.size() > 4096) {
        *error = QStringLiteral("filter: longer than 4096 characters");
        return false;
    }
    QList<Token> tokens;
    if (!tokenize(text, &tokens, error))
        return false;
    QString reason;
    Parser parser(std::move(tokens), &reason);
    m_root = parser.parseAll();
    if (!m_root) {
        *error = reason.isEmpty() ? QStringLiteral("filter: cannot be read") : reason;
        return false;
    }
    return true;
}

bool ConsulFilter::matches(const QJsonObject &object) const
{
    return !m_root || evaluate(*m_root, object);
}
