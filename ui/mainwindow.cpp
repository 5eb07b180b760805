#include "mainwindow.h"

#include "languagemanager.h"
#include "placeholderpanel.h"
#include "theme.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>

static void initResources()
{
    // The resources live in a static library, so they must be registered explicitly.
    Q_INIT_RESOURCE(flightdeck);
}

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    initResources();
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(tr("Flightdeck"));
    setWindowIcon(QIcon(QStringLiteral(":/flightdeck/icons/flightdeck.svg")));
    setDockOptions(AnimatedDocks | AllowTabbedDocks | AllowNestedDocks);
    setDockNestingEnabled(true);

    // The topology is what operators look at first, so it owns the centre; everything else docks around it.
    auto *topology = addPanelDock(Panel::Topology, tr("Topology"), QStringLiteral("dockTopology"),
        tr("Services and their instances as a live graph. Edges are real calls, labelled "
           "with requests per second, error rate and p95 latency."));
    auto *metrics = addPanelDock(Panel::Metrics, tr("Metrics"), QStringLiteral("dockMetrics"),
        tr("Request rate, error rate and p50/p95/p99 latency per service or instance."));
    auto *details = addPanelDock(Panel::Details, tr("Details"), QStringLiteral("dockDetails"),
        tr("The selected service's instances, health over time and recent logs."));
    auto *logs = addPanelDock(Panel::Logs, tr("Logs"), QStringLiteral("dockLogs"),
        tr("One log view over every service, filtered by level, service, instance and text."));
    auto *alerts = addPanelDock(Panel::Alerts, tr("Alerts"), QStringLiteral("dockAlerts"),
        tr("Alert rules with their live state, history and silences."));
    auto *carts = addPanelDock(Panel::Carts, tr("Carts"), QStringLiteral("dockCarts"),
        tr("Shopping carts in the cart service, editable through its REST API."));
    auto *registry = addPanelDock(Panel::Registry, tr("Registry"), QStringLiteral("dockRegistry"),
        tr("Registered instances with health, lease age and weight, and the config store."));

    addDockWidget(Qt::LeftDockWidgetArea, topology);
    addDockWidget(Qt::RightDockWidgetArea, metrics);
    tabifyDockWidget(metrics, details);
    metrics->raise();
    splitDockWidget(topology, logs, Qt::Vertical);
    tabifyDockWidget(logs, alerts);
    tabifyDockWidget(alerts, carts);
    tabifyDockWidget(carts, registry);
    logs->raise();
    resizeDocks({ topology, metrics }, { 3, 2 }, Qt::Horizontal);
    resizeDocks({ topology, logs }, { 3, 2 }, Qt::Vertical);

    createActions();
    m_fleetStatus = new QLabel(tr("Fleet: starting"), this);
    m_fleetStatus->setObjectName(QStringLiteral("fleetStatus"));
    statusBar()->addPermanentWidget(m_fleetStatus);
    m_defaultState = saveState();
    resize(1400, 900);
    restoreSettings();
}

MainWindow::~MainWindow() = default;

QDockWidget *MainWindow::addPanelDock(
    Panel panel, const QString &title, const QString &objectName, const QString &description)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    dock->setWidget(new PlaceholderPanel(title, description, dock));
    m_docks.insert(panel, dock);
    return dock;
}

void MainWindow::setPanel(Panel panel, QWidget *widget)
{
    auto *dock = m_docks.value(panel);
    auto *old = dock->widget();
    dock->setWidget(widget);
    delete old;
}

void MainWindow::setFleetStatus(const QString &text)
{
    m_fleetStatus->setText(text);
}

