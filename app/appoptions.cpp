#include "appoptions.h"

#include <functional>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QRegularExpression>

namespace {

// Help and error texts are translated (context "AppOptions") once an application with translators exists.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(AppOptions)
};

bool parsePort(const QString &text, quint16 *port)
{
    bool ok = false;
    const auto value = text.toUInt(&ok);
    if (!ok || value == 0 || value > 65535)
        return false;
    *port = quint16(value);
    return true;
}

// "90s", "15m", "1h", "7d", "2w" → milliseconds; 0 when malformed.
qint64 parseDuration(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d+)(s|m|h|d|w)$"));
    const auto match = pattern.match(text.trimmed());
    if (!match.hasMatch())
        return 0;
    const qint64 value = match.captured(1).toLongLong();
    const QChar unit = match.captured(2).at(0);
    const qint64 unitMs = unit == u's' ? 1000
        : unit == u'm'                 ? 60'000
        : unit == u'h'                 ? 3'600'000
        : unit == u'd'                 ? 86'400'000
                                       : 7 * 86'400'000LL;
    return value > 0 && value <= 366 * 86'400'000LL / unitMs ? value * unitMs : 0;
}

// ISO 8601 date-times: "2026-11-25T17:00:00Z", with an offset, or without one (taken as UTC).
QDateTime parseTime(const QString &text)
{
    QDateTime time = QDateTime::fromString(text.trimmed(), Qt::ISODateWithMs);
    if (!time.isValid())
        return {};
    if (time.timeSpec() == Qt::LocalTime)
        time.setTimeSpec(Qt::UTC);
    return time.toUTC();
}

ParseResult parseReportOptions(const QCommandLineParser &parser, const QCommandLineOption &exportReport,
    const QCommandLineOption &range, const QCommandLineOption &from, const QCommandLineOption &to,
    const QCommandLineOption &services, const QCommandLineOption &format, AppOptions *options)
{
    auto fail = [](const QString &message) { return ParseResult { ParseResult::Action::ExitError, message }; };
    const bool reportOnly = parser.isSet(range) || parser.isSet(from) || parser.isSet(to) || parser.isSet(services)
        || parser.isSet(format);
    options->exportReportFile = parser.value(exportReport);
    if (!parser.isSet(exportReport)) {
        if (reportOnly)
            return fail(Text::tr("--range, --from, --to, --services and --format go with --export-report"));
        return {};
    }
    if (options->exportReportFile.isEmpty())
        return fail(Text::tr("--export-report needs a file name"));
    if (options->headless || !options->screenshotFile.isEmpty() || !options->exportRulesFile.isEmpty())
        return fail(Text::tr("--export-report runs on its own; drop --headless, --screenshot and --export-rules"));
    if (parser.isSet(range) && (parser.isSet(from) || parser.isSet(to)))
        return fail(Text::tr("use either --range or --from/--to, not both"));
    if (parser.isSet(range)) {
        options->reportRangeMs = parseDuration(parser.value(range));
        if (options->reportRangeMs <= 0)
            return fail(Text::tr("--range needs a duration such as 15m, 1h, 24h or 7d"));
    }
    if (parser.isSet(from) != parser.isSet(to))
        return fail(Text::tr("--from and --to go together"));
    if (parser.isSet(from)) {
        options->reportFrom = parseTime(parser.value(from));
        options->reportTo = parseTime(parser.value(to));
        if (!options->reportFrom.isValid() || !options->reportTo.isValid())
            return fail(Text::tr("--from and --to need ISO 8601 times, e.g. 2026-11-25T17:00:00Z"));
        if (options->reportFrom >= options->reportTo)
            return fail(Text::tr("the time range is empty: --from must be before --to"));
    }
    if (parser.isSet(services)) {
        for (const auto &service : parser.value(services).split(QLatin1Char(','), Qt::SkipEmptyParts))
            options->reportServices.append(service.trimmed());
        if (options->reportServices.isEmpty())
            return fail(Text::tr("--services needs a comma-separated list of service names"));
    }
    options->reportFormat = parser.value(format).toLower();
    if (options->reportFormat.isEmpty()) {
        const QString suffix = QFileInfo(options->exportReportFile).suffix().toLower();
        options->reportFormat = suffix == QLatin1String("htm") ? QStringLiteral("html") : suffix;
    }
    static const QStringList formats { QStringLiteral("pdf"), QStringLiteral("html"), QStringLiteral("csv"),
        QStringLiteral("json") };
    if (!formats.contains(options->reportFormat))
        return fail(
            Text::tr("unknown report format '%1': use --format pdf, html, csv or json").arg(options->reportFormat));
    return {};
}

