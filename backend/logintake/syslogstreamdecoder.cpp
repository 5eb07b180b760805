#include "syslogstreamdecoder.h"

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\0';
}

} // namespace

SyslogStreamDecoder::Decoded SyslogStreamDecoder::feed(QByteArrayView bytes)
{
    Decoded out;
    if (m_broken) {
        out.broken = true;
        return out;
    }
    if (m_skip > 0) {
        const qint64 dropped = std::min<qint64>(m_skip, bytes.size());
        m_skip -= dropped;
        bytes = bytes.sliced(dropped);
    }
    m_buffer.append(bytes.data(), bytes.size());
    if (m_framing == Framing::Unknown) {
        while (m_at < m_buffer.size() && isSpace(m_buffer[m_at]))
            ++m_at;
        if (m_at < m_buffer.size()) {
            const char first = m_buffer[m_at];
            m_framing = first >= '0' && first <= '9' ? Framing::OctetCounting : Framing::NonTransparent;
        }
    }
    if (m_framing == Framing::OctetCounting)
        decodeOctetCounted(out);
    else if (m_framing == Framing::NonTransparent)
        decodeNonTransparent(out);
    compact();
    out.broken = m_broken;
    return out;
}

void SyslogStreamDecoder::decodeOctetCounted(Decoded &out)
{
    while (m_skip == 0) {
        // Some senders put a line end between records; it belongs to no record.
        while (m_at < m_buffer.size() && isSpace(m_buffer[m_at]))
            ++m_at;
        qsizetype p = m_at;
        qint64 length = 0;
        while (p < m_buffer.size() && m_buffer[p] >= '0' && m_buffer[p] <= '9' && p - m_at < 10) {
            length = length * 10 + (m_buffer[p] - '0');
            ++p;
        }
        if (p == m_buffer.size())
            return; // the count itself is still arriving
        if (p == m_at || m_buffer[p] != ' ' || length == 0) {
            m_broken = true;
            m_at = m_buffer.size();
            return;
        }
        const qsizetype start = p + 1;
        if (length > m_maxFrameBytes) {
            ++out.oversized;
            const qint64 available = m_buffer.size() - start;
            m_skip = length - std::min<qint64>(length, available);
            m_at = start + qsizetype(std::min<qint64>(length, available));
            continue;
        }
        if (m_buffer.size() - start < length)
            return; // the rest of the record is still arriving
        out.frames.append(m_buffer.mid(start, qsizetype(length)));
        m_at = start + qsizetype(length);
    }
}

void SyslogStreamDecoder::decodeNonTransparent(Decoded &out)
{
    while (m_at < m_buffer.size()) {
        qsizetype end = m_at;
        while (end < m_buffer.size() && m_buffer[end] != '\n' && m_buffer[end] != '\0')
            ++end;
        if (end == m_buffer.size()) {
            // No terminator yet: keep it, unless it already exceeds what a record may be.
            if (end - m_at > m_maxFrameBytes) {
                if (!m_discarding)
                    ++out.oversized;
                m_discarding = true;
                m_at = end;
            }
            return;
        }
        const qsizetype length = end - m_at;
        if (m_discarding) {
            m_discarding = false; // the tail of an oversized record
        } else if (length > m_maxFrameBytes) {
            ++out.oversized;
        } else if (length > 0 && !(length == 1 && m_buffer[m_at] == '\r')) {
            out.frames.append(m_buffer.mid(m_at, length));
        }
        m_at = end + 1;
    }
}

void SyslogStreamDecoder::compact()
{
    // Decoded bytes are dropped once they are half the buffer, so the copying stays linear overall.
    if (m_at == m_buffer.size()) {
        m_buffer.clear();
        m_at = 0;
    } else if (m_at > 4096 && m_at * 2 > m_buffer.size()) {
        m_buffer.remove(0, m_at);
        m_at = 0;
    }
}
