#include "seriesfile.h"

#include <cstring>
#include <QSaveFile>
#include <QtEndian>

namespace {
constexpr char kMagic[] = "FDTSDB1\n";
constexpr int kMagicSize = 8;
constexpr int kPointSize = 1 + 4 + 8 + 8;

template <typename T> void put(QByteArray &out, T value)
{
    value = qToLittleEndian(value);
    out.append(reinterpret_cast<const char *>(&value), sizeof value);
}

template <typename T> T take(const uchar *p)
{
    T value;
    std::memcpy(&value, p, sizeof value);
    return qFromLittleEndian(value);
}
} // namespace

SeriesFile::SeriesFile(QString path)
    : m_path(std::move(path))
    , m_file(m_path)
{ }

SeriesFile::~SeriesFile()
{
    flush();
}

bool SeriesFile::open(const Reader &reader, QString *error, bool readOnly)
{
    if (!m_file.open(readOnly ? QIODevice::ReadOnly : QIODevice::ReadWrite)) {
        if (error)
            *error = QStringLiteral("cannot open %1: %2").arg(m_path, m_file.errorString());
        return false;
    }
    const qint64 total = m_file.size();
    qint64 good = 0;
    if (total == 0 && readOnly) {
        return true;
    } else if (total == 0) {
        m_file.write(kMagic, kMagicSize);
        good = kMagicSize;
    } else {
        const uchar *data = m_file.map(0, total);
        if (!data || total < kMagicSize || std::memcmp(data, kMagic, kMagicSize) != 0) {
            if (error)
                *error = QStringLiteral("%1 is not a Flightdeck metric history file").arg(m_path);
            m_file.close();
            return false;
        }
        qint64 pos = kMagicSize;
        good = pos;
        while (pos < total) {
            const char kind = char(data[pos]);
            if (kind == 'P' || kind == 'C') {
                if (total - pos < kPointSize)
                    break;
                reader.point(take<quint32>(data + pos + 1), take<qint64>(data + pos + 5), take<double>(data + pos + 13),
                    kind == 'C');
                pos += kPointSize;
            } else if (kind == 'S') {
                if (total - pos < 10)
                    break;
                const quint32 length = take<quint32>(data + pos + 6);
                if (total - pos < 10 + qint64(length))
                    break;
                reader.series(take<quint32>(data + pos + 1), data[pos + 5],
                    QString::fromUtf8(reinterpret_cast<const char *>(data + pos + 10), qsizetype(length)));
                pos += 10 + length;
            } else {
                break; // garbage: keep what came before it
            }
            good = pos;
        }
        m_file.unmap(const_cast<uchar *>(data));
        if (good < total && !readOnly)
            m_file.resize(good);
    }
    m_file.seek(good);
    m_size = good;
    return true;
}

void SeriesFile::appendSeries(quint32 id, quint8 flags, const QString &key)
{
    const QByteArray utf8 = key.toUtf8();
    m_buffer += 'S';
    put<quint32>(m_buffer, id);
    put<quint8>(m_buffer, flags);
    put<quint32>(m_buffer, quint32(utf8.size()));
    m_buffer += utf8;
}

void SeriesFile::appendPoint(quint32 id, qint64 ms, double value, bool coarse)
{
    m_buffer += coarse ? 'C' : 'P';
    put<quint32>(m_buffer, id);
    put<qint64>(m_buffer, ms);
    put<double>(m_buffer, value);
}

void SeriesFile::flush()
{
    if (m_buffer.isEmpty() || !m_file.isOpen())
        return;
    m_size += m_file.write(m_buffer);
    m_file.flush();
    m_buffer.clear();
}

bool SeriesFile::rewrite(const std::function<void(SeriesFile &)> &write, QString *error)
{
    flush();
    SeriesFile fresh(m_path);
    fresh.m_buffer.append(kMagic, kMagicSize);
    write(fresh);
    QSaveFile out(m_path);
    if (!out.open(QIODevice::WriteOnly) || out.write(fresh.m_buffer) != fresh.m_buffer.size() || !out.commit()) {
        if (error)
            *error = QStringLiteral("cannot rewrite %1: %2").arg(m_path, out.errorString());
        return false;
    }
    m_file.close();
    m_file.setFileName(m_path);
    if (!m_file.open(QIODevice::ReadWrite | QIODevice::Append)) {
        if (error)
            *error = QStringLiteral("cannot reopen %1: %2").arg(m_path, m_file.errorString());
        return false;
    }
    m_size = m_file.size();
    return true;
}
