#include "theme.h"

#include <memory>
#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace {
Theme::Kind g_current = Theme::Kind::Light;

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x23, 0x27, 0x2e);
    const QColor base(0x1b, 0x1e, 0x24);
    const QColor text(0xe6, 0xe8, 0xeb);
    const QColor highlight(0x3d, 0x8e, 0xdb);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x8b, 0x93, 0x9e));
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, highlight.lighter(130));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x6b, 0x72, 0x7c));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x6b, 0x72, 0x7c));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x6b, 0x72, 0x7c));
    return p;
}

QPalette lightPalette()
{
    // Only the palette is wanted; the style object itself is not kept (nor owned by anyone else).
    const std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p = fusion->standardPalette();
    p.setColor(QPalette::Window, QColor(0xf3, 0xf4, 0xf6));
    p.setColor(QPalette::AlternateBase, QColor(0xf7, 0xf8, 0xfa));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x74, 0xc0));
    return p;
}
} // namespace

namespace Theme {

void apply(Kind kind)
{
    g_current = kind;
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(kind == Kind::Dark ? darkPalette() : lightPalette());
}

Kind current()
{
    return g_current;
}

QString name(Kind kind)
{
    return kind == Kind::Dark ? QStringLiteral("dark") : QStringLiteral("light");
}

Kind fromName(const QString &name)
{
    return name == QLatin1String("dark") ? Kind::Dark : Kind::Light;
}

} // namespace Theme
