// Renders the application's single SVG icon into the PNG sizes of the freedesktop hicolor theme.
// It runs at build time, so the package ships bitmaps drawn by the same SVG renderer the app uses,
// and there is only one icon source to maintain.
//
//   flightdeck-iconrender SOURCE.svg OUTPUT_DIR ICON_NAME SIZE...
//
// writes OUTPUT_DIR/<SIZE>x<SIZE>/apps/ICON_NAME.png for every SIZE. Exit code 0 on success,
// 1 when the SVG cannot be read or a PNG cannot be written, 2 on bad arguments.

#include <cstdio>
#include <QDir>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>

namespace {

int fail(int code, const QString &message)
{
    std::fprintf(stderr, "flightdeck-iconrender: %s\n", qPrintable(message));
    return code;
}

} // namespace

int main(int argc, char *argv[])
{
    // Rendering needs a GUI application for fonts and the raster engine, but never a screen:
    // the build machine may have none.
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 5)
        return fail(2, QStringLiteral("usage: flightdeck-iconrender SOURCE.svg OUTPUT_DIR ICON_NAME SIZE..."));

    QSvgRenderer renderer(args.at(1));
    if (!renderer.isValid())
        return fail(1, QStringLiteral("cannot read SVG %1").arg(args.at(1)));
    const QDir outputDir(args.at(2));
    const QString iconName = args.at(3);

    for (qsizetype i = 4; i < args.size(); ++i) {
        bool ok = false;
        const int size = args.at(i).toInt(&ok);
        if (!ok || size < 8 || size > 4096)
            return fail(2, QStringLiteral("bad icon size '%1' (8 to 4096)").arg(args.at(i)));
        QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        {
            QPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setRenderHint(QPainter::SmoothPixmapTransform);
            renderer.render(&painter, QRectF(0, 0, size, size));
        }
        const QString subdir = QStringLiteral("%1x%1/apps").arg(size);
        if (!outputDir.mkpath(subdir))
            return fail(1, QStringLiteral("cannot create %1").arg(outputDir.filePath(subdir)));
        const QString file = outputDir.filePath(subdir + QLatin1Char('/') + iconName + QStringLiteral(".png"));
        if (!image.convertToFormat(QImage::Format_ARGB32).save(file, "PNG"))
            return fail(1, QStringLiteral("cannot write %1").arg(file));
    }
    return 0;
}
