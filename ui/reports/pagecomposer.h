#pragma once

#include <functional>
#include <QList>
#include <QRectF>
#include <QString>
#include <QStringList>

class QPainter;
class QPdfWriter;

// Lays out a paginated document on a QPdfWriter top to bottom: a running header and a numbered footer on
// every page, headings, paragraphs, tables whose rows continue on the next page (with the header row
// repeated), and blocks of a fixed height (charts, drawings) that move to a new page when they do not fit.
// Units are 1/96 inch (the writer's resolution), so chart sizes and fonts mean what they do on screen.
class PageComposer
{
public:
    struct Column
    {
        QString title;
        double width; // share of the content width
        Qt::Alignment align = Qt::AlignLeft;
    };

    // totalPages, when known (> 0), makes the footers read "Page N of M".
    PageComposer(QPdfWriter *writer, QPainter *painter, QString headerText, int totalPages = 0);

    double contentWidth() const { return m_content.width(); }
    double left() const { return m_content.left(); }
    double y() const { return m_y; }
    void skip(double height) { m_y += height; }

    void newPage();
    // Starts a new page unless height still fits on this one.
    void ensureSpace(double height);
    void title(const QString &text, const QString &subtitle);
    void heading(const QString &text);
    void subheading(const QString &text);
    void paragraph(const QString &text, bool muted = false);
    void table(const QList<Column> &columns, const QList<QStringList> &rows);
    // A block of the given height at the current position; draw gets its rectangle.
    void block(double height, const std::function<void(const QRectF &)> &draw);
    void finish();
    int pages() const { return m_page; }

private:
    void decorate();

    QPdfWriter *m_writer;
    QPainter *m_painter;
    QString m_header;
    QRectF m_content;
    double m_y = 0;
    int m_page = 1;
    int m_totalPages = 0;
};