void MainWindow::createActions()
{
    auto *fileMenu = menuBar()->addMenu(tr("&File"));
    auto *exportReport = fileMenu->addAction(tr("&Export Report…"));
    exportReport->setObjectName(QStringLiteral("actionExportReport"));
    exportReport->setShortcut(QKeySequence(tr("Ctrl+E")));
    connect(exportReport, &QAction::triggered, this, &MainWindow::exportReportRequested);
    fileMenu->addSeparator();
    auto *quit = fileMenu->addAction(tr("&Quit"));
    quit->setObjectName(QStringLiteral("actionQuit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    auto *viewMenu = menuBar()->addMenu(tr("&View"));
    int shortcutDigit = 1;
    for (auto panel : { Panel::Topology, Panel::Metrics, Panel::Details, Panel::Logs, Panel::Alerts, Panel::Carts,
             Panel::Registry }) {
        auto *dock = m_docks.value(panel);
        auto *toggle = dock->toggleViewAction();
        toggle->setObjectName(QStringLiteral("actionShow") + dock->objectName().mid(4));
        toggle->setShortcut(QKeySequence(QStringLiteral("Alt+%1").arg(shortcutDigit++)));
        viewMenu->addAction(toggle);
    }
    viewMenu->addSeparator();
    auto *reset = viewMenu->addAction(tr("&Reset Layout"));
    reset->setObjectName(QStringLiteral("actionResetLayout"));
    connect(reset, &QAction::triggered, this, &MainWindow::resetLayout);
    auto *dark = viewMenu->addAction(tr("&Dark Theme"));
    dark->setObjectName(QStringLiteral("actionDarkTheme"));
    dark->setCheckable(true);
    dark->setChecked(Theme::current() == Theme::Kind::Dark);
    connect(dark, &QAction::toggled, this, &MainWindow::setDarkTheme);
    auto *fullScreen = viewMenu->addAction(tr("&Full Screen"));
    fullScreen->setObjectName(QStringLiteral("actionFullScreen"));
    fullScreen->setShortcut(QKeySequence::FullScreen);
    fullScreen->setCheckable(true);
    connect(fullScreen, &QAction::toggled, this, [this](bool on) { on ? showFullScreen() : showNormal(); });
    createLanguageMenu(viewMenu);

    auto *helpMenu = menuBar()->addMenu(tr("&Help"));
    auto *about = helpMenu->addAction(tr("&About Flightdeck"));
    about->setObjectName(QStringLiteral("actionAbout"));
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About Flightdeck"),
            tr("<b>Flightdeck %1</b><p>Monitoring and control console for microservices: topology, "
               "metrics, logs, alerts, carts and registry in one window.</p>")
                .arg(QStringLiteral(FLIGHTDECK_VERSION)));
    });
}

void MainWindow::createLanguageMenu(QMenu *viewMenu)
{
    auto *languageMenu = viewMenu->addMenu(tr("&Language"));
    languageMenu->setObjectName(QStringLiteral("menuLanguage"));
    auto *group = new QActionGroup(this);
    group->setExclusive(true);
    const auto preferred = LanguageManager::preferred();
    for (auto language : LanguageManager::available()) {
        auto *action = languageMenu->addAction(LanguageManager::nativeName(language));
        action->setObjectName(language == LanguageManager::Language::SimplifiedChinese
                ? QStringLiteral("actionLanguageChinese")
                : QStringLiteral("actionLanguageEnglish"));
        action->setCheckable(true);
        action->setChecked(language == preferred);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, language] { chooseLanguage(language); });
    }
}

void MainWindow::chooseLanguage(LanguageManager::Language language)
{
    LanguageManager::store(language);
    // Panels build their texts once; switching in place would leave half the window in the old language,
    // so the choice takes effect at the next start.
    const QString name = LanguageManager::nativeName(language);
    const QString message = language == LanguageManager::active()
        ? tr("The interface language is %1.").arg(name)
        : tr("The interface will be in %1 after Flightdeck restarts.").arg(name);
    statusBar()->showMessage(message, 15000);
}

void MainWindow::resetLayout()
{
    restoreState(m_defaultState);
    for (auto *dock : std::as_const(m_docks))
        dock->show();
}

void MainWindow::setDarkTheme(bool dark)
{
    Theme::apply(dark ? Theme::Kind::Dark : Theme::Kind::Light);
    QSettings().setValue(QStringLiteral("ui/theme"), Theme::name(Theme::current()));
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("ui/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("ui/state")).toByteArray());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("ui/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("ui/state"), saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    event->accept();
}
