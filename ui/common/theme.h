#pragma once

#include <QString>

class QApplication;

// Light and dark palettes on the Fusion style, so the window looks the same on every desktop.
namespace Theme {

enum class Kind { Light, Dark };

void apply(Kind kind);
Kind current();
QString name(Kind kind);
Kind fromName(const QString &name);

} // namespace Theme
