#include "confirmation.h"

#include <QMessageBox>
#include <QPushButton>

namespace Confirmation {

void ask(QWidget *parent, const QString &objectName, const QString &title, const QString &text,
    const QString &confirmText, std::function<void()> onConfirm)
{
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::NoButton, parent);
    box->setObjectName(objectName);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    auto *confirm = box->addButton(confirmText, QMessageBox::DestructiveRole);
    confirm->setObjectName(objectName + QStringLiteral("Confirm"));
    auto *cancel = box->addButton(QMessageBox::Cancel);
    cancel->setObjectName(objectName + QStringLiteral("Cancel"));
    // Enter must not destroy anything by accident.
    box->setDefaultButton(cancel);
    box->setEscapeButton(cancel);
    QObject::connect(
        box, &QMessageBox::buttonClicked, box, [confirm, onConfirm = std::move(onConfirm)](QAbstractButton *button) {
            if (button == confirm && onConfirm)
                onConfirm();
        });
    box->open();
}

} // namespace Confirmation
