#pragma once

#include "telemetry/healthtimeline.h"

#include <QWidget>

class QCPItemText;
class QCustomPlot;
class QMouseEvent;

// Per-instance health over time: one lane per instance, coloured by state (answering, failing its scrapes,
// out of discovery). Hovering a lane names the state and its time span.
class HealthTimelineView : public QWidget
{
    Q_OBJECT
public:
    explicit HealthTimelineView(QWidget *parent = nullptr);

    void setLanes(const QList<InstanceHealthLane> &lanes, qint64 fromMs, qint64 toMs);
    const QList<InstanceHealthLane> &lanes() const { return m_lanes; }
    QCustomPlot *plot() const { return m_plot; }
    // What hovering at (ms, lane index) tells; empty outside every lane.
    QString describeAt(qint64 ms, int lane) const;
    // The note shown instead of lanes ("select a service", "no instance recorded"); empty while lanes show.
    QString emptyText() const;

    static QColor colorOf(InstanceHealth state);
    static QString nameOf(InstanceHealth state);

private:
    void showToolTip(QMouseEvent *event);

    QCustomPlot *m_plot;
    QCPItemText *m_emptyNote;
    QList<InstanceHealthLane> m_lanes;
};
