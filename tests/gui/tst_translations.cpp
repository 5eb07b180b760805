// The interface in Simplified Chinese: the embedded translation loads, menus and docks speak Chinese, the
// glyphs are real (not boxes for missing characters), and the language choice is stored and follows
// the locale.
#include "shell/languagemanager.h"
#include "shell/mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QMenuBar>
#include <QPainter>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>

namespace {

using Language = LanguageManager::Language;

bool hasHan(const QString &text)
{
    for (const auto ch : text) {
        if (ch.unicode() >= 0x4e00 && ch.unicode() <= 0x9fff)
            return true;
    }
    return false;
}

QImage drawText(const QFont &font, const QString &text)
{
    QImage image(64, 64, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    QFont big = font;
    big.setPixelSize(40);
    painter.setFont(big);
    painter.setPen(Qt::black);
    painter.drawText(image.rect(), Qt::AlignCenter, text);
    return image;
}

int inkedPixels(const QImage &image)
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            count += qGray(image.pixel(x, y)) < 128;
    return count;
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void translationsAreEmbedded();
    void localePicksTheLanguage();
    void storedChoiceWins();
    void chineseInterface();
    void chineseGlyphsAreReal();
    void englishPluralForms();
    void languageMenuStoresTheChoice();
};

void TestTranslations::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // keep QSettings away from the user's configuration
}

void TestTranslations::init()
{
    QSettings().remove(QStringLiteral("ui/language"));
}

void TestTranslations::translationsAreEmbedded()
{
    for (auto language : LanguageManager::available()) {
        const QString qm
            = QStringLiteral(":/flightdeck/translations/flightdeck_%1.qm").arg(LanguageManager::code(language));
        QVERIFY2(QFile::exists(qm), qPrintable(qm));
    }
}

void TestTranslations::localePicksTheLanguage()
{
    QCOMPARE(LanguageManager::fromLocale(QLocale(QStringLiteral("zh_CN"))), Language::SimplifiedChinese);
    QCOMPARE(LanguageManager::fromLocale(QLocale(QStringLiteral("zh_SG"))), Language::SimplifiedChinese);
    QCOMPARE(LanguageManager::fromLocale(QLocale(QStringLiteral("zh_TW"))), Language::SimplifiedChinese);
    QCOMPARE(LanguageManager::fromLocale(QLocale(QStringLiteral("en_GB"))), Language::English);
    QCOMPARE(LanguageManager::fromLocale(QLocale(QStringLiteral("de_DE"))), Language::English);
    QCOMPARE(LanguageManager::fromLocale(QLocale::c()), Language::English);
}

void TestTranslations::storedChoiceWins()
{
    QVERIFY(!LanguageManager::stored());
    QCOMPARE(LanguageManager::preferred(), LanguageManager::fromLocale(QLocale::system()));
    LanguageManager::store(Language::SimplifiedChinese);
    QCOMPARE(QSettings().value(QStringLiteral("ui/language")).toString(), QStringLiteral("zh_CN"));
    QCOMPARE(LanguageManager::preferred(), Language::SimplifiedChinese);
    LanguageManager::store(Language::English);
    QCOMPARE(LanguageManager::preferred(), Language::English);
    // A value from a future version or a typo falls back to the locale instead of failing.
    QSettings().setValue(QStringLiteral("ui/language"), QStringLiteral("tlh"));
    QCOMPARE(LanguageManager::preferred(), LanguageManager::fromLocale(QLocale::system()));
}

