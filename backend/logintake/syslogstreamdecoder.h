#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

// Cuts one TCP connection's byte stream into syslog records, in the framing the sender chose (RFC 6587),
// told apart by the first byte the connection sends:
//   octet counting  "<len> <record>" (a digit first; rsyslog's omfwd, syslog-ng, RFC 5425)
//   non-transparent records ended by LF (or by NUL, which is how Python's SysLogHandler ends them over TCP)
// Records may arrive split across segments or many to a segment; the decoder keeps what is incomplete until
// the rest arrives. A record longer than maxFrameBytes is skipped without being buffered and counted as
// oversized; an octet count that is not a number breaks the stream (there is no telling where the next record
// starts), after which the connection should be closed.
class SyslogStreamDecoder
{
public:
    enum class Framing { Unknown, OctetCounting, NonTransparent };

    struct Decoded
    {
        QList<QByteArray> frames;
        int oversized = 0;
        bool broken = false; // the stream cannot be framed any more
    };

    explicit SyslogStreamDecoder(qsizetype maxFrameBytes = 64 * 1024)
        : m_maxFrameBytes(maxFrameBytes)
    { }

    Decoded feed(QByteArrayView bytes);
    Framing framing() const { return m_framing; }
    // Bytes of an incomplete record waiting for the rest (bounded by maxFrameBytes plus a count's digits).
    qsizetype buffered() const { return m_buffer.size() - m_at; }

private:
    void decodeOctetCounted(Decoded &out);
    void decodeNonTransparent(Decoded &out);
    void compact();

    qsizetype m_maxFrameBytes;
    Framing m_framing = Framing::Unknown;
    QByteArray m_buffer;
    qsizetype m_at = 0; // start of the undecoded bytes in m_buffer
    qint64 m_skip = 0; // bytes of an oversized octet-counted record still to discard
    bool m_discarding = false; // dropping an oversized LF-framed record until its terminator
    bool m_broken = false;
};
