#include "statuslabel.h"

StatusLabel::StatusLabel(const QString &objectName, QWidget *parent)
    : QLabel(parent)
{
    setObjectName(objectName);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
}

void StatusLabel::showMessage(const QString &text, bool error)
{
    m_error = error;
    setText(text);
    setStyleSheet(error ? QStringLiteral("color: #c62828;") : QString());
}