void TestTranslations::chineseInterface()
{
    {
        LanguageManager languages;
        QVERIFY(languages.apply(Language::SimplifiedChinese));
        QCOMPARE(LanguageManager::active(), Language::SimplifiedChinese);
        MainWindow window;
        window.resize(1200, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        const auto menus = window.menuBar()->actions();
        QVERIFY(!menus.isEmpty());
        QCOMPARE(menus.first()->text(), QStringLiteral("文件(&F)"));
        for (const auto *menu : menus)
            QVERIFY2(hasHan(menu->text()), qPrintable(menu->text()));
        for (const auto *name :
            { "dockTopology", "dockMetrics", "dockLogs", "dockAlerts", "dockCarts", "dockRegistry" }) {
            const auto *dock = window.findChild<QDockWidget *>(QString::fromLatin1(name));
            QVERIFY2(dock && hasHan(dock->windowTitle()), name);
        }
        QCOMPARE(
            window.findChild<QDockWidget *>(QStringLiteral("dockTopology"))->windowTitle(), QStringLiteral("拓扑"));
        QVERIFY(hasHan(window.findChild<QLabel *>(QStringLiteral("fleetStatus"))->text()));

        // The window renders: a blank grab would have a single colour.
        const QImage image = window.grab().toImage();
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 5)
            for (int x = 0; x < image.width(); x += 5)
                colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 5, "the Chinese window rendered blank");
    }
    // The translators leave with the manager: a new window is English again.
    QCOMPARE(LanguageManager::active(), Language::English);
    MainWindow english;
    QCOMPARE(english.menuBar()->actions().first()->text(), QStringLiteral("&File"));
}

void TestTranslations::chineseGlyphsAreReal()
{
    // Without a CJK font every Han character becomes the same "missing glyph" box. Real glyphs differ
    // from each other and from the box drawn for an unassigned code point.
    const QFont font = QApplication::font();
    const QImage topology = drawText(font, QStringLiteral("拓"));
    const QImage logs = drawText(font, QStringLiteral("志"));
    const QImage missing = drawText(font, QString(QChar(0x0378)));
    QVERIFY(inkedPixels(topology) > 40);
    QVERIFY(inkedPixels(logs) > 40);
    QVERIFY2(topology != logs, "Chinese characters render as identical boxes: no CJK font");
    QVERIFY(topology != missing);
}

void TestTranslations::englishPluralForms()
{
    LanguageManager languages;
    QVERIFY(languages.apply(Language::English));
    const char *source = "%1 · %2 of %n instance(s) in service · updated %3";
    const auto status = [source](int count) {
        return QCoreApplication::translate("RegistryPanel", source, nullptr, count)
            .arg(QStringLiteral("registry"), QStringLiteral("1"), QStringLiteral("12:00:00"));
    };
    QCOMPARE(status(1), QStringLiteral("registry · 1 of 1 instance in service · updated 12:00:00"));
    QCOMPARE(status(3), QStringLiteral("registry · 1 of 3 instances in service · updated 12:00:00"));
}

void TestTranslations::languageMenuStoresTheChoice()
{
    LanguageManager::store(Language::English);
    MainWindow window;
    auto *chinese = window.findChild<QAction *>(QStringLiteral("actionLanguageChinese"));
    auto *english = window.findChild<QAction *>(QStringLiteral("actionLanguageEnglish"));
    QVERIFY(chinese && english);
    QVERIFY(english->isChecked() && !chinese->isChecked());
    QCOMPARE(chinese->text(), QStringLiteral("简体中文")); // each language named in itself

    chinese->trigger();
    QVERIFY(chinese->isChecked() && !english->isChecked());
    QCOMPARE(QSettings().value(QStringLiteral("ui/language")).toString(), QStringLiteral("zh_CN"));
    // The running interface is English, so the switch waits for a restart, and the user is told.
    const QString message = window.statusBar()->currentMessage();
    QVERIFY2(message.contains(QStringLiteral("简体中文")) && message.contains(QStringLiteral("restart")),
        qPrintable(message));

    english->trigger();
    QCOMPARE(QSettings().value(QStringLiteral("ui/language")).toString(), QStringLiteral("en"));
    QVERIFY(!window.statusBar()->currentMessage().contains(QStringLiteral("restart")));
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
