#pragma once

#include "alerting/alertevent.h"

#include <QColor>
#include <QString>

// The one word and one colour of every alert state, wherever an alert is shown (Alerts dock, history,
// banner, reports). "silenced" is how any active alert reads while a silence covers it.
namespace AlertStateStyle {

QString word(AlertState state); // translated: inactive, pending, firing, resolved, no data, error
QColor color(AlertState state);
QString silencedWord();
QColor silencedColor();

// What a status shows: "silenced" for an active alert a silence covers, else its state's word.
bool readsSilenced(const AlertStatus &status);
QString word(const AlertStatus &status);
QColor color(const AlertStatus &status);

// "silenced by alice until 14:30 — deploy in progress"; empty without a silence.
QString silenceText(const Silence &silence);
// The engine's reason for a transition ("deregistered", "scrape failing", "no data"), translated.
QString reasonText(const QString &reason);
// "firing → no data (scrape failing)", with " (silenced)" when a silence held the event back.
QString transitionText(const AlertEvent &event);

} // namespace AlertStateStyle
