#pragma once

#include <functional>
#include <QString>

class QWidget;

// Asks before a destructive action, without blocking the event loop: a window-modal message box whose
// confirm button names the action ("Kill", "Roll Back", "Remove"); Cancel (or Escape) leaves everything
// as it was. onConfirm runs only after the confirm button. The box is deleted when it closes; it carries
// objectName (confirm button: objectName + "Confirm", cancel: objectName + "Cancel") so tests and
// accessibility tools can find it.
namespace Confirmation {

void ask(QWidget *parent, const QString &objectName, const QString &title, const QString &text,
    const QString &confirmText, std::function<void()> onConfirm);

} // namespace Confirmation
