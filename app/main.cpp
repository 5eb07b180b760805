#include "appoptions.h"
#include "exportrules.h"
#include "runmodes.h"

#include <QApplication>
#include <QCoreApplication>

#include <cstdio>

namespace {

bool hasDisplay()
{
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY")
        || qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}

} // namespace

int main(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    AppOptions options;
    const auto parsed = parseCommandLine(arguments, &options);
    if (parsed.action == ParseResult::Action::ExitOk) {
        std::fputs(qPrintable(parsed.message + QLatin1Char('\n')), stdout);
        return 0;
    }
    if (parsed.action == ParseResult::Action::ExitError) {
        std::fprintf(stderr, "flightdeck: %s\nTry 'flightdeck --help'.\n", qPrintable(parsed.message));
        return 2;
    }

    QCoreApplication::setOrganizationName(QStringLiteral("Flightdeck"));
    QCoreApplication::setApplicationName(QStringLiteral("flightdeck"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FLIGHTDECK_VERSION));

    if (!options.exportRulesFile.isEmpty()) {
        QCoreApplication app(argc, argv);
        return runExportRules(options);
    }
    if (!hasDisplay()) {
        if (!options.screenshotFile.isEmpty()) {
            qputenv("QT_QPA_PLATFORM", "offscreen"); // a screenshot needs no screen
        } else if (!options.headless) {
            std::fputs("flightdeck: no display found (DISPLAY and WAYLAND_DISPLAY are unset); running headless. "
                       "Stop with Ctrl+C.\n",
                       stderr);
            options.headless = true;
        }
    }
    if (options.headless) {
        QCoreApplication app(argc, argv);
        return runHeadless(options);
    }
    QApplication app(argc, argv);
    return runGui(options);
}
