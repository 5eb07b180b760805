#pragma once

#include <QString>

// Where Flightdeck keeps its state: databases, metric history, alert rules and logs.
class DataDir
{
public:
    // An empty path selects the platform's application data location.
    explicit DataDir(const QString &path = {});

    QString path() const { return m_path; }
    QString filePath(const QString &name) const;
    QString logDir() const;

    // Creates the directory tree; returns false with a reason when it cannot be written.
    bool ensureExists(QString *error = nullptr) const;

    static QString defaultPath();

private:
    QString m_path;
};
