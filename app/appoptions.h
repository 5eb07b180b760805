#pragma once

#include "http/httplimits.h"

#include <QDateTime>
#include <QHostAddress>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QUrl>

// Everything the command line can ask for; parsed once in main() and handed to the chosen mode.
struct AppOptions
{
    bool headless = false;
    QString dataDir;
    QString logLevel = QStringLiteral("info");
    quint16 registryPort = 8500;
    QUrl registry; // --registry: http://host:port (external) or etcd://host:port (embedded registry on etcd)
    quint16 cartPort = 8080;
    int cartInstances = 3;
    int maxSeries = 50'000; // the metric store's series cap
    QString screenshotFile;
    double screenshotDelaySeconds = 1.0;
    QSize windowSize;
    QString selectService; // --select: the service the console opens on, once it shows up
    QString exportRulesFile; // write the alert rules as a Prometheus rule file and exit
    // --export-report FILE: a report from the recorded history of the data dir, then exit.
    QString exportReportFile;
    qint64 reportRangeMs = 0; // --range; when neither it nor --from/--to is given: the last hour
    QDateTime reportFrom; // --from / --to, UTC
    QDateTime reportTo;
    QStringList reportServices; // --services a,b (empty = every recorded service)
    QString reportFormat; // pdf, html, csv or json; resolved from the file extension when not given
    QHostAddress bindAddress = QHostAddress::LocalHost; // where every embedded instance listens
    QByteArray token; // --token; else FLIGHTDECK_TOKEN or <data dir>/token (resolved at start)
    HttpLimits limits; // per instance
    quint16 logPort = 5514; // --log-port: syslog UDP + TCP here, JSON lines over HTTP one above; 0 = no intake

    bool wantsGui() const { return !headless; }
};

struct ParseResult
{
    enum class Action { Run, ExitOk, ExitError } action = Action::Run;
    QString message; // help/version text, or what is wrong
};

ParseResult parseCommandLine(const QStringList &arguments, AppOptions *options);
