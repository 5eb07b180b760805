// The build-time icon renderer: every hicolor size from the one SVG, each the right size and really drawn
// (transparent rounded corners, an opaque multi-coloured body), and clear failures on bad input.
#include "testprocess.h"

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

namespace {

QList<int> iconSizes()
{
    QList<int> sizes;
    for (const auto &text : TestProcess::env("FLIGHTDECK_ICON_SIZES").split(QLatin1Char(','), Qt::SkipEmptyParts))
        sizes << text.toInt();
    return sizes;
}

QString svgSource()
{
    return TestProcess::env("FLIGHTDECK_SOURCE_DIR") + QStringLiteral("/resources/icons/flightdeck.svg");
}

QString iconPath(const QString &root, int size)
{
    return QStringLiteral("%1/%2x%2/apps/%3.png").arg(root).arg(size).arg(TestProcess::env("FLIGHTDECK_APP_ID"));
}

// What a real rendering of the icon looks like at any size: see-through corners (the SVG is a rounded
// square), an opaque centre, and more than a couple of colours.
void checkIcon(const QString &path, int size)
{
    QImage image(path);
    QVERIFY2(!image.isNull(), qPrintable(path));
    QCOMPARE(image.size(), QSize(size, size));
    QVERIFY2(image.hasAlphaChannel(), qPrintable(path));
    QCOMPARE(qAlpha(image.pixel(0, 0)), 0);
    QCOMPARE(qAlpha(image.pixel(size - 1, size - 1)), 0);
    QCOMPARE(qAlpha(image.pixel(size / 2, size / 2)), 255);
    QSet<QRgb> colours;
    int opaque = 0;
    for (int y = 0; y < size; ++y) {
        for (int x = 0; x < size; ++x) {
            const QRgb pixel = image.pixel(x, y);
            colours.insert(pixel);
            opaque += qAlpha(pixel) == 255;
        }
    }
    QVERIFY2(colours.size() > 4, qPrintable(QStringLiteral("%1 has %2 colours").arg(path).arg(colours.size())));
    QVERIFY2(opaque > size * size / 2, qPrintable(path)); // the body fills most of the square
}

} // namespace

class TestIconRender : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rendersEveryHicolorSize();
    void buildShipsEverySize();
    void rejectsBadInput();
};

void TestIconRender::rendersEveryHicolorSize()
{
    const auto sizes = iconSizes();
    QVERIFY(sizes.contains(16) && sizes.contains(48) && sizes.contains(256) && sizes.contains(512));
    QTemporaryDir out;
    QStringList arguments { svgSource(), out.path(), TestProcess::env("FLIGHTDECK_APP_ID") };
    for (int size : sizes)
        arguments << QString::number(size);
    const auto result = TestProcess::run(TestProcess::env("FLIGHTDECK_ICONRENDER"), arguments);
    QVERIFY2(result.ok(), qPrintable(result.describe()));
    for (int size : sizes)
        checkIcon(iconPath(out.path(), size), size);
    // Nothing but the requested sizes.
    QCOMPARE(QDir(out.path()).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size(), sizes.size());
}

void TestIconRender::buildShipsEverySize()
{
    // The icons the build rendered for installation, not just the ones rendered above.
    const QString root = TestProcess::env("FLIGHTDECK_BUILD_DIR") + QStringLiteral("/packaging/icons/hicolor");
    for (int size : iconSizes())
        checkIcon(iconPath(root, size), size);
}

void TestIconRender::rejectsBadInput()
{
    QTemporaryDir out;
    const QString tool = TestProcess::env("FLIGHTDECK_ICONRENDER");
    const QString missing = out.filePath(QStringLiteral("missing.svg"));
    auto result = TestProcess::run(tool, { missing, out.path(), QStringLiteral("x"), QStringLiteral("32") });
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.err.contains("cannot read SVG"));

    result = TestProcess::run(tool, { svgSource(), out.path(), QStringLiteral("x"), QStringLiteral("big") });
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 2);

    result = TestProcess::run(tool, { svgSource() });
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 2);
    QVERIFY(!QFileInfo::exists(out.filePath(QStringLiteral("32x32"))));
}

QTEST_GUILESS_MAIN(TestIconRender)
#include "tst_iconrender.moc"