// The HTTP limits every embedded instance applies; untranslated like the other operator-only options.
struct LimitOption
{
    const char *name;
    const char *description;
    qint64 minimum;
    qint64 maximum;
    std::function<void(HttpLimits &, qint64)> apply;
};

const QList<LimitOption> &limitOptions()
{
    static const QList<LimitOption> options {
        { "max-body-bytes", "Largest request body; larger ones get 413 (default: 1048576).", 1, qint64(1) << 30,
            [](HttpLimits &l, qint64 v) { l.maxBodyBytes = v; } },
        { "max-header-bytes", "Largest request line + headers; larger get 431 (default: 16384).", 256, 1 << 20,
            [](HttpLimits &l, qint64 v) { l.maxHeaderBytes = v; } },
        { "request-timeout-ms", "A request must arrive completely within this time, else 408 (default: 10000).", 10,
            3'600'000, [](HttpLimits &l, qint64 v) { l.requestTimeoutMs = int(v); } },
        { "idle-timeout-ms", "Idle keep-alive connections are closed after this time (default: 60000).", 10, 3'600'000,
            [](HttpLimits &l, qint64 v) { l.idleTimeoutMs = int(v); } },
        { "max-connections", "Open connections per instance; more get 503 (default: 1024).", 1, 100'000,
            [](HttpLimits &l, qint64 v) { l.maxConnections = int(v); } },
        { "drain-timeout-ms", "A graceful stop waits this long for in-flight requests (default: 5000).", 0, 600'000,
            [](HttpLimits &l, qint64 v) { l.drainTimeoutMs = int(v); } },
        { "access-log-rate",
            "Successful requests written to the access log per second per instance; the rest are counted in a "
            "summary line, errors are always written (default: 20; -1: all).",
            -1, 1'000'000, [](HttpLimits &l, qint64 v) { l.accessLogPerSecond = int(v); } },
    };
    return options;
}

} // namespace

