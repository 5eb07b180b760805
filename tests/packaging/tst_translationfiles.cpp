// The translation sources: every string the interface and the command line show has a finished Chinese
// translation that keeps its placeholders, accelerators and markup; lupdate run over the sources finds
// nothing new (a string added without a translation fails here: run `./dev translations` and translate).
#include "testprocess.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

namespace {

struct Message
{
    QString context;
    QString source;
    QStringList translations; // one, or one per plural form
    QString type; // "unfinished", "vanished", "obsolete" or empty when done
    bool numerus = false;
};

QList<Message> readTs(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QList<Message> messages;
    QXmlStreamReader xml(&file);
    QString context;
    Message current;
    while (!xml.atEnd()) {
        const auto token = xml.readNext();
        if (token != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == u"name") {
            context = xml.readElementText();
        } else if (xml.name() == u"message") {
            current = Message { context, {}, {}, {}, xml.attributes().value(QLatin1String("numerus")) == u"yes" };
        } else if (xml.name() == u"source") {
            current.source = xml.readElementText();
        } else if (xml.name() == u"translation") {
            current.type = xml.attributes().value(QLatin1String("type")).toString();
            if (current.numerus) {
                while (xml.readNextStartElement())
                    current.translations << xml.readElementText();
            } else {
                current.translations << xml.readElementText();
            }
            messages << current;
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return messages;
}

QString tsPath(const QString &language)
{
    return TestProcess::env("FLIGHTDECK_SOURCE_DIR")
        + QStringLiteral("/resources/translations/flightdeck_%1.ts").arg(language);
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

QStringList matches(const QString &text, const QRegularExpression &pattern)
{
    QStringList found;
    for (auto it = pattern.globalMatch(text); it.hasNext();)
        found << it.next().captured();
    return sorted(found);
}

bool hasHan(const QString &text)
{
    for (const auto ch : text) {
        if (ch.unicode() >= 0x4e00 && ch.unicode() <= 0x9fff)
            return true;
    }
    return false;
}

} // namespace

class TestTranslationFiles : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void chineseIsCompleteAndFaithful();
    void englishCarriesPluralForms();
    void sourcesHaveNoUntranslatedStrings();
};

void TestTranslationFiles::chineseIsCompleteAndFaithful()
{
    QString error;
    const auto messages = readTs(tsPath(QStringLiteral("zh_CN")), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(messages.size() > 20);
    const QRegularExpression placeholder(QStringLiteral("%(\\d|n)"));
    const QRegularExpression tag(QStringLiteral("</?[a-z]+>"));
    const QRegularExpression accelerator(QStringLiteral("&[A-Za-z]"));
    for (const auto &message : messages) {
        const QString where = message.context + QStringLiteral(": ") + message.source;
        QVERIFY2(message.type.isEmpty(), qPrintable(where + QStringLiteral(" is ") + message.type));
        QVERIFY2(!message.translations.isEmpty(), qPrintable(where));
        for (const auto &translation : message.translations) {
            QVERIFY2(!translation.isEmpty(), qPrintable(where));
            QCOMPARE(matches(translation, placeholder), matches(message.source, placeholder));
            QCOMPARE(matches(translation, tag), matches(message.source, tag));
            QCOMPARE(matches(translation, accelerator).size(), matches(message.source, accelerator).size());
            // Only names and key sequences stay as they are; sentences and words are in Chinese.
            const bool isName = !message.source.contains(QLatin1Char(' ')) && translation == message.source;
            QVERIFY2(isName || hasHan(translation), qPrintable(where + QStringLiteral(" -> ") + translation));
        }
    }
}

void TestTranslationFiles::englishCarriesPluralForms()
{
    QString error;
    const auto messages = readTs(tsPath(QStringLiteral("en")), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!messages.isEmpty());
    for (const auto &message : messages) {
        QVERIFY2(message.numerus, qPrintable(message.source)); // English is the source language
        QVERIFY2(message.type.isEmpty(), qPrintable(message.source));
        QCOMPARE(message.translations.size(), 2); // singular, plural
        QVERIFY(message.translations.at(0) != message.translations.at(1));
    }
}

void TestTranslationFiles::sourcesHaveNoUntranslatedStrings()
{
    QTemporaryDir dir;
    const QString copy = dir.filePath(QStringLiteral("flightdeck_zh_CN.ts"));
    QVERIFY(QFile::copy(tsPath(QStringLiteral("zh_CN")), copy));
    QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
    const QString sourceDir = TestProcess::env("FLIGHTDECK_SOURCE_DIR");
    const auto result = TestProcess::run(TestProcess::env("FLIGHTDECK_LUPDATE"),
        { QStringLiteral("-locations"), QStringLiteral("none"), QStringLiteral("-no-obsolete"),
            sourceDir + QStringLiteral("/ui"), sourceDir + QStringLiteral("/app"), QStringLiteral("-ts"), copy },
        120000);
    QVERIFY2(result.ok(), qPrintable(result.describe()));

    QString error;
    const auto original = readTs(tsPath(QStringLiteral("zh_CN")), &error);
    const auto updated = readTs(copy, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QStringList untranslated;
    for (const auto &message : updated) {
        if (!message.type.isEmpty())
            untranslated << message.context + QStringLiteral(": ") + message.source;
    }
    QVERIFY2(untranslated.isEmpty(),
        qPrintable(QStringLiteral("strings without a Chinese translation "
                                  "(run ./dev translations, then translate):\n")
            + untranslated.join(QLatin1Char('\n'))));
    // Strings no longer in the sources are dropped from the file too.
    QCOMPARE(updated.size(), original.size());
}

QTEST_GUILESS_MAIN(TestTranslationFiles)
#include "tst_translationfiles.moc"
