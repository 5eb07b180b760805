#pragma once

#include <functional>
#include <QByteArray>
#include <QFile>
#include <QString>

// The on-disk history of the time-series store: one compact append-only file of binary records.
//   header  "FDTSDB1\n"
//   'S' u32 id, u8 flags, u32 length, key bytes     a series definition
//   'P' u32 id, i64 ms, f64 value                   a point at full resolution
//   'C' u32 id, i64 ms, f64 value                   a downsampled point (written by compaction)
// Little-endian. Appends go to the OS after every scrape round, so a crash loses at most the round being
// written; a torn record at the end is cut off when the file is read back.
class SeriesFile
{
public:
    struct Reader
    {
        std::function<void(quint32 id, quint8 flags, const QString &key)> series;
        std::function<void(quint32 id, qint64 ms, double value, bool coarse)> point;
    };

    explicit SeriesFile(QString path);
    ~SeriesFile();

    // Reads every intact record, cuts a torn tail, and leaves the file open for appending. Read-only
    // leaves the file exactly as it is (a report read while the console keeps recording).
    bool open(const Reader &reader, QString *error, bool readOnly = false);

    void appendSeries(quint32 id, quint8 flags, const QString &key);
    void appendPoint(quint32 id, qint64 ms, double value, bool coarse = false);
    // Hands the buffered records to the OS.
    void flush();
    qint64 size() const { return m_size + m_buffer.size(); }

    // Replaces the file with what write() produces, atomically (a crash keeps the old file).
    bool rewrite(const std::function<void(SeriesFile &)> &write, QString *error);

    QString path() const { return m_path; }

private:
    QString m_path;
    QFile m_file;
    QByteArray m_buffer;
    qint64 m_size = 0;
};
