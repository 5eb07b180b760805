#include "pagecomposer.h"

#include "reportstyle.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QPdfWriter>

namespace {

constexpr double kMargin = 56; // about 15 mm
constexpr double kHeaderHeight = 28;
constexpr double kFooterHeight = 28;
constexpr double kRowPadding = 4;

} // namespace

PageComposer::PageComposer(QPdfWriter *writer, QPainter *painter, QString headerText, int totalPages)
    : m_writer(writer)
    , m_painter(painter)
    , m_header(std::move(headerText))
    , m_totalPages(totalPages)
{
    const double width = writer->width();
    const double height = writer->height();
    m_content = QRectF(
        kMargin, kMargin + kHeaderHeight, width - 2 * kMargin, height - 2 * kMargin - kHeaderHeight - kFooterHeight);
    m_y = m_content.top();
    decorate();
}

void PageComposer::decorate()
{
    m_painter->save();
    const double width = m_writer->width();
    const double height = m_writer->height();
    m_painter->setFont(ReportStyle::font(7.5));
    m_painter->setPen(ReportStyle::muted());
    const QRectF header(kMargin, kMargin, width - 2 * kMargin, kHeaderHeight - 10);
    m_painter->drawText(header, Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("Flightdeck"));
    m_painter->drawText(header, Qt::AlignRight | Qt::AlignVCenter, m_header);
    m_painter->setPen(QPen(ReportStyle::accent(), 0.8));
    m_painter->drawLine(
        QPointF(kMargin, kMargin + kHeaderHeight - 6), QPointF(width - kMargin, kMargin + kHeaderHeight - 6));
    m_painter->setPen(QPen(QColor(0xcc, 0xcc, 0xcc), 0.6));
    const double footerTop = height - kMargin - kFooterHeight + 8;
    m_painter->drawLine(QPointF(kMargin, footerTop), QPointF(width - kMargin, footerTop));
    m_painter->setPen(ReportStyle::muted());
    const QString number = m_totalPages > 0
        ? QCoreApplication::translate("PageComposer", "Page %1 of %2").arg(m_page).arg(m_totalPages)
        : QCoreApplication::translate("PageComposer", "Page %1").arg(m_page);
    m_painter->drawText(QRectF(kMargin, footerTop + 4, width - 2 * kMargin, kFooterHeight - 10),
        Qt::AlignRight | Qt::AlignVCenter, number);
    m_painter->restore();
}

void PageComposer::newPage()
{
    m_writer->newPage();
    ++m_page;
    m_y = m_content.top();
    decorate();
}

void PageComposer::ensureSpace(double height)
{
    if (m_y + height > m_content.bottom() && m_y > m_content.top())
        newPage();
}

void PageComposer::title(const QString &text, const QString &subtitle)
{
    m_painter->setFont(ReportStyle::font(22, true));
    m_painter->setPen(ReportStyle::accent());
    const double titleHeight = QFontMetricsF(m_painter->font()).height();
    m_painter->drawText(QRectF(left(), m_y, contentWidth(), titleHeight), Qt::AlignLeft, text);
    m_y += titleHeight + 4;
    paragraph(subtitle, true);
    m_y += 10;
}

void PageComposer::heading(const QString &text)
{
    m_painter->setFont(ReportStyle::font(14, true));
    const double height = QFontMetricsF(m_painter->font()).height();
    ensureSpace(height + 60);
    m_y += 6;
    m_painter->setPen(ReportStyle::accent());
    m_painter->drawText(QRectF(left(), m_y, contentWidth(), height), Qt::AlignLeft | Qt::AlignVCenter, text);
    m_y += height + 2;
    m_painter->setPen(QPen(ReportStyle::accent(), 1.2));
    m_painter->drawLine(QPointF(left(), m_y), QPointF(left() + contentWidth(), m_y));
    m_y += 8;
}

