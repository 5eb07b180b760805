#pragma once

class QCustomPlot;

// QCustomPlot paints with its own fixed colours (white background, black axes) whatever the widget
// palette says. These colour a plot from the palette instead, so charts follow the light and dark themes.
namespace PlotTheme {

// Background, axes, ticks, labels, grid and legend from the plot's current palette.
void apply(QCustomPlot *plot);
// apply() now and again whenever the palette changes (a theme switch), with a replot.
void follow(QCustomPlot *plot);

} // namespace PlotTheme
