#include "requestframing.h"

#include <algorithm>
#include <QByteArrayList>
#include <string_view>

namespace {

// RFC 9110 token characters: what a method and a header name may consist of.
bool isToken(const QByteArray &text)
{
    static constexpr std::string_view extra = "!#$%&'*+-.^_`|~";
    return !text.isEmpty() && std::all_of(text.cbegin(), text.cend(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || extra.find(c) != extra.npos;
    });
}

// Control characters (other than tab) have no place in a header value or a request target; QHttpServer's
// parser would otherwise resynchronise on them in ways that differ from what the guard saw.
bool hasControl(const QByteArray &text)
{
    return std::any_of(text.cbegin(), text.cend(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && c != '\t') || u == 0x7f;
    });
}

bool isDigits(const QByteArray &text)
{
    return !text.isEmpty() && std::all_of(text.cbegin(), text.cend(), [](char c) { return c >= '0' && c <= '9'; });
}

RequestFraming refused(int status, const char *code, const QString &message)
{
    RequestFraming framing;
    framing.status = status;
    framing.code = QString::fromLatin1(code);
    framing.message = message;
    return framing;
}

} // namespace

RequestFraming RequestFraming::read(const QByteArray &block)
{
    const QByteArray head = block.endsWith("\r\n\r\n") ? block.left(block.size() - 4) : block;
    // Every line ends in CRLF: a reader that also ends lines at a bare LF would see other headers.
    for (qsizetype i = head.indexOf('\n'); i >= 0; i = head.indexOf('\n', i + 1)) {
        if (i == 0 || head.at(i - 1) != '\r')
            return refused(400, "bad_line_ending", QStringLiteral("header lines must end in CRLF, not a bare LF"));
    }
    const auto lines = head.split('\n');
    const auto requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || !isToken(requestLine.at(0)) || !requestLine.at(1).startsWith('/')
        || hasControl(requestLine.at(1)) || (requestLine.at(2) != "HTTP/1.1" && requestLine.at(2) != "HTTP/1.0"))
        return refused(400, "bad_request_line", QStringLiteral("expected 'METHOD /path HTTP/1.1' as the request line"));

    RequestFraming framing;
    framing.keepAlive = requestLine.at(2) != "HTTP/1.0";
    bool haveLength = false;
    bool haveHost = false;
    QByteArrayList codings; // every Transfer-Encoding line, in order
    for (qsizetype i = 1; i < lines.size(); ++i) {
        QByteArray line = lines.at(i);
        if (i + 1 < lines.size())
            line.chop(1); // the CR of its CRLF (the last line's CRLF was cut with the empty line)
        if (line.startsWith(' ') || line.startsWith('\t'))
            return refused(400, "obsolete_line_folding",
                QStringLiteral("a header line starts with whitespace (obsolete line folding)"));
        const auto colon = line.indexOf(':');
        if (colon <= 0)
            return refused(400, "bad_header", QStringLiteral("a header line has no name and colon"));
        const QByteArray name = line.left(colon);
        if (name.endsWith(' ') || name.endsWith('\t'))
            return refused(400, "bad_header", QStringLiteral("whitespace between a header name and its colon"));
        if (!isToken(name))
            return refused(400, "bad_header", QStringLiteral("a header name holds characters a name may not"));
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (hasControl(value))
            return refused(400, "bad_header", QStringLiteral("a header value holds control characters"));
        const QByteArray lower = name.toLower();
        if (lower == "content-length") {
            // One plain number, once: "5, 5" or a repeated header is refused rather than guessed at.
            if (haveLength)
                return refused(400, "bad_content_length", QStringLiteral("more than one Content-Length"));
            bool ok = false;
            framing.contentLength = value.toLongLong(&ok);
            if (!isDigits(value) || !ok)
                return refused(
                    400, "bad_content_length", QStringLiteral("Content-Length must be one decimal number of bytes"));
            haveLength = true;
        } else if (lower == "transfer-encoding") {
            for (const auto &coding : value.split(','))
                codings.append(coding.trimmed().toLower());
        } else if (lower == "host") {
            if (haveHost)
                return refused(400, "bad_host", QStringLiteral("more than one Host"));
            haveHost = true;
        } else if (lower == "connection") {
            const auto lowered = value.toLower();
            if (lowered.contains("close"))
                framing.keepAlive = false;
            else if (lowered.contains("keep-alive"))
                framing.keepAlive = true;
        } else if (lower == "expect") {
            framing.expectContinue = value.toLower() == "100-continue";
        }
    }
    if (!codings.isEmpty()) {
        if (haveLength)
            return refused(400, "ambiguous_length",
                QStringLiteral("Transfer-Encoding and Content-Length together leave the body's length ambiguous"));
        if (codings.last() != "chunked")
            return refused(400, "bad_transfer_encoding",
                QStringLiteral("the last transfer coding is not chunked: the body's length cannot be known"));
        return refused(
            411, "length_required", QStringLiteral("chunked request bodies are not accepted; send Content-Length"));
    }
    framing.ok = true;
    return framing;
}
