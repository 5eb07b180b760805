#pragma once

#include <QList>
#include <QString>

class QTableView;

// Column widths of the data tables. A column starts wide enough for a typical value of it (a sample text,
// measured in the view's font), long text is elided in the middle (ids and key paths differ at both ends)
// with the full text as tooltip, and whatever the operator makes of the header (widths, order, sorting)
// is remembered in QSettings under "tables/<key>" across restarts.
namespace TableColumns {

struct Sample
{
    int column;
    QString text; // a typical value; the column starts as wide as this text (or its title) needs
};

// Interactive columns, middle elision with tooltips, initial widths from the samples, the last column
// stretched, and the header state of settingsKey restored now and saved whenever it changes.
void setup(QTableView *view, const QString &settingsKey, const QList<Sample> &samples);
// The width a cell needs to show text unelided in this view: text advance plus the style's cell margins.
int widthFor(const QTableView *view, const QString &text);

} // namespace TableColumns