ParseResult parseCommandLine(const QStringList &arguments, AppOptions *options)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Text::tr("Flightdeck: monitoring and control console for microservices.\n"
                 "Runs an embedded fleet (registry, cart, catalog, traffic) on loopback and shows it live."));
    const QCommandLineOption help({ QStringLiteral("h"), QStringLiteral("help") }, Text::tr("Show this help."));
    const QCommandLineOption version({ QStringLiteral("v"), QStringLiteral("version") }, Text::tr("Show the version."));
    const QCommandLineOption headless(QStringLiteral("headless"),
        Text::tr("Run the embedded fleet without a window; logs go to stdout. "
                 "Stops gracefully on SIGINT/SIGTERM."));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"),
        Text::tr("Where state, history and logs are kept (default: %1).")
            .arg(Text::tr("the platform's app data location")),
        QStringLiteral("DIR"));
    const QCommandLineOption logLevel(QStringLiteral("log-level"),
        Text::tr("trace, debug, info, warn, error or critical (default: info)."), QStringLiteral("LEVEL"),
        QStringLiteral("info"));
    const QCommandLineOption registryPort(QStringLiteral("registry-port"),
        Text::tr("Port of the embedded registry (default: 8500)."), QStringLiteral("N"), QStringLiteral("8500"));
    const QCommandLineOption registry(QStringLiteral("registry"),
        Text::tr("Registry to use: http://host:port (an external registry; no "
                 "embedded one) or etcd://host:port (the embedded registry "
                 "keeps its state in etcd)."),
        QStringLiteral("URL"));
    const QCommandLineOption cartPort(QStringLiteral("cart-port"),
        Text::tr("Port of the first cart instance (default: 8080)."), QStringLiteral("N"), QStringLiteral("8080"));
    const QCommandLineOption cartInstances(QStringLiteral("cart-instances"),
        Text::tr("Number of cart instances (default: 3)."), QStringLiteral("N"), QStringLiteral("3"));
    const QCommandLineOption maxSeries(QStringLiteral("max-series"),
        Text::tr("Series the metric store keeps at most; beyond it new series are refused, and the console "
                 "and reports say whose figures are incomplete (default: 50000)."),
        QStringLiteral("N"), QStringLiteral("50000"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
        Text::tr("Render the main window to a PNG file and exit "
                 "(works without a display)."),
        QStringLiteral("FILE"));
    const QCommandLineOption screenshotDelay(QStringLiteral("screenshot-delay"),
        Text::tr("Seconds of live data before the screenshot (default: 1)."), QStringLiteral("S"), QStringLiteral("1"));
    const QCommandLineOption windowSize(
        QStringLiteral("window-size"), Text::tr("Window size as WIDTHxHEIGHT, e.g. 1600x1000."), QStringLiteral("WxH"));
    const QCommandLineOption select(QStringLiteral("select"),
        Text::tr("Open the console on a service: its node selected, its charts and details shown."),
        QStringLiteral("SERVICE"));
    const QCommandLineOption exportRules(QStringLiteral("export-rules"),
        QStringLiteral("Write the alert rules (from the data dir, else the defaults) "
                       "as a Prometheus rule file and exit; needs no display."),
        QStringLiteral("FILE"));
    const QCommandLineOption exportReport(QStringLiteral("export-report"),
        Text::tr("Write a report of the recorded history of the data dir and "
                 "exit; needs no display."),
        QStringLiteral("FILE"));
    const QCommandLineOption reportRange(QStringLiteral("range"),
        Text::tr("Report the last DURATION, e.g. 15m, 1h, 7d (default: 1h)."), QStringLiteral("DURATION"));
    const QCommandLineOption reportFrom(
        QStringLiteral("from"), Text::tr("Report start, ISO 8601 (UTC unless given)."), QStringLiteral("TIME"));
    const QCommandLineOption reportTo(
        QStringLiteral("to"), Text::tr("Report end, ISO 8601 (UTC unless given)."), QStringLiteral("TIME"));
    const QCommandLineOption reportServices(QStringLiteral("services"),
        Text::tr("Services in the report, comma-separated (default: all)."), QStringLiteral("LIST"));
    const QCommandLineOption reportFormat(QStringLiteral("format"),
        Text::tr("Report format: pdf, html, csv or json (default: from the "
                 "file extension)."),
        QStringLiteral("FORMAT"));

    const QCommandLineOption bind(QStringLiteral("bind"),
        QStringLiteral("Address every embedded instance listens on (default: 127.0.0.1). "
                       "Any other address needs a token."),
        QStringLiteral("ADDRESS"));
    const QCommandLineOption token(QStringLiteral("token"),
        QStringLiteral("Token that write and control routes require (Authorization: Bearer "
                       "or X-Consul-Token). Else FLIGHTDECK_TOKEN, else the file 'token' "
                       "(mode 0600) in the data dir."),
        QStringLiteral("TOKEN"));
    const QCommandLineOption logPort(QStringLiteral("log-port"),
        QStringLiteral("Log intake for services of your own: syslog over UDP and TCP on port N, JSON lines "
                       "(POST /v1/logs) over HTTP on N+1; registered as flightdeck-logs (default: 5514; 0 = off)."),
        QStringLiteral("N"), QStringLiteral("5514"));
    parser.addOptions({ help, version, headless, dataDir, logLevel, registryPort, registry, cartPort, cartInstances,
        maxSeries, screenshot, screenshotDelay, windowSize, select, exportRules, exportReport, reportRange, reportFrom,
        reportTo, reportServices, reportFormat, bind, token, logPort });
    QList<QCommandLineOption> limits;
    for (const auto &limit : limitOptions())
        limits.append(QCommandLineOption(
            QString::fromLatin1(limit.name), QString::fromLatin1(limit.description), QStringLiteral("N")));
    parser.addOptions(limits);

    if (!parser.parse(arguments))
        return { ParseResult::Action::ExitError, parser.errorText() };
    if (parser.isSet(help))
        return { ParseResult::Action::ExitOk, parser.helpText() };
    if (parser.isSet(version))
        return { ParseResult::Action::ExitOk, QStringLiteral("flightdeck %1").arg(QStringLiteral(FLIGHTDECK_VERSION)) };
    if (!parser.positionalArguments().isEmpty())
        return { ParseResult::Action::ExitError,
            Text::tr("unexpected argument: %1").arg(parser.positionalArguments().constFirst()) };

    options->headless = parser.isSet(headless);
    options->dataDir = parser.value(dataDir);
    options->logLevel = parser.value(logLevel);
    static const QStringList levels { QStringLiteral("trace"), QStringLiteral("debug"), QStringLiteral("info"),
        QStringLiteral("warn"), QStringLiteral("error"), QStringLiteral("critical") };
    if (!levels.contains(options->logLevel))
        return { ParseResult::Action::ExitError, Text::tr("--log-level must be one of %1").arg(levels.join(u", ")) };
    if (!parsePort(parser.value(registryPort), &options->registryPort))
        return { ParseResult::Action::ExitError, Text::tr("--registry-port needs a port number from 1 to 65535") };
    if (parser.isSet(registry)) {
        const QUrl url(parser.value(registry), QUrl::StrictMode);
        const auto scheme = url.scheme();
        if (!url.isValid() || url.host().isEmpty() || url.port() <= 0
            || (scheme != QLatin1String("http") && scheme != QLatin1String("https") && scheme != QLatin1String("etcd")))
            return { ParseResult::Action::ExitError,
                Text::tr("--registry needs http://host:port or etcd://host:port") };
        options->registry = url;
    }
    if (!parsePort(parser.value(cartPort), &options->cartPort))
        return { ParseResult::Action::ExitError, Text::tr("--cart-port needs a port number from 1 to 65535") };
    bool ok = false;
    options->cartInstances = parser.value(cartInstances).toInt(&ok);
    if (!ok || options->cartInstances < 1 || options->cartInstances > 32)
        return { ParseResult::Action::ExitError, Text::tr("--cart-instances needs a number from 1 to 32") };
    options->maxSeries = parser.value(maxSeries).toInt(&ok);
    if (!ok || options->maxSeries < 100 || options->maxSeries > 10'000'000)
        return { ParseResult::Action::ExitError, Text::tr("--max-series needs a number from 100 to 10000000") };
    options->screenshotFile = parser.value(screenshot);
    options->screenshotDelaySeconds = parser.value(screenshotDelay).toDouble(&ok);
    if (!ok || options->screenshotDelaySeconds < 0 || options->screenshotDelaySeconds > 3600)
        return { ParseResult::Action::ExitError, Text::tr("--screenshot-delay needs seconds from 0 to 3600") };
    if (parser.isSet(windowSize)) {
        const auto parts = parser.value(windowSize).split(QLatin1Char('x'));
        const int width = parts.size() == 2 ? parts.at(0).toInt() : 0;
        const int height = parts.size() == 2 ? parts.at(1).toInt() : 0;
        if (width < 320 || height < 240 || width > 10000 || height > 10000)
            return { ParseResult::Action::ExitError, Text::tr("--window-size needs WIDTHxHEIGHT, e.g. 1600x1000") };
        options->windowSize = QSize(width, height);
    }
    options->selectService = parser.value(select).trimmed();
    if (parser.isSet(select) && options->selectService.isEmpty())
        return { ParseResult::Action::ExitError, Text::tr("--select needs a service name, e.g. cart") };
    if (parser.isSet(bind)) {
        const QHostAddress address(parser.value(bind));
        if (address.isNull())
            return { ParseResult::Action::ExitError, QStringLiteral("--bind needs an IP address, e.g. 0.0.0.0") };
        options->bindAddress = address;
    }
    const uint logPortValue = parser.value(logPort).toUInt(&ok);
    if (!ok || logPortValue > 65535)
        return { ParseResult::Action::ExitError,
            QStringLiteral("--log-port needs a port number from 0 (off) to 65535") };
    options->logPort = quint16(logPortValue);
    options->token = parser.value(token).toUtf8();
    if (parser.isSet(token) && options->token.isEmpty())
        return { ParseResult::Action::ExitError, QStringLiteral("--token needs a value") };
    for (qsizetype i = 0; i < limits.size(); ++i) {
        if (!parser.isSet(limits.at(i)))
            continue;
        const auto &limit = limitOptions().at(i);
        const auto value = parser.value(limits.at(i)).toLongLong(&ok);
        if (!ok || value < limit.minimum || value > limit.maximum)
            return { ParseResult::Action::ExitError,
                QStringLiteral("--%1 needs a number from %2 to %3")
                    .arg(QString::fromLatin1(limit.name))
                    .arg(limit.minimum)
                    .arg(limit.maximum) };
        limit.apply(options->limits, value);
    }
    options->exportRulesFile = parser.value(exportRules);
    if (parser.isSet(exportRules) && options->exportRulesFile.isEmpty())
        return { ParseResult::Action::ExitError, QStringLiteral("--export-rules needs a file name") };
    if (!options->exportRulesFile.isEmpty() && (options->headless || !options->screenshotFile.isEmpty()))
        return { ParseResult::Action::ExitError,
            QStringLiteral("--export-rules runs on its own; drop --headless and --screenshot") };
    if (const auto report = parseReportOptions(
            parser, exportReport, reportRange, reportFrom, reportTo, reportServices, reportFormat, options);
        report.action != ParseResult::Action::Run)
        return report;
    if (options->headless && !options->screenshotFile.isEmpty())
        return { ParseResult::Action::ExitError, Text::tr("--screenshot needs the window; drop --headless") };
    return {};
}
