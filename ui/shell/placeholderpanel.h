#pragma once

#include <QWidget>

// Stands in a dock until its real panel is wired, and says what the panel will show.
class PlaceholderPanel : public QWidget
{
    Q_OBJECT
public:
    PlaceholderPanel(const QString &title, const QString &description, QWidget *parent = nullptr);
};
