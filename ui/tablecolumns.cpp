#include "tablecolumns.h"

#include <QApplication>
#include <QHeaderView>
#include <QHelpEvent>
#include <QSettings>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTimer>
#include <QToolTip>

namespace {

// Shows the whole text of a cell as its tooltip when the cell shows it elided (and the model offers no
// tooltip of its own).
class ElidedTooltipDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
        const QModelIndex &index) override
    {
        if (event->type() == QEvent::ToolTip && index.isValid() && !index.data(Qt::ToolTipRole).isValid()) {
            const QString text = index.data(Qt::DisplayRole).toString();
            QStyleOptionViewItem styled = option;
            initStyleOption(&styled, index);
            const QStyle *style = view->style();
            const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, view) + 1;
            const QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &styled, view);
            if (!text.isEmpty() && styled.fontMetrics.horizontalAdvance(text) > textRect.width() - 2 * margin) {
                QToolTip::showText(event->globalPos(), text, view->viewport(), option.rect);
                return true;
            }
            QToolTip::hideText();
            return true;
        }
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    }
};

QString settingsPath(const QString &key)
{
    return QStringLiteral("tables/%1/header").arg(key);
}

} // namespace

namespace TableColumns {

int widthFor(const QTableView *view, const QString &text)
{
    // QStyledItemDelegate lays text out inside the cell minus the focus-frame margin on each side, and
    // the grid line takes one more pixel.
    const int margin = view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, view) + 1;
    return view->fontMetrics().horizontalAdvance(text) + 2 * margin + 2;
}

void setup(QTableView *view, const QString &settingsKey, const QList<Sample> &samples)
{
    view->setTextElideMode(Qt::ElideMiddle);
    view->setWordWrap(false);
    view->setItemDelegate(new ElidedTooltipDelegate(view));
    auto *header = view->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    header->setMinimumSectionSize(40);
    const QFontMetrics headerMetrics(header->font());
    // Title plus room for the sort arrow and the header's own padding.
    const int headerPadding = header->style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, header) * 2
        + header->style()->pixelMetric(QStyle::PM_HeaderMarkSize, nullptr, header) + 4;
    for (const auto &sample : samples) {
        const QString title = view->model()->headerData(sample.column, Qt::Horizontal).toString();
        view->setColumnWidth(sample.column,
            std::max(widthFor(view, sample.text), headerMetrics.horizontalAdvance(title) + headerPadding));
    }

    const QString path = settingsPath(settingsKey);
    const QByteArray saved = QSettings().value(path).toByteArray();
    if (!saved.isEmpty())
        header->restoreState(saved);
    // Saving on every pixel of a drag would be wasteful; once the operator lets go is enough.
    auto *save = new QTimer(header);
    save->setSingleShot(true);
    save->setInterval(300);
    QObject::connect(
        save, &QTimer::timeout, header, [header, path] { QSettings().setValue(path, header->saveState()); });
    auto schedule = [save] { save->start(); };
    QObject::connect(header, &QHeaderView::sectionResized, save, schedule);
    QObject::connect(header, &QHeaderView::sectionMoved, save, schedule);
    QObject::connect(header, &QHeaderView::sortIndicatorChanged, save, schedule);
}

} // namespace TableColumns
