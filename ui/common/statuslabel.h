#pragma once

#include <QLabel>

// The one-line status under a panel: what the panel is doing or what just went wrong. Errors are shown in
// red; the text stays selectable so an operator can copy an error message.
class StatusLabel : public QLabel
{
    Q_OBJECT
public:
    explicit StatusLabel(const QString &objectName, QWidget *parent = nullptr);

    void showMessage(const QString &text, bool error = false);
    bool isError() const { return m_error; }

private:
    bool m_error = false;
};
