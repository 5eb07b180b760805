#pragma once

#include "core/latestonly.h"
#include "telemetry/chartquery.h"

#include <QWidget>

class QAction;
class QComboBox;
class QCPItemStraightLine;
class QCPItemText;
class QCustomPlot;
class QLabel;
class QTimer;
class QToolButton;

// Live charts of request rate, error rate and latency percentiles for the fleet, a service or an instance.
// Data come from a ChartProvider run on a worker thread; answers to superseded requests are dropped
// (LatestOnly) and replots are queued so many updates cost one paint.
class MetricsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit MetricsPanel(QWidget *parent = nullptr);
    ~MetricsPanel() override;

    void setProvider(ChartProvider provider);
    // Shows the charts of one service (and optionally one instance); empty = whole fleet.
    void showService(const QString &service, const QString &instance = {});
    // Asks the provider again for the current range; called on a timer while live.
    void refresh();
    // Applies data directly (used by refresh() when the worker answers).
    void applyData(const ChartData &chartData);
    void setRangeSeconds(qint64 seconds);
    qint64 rangeSeconds() const { return m_rangeSeconds; }

    QList<QCustomPlot *> plots() const { return m_plots; }
    // Answers applied so far (an answer to a superseded request is dropped, not applied).
    quint64 appliedGeneration() const { return m_query.applied(); }
    bool isLive() const { return m_live; }
    // Follows the present again after a zoom or pan into the past.
    void backToLive();
    QString statusText() const;

Q_SIGNALS:
    // The operator selected a time span on a chart (shift+drag).
    void timeSpanSelected(qint64 fromMs, qint64 toMs);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QCustomPlot *createPlot(const QString &title, const QString &unit);
    void fillGraphs(QCustomPlot *plot, const QList<ChartSeries> &series);
    void syncRanges(QCustomPlot *source);
    void updateCrosshair(QCustomPlot *plot, double key);
    void updateSelectors(const ChartData &chartData);
    void hideCrosshair(QCustomPlot *plot);
    void updateStatus();
    void updateEmptyNotes();
    void showContextMenu(QCustomPlot *plot, const QPoint &pos);

    ChartProvider m_provider;
    QList<QCustomPlot *> m_plots;
    QList<QCPItemStraightLine *> m_crosshairs;
    QList<QCPItemText *> m_readouts;
    QList<QCPItemText *> m_emptyNotes; // "waiting for the first scrape…" in the middle of an empty chart
    QComboBox *m_service;
    QComboBox *m_instance;
    QComboBox *m_range;
    QLabel *m_status;
    QToolButton *m_liveButton;
    QAction *m_backToLive;
    QAction *m_filterLogs;
    QTimer *m_timer;
    LatestOnly<ChartData> m_query;
    qint64 m_rangeSeconds = 300;
    bool m_live = true;
    bool m_anyScrape = false; // the provider knows at least one scrape target
    int m_points = 0; // request-rate points of the last answer
    qint64 m_coveredMs = 0; // of the last answer: the recorded part of the requested range
    qint64 m_requestedMs = 0;
    bool m_syncing = false;
};
