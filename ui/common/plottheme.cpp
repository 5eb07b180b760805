#include "plottheme.h"

#include <qcustomplot.h>
#include <QEvent>

namespace {

class PaletteFollower : public QObject
{
public:
    explicit PaletteFollower(QCustomPlot *plot)
        : QObject(plot)
        , m_plot(plot)
    { }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_plot && event->type() == QEvent::PaletteChange) {
            PlotTheme::apply(m_plot);
            m_plot->replot(QCustomPlot::rpQueuedReplot);
        }
        return false;
    }

private:
    QCustomPlot *m_plot;
};

} // namespace

namespace PlotTheme {

void apply(QCustomPlot *plot)
{
    const QPalette palette = plot->palette();
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    // Grid lines a quarter of the way from the background to the text: visible, never loud.
    const auto mix = [&](double share) {
        return QColor::fromRgbF(base.redF() + (text.redF() - base.redF()) * share,
            base.greenF() + (text.greenF() - base.greenF()) * share,
            base.blueF() + (text.blueF() - base.blueF()) * share);
    };
    plot->setBackground(base);
    for (auto *rect : plot->axisRects()) {
        for (auto *axis : rect->axes()) {
            axis->setBasePen(QPen(mix(0.6), 1));
            axis->setTickPen(QPen(mix(0.6), 1));
            axis->setSubTickPen(QPen(mix(0.45), 1));
            axis->setTickLabelColor(text);
            axis->setLabelColor(text);
            axis->grid()->setPen(QPen(mix(0.22), 1, Qt::DotLine));
            axis->grid()->setSubGridPen(QPen(mix(0.12), 1, Qt::DotLine));
            axis->grid()->setZeroLinePen(QPen(mix(0.35), 1));
        }
    }
    QColor legendBackground = base;
    legendBackground.setAlpha(215);
    plot->legend->setBrush(legendBackground);
    plot->legend->setBorderPen(QPen(mix(0.35), 1));
    plot->legend->setTextColor(text);
    plot->legend->setSelectedTextColor(palette.color(QPalette::Highlight));
}

void follow(QCustomPlot *plot)
{
    apply(plot);
    plot->installEventFilter(new PaletteFollower(plot));
}

} // namespace PlotTheme
