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

// Saves a header's state once the operator lets go of a drag (saving every pixel would be wasteful), and at
// the latest when the table is hidden or the application quits, so a change made just before closing the
// window is kept too.
class HeaderStateSaver : public QObject
{
public:
    HeaderStateSaver(QHeaderView *header, QString path)
        : QObject(header)
        , m_header(header)
        , m_path(std::move(path))
    {
        m_timer.setSingleShot(true);
        m_timer.setInterval(300);
        connect(&m_timer, &QTimer::timeout, this, &HeaderStateSaver::save);
        auto schedule = [this] { m_timer.start(); };
        connect(header, &QHeaderView::sectionResized, this, schedule);
        connect(header, &QHeaderView::sectionMoved, this, schedule);
        connect(header, &QHeaderView::sortIndicatorChanged, this, schedule);
        connect(qApp, &QCoreApplication::aboutToQuit, this, &HeaderStateSaver::saveIfPending);
        header->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_header && event->type() == QEvent::Hide)
            saveIfPending();
        return false;
    }

private:
    void saveIfPending()
    {
        if (m_timer.isActive())
            save();
    }
    void save()
    {
        m_timer.stop();
        QSettings().setValue(m_path, m_header->saveState());
    }

    QHeaderView *m_header;
    QString m_path;
    QTimer m_timer;
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
    new HeaderStateSaver(header, path);
}

} // namespace TableColumns
