#pragma once

#include <QGraphicsView>
#include <QHash>
#include <QWidget>

class QLabel;
class QLineEdit;
class TopologyScene;
struct TopologySnapshot;

// The zoomable, pannable canvas of the topology.
class TopologyCanvas : public QGraphicsView
{
    Q_OBJECT
public:
    explicit TopologyCanvas(TopologyScene *scene, QWidget *parent = nullptr);
    void zoomBy(qreal factor);
    // The whole graph, centred, as large as fits but never smaller than readableScale() (then it scrolls).
    void fitAll();
    bool isAdjustedByUser() const { return m_adjustedByUser; }
    // The zoom at which the smallest text of the graph is kMinTextPixels tall on screen.
    qreal readableScale() const;
    static constexpr qreal kMinTextPixels = 11;
    // On-screen width of the band that takes clicks on an edge.
    static constexpr qreal kEdgeHitPixels = 10;

Q_SIGNALS:
    void serviceActivated(const QString &service);
    void contextMenuForService(const QString &service, const QString &instanceId, const QPoint &globalPos);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    // After any change of zoom: scroll bars only where the graph is larger than the view, and edges as
    // easy to hit as at 1:1.
    void updateSceneRect();

    bool m_adjustedByUser = false;
};

// Topology panel: filter bar, canvas, zoom/fit/layout/export actions and the operator's fleet actions.
class TopologyView : public QWidget
{
    Q_OBJECT
public:
    // Actions an operator can take on an instance from the graph; the app carries them out.
    // InjectFault opens a dialog (rate, latency, duration, scope); with an empty instance id the action is
    // about the whole service.
    enum class InstanceAction { Drain, Kill, Restart, ScaleUp, InjectFault, Undrain, ClearFaults, ScaleDown };
    Q_ENUM(InstanceAction)

    explicit TopologyView(QWidget *parent = nullptr);

    void applySnapshot(const TopologySnapshot &snapshot);
    TopologyScene *scene() const { return m_scene; }
    TopologyCanvas *canvas() const { return m_canvas; }

    bool exportTo(const QString &fileName, QString *error = nullptr) const;
    // Faults in force, by instance id, as one line each ("30 % errors, +200 ms until 14:05"): badges on the
    // graph, and "Clear Faults" in the context menu.
    void setActiveFaults(const QHash<QString, QString> &faults);
    // Operator operations under way by instance id ("restarting", "stopping"): badges on the graph.
    void setActiveOperations(const QHash<QString, QString> &operations);
    QString selectedService() const;

Q_SIGNALS:
    void serviceSelected(const QString &service);
    void edgeSelected(const QString &caller, const QString &callee);
    void serviceActivated(const QString &service);
    void instanceActionRequested(
        TopologyView::InstanceAction action, const QString &service, const QString &instanceId);

protected:
    void changeEvent(QEvent *event) override;

private:
    void showContextMenu(const QString &service, const QString &instanceId, const QPoint &globalPos);
    void onSelectionChanged();
    void exportInteractively();

    TopologyScene *m_scene;
    TopologyCanvas *m_canvas;
    QLineEdit *m_filter;
    QLabel *m_filterError;
    QLabel *m_window; // what window the figures are over, and whether it is full yet
};
