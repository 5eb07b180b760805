// libFuzzer target: how the connection guard reads a request's header block before QHttpServer's parser
// sees it. Whatever the bytes, the answer is either a framing with one plain length, or a 400/411 refusal
// with a code; an accepted block never carries a second length, a transfer coding or a bare LF.
#include "http/requestframing.h"

#include <cstdint>
#include <cstdlib>
#include <QByteArray>
#include <QList>

namespace {

// Header lines (after the request line) whose name, compared without case, is name.
int headerCount(const QByteArray &block, const QByteArray &name)
{
    int count = 0;
    const auto lines = block.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const auto colon = lines.at(i).indexOf(':');
        if (colon > 0 && lines.at(i).left(colon).trimmed().toLower() == name)
            ++count;
    }
    return count;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QByteArray block(reinterpret_cast<const char *>(data), qsizetype(size));
    if (!block.endsWith("\r\n\r\n"))
        block += "\r\n\r\n";
    const auto framing = RequestFraming::read(block);
    if (!framing.ok) {
        if ((framing.status != 400 && framing.status != 411) || framing.code.isEmpty() || framing.message.isEmpty())
            std::abort();
        return 0;
    }
    if (framing.contentLength < 0)
        std::abort();
    if (headerCount(block, "content-length") > 1 || headerCount(block, "transfer-encoding") > 0
        || headerCount(block, "host") > 1)
        std::abort();
    for (qsizetype i = block.indexOf('\n'); i >= 0; i = block.indexOf('\n', i + 1)) {
        if (i == 0 || block.at(i - 1) != '\r')
            std::abort();
    }
    return 0;
}
