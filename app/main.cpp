#include "appoptions.h"
#include "exportreport.h"
#include "exportrules.h"
#include "runmodes.h"
#include "shell/languagemanager.h"

#include <cstdio>
#include <QApplication>
#include <QCoreApplication>

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
    QCoreApplication::setOrganizationName(QStringLiteral("Flightdeck"));
    QCoreApplication::setApplicationName(QStringLiteral("flightdeck"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FLIGHTDECK_VERSION));

    AppOptions options;
    auto parsed = parseCommandLine(arguments, &options);
    if (parsed.action != ParseResult::Action::Run) {
        // Help and error messages speak the interface language too. Translators need an application,
        // which the normal modes create only after parsing, so parse once more with one here.
        QCoreApplication app(argc, argv);
        LanguageManager languages;
        languages.apply(LanguageManager::preferred());
        options = AppOptions();
        parsed = parseCommandLine(arguments, &options);
        if (parsed.action == ParseResult::Action::ExitOk) {
            std::fputs(qPrintable(parsed.message + QLatin1Char('\n')), stdout);
            return 0;
        }
        const QString hint = QCoreApplication::translate("main", "Try 'flightdeck --help'.");
        std::fprintf(stderr, "flightdeck: %s\n%s\n", qPrintable(parsed.message), qPrintable(hint));
        return 2;
    }

    if (!options.exportRulesFile.isEmpty()) {
        QCoreApplication app(argc, argv);
        return runExportRules(options);
    }

    if (!options.exportReportFile.isEmpty()) {
        // Fonts and the PDF writer need a QGuiApplication, but never a screen.
        if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        QGuiApplication app(argc, argv);
        return runExportReport(options);
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
