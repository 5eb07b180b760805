#include "mainwindow.h"

#include "common/healthstyle.h"
#include "common/theme.h"
#include "languagemanager.h"
#include "placeholderpanel.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QShowEvent>
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
    addPanelDock(Panel::Topology, tr("Topology"), QStringLiteral("dockTopology"),
        tr("Services and their instances as a live graph. Edges are real calls, labelled "
           "with requests per second, error rate and p95 latency."));
    addPanelDock(Panel::Metrics, tr("Metrics"), QStringLiteral("dockMetrics"),
        tr("Request rate, error rate and p50/p95/p99 latency per service or instance."));
    addPanelDock(Panel::Details, tr("Details"), QStringLiteral("dockDetails"),
        tr("The selected service's instances, health over time and recent logs."));
    addPanelDock(Panel::Logs, tr("Logs"), QStringLiteral("dockLogs"),
        tr("One log view over every service, filtered by level, service, instance and text."));
    addPanelDock(Panel::Alerts, tr("Alerts"), QStringLiteral("dockAlerts"),
        tr("Alert rules with their live state, history and silences."));
    addPanelDock(Panel::Carts, tr("Carts"), QStringLiteral("dockCarts"),
        tr("Shopping carts in the cart service, editable through its REST API."));
    addPanelDock(Panel::Registry, tr("Registry"), QStringLiteral("dockRegistry"),
        tr("Registered instances with health, lease age and weight, and the config store."));
    arrangeDocks();

    createActions();
    m_fleetStatus = new QLabel(tr("Fleet: starting"), this);
    m_fleetStatus->setObjectName(QStringLiteral("fleetStatus"));
    m_limitWarning = new QLabel(this);
    m_limitWarning->setObjectName(QStringLiteral("limitWarning"));
    m_limitWarning->setStyleSheet(
        QStringLiteral("color: %1; font-weight: bold;").arg(HealthStyle::color(HealthStyle::State::Failing).name()));
    m_limitWarning->hide();
    statusBar()->addPermanentWidget(m_limitWarning);
    statusBar()->addPermanentWidget(m_fleetStatus);
    resize(1400, 900);
    m_defaultSizesPending = !restoreSettings();
}

void MainWindow::arrangeDocks()
{
    auto *topology = m_docks.value(Panel::Topology);
    auto *metrics = m_docks.value(Panel::Metrics);
    auto *logs = m_docks.value(Panel::Logs);
    addDockWidget(Qt::LeftDockWidgetArea, topology);
    addDockWidget(Qt::RightDockWidgetArea, metrics);
    tabifyDockWidget(metrics, m_docks.value(Panel::Details));
    metrics->raise();
    splitDockWidget(topology, logs, Qt::Vertical);
    tabifyDockWidget(logs, m_docks.value(Panel::Alerts));
    tabifyDockWidget(m_docks.value(Panel::Alerts), m_docks.value(Panel::Carts));
    tabifyDockWidget(m_docks.value(Panel::Carts), m_docks.value(Panel::Registry));
    logs->raise();
}

void MainWindow::applyDefaultDockSizes()
{
    // Pixels, not ratios: resizeDocks() before the window has its size (or from a state saved then) is what
    // once squashed the topology to a sliver. Topology 60 % of the width and of the height, the charts the rest
    // of the width, the log tabs the rest of the height.
    auto *topology = m_docks.value(Panel::Topology);
    const int width = std::max(400, this->width());
    const int height = std::max(300, this->height() - menuBar()->height() - statusBar()->height());
    resizeDocks({ topology, m_docks.value(Panel::Metrics) }, { width * 3 / 5, width * 2 / 5 }, Qt::Horizontal);
    resizeDocks({ topology, m_docks.value(Panel::Logs) }, { height * 3 / 5, height * 2 / 5 }, Qt::Vertical);
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (m_defaultSizesPending) {
        m_defaultSizesPending = false;
        applyDefaultDockSizes();
    }
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

void MainWindow::setLimitWarning(const QString &text)
{
    m_limitWarning->setText(text);
    m_limitWarning->setVisible(!text.isEmpty());
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
    // The same arrangement and the same sizes as a first start at this window size.
    for (auto *dock : std::as_const(m_docks)) {
        dock->setFloating(false);
        removeDockWidget(dock);
    }
    arrangeDocks();
    for (auto *dock : std::as_const(m_docks))
        dock->show();
    m_docks.value(Panel::Metrics)->raise();
    m_docks.value(Panel::Logs)->raise();
    if (isVisible())
        applyDefaultDockSizes();
    else
        m_defaultSizesPending = true;
}

void MainWindow::setDarkTheme(bool dark)
{
    Theme::apply(dark ? Theme::Kind::Dark : Theme::Kind::Light);
    QSettings().setValue(QStringLiteral("ui/theme"), Theme::name(Theme::current()));
}

bool MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("ui/geometry")).toByteArray());
    return restoreState(settings.value(QStringLiteral("ui/state")).toByteArray());
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
