#pragma once

#include "runtime/embeddedfleet.h"
#include "runtime/fleet.h"
#include "runtime/monitor.h"
#include "shell/console.h"
#include "shell/mainwindow.h"

#include <memory>
#include <QSize>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

// The whole console against the real embedded fleet on loopback, as the app runs it: registry, catalog,
// carts and the traffic generator, discovered through the registry and scraped like any fleet, in a
// MainWindow with its Console. For GUI tests that drive the live console.
class EmbeddedConsole
{
public:
    struct Options
    {
        int cartInstances = 3;
        QSize windowSize { 1400, 900 };
        int scrapeIntervalMs = 500;
        int maxSeries = 50'000; // the metric store's series cap
    };

    // Starts the fleet and the monitor, then shows the window; false with a reason when something does not
    // start. Call from initTestCase and check the result with QVERIFY2.
    bool start(const Options &options, QString *error)
    {
        EmbeddedFleetOptions fleetOptions;
        fleetOptions.dataDir = m_dir.path();
        m_registryPort = freePort();
        fleetOptions.registryPort = m_registryPort;
        fleetOptions.cartPort = freePort();
        fleetOptions.cartInstances = options.cartInstances;
        Monitor::Options monitorOptions;
        monitorOptions.dataDir = m_dir.path();
        monitorOptions.registryUrl = fleetRegistryUrl(fleetOptions);
        monitorOptions.services = { QStringLiteral("catalog"), QStringLiteral("cart"), QStringLiteral("traffic") };
        monitorOptions.scrapeIntervalMs = options.scrapeIntervalMs;
        monitorOptions.maxSeries = options.maxSeries;
        m_monitor = std::make_unique<Monitor>(monitorOptions);
        m_fleet = std::make_unique<Fleet>();
        populateEmbeddedFleet(*m_fleet, fleetOptions);
        if (!m_fleet->startAll(error))
            return false;
        if (!m_monitor->start()) {
            *error = QStringLiteral("the monitor did not start");
            return false;
        }
        m_window = std::make_unique<MainWindow>();
        m_window->resize(options.windowSize);
        m_console = std::make_unique<Console>(m_window.get(), m_monitor.get(), m_fleet.get());
        m_window->show();
        if (!QTest::qWaitForWindowExposed(m_window.get())) {
            *error = QStringLiteral("the window was not exposed");
            return false;
        }
        return true;
    }

    // Closes the window first (nothing may react to a fleet going away), then stops monitor and fleet.
    void stop()
    {
        m_console.reset();
        m_window.reset();
        if (m_monitor)
            m_monitor->stop();
        if (m_fleet)
            m_fleet->stopAll();
        m_monitor.reset();
        m_fleet.reset();
    }

    ~EmbeddedConsole() { stop(); }

    Fleet *fleet() const { return m_fleet.get(); }
    Monitor *monitor() const { return m_monitor.get(); }
    MainWindow *window() const { return m_window.get(); }
    Console *console() const { return m_console.get(); }
    quint16 registryPort() const { return m_registryPort; }
    QString dataDir() const { return m_dir.path(); }

    static quint16 freePort()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        return probe.serverPort();
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Fleet> m_fleet;
    std::unique_ptr<Monitor> m_monitor;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<Console> m_console;
    quint16 m_registryPort = 0;
};
