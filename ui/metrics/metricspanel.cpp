#include "metricspanel.h"

#include "common/plotlegend.h"
#include "common/plottheme.h"

#include <QAction>
#include <QComboBox>
#include <qcustomplot.h>
#include <QDateTime>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

const QList<QColor> kSeriesColors { QColor(0x2f, 0x74, 0xc0), QColor(0xe0, 0x9b, 0x1a), QColor(0xd6, 0x3a, 0x3a),
    QColor(0x2e, 0xa0, 0x5a), QColor(0x8e, 0x5c, 0xc2), QColor(0x1f, 0xa3, 0xa3) };

struct RangeChoice
{
    const char *label;
    qint64 seconds;
};
const RangeChoice kRanges[]
    = { { "5 min", 300 }, { "15 min", 900 }, { "1 h", 3600 }, { "6 h", 21600 }, { "24 h", 86400 } };

// Legend text for the store's series names (ChartSeries::name).
QString legendText(const QString &name)
{
    if (name == QLatin1String("rate"))
        return MetricsPanel::tr("requests/s");
    if (name == QLatin1String("errors"))
        return MetricsPanel::tr("errors %");
    return name;
}

QString span(qint64 ms)
{
    const qint64 seconds = (std::max<qint64>(0, ms) + 500) / 1000;
    return seconds < 120 ? MetricsPanel::tr("%1 s").arg(seconds) : MetricsPanel::tr("%1 min").arg((seconds + 30) / 60);
}

} // namespace

MetricsPanel::MetricsPanel(QWidget *parent)
    : QWidget(parent)
    , m_service(new QComboBox(this))
    , m_instance(new QComboBox(this))
    , m_range(new QComboBox(this))
    , m_status(new QLabel(this))
    , m_liveButton(new QToolButton(this))
    , m_backToLive(new QAction(tr("back to live"), this))
    , m_filterLogs(new QAction(tr("Filter Logs to This Span"), this))
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("metricsPanel"));
    m_service->setObjectName(QStringLiteral("metricsService"));
    m_service->addItem(tr("Whole fleet"), QString());
    m_instance->setObjectName(QStringLiteral("metricsInstance"));
    m_instance->addItem(tr("All instances"), QString());
    m_range->setObjectName(QStringLiteral("metricsRange"));
    for (const auto &range : kRanges)
        m_range->addItem(tr(range.label), range.seconds);
    m_range->addItem(tr("Custom…"), 0);
    m_status->setObjectName(QStringLiteral("metricsStatus"));
    m_status->setForegroundRole(QPalette::PlaceholderText);
    m_backToLive->setObjectName(QStringLiteral("actionMetricsBackToLive"));
    m_backToLive->setToolTip(tr("Follow the present again (or double-click a chart)"));
    connect(m_backToLive, &QAction::triggered, this, &MetricsPanel::backToLive);
    m_liveButton->setObjectName(QStringLiteral("metricsBackToLive"));
    m_liveButton->setDefaultAction(m_backToLive);
    m_liveButton->setAutoRaise(true);
    m_liveButton->setCursor(Qt::PointingHandCursor);
    m_liveButton->setVisible(false);
    m_filterLogs->setObjectName(QStringLiteral("actionMetricsFilterLogs"));
    m_filterLogs->setToolTip(tr("Show only the log records of the time span visible in the charts"));
    connect(m_filterLogs, &QAction::triggered, this, [this] {
        const auto range = m_plots.first()->xAxis->range();
        Q_EMIT timeSpanSelected(qint64(range.lower * 1000), qint64(range.upper * 1000));
    });

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 4, 4, 0);
    bar->addWidget(m_service);
    bar->addWidget(m_instance);
    bar->addWidget(m_range);
    bar->addStretch();
    bar->addWidget(m_status);
    bar->addWidget(m_liveButton);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(bar);
    for (const auto &[title, unit] : { std::pair { tr("Request rate"), tr("req/s") },
             std::pair { tr("Error rate"), tr("%") }, std::pair { tr("Latency"), tr("ms") } }) {
        auto *plot = createPlot(title, unit);
        layout->addWidget(plot, 1);
        m_plots.append(plot);
    }

    connect(m_service, &QComboBox::activated, this, [this] { showService(m_service->currentData().toString()); });
    connect(m_instance, &QComboBox::activated, this,
        [this] { showService(m_service->currentData().toString(), m_instance->currentData().toString()); });
    connect(m_range, &QComboBox::activated, this, [this](int index) {
        qint64 seconds = m_range->itemData(index).toLongLong();
        if (seconds == 0) {
            bool ok = false;
            const int minutes = QInputDialog::getInt(this, tr("Custom Range"), tr("Show the last N minutes:"),
                int(m_rangeSeconds / 60), 1, 60 * 24 * 30, 1, &ok);
            if (!ok)
                return;
            seconds = qint64(minutes) * 60;
        }
        setRangeSeconds(seconds);
    });
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &MetricsPanel::refresh);
    m_timer->start();
}

