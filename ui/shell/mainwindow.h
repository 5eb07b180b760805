#pragma once

#include "languagemanager.h"

#include <QHash>
#include <QMainWindow>

class QDockWidget;
class QLabel;
class QMenu;

// Assembles docks, actions and menus; the panels themselves are separate widgets handed in by the app.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    enum class Panel { Topology, Metrics, Details, Logs, Alerts, Carts, Registry };

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Puts a real panel into its dock, replacing whatever was there.
    void setPanel(Panel panel, QWidget *widget);
    QDockWidget *dock(Panel panel) const { return m_docks.value(panel); }
    void setFleetStatus(const QString &text);
    // A limit the console hit (the metric store's series cap): shown in the failure colour; empty hides it.
    void setLimitWarning(const QString &text);

    void resetLayout();
    void setDarkTheme(bool dark);

Q_SIGNALS:
    void exportReportRequested();

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    QDockWidget *addPanelDock(Panel panel, const QString &title, const QString &objectName, const QString &description);
    // Where every dock goes at a first start (and after Reset Layout).
    void arrangeDocks();
    // The first start's dock sizes, as shares of the window's current size, so a reset looks like a first start.
    void applyDefaultDockSizes();
    void createActions();
    void createLanguageMenu(QMenu *viewMenu);
    void chooseLanguage(LanguageManager::Language language);
    bool restoreSettings();
    void saveSettings() const;

    QHash<Panel, QDockWidget *> m_docks;
    bool m_defaultSizesPending = false; // no saved layout: size the docks once the window has its size
    QLabel *m_fleetStatus = nullptr;
    QLabel *m_limitWarning = nullptr;
};
