#include "plotlegend.h"

#include <qcustomplot.h>

namespace PlotLegend {

void placeAboveData(QCustomPlot *plot)
{
    if (plot->legend->layout() != plot->axisRect()->insetLayout())
        return; // already placed
    auto *layout = plot->plotLayout();
    // A sub-grid keeps the legend at its natural width, right-aligned, instead of stretched over the row.
    auto *row = new QCPLayoutGrid;
    layout->insertRow(0);
    layout->addElement(0, 0, row);
    layout->setRowStretchFactor(0, 0.001);
    layout->setRowSpacing(0);
    row->setMargins(QMargins(0, 2, 6, 0));
    row->addElement(0, 0, new QCPLayoutElement(plot)); // takes the free space to the left
    row->addElement(0, 1, plot->legend);
    row->setColumnStretchFactor(0, 1);
    row->setColumnStretchFactor(1, 0.001);
    plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    plot->legend->setWrap(8);
    plot->legend->setMargins(QMargins(4, 1, 4, 1));
    plot->legend->setRowSpacing(0);
    plot->legend->setColumnSpacing(10);
}

} // namespace PlotLegend