MetricsPanel::~MetricsPanel() = default;

QCustomPlot *MetricsPanel::createPlot(const QString &title, const QString &unit)
{
    auto *plot = new QCustomPlot(this);
    plot->setObjectName(QStringLiteral("plot_") + title.toLower().replace(QLatin1Char(' '), QLatin1Char('_')));
    plot->setMinimumHeight(120);
    plot->setNoAntialiasingOnDrag(true);
    plot->setPlottingHint(QCP::phCacheLabels, true);
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom | QCP::iSelectLegend);
    plot->axisRect()->setRangeDrag(Qt::Horizontal);
    plot->axisRect()->setRangeZoom(Qt::Horizontal);
    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setDateTimeFormat(QStringLiteral("HH:mm:ss"));
    plot->xAxis->setTicker(ticker);
    plot->yAxis->setLabel(QStringLiteral("%1 (%2)").arg(title, unit));
    plot->yAxis->setRange(0, 1);
    // Until the first answer the axis shows the range that is coming, not 1970's 00:00.
    const double now = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
    plot->xAxis->setRange(now - double(m_rangeSeconds), now);
    plot->legend->setVisible(false);
    plot->legend->setSelectableParts(QCPLegend::spItems);
    PlotLegend::placeAboveData(plot);
    plot->setToolTip(tr("Drag to pan, wheel to zoom, double-click to follow live.\n"
                        "Shift+drag selects a time span and filters the log view to it (also in the context menu)."));
    plot->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(plot, &QWidget::customContextMenuRequested, this,
        [this, plot](const QPoint &pos) { showContextMenu(plot, pos); });
    plot->installEventFilter(this);
    // Shift+drag selects a time span (for the log view) instead of panning.
    plot->setSelectionRectMode(QCP::srmNone);

    PlotTheme::follow(plot);

    auto *crosshair = new QCPItemStraightLine(plot);
    crosshair->setPen(QPen(QColor(120, 120, 120), 1, Qt::DashLine));
    crosshair->setVisible(false);
    auto *readout = new QCPItemText(plot);
    readout->setPositionAlignment(Qt::AlignTop | Qt::AlignRight);
    readout->position->setType(QCPItemPosition::ptAxisRectRatio);
    readout->position->setCoords(0.99, 0.02);
    readout->setPadding(QMargins(4, 2, 4, 2));
    readout->setVisible(false);
    auto *emptyNote = new QCPItemText(plot);
    emptyNote->position->setType(QCPItemPosition::ptAxisRectRatio);
    emptyNote->position->setCoords(0.5, 0.5);
    emptyNote->setPositionAlignment(Qt::AlignCenter);
    emptyNote->setClipToAxisRect(true);
    emptyNote->setText(tr("Waiting for the first scrape…"));
    m_crosshairs.append(crosshair);
    m_readouts.append(readout);
    m_emptyNotes.append(emptyNote);

    connect(plot->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this, [this, plot] { syncRanges(plot); });
    connect(plot, &QCustomPlot::mouseMove, this,
        [this, plot](QMouseEvent *event) { updateCrosshair(plot, plot->xAxis->pixelToCoord(event->position().x())); });
    connect(plot, &QCustomPlot::mouseDoubleClick, this, &MetricsPanel::backToLive);
    connect(plot, &QCustomPlot::mousePress, this, [plot](QMouseEvent *event) {
        plot->setSelectionRectMode(event->modifiers() & Qt::ShiftModifier ? QCP::srmCustom : QCP::srmNone);
    });
    connect(plot->selectionRect(), &QCPSelectionRect::accepted, this, [this, plot](const QRect &rect, QMouseEvent *) {
        const double a = plot->xAxis->pixelToCoord(rect.left());
        const double b = plot->xAxis->pixelToCoord(rect.right());
        plot->setSelectionRectMode(QCP::srmNone);
        Q_EMIT timeSpanSelected(qint64(std::min(a, b) * 1000), qint64(std::max(a, b) * 1000));
    });
    connect(plot, &QCustomPlot::legendClick, this, [plot](QCPLegend *, QCPAbstractLegendItem *item, QMouseEvent *) {
        // Clicking a legend entry hides or shows its series.
        if (auto *plItem = qobject_cast<QCPPlottableLegendItem *>(item)) {
            auto *graph = plItem->plottable();
            graph->setVisible(!graph->visible());
            plItem->setTextColor(plot->palette().color(graph->visible() ? QPalette::Text : QPalette::PlaceholderText));
            plot->replot(QCustomPlot::rpQueuedReplot);
        }
    });
    return plot;
}

