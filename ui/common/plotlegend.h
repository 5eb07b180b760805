#pragma once

class QCustomPlot;

// Where a chart's legend goes. QCustomPlot puts it inside the axis rect by default, on top of the curves
// it explains; on a busy chart it hides exactly the spike someone is looking for. Every chart of the app
// and of the reports puts it in a row of its own above the data instead.
namespace PlotLegend {

// Moves the legend out of the axis rect into a one-line row above it, entries side by side.
void placeAboveData(QCustomPlot *plot);

} // namespace PlotLegend
