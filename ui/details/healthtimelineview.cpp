#include "healthtimelineview.h"

#include "common/healthstyle.h"
#include "common/plottheme.h"

#include <qcustomplot.h>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolTip>
#include <QVBoxLayout>

namespace {
constexpr double kLaneHalfHeight = 0.34;
}

HealthTimelineView::HealthTimelineView(QWidget *parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    m_plot->setObjectName(QStringLiteral("detailsTimeline"));
    m_plot->setFixedHeight(92);
    auto dates = QSharedPointer<QCPAxisTickerDateTime>::create();
    dates->setDateTimeFormat(QStringLiteral("HH:mm"));
    m_plot->xAxis->setTicker(dates);
    m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    m_plot->yAxis->setRangeReversed(true); // the first instance on top
    m_plot->yAxis->grid()->setVisible(false);
    m_plot->yAxis->setSubTicks(false);
    m_plot->yAxis->setTickLength(0, 0);
    // Until the first lanes arrive the axis shows the window that is coming, not 00:00 of 1970.
    const double now = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
    m_plot->xAxis->setRange(now - 15 * 60, now);
    m_emptyNote = new QCPItemText(m_plot);
    m_emptyNote->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_emptyNote->position->setCoords(0.5, 0.5);
    m_emptyNote->setPositionAlignment(Qt::AlignCenter);
    m_emptyNote->setClipToAxisRect(true);
    m_emptyNote->setText(tr("Select a service to see its instances' health"));
    PlotTheme::follow(m_plot);
    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent *event) { showToolTip(event); });

    auto *legend = new QHBoxLayout;
    legend->setContentsMargins(4, 0, 4, 0);
    for (const auto state : { InstanceHealth::Up, InstanceHealth::ChecksFailing, InstanceHealth::Down,
             InstanceHealth::Drained, InstanceHealth::Maintenance, InstanceHealth::Absent }) {
        auto *swatch = new QLabel(this);
        swatch->setFixedSize(10, 10);
        swatch->setStyleSheet(QStringLiteral("background:%1; border-radius:2px;").arg(colorOf(state).name()));
        legend->addWidget(swatch);
        legend->addWidget(new QLabel(nameOf(state), this));
        legend->addSpacing(10);
    }
    legend->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_plot, 1);
    layout->addLayout(legend);
}

QColor HealthTimelineView::colorOf(InstanceHealth state)
{
    // The same colours as the graph and the instance table.
    switch (state) {
    case InstanceHealth::Up:
        return HealthStyle::color(HealthStyle::State::Healthy);
    case InstanceHealth::Down:
        return HealthStyle::color(HealthStyle::State::Failing);
    case InstanceHealth::ChecksFailing:
        return HealthStyle::color(HealthStyle::State::Degraded);
    case InstanceHealth::Drained:
        return HealthStyle::color(HealthStyle::State::Drained);
    case InstanceHealth::Maintenance:
        return HealthStyle::color(HealthStyle::State::Maintenance);
    case InstanceHealth::Absent:
        break;
    }
    return QColor(0x9a, 0xa0, 0xa6);
}

QString HealthTimelineView::nameOf(InstanceHealth state)
{
    switch (state) {
    case InstanceHealth::Up:
        return tr("answering");
    case InstanceHealth::Down:
        return tr("scrape failing");
    case InstanceHealth::ChecksFailing:
        return tr("checks failing");
    case InstanceHealth::Drained:
        return tr("drained");
    case InstanceHealth::Maintenance:
        return tr("maintenance");
    case InstanceHealth::Absent:
        break;
    }
    return tr("not registered");
}

QString HealthTimelineView::emptyText() const
{
    return m_emptyNote->visible() ? m_emptyNote->text() : QString();
}

void HealthTimelineView::setLanes(const QList<InstanceHealthLane> &lanes, qint64 fromMs, qint64 toMs)
{
    m_lanes = lanes;
    // Every item but the note is a segment of the previous lanes.
    for (int i = m_plot->itemCount() - 1; i >= 0; --i) {
        if (m_plot->item(i) != m_emptyNote)
            m_plot->removeItem(i);
    }
    m_emptyNote->setText(tr("No instance recorded in this window"));
    m_emptyNote->setColor(m_plot->palette().color(QPalette::PlaceholderText));
    m_emptyNote->setVisible(lanes.isEmpty());
    auto ticker = m_plot->yAxis->ticker().dynamicCast<QCPAxisTickerText>();
    ticker->clear();
    for (int lane = 0; lane < lanes.size(); ++lane) {
        ticker->addTick(lane, lanes[lane].instance);
        for (const auto &segment : lanes[lane].segments) {
            auto *rect = new QCPItemRect(m_plot);
            rect->topLeft->setCoords(double(segment.fromMs) / 1000.0, lane - kLaneHalfHeight);
            rect->bottomRight->setCoords(double(segment.toMs) / 1000.0, lane + kLaneHalfHeight);
            rect->setPen(Qt::NoPen);
            rect->setBrush(colorOf(segment.state));
            rect->setSelectable(false);
        }
    }
    m_plot->xAxis->setRange(double(fromMs) / 1000.0, double(toMs) / 1000.0);
    m_plot->yAxis->setRange(-0.6, std::max<qsizetype>(1, lanes.size()) - 0.4);
    // Lanes keep a readable height whatever the number of instances; the axis and legend need the rest.
    m_plot->setFixedHeight(int(40 + 26 * std::max<qsizetype>(2, lanes.size())));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

QString HealthTimelineView::describeAt(qint64 ms, int lane) const
{
    if (lane < 0 || lane >= m_lanes.size())
        return {};
    for (const auto &segment : m_lanes[lane].segments) {
        if (ms < segment.fromMs || ms >= segment.toMs)
            continue;
        const auto time
            = [](qint64 t) { return QDateTime::fromMSecsSinceEpoch(t).toString(QStringLiteral("HH:mm:ss")); };
        return tr("%1 from %3 to %4: %2")
            .arg(m_lanes[lane].instance, nameOf(segment.state), time(segment.fromMs), time(segment.toMs));
    }
    return {};
}

void HealthTimelineView::showToolTip(QMouseEvent *event)
{
    const double x = m_plot->xAxis->pixelToCoord(event->position().x());
    const double y = m_plot->yAxis->pixelToCoord(event->position().y());
    const int lane = int(std::lround(y));
    const QString text = std::abs(y - lane) <= kLaneHalfHeight ? describeAt(qint64(x * 1000.0), lane) : QString();
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), text, m_plot);
}