void MetricsPanel::setProvider(ChartProvider provider)
{
    m_provider = std::move(provider);
    refresh();
}

void MetricsPanel::showService(const QString &service, const QString &instance)
{
    const int serviceIndex = m_service->findData(service);
    if (serviceIndex >= 0)
        m_service->setCurrentIndex(serviceIndex);
    else if (!service.isEmpty()) {
        m_service->addItem(service, service);
        m_service->setCurrentIndex(m_service->count() - 1);
    }
    if (instance.isEmpty() || m_service->currentData().toString() != service) {
        m_instance->clear();
        m_instance->addItem(tr("All instances"), QString());
    }
    if (!instance.isEmpty()) {
        if (m_instance->findData(instance) < 0)
            m_instance->addItem(instance, instance);
        m_instance->setCurrentIndex(m_instance->findData(instance));
    }
    refresh();
}

void MetricsPanel::setRangeSeconds(qint64 seconds)
{
    m_rangeSeconds = seconds;
    const int index = m_range->findData(seconds);
    if (index >= 0)
        m_range->setCurrentIndex(index);
    backToLive(); // choosing a range means "the last N minutes"
}

void MetricsPanel::refresh()
{
    if (!m_provider || !isVisible())
        return;
    ChartRequest request;
    request.service = m_service->currentData().toString();
    request.instance = m_instance->currentData().toString();
    if (m_live) {
        request.toMs = QDateTime::currentMSecsSinceEpoch();
        request.fromMs = request.toMs - m_rangeSeconds * 1000;
    } else {
        // Zoomed or panned into the past: ask for what is on screen.
        const auto range = m_plots.first()->xAxis->range();
        request.fromMs = qint64(range.lower * 1000);
        request.toMs = qint64(range.upper * 1000);
    }
    // Aim for about one point per two pixels of width.
    const int width = std::max(200, m_plots.first()->axisRect()->width());
    request.stepMs = std::max<qint64>(1000, (request.toMs - request.fromMs) / (width / 2));
    m_query.run([provider = m_provider, request] { return provider(request); },
        [this](const ChartData &chartData) { applyData(chartData); });
}

