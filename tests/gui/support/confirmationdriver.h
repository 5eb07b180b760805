#pragma once

#include <QAbstractButton>
#include <QApplication>
#include <QDeadlineTimer>
#include <QMessageBox>
#include <QTest>

// Finds the confirmation box (see Confirmation::ask) with this object name once it is shown, and clicks its
// confirm or cancel button as an operator would. Null / false when no such box appeared within timeoutMs.
inline QMessageBox *waitForConfirmation(const QString &name, int timeoutMs = 5000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        for (auto *widget : QApplication::topLevelWidgets()) {
            auto *box = qobject_cast<QMessageBox *>(widget);
            if (box && box->objectName() == name && box->isVisible())
                return box;
        }
        QTest::qWait(20);
    }
    return nullptr;
}

inline bool answerConfirmation(const QString &name, bool confirm, int timeoutMs = 5000)
{
    auto *box = waitForConfirmation(name, timeoutMs);
    if (!box)
        return false;
    auto *button
        = box->findChild<QAbstractButton *>(name + (confirm ? QStringLiteral("Confirm") : QStringLiteral("Cancel")));
    if (!button)
        return false;
    QTest::mouseClick(button, Qt::LeftButton);
    return true;
}