void PageComposer::subheading(const QString &text)
{
    m_painter->setFont(ReportStyle::font(10, true));
    const double height = QFontMetricsF(m_painter->font()).height();
    ensureSpace(height + 40);
    m_painter->setPen(QColor(0x22, 0x2b, 0x36));
    m_painter->drawText(QRectF(left(), m_y, contentWidth(), height), Qt::AlignLeft | Qt::AlignVCenter, text);
    m_y += height + 4;
}

void PageComposer::paragraph(const QString &text, bool muted)
{
    m_painter->setFont(ReportStyle::font(9));
    m_painter->setPen(muted ? ReportStyle::muted() : QColor(0x22, 0x2b, 0x36));
    const QRectF bounds = m_painter->boundingRect(QRectF(left(), m_y, contentWidth(), 10'000), Qt::TextWordWrap, text);
    ensureSpace(bounds.height());
    m_painter->drawText(QRectF(left(), m_y, contentWidth(), bounds.height()), Qt::TextWordWrap, text);
    m_y += bounds.height() + 6;
}

void PageComposer::table(const QList<Column> &columns, const QList<QStringList> &rows)
{
    const QFont bodyFont = ReportStyle::font(8);
    const QFont headFont = ReportStyle::font(8, true);
    const double lineHeight = QFontMetricsF(bodyFont).height();
    QList<double> xs;
    double total = 0;
    for (const auto &column : columns)
        total += column.width;
    double x = left();
    for (const auto &column : columns) {
        xs.append(x);
        x += contentWidth() * column.width / total;
    }
    xs.append(left() + contentWidth());

    auto rowHeight = [&](const QStringList &cells, const QFont &font) {
        m_painter->setFont(font);
        double height = lineHeight;
        for (int c = 0; c < columns.size(); ++c) {
            const QRectF r = m_painter->boundingRect(
                QRectF(0, 0, xs[c + 1] - xs[c] - 2 * kRowPadding, 10'000), Qt::TextWordWrap, cells.value(c));
            height = std::max(height, r.height());
        }
        return height + 2 * kRowPadding;
    };
    auto drawRow = [&](const QStringList &cells, const QFont &font, double height, bool header, bool shaded) {
        if (header || shaded)
            m_painter->fillRect(QRectF(left(), m_y, contentWidth(), height),
                header ? ReportStyle::tableHeader() : QColor(0xf7, 0xf9, 0xfb));
        m_painter->setFont(font);
        m_painter->setPen(header ? ReportStyle::accent() : QColor(0x22, 0x2b, 0x36));
        for (int c = 0; c < columns.size(); ++c) {
            const QRectF cell(
                xs[c] + kRowPadding, m_y + kRowPadding, xs[c + 1] - xs[c] - 2 * kRowPadding, height - 2 * kRowPadding);
            m_painter->drawText(cell, int(columns[c].align | Qt::AlignVCenter) | Qt::TextWordWrap, cells.value(c));
        }
        m_painter->setPen(QPen(QColor(0xd5, 0xdb, 0xe1), 0.6));
        m_painter->drawLine(QPointF(left(), m_y + height), QPointF(left() + contentWidth(), m_y + height));
        m_y += height;
    };

    QStringList titles;
    for (const auto &column : columns)
        titles.append(column.title);
    const double headHeight = rowHeight(titles, headFont);
    ensureSpace(headHeight + (rows.isEmpty() ? 0 : rowHeight(rows.first(), bodyFont)));
    drawRow(titles, headFont, headHeight, true, false);
    for (int i = 0; i < rows.size(); ++i) {
        const double height = rowHeight(rows[i], bodyFont);
        if (m_y + height > m_content.bottom()) {
            newPage();
            drawRow(titles, headFont, headHeight, true, false);
        }
        drawRow(rows[i], bodyFont, height, false, i % 2 == 1);
    }
    m_y += 10;
}

void PageComposer::block(double height, const std::function<void(const QRectF &)> &draw)
{
    ensureSpace(height);
    m_painter->save();
    draw(QRectF(left(), m_y, contentWidth(), height));
    m_painter->restore();
    m_y += height;
}

void PageComposer::finish()
{
    m_painter->end();
}