void MetricsPanel::fillGraphs(QCustomPlot *plot, const QList<ChartSeries> &series)
{
    while (plot->graphCount() > series.size())
        plot->removeGraph(plot->graphCount() - 1);
    double maxValue = 0;
    for (int i = 0; i < series.size(); ++i) {
        QCPGraph *graph = i < plot->graphCount() ? plot->graph(i) : plot->addGraph();
        const QString name = legendText(series.at(i).name);
        if (graph->name() != name) {
            graph->setName(name);
            graph->setPen(QPen(kSeriesColors.at(i % kSeriesColors.size()), 1.6));
        }
        graph->setData(series.at(i).keys, series.at(i).values, true);
        if (graph->visible()) {
            for (double v : series.at(i).values)
                maxValue = std::max(maxValue, v);
        }
    }
    plot->yAxis->setRange(0, maxValue > 0 ? maxValue * 1.15 : 1);
    // An empty legend box says nothing; the empty note in the middle of the chart says why.
    bool anyPoints = false;
    for (const auto &s : series)
        anyPoints = anyPoints || !s.keys.isEmpty();
    plot->legend->setVisible(anyPoints);
}

void MetricsPanel::applyData(const ChartData &chartData)
{
    updateSelectors(chartData);
    fillGraphs(m_plots.at(0), chartData.requestRate);
    fillGraphs(m_plots.at(1), chartData.errorRate);
    fillGraphs(m_plots.at(2), chartData.latency);
    const double now = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
    m_syncing = true;
    for (auto *plot : std::as_const(m_plots)) {
        if (m_live)
            plot->xAxis->setRange(now - double(m_rangeSeconds), now);
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
    m_syncing = false;
    m_anyScrape = !chartData.services.isEmpty();
    m_coveredMs = chartData.coveredMs;
    m_requestedMs = chartData.requestedMs;
    m_points = 0;
    for (const auto &s : chartData.requestRate)
        m_points += int(s.keys.size());
    updateEmptyNotes();
    updateStatus();
}

void MetricsPanel::backToLive()
{
    m_live = true;
    const double now = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
    m_syncing = true;
    for (auto *plot : std::as_const(m_plots)) {
        plot->xAxis->setRange(now - double(m_rangeSeconds), now);
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
    m_syncing = false;
    updateStatus();
    refresh();
}

QString MetricsPanel::statusText() const
{
    return m_live ? m_status->text() : m_status->text() + QLatin1Char(' ') + m_backToLive->text();
}

void MetricsPanel::updateStatus()
{
    m_liveButton->setVisible(!m_live);
    if (!m_live) {
        // The header must never say "live" about a window into the past.
        const auto range = m_plots.first()->xAxis->range();
        const auto from = QDateTime::fromMSecsSinceEpoch(qint64(range.lower * 1000));
        const auto to = QDateTime::fromMSecsSinceEpoch(qint64(range.upper * 1000));
        const QString format = range.size() >= 86400 ? QStringLiteral("MM-dd HH:mm")
            : range.size() >= 120                    ? QStringLiteral("HH:mm")
                                                     : QStringLiteral("HH:mm:ss");
        m_status->setText(tr("viewing %1–%2 ·").arg(from.toString(format), to.toString(format)));
        return;
    }
    const QString updated = QTime::currentTime().toString(QStringLiteral("HH:mm:ss"));
    // A few seconds short of the range is the wait for the next scrape, not missing history.
    const bool warmingUp = m_coveredMs < m_requestedMs - 5'000;
    if (!m_anyScrape)
        m_status->setText(tr("waiting for the first scrape…"));
    else if (m_points == 0)
        m_status->setText(tr("live · no data yet"));
    else if (warmingUp)
        m_status->setText(tr("live · warming up: %1 of %2 recorded · updated %3")
                              .arg(span(m_coveredMs), span(m_requestedMs), updated));
    else
        m_status->setText(tr("live · updated %1").arg(updated));
    m_status->setToolTip(warmingUp ? tr("The recording covers only part of the range shown (the console started "
                                        "recently, or scrapes stopped for a while); the charts are empty before it.")
                                   : QString());
}

void MetricsPanel::updateEmptyNotes()
{
    for (int i = 0; i < m_plots.size(); ++i) {
        auto *plot = m_plots.at(i);
        bool anyPoints = false;
        for (int g = 0; g < plot->graphCount(); ++g)
            anyPoints = anyPoints || !plot->graph(g)->data()->isEmpty();
        auto *note = m_emptyNotes.at(i);
        note->setText(m_anyScrape ? tr("No data in this range") : tr("Waiting for the first scrape…"));
        note->setColor(plot->palette().color(QPalette::PlaceholderText));
        note->setVisible(!anyPoints);
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

void MetricsPanel::showContextMenu(QCustomPlot *plot, const QPoint &pos)
{
    QMenu menu(this);
    menu.addAction(m_filterLogs);
    if (!m_live)
        menu.addAction(m_backToLive);
    menu.exec(plot->mapToGlobal(pos));
}

bool MetricsPanel::eventFilter(QObject *watched, QEvent *event)
{
    // A readout belongs to the chart under the mouse; one left behind would show a stale time and value.
    if (event->type() == QEvent::Leave) {
        if (auto *plot = qobject_cast<QCustomPlot *>(watched); plot && m_plots.contains(plot))
            hideCrosshair(plot);
    }
    return QWidget::eventFilter(watched, event);
}

void MetricsPanel::hideCrosshair(QCustomPlot *plot)
{
    const int index = int(m_plots.indexOf(plot));
    if (index < 0 || !m_readouts.at(index)->visible())
        return;
    m_crosshairs.at(index)->setVisible(false);
    m_readouts.at(index)->setVisible(false);
    plot->replot(QCustomPlot::rpQueuedReplot);
}

void MetricsPanel::updateSelectors(const ChartData &chartData)
{
    for (const auto &service : chartData.services) {
        if (m_service->findData(service) < 0)
            m_service->addItem(service, service);
    }
    for (const auto &instance : chartData.instances) {
        if (m_instance->findData(instance) < 0)
            m_instance->addItem(instance, instance);
    }
}

void MetricsPanel::syncRanges(QCustomPlot *source)
{
    if (m_syncing)
        return;
    // A manual zoom or pan on one chart leaves live mode and moves all charts together.
    m_live = false;
    m_syncing = true;
    for (auto *plot : std::as_const(m_plots)) {
        if (plot != source) {
            plot->xAxis->setRange(source->xAxis->range());
            plot->replot(QCustomPlot::rpQueuedReplot);
        }
    }
    m_syncing = false;
    updateStatus();
    updateEmptyNotes();
}

void MetricsPanel::updateCrosshair(QCustomPlot *plot, double key)
{
    const int index = int(m_plots.indexOf(plot));
    if (index < 0)
        return;
    auto *line = m_crosshairs.at(index);
    auto *readout = m_readouts.at(index);
    line->point1->setCoords(key, 0);
    line->point2->setCoords(key, 1);
    line->setVisible(true);
    QStringList parts { QDateTime::fromMSecsSinceEpoch(qint64(key * 1000)).toString(QStringLiteral("HH:mm:ss")) };
    for (int i = 0; i < plot->graphCount(); ++i) {
        auto *graph = plot->graph(i);
        if (!graph->visible() || graph->data()->isEmpty())
            continue;
        auto it = graph->data()->findBegin(key);
        if (it != graph->data()->constEnd())
            parts << QStringLiteral("%1 %2").arg(graph->name()).arg(it->value, 0, 'f', 2);
    }
    readout->setText(parts.join(QStringLiteral("   ")));
    QColor background = plot->palette().color(QPalette::Base); // follows the theme, like the rest of the plot
    background.setAlpha(220);
    readout->setBrush(background);
    readout->setColor(plot->palette().color(QPalette::Text));
    readout->setVisible(true);
    plot->replot(QCustomPlot::rpQueuedReplot);
}
