#pragma once

#include "telemetry/topologysnapshot.h"

#include <QRectF>

class QPainter;

// Draws a topology snapshot for print: services as boxes coloured by health, calls as arrows labelled
// with their rate, laid out left to right (callers first) by the same Graphviz layout as the console.
namespace TopologyPainter {
void paint(QPainter *painter, const TopologySnapshot &snapshot, const QRectF &area);
}
