#include "servicedetailspanel.h"

#include "common/healthstyle.h"
#include "common/tablecolumns.h"
#include "healthtimelineview.h"
#include "instancetablemodel.h"
#include "logs/logfilterproxy.h"
#include "logs/logtablemodel.h"
#include "telemetry/timeseriesstore.h"

#include <algorithm>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

ServiceDetailsPanel::ServiceDetailsPanel(const TimeSeriesStore *store, LogTableModel *logs, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_title(new QLabel(tr("Select a service or a call in the topology"), this))
    , m_summary(new QLabel(this))
    , m_instances(new InstanceTableModel(this))
    , m_instanceView(new QTableView(this))
    , m_timeline(new HealthTimelineView(this))
    , m_faultBox(new QWidget(this))
    , m_logs(new LogFilterProxy(this))
{
    setObjectName(QStringLiteral("serviceDetails"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_title->setFont(titleFont);
    m_title->setObjectName(QStringLiteral("detailsTitle"));
    m_summary->setObjectName(QStringLiteral("detailsSummary"));
    m_summary->setForegroundRole(QPalette::PlaceholderText);
    m_summary->setWordWrap(true); // a long summary (an incomplete-figures warning) wraps within the dock

    m_instanceView->setObjectName(QStringLiteral("detailsInstances"));
    m_instanceView->setModel(m_instances);
    m_instanceView->verticalHeader()->hide();
    m_instanceView->setSelectionBehavior(QAbstractItemView::SelectRows);
    TableColumns::setup(m_instanceView, QStringLiteral("detailsInstances"),
        { { InstanceTableModel::IdColumn, QStringLiteral("order-history-12") },
            { InstanceTableModel::AddressColumn, QStringLiteral("127.0.0.1:65535") },
            { InstanceTableModel::HealthColumn, QStringLiteral("critical") },
            { InstanceTableModel::RateColumn, QStringLiteral("9999.9") } });
    m_instanceView->setMaximumHeight(170);

    m_logs->setLogSource(logs);
    auto *logView = new QTableView(this);
    m_logView = logView;
    logView->setVisible(false); // until a service is chosen
    logView->setObjectName(QStringLiteral("detailsLogs"));
    logView->setModel(m_logs);
    logView->verticalHeader()->hide();
    logView->setWordWrap(false);
    // The same widths and row height as the log view: an instance id reads unelided, rows stay compact.
    TableColumns::setup(logView, QStringLiteral("detailsLogs"),
        { { LogTableModel::TimeColumn, QStringLiteral("23:59:59.999") },
            { LogTableModel::LevelColumn, QStringLiteral("critical") },
            { LogTableModel::SourceColumn, QStringLiteral("order-history-12345") } });
    logView->verticalHeader()->setDefaultSectionSize(logView->fontMetrics().height() + 4);
    logView->hideColumn(LogTableModel::ServiceColumn);
    // The newest records are what an operator looks for here: keep them in view.
    connect(m_logs, &QAbstractItemModel::rowsInserted, logView, [logView] { logView->scrollToBottom(); });
    connect(m_logs, &QAbstractItemModel::modelReset, logView, [logView] { logView->scrollToBottom(); });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_title);
    layout->addWidget(m_summary);
    m_faultBox->setObjectName(QStringLiteral("detailsFaults"));
    new QVBoxLayout(m_faultBox);
    m_faultBox->layout()->setContentsMargins(0, 0, 0, 0);
    m_faultBox->setVisible(false);
    layout->addWidget(m_faultBox);
    layout->addWidget(new QLabel(tr("Instances"), this));
    layout->addWidget(m_instanceView);
    layout->addWidget(new QLabel(tr("Health, last 15 minutes"), this));
    layout->addWidget(m_timeline);
    layout->addWidget(new QLabel(tr("Recent logs"), this));
    layout->addWidget(logView, 1);
}

void ServiceDetailsPanel::showService(const QString &service)
{
    m_service = service;
    m_callee.clear();
    m_title->setText(service);
    m_logs->setService(service);
    m_logView->setVisible(true);
    m_lastTimelineMs = 0;
    applySnapshot(m_snapshot);
    showFaults();
}

void ServiceDetailsPanel::showEdge(const QString &caller, const QString &callee)
{
    m_service = caller;
    m_callee = callee;
    m_title->setText(QStringLiteral("%1 → %2").arg(caller, callee));
    m_logs->setService(caller);
    m_logView->setVisible(true);
    m_lastTimelineMs = 0;
    applySnapshot(m_snapshot);
    showFaults();
}

void ServiceDetailsPanel::applySnapshot(const TopologySnapshot &snapshot)
{
    m_snapshot = snapshot;
    if (m_service.isEmpty())
        return;
    if (!m_callee.isEmpty()) {
        for (const auto &edge : snapshot.edges) {
            if (edge.caller == m_service && edge.callee == m_callee)
                m_summary->setText(tr("%1 calls/s · %2 % errors · p95 %3 ms")
                                       .arg(edge.rps, 0, 'f', 1)
                                       .arg(edge.errorRatio * 100, 0, 'f', 1)
                                       .arg(edge.p95Ms, 0, 'f', 1));
        }
    }
    double outgoing = 0; // a service that only calls others (traffic) is busy, not idle
    for (const auto &edge : snapshot.edges)
        outgoing += edge.caller == m_service ? edge.rps : 0;
    for (const auto &node : snapshot.nodes) {
        if (node.service != m_service)
            continue;
        m_instances->setInstances(node.instances);
        // Ids of services we did not write can be longer than the sample (a port or a UUID in them): the
        // column grows to show the longest unelided, within half the table, so Address and Health stay visible.
        int idWidth = 0;
        for (const auto &instance : node.instances)
            idWidth = std::max(idWidth, TableColumns::widthFor(m_instanceView, instance.id));
        const int cap = m_instanceView->viewport()->width() / 2;
        if (idWidth > m_instanceView->columnWidth(InstanceTableModel::IdColumn))
            m_instanceView->setColumnWidth(InstanceTableModel::IdColumn, cap > 0 ? std::min(idWidth, cap) : idWidth);
        const auto state = HealthStyle::classifyNode(node, outgoing, HealthStyle::storedThresholds());
        if (!m_callee.isEmpty())
            continue;
        if (node.metricsOff)
            m_summary->setText(tr("%1 · registered with metrics=off: not scraped; its health is the registry's "
                                  "checks, its traffic is unknown")
                                   .arg(HealthStyle::label(state)));
        else if (!node.hasTraffic && node.convention.isEmpty())
            m_summary->setText(
                tr("%1 · no request metrics: its /metrics match none of the conventions read "
                   "(Flightdeck, OpenTelemetry HTTP, Micrometer, prometheus_flask_exporter, Go promhttp)")
                    .arg(HealthStyle::label(state)));
        else if (!node.hasTraffic)
            m_summary->setText(tr("%1 · metrics read as %2 · no requests recorded yet")
                                   .arg(HealthStyle::label(state), node.convention));
        else if (node.requests <= 0)
            m_summary->setText(tr("%1 · 0 req/s · no requests in the window").arg(HealthStyle::label(state)));
        else if (!node.hasLatency)
            m_summary->setText(tr("%1 · %2 req/s · %3 % errors · no latency data (no buckets) · read as %4")
                                   .arg(HealthStyle::label(state))
                                   .arg(node.rps, 0, 'f', 1)
                                   .arg(node.errorRatio * 100, 0, 'f', 1)
                                   .arg(node.convention));
        else
            m_summary->setText(tr("%1 · %2 req/s · %3 % errors · p95 %4 ms · read as %5")
                                   .arg(HealthStyle::label(state))
                                   .arg(node.rps, 0, 'f', 1)
                                   .arg(node.errorRatio * 100, 0, 'f', 1)
                                   .arg(node.p95Ms, 0, 'f', 1)
                                   .arg(node.convention));
        int dropped = 0;
        for (const auto &instance : node.instances)
            dropped += instance.droppedSeries;
        if (dropped > 0)
            m_summary->setText(m_summary->text() + QLatin1Char('\n')
                + tr("Incomplete: %1 of its series were not recorded (the metric store holds its cap of %2 "
                     "series); its rates, errors and percentiles leave them out")
                      .arg(dropped)
                      .arg(snapshot.maxSeries));
    }
    refreshTimeline();
}

void ServiceDetailsPanel::setActiveFaults(const QHash<QString, QString> &faults)
{
    if (faults == m_faults)
        return;
    m_faults = faults;
    showFaults();
}

void ServiceDetailsPanel::showFaults()
{
    auto *layout = m_faultBox->layout();
    while (auto *item = layout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    QStringList instances;
    for (const auto &node : std::as_const(m_snapshot.nodes)) {
        if (node.service != m_service)
            continue;
        for (const auto &instance : node.instances) {
            if (m_faults.contains(instance.id))
                instances << instance.id;
        }
    }
    for (const auto &instance : std::as_const(instances)) {
        auto *row = new QWidget(m_faultBox);
        auto *rowLayout = new QHBoxLayout(row);
        rowLayout->setContentsMargins(0, 0, 0, 0);
        auto *text = new QLabel(tr("Fault on %1: %2").arg(instance, m_faults.value(instance)), row);
        text->setObjectName(QStringLiteral("detailsFault_%1").arg(instance));
        text->setStyleSheet(QStringLiteral("color: #c2410c; font-weight: bold;"));
        auto *clear = new QPushButton(tr("Clear"), row);
        clear->setObjectName(QStringLiteral("detailsClearFault_%1").arg(instance));
        connect(
            clear, &QPushButton::clicked, this, [this, instance] { Q_EMIT clearFaultRequested(m_service, instance); });
        rowLayout->addWidget(text, 1);
        rowLayout->addWidget(clear);
        layout->addWidget(row);
    }
    m_faultBox->setVisible(!instances.isEmpty());
}

void ServiceDetailsPanel::refreshTimeline()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (!m_store || now - m_lastTimelineMs < 5000)
        return;
    m_lastTimelineMs = now;
    const qint64 from = now - 15 * 60'000;
    // Switching service asks again at once; the answer for the service shown before is dropped.
    m_timelineQuery.run(
        [store = m_store, service = m_service, from, now] { return instanceHealthLanes(*store, service, from, now); },
        [this, from, now](const QList<InstanceHealthLane> &lanes) { m_timeline->setLanes(lanes, from, now); });
}
