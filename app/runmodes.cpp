#include "runmodes.h"

#include "appoptions.h"
#include "common/theme.h"
#include "core/accesstoken.h"
#include "core/datadir.h"
#include "core/logging.h"
#include "core/signalwatcher.h"
#include "runtime/embeddedfleet.h"
#include "runtime/fleet.h"
#include "runtime/logintakehost.h"
#include "runtime/monitor.h"
#include "runtime/servicehost.h"
#include "shell/console.h"
#include "shell/languagemanager.h"
#include "shell/mainwindow.h"

#include <cstdio>
#include <memory>
#include <QApplication>
#include <QSettings>
#include <QTimer>
#include <spdlog/spdlog.h>

namespace {

// What both modes need before anything else: a writable data dir, logging, and the running fleet.
struct Backend
{
    DataDir dataDir;
    std::unique_ptr<Fleet> fleet;
    std::unique_ptr<Monitor> monitor;
    std::unique_ptr<ServiceHost> logIntake; // not in the fleet: it is the console's, not a service to operate

    ~Backend()
    {
        if (logIntake)
            logIntake->stop();
        if (monitor)
            monitor->stop();
        if (fleet)
            fleet->stopAll();
    }
};

std::unique_ptr<Backend> startBackend(const AppOptions &options)
{
    auto backend = std::make_unique<Backend>();
    backend->dataDir = DataDir(options.dataDir);
    QString error;
    if (!backend->dataDir.ensureExists(&error)) {
        std::fprintf(stderr, "flightdeck: %s\n", qPrintable(error));
        return nullptr;
    }
    Logging::Options logOptions;
    logOptions.level = spdlog::level::from_str(options.logLevel.toStdString());
    Logging::init(backend->dataDir.logDir(), logOptions);
    auto log = Logging::get("app");
    log->info("Flightdeck {} starting; data in {}", FLIGHTDECK_VERSION, backend->dataDir.path().toStdString());

    // The token itself is never logged; only where it came from.
    AccessToken::Resolved token;
    if (!AccessToken::resolve(options.token, backend->dataDir.path(), &token, &error)) {
        log->critical("{}", error.toStdString());
        std::fprintf(stderr, "flightdeck: %s\n", qPrintable(error));
        return nullptr;
    }
    if (!options.bindAddress.isLoopback() && token.token.isEmpty()) {
        error = QStringLiteral("binding to %1 needs an access token: pass --token, set FLIGHTDECK_TOKEN or write one "
                               "to %2 (chmod 600)")
                    .arg(options.bindAddress.toString(), AccessToken::filePath(backend->dataDir.path()));
        log->critical("{}", error.toStdString());
        std::fprintf(stderr, "flightdeck: %s\n", qPrintable(error));
        return nullptr;
    }
    if (!token.token.isEmpty())
        log->info("write and control routes require the access token (from {})", token.source.toStdString());

    EmbeddedFleetOptions fleetOptions;
    fleetOptions.dataDir = backend->dataDir.path();
    fleetOptions.registryPort = options.registryPort;
    fleetOptions.cartPort = options.cartPort;
    fleetOptions.cartInstances = options.cartInstances;
    fleetOptions.registry = options.registry;
    fleetOptions.address = options.bindAddress;
    fleetOptions.limits = options.limits;
    fleetOptions.access.token = token.token;
    // The monitor exists before the fleet starts, so its log hub keeps the start-up records too.
    Monitor::Options monitorOptions;
    monitorOptions.dataDir = backend->dataDir.path();
    monitorOptions.registryUrl = fleetRegistryUrl(fleetOptions);
    // No list: the console monitors every service the registry lists, ours and the user's alike.
    monitorOptions.cartInstances = options.cartInstances;
    monitorOptions.maxSeries = options.maxSeries;
    monitorOptions.accessToken = token.token;
    backend->monitor = std::make_unique<Monitor>(monitorOptions);

    backend->fleet = std::make_unique<Fleet>();
    populateEmbeddedFleet(*backend->fleet, fleetOptions);
    if (!backend->fleet->startAll(&error)) {
        log->critical("the embedded fleet did not start: {}", error.toStdString());
        std::fprintf(stderr, "flightdeck: %s\n", qPrintable(error));
        backend->fleet->stopAll();
        return nullptr;
    }
    log->info("{} service instance(s) running", backend->fleet->runningCount());
    if (auto *registry = backend->fleet->host(QStringLiteral("registry"))) {
        // The registry does not list itself; scrape it directly.
        backend->monitor->setStaticTargets({ ServiceInstance { registry->instanceId(), QStringLiteral("registry"),
            QStringLiteral("127.0.0.1"), registry->port(), 1, true } });
    }
    backend->monitor->start();
    if (options.logPort != 0) {
        // Optional: without it the console still works, so a port in use (a second console) only costs the
        // intake, not the start.
        backend->logIntake = createLogIntakeHost(
            fleetOptions, options.logPort, backend->monitor->sharedLogHub(), backend->monitor->instanceDirectory());
        if (!backend->logIntake->start(&error)) {
            log->warn("log intake off: {}", error.toStdString());
            backend->logIntake.reset();
        }
    }
    return backend;
}

} // namespace

int runHeadless(const AppOptions &options)
{
    auto backend = startBackend(options);
    if (!backend)
        return 1;
    auto log = Logging::get("app");
    SignalWatcher signalWatcher;
    // Not qApp: with <QApplication> included it casts to QApplication, and headless runs a QCoreApplication.
    QObject::connect(
        &signalWatcher, &SignalWatcher::terminationRequested, QCoreApplication::instance(), [log](int signalNumber) {
            log->info("signal {} received; stopping gracefully", signalNumber);
            QCoreApplication::quit();
        });
    log->info("running headless; stop with SIGINT or SIGTERM");
    QCoreApplication::exec();
    backend.reset();
    log->info("stopped");
    return 0;
}

int runGui(const AppOptions &options)
{
    auto backend = startBackend(options);
    if (!backend)
        return 1;
    Theme::apply(Theme::fromName(QSettings().value(QStringLiteral("ui/theme")).toString()));
    LanguageManager languages;
    if (!languages.apply(LanguageManager::preferred()))
        Logging::get("app")->warn("the interface translation could not be loaded; staying in English");

    MainWindow window;
    if (options.windowSize.isValid())
        window.resize(options.windowSize);
    Console console(&window, backend->monitor.get(), backend->fleet.get());
    if (!options.selectService.isEmpty())
        console.selectService(options.selectService);
    window.show();

    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &window, [&window] { window.close(); });

    int exitCode = 0;
    if (!options.screenshotFile.isEmpty()) {
        QTimer::singleShot(int(options.screenshotDelaySeconds * 1000), &window, [&] {
            const bool saved = window.grab().save(options.screenshotFile, "PNG");
            if (saved) {
                Logging::get("app")->info("screenshot saved to {}", options.screenshotFile.toStdString());
            } else {
                std::fprintf(stderr, "flightdeck: cannot write screenshot %s\n", qPrintable(options.screenshotFile));
                exitCode = 1;
            }
            QCoreApplication::exit(exitCode);
        });
    }
    const int result = QApplication::exec();
    if (backend->logIntake)
        backend->logIntake->stop();
    backend->monitor->stop();
    backend->fleet->stopAll();
    return exitCode != 0 ? exitCode : result;
}
