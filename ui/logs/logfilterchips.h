#pragma once

#include <QList>
#include <QWidget>

class QHBoxLayout;

// One removable "chip" per active log filter (time span, level, service, text…), so the operator always
// sees why rows are missing and can drop any one filter with its ×, or all of them at once.
class LogFilterChips : public QWidget
{
    Q_OBJECT
public:
    struct Chip
    {
        QString id; // "span", "level", "service", "text"
        QString text;
    };

    explicit LogFilterChips(QWidget *parent = nullptr);

    // Replaces the chips; the bar hides itself when there are none.
    void setChips(const QList<Chip> &chips);
    QStringList chipIds() const;
    QString chipText(const QString &id) const;

Q_SIGNALS:
    void removeRequested(const QString &id);
    void clearAllRequested();

private:
    QHBoxLayout *m_layout;
    QList<Chip> m_chips;
};
