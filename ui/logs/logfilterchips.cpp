#include "logfilterchips.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

LogFilterChips::LogFilterChips(QWidget *parent)
    : QWidget(parent)
    , m_layout(new QHBoxLayout(this))
{
    setObjectName(QStringLiteral("logFilterChips"));
    m_layout->setContentsMargins(4, 0, 4, 4);
    m_layout->setSpacing(6);
    setVisible(false);
}

void LogFilterChips::setChips(const QList<Chip> &chips)
{
    m_chips = chips;
    while (auto *item = m_layout->takeAt(0)) {
        // Later, not now: the × that asked for this change is still inside its clicked() signal.
        if (auto *widget = item->widget()) {
            widget->hide();
            widget->setObjectName(QString());
            for (auto *child : widget->findChildren<QWidget *>())
                child->setObjectName(QString());
            widget->deleteLater();
        }
        delete item;
    }
    if (chips.isEmpty()) {
        setVisible(false);
        return;
    }
    auto *caption = new QLabel(tr("Filtered by:"), this);
    caption->setForegroundRole(QPalette::PlaceholderText);
    m_layout->addWidget(caption);
    for (const auto &chip : chips) {
        auto *frame = new QFrame(this);
        frame->setObjectName(QStringLiteral("logChip_") + chip.id);
        frame->setFrameShape(QFrame::StyledPanel);
        frame->setAutoFillBackground(true);
        frame->setBackgroundRole(QPalette::AlternateBase);
        auto *row = new QHBoxLayout(frame);
        row->setContentsMargins(6, 0, 0, 0);
        row->setSpacing(2);
        auto *label = new QLabel(chip.text, frame);
        label->setObjectName(QStringLiteral("logChipText_") + chip.id);
        row->addWidget(label);
        auto *remove = new QToolButton(frame);
        remove->setObjectName(QStringLiteral("logChipRemove_") + chip.id);
        remove->setText(QStringLiteral("×"));
        remove->setAutoRaise(true);
        remove->setToolTip(tr("Remove this filter"));
        remove->setCursor(Qt::PointingHandCursor);
        row->addWidget(remove);
        const QString id = chip.id;
        connect(remove, &QToolButton::clicked, this, [this, id] { Q_EMIT removeRequested(id); });
        m_layout->addWidget(frame);
    }
    auto *clearAll = new QToolButton(this);
    clearAll->setObjectName(QStringLiteral("logChipsClearAll"));
    clearAll->setText(tr("Clear all (Esc)"));
    clearAll->setAutoRaise(true);
    connect(clearAll, &QToolButton::clicked, this, &LogFilterChips::clearAllRequested);
    m_layout->addWidget(clearAll);
    m_layout->addStretch();
    setVisible(true);
}

QStringList LogFilterChips::chipIds() const
{
    QStringList ids;
    for (const auto &chip : m_chips)
        ids << chip.id;
    return ids;
}

QString LogFilterChips::chipText(const QString &id) const
{
    for (const auto &chip : m_chips) {
        if (chip.id == id)
            return chip.text;
    }
    return {};
}
