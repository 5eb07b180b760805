// The desktop integration files as they ship: the desktop entry and the AppStream metainfo pass the
// freedesktop validators, name each other consistently, and the systemd user unit runs the headless mode
// and stops it the way systemd will (SIGTERM, exit 0 so Restart=on-failure does not fire).
#include "testprocess.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

namespace {

QString packagingFile(const QString &name)
{
    return TestProcess::env("FLIGHTDECK_SOURCE_DIR") + QStringLiteral("/packaging/") + name;
}

QString appId()
{
    return TestProcess::env("FLIGHTDECK_APP_ID");
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

bool writeAll(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

// Keys of one [Group] of an INI-style file (desktop entries, systemd units).
QHash<QString, QString> iniGroup(const QByteArray &text, const QString &group)
{
    QHash<QString, QString> keys;
    QString current;
    for (const auto &rawLine : text.split('\n')) {
        const QString line = QString::fromUtf8(rawLine).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        if (line.startsWith(QLatin1Char('['))) {
            current = line.mid(1, line.size() - 2);
            continue;
        }
        const auto equals = line.indexOf(QLatin1Char('='));
        if (current == group && equals > 0)
            keys.insert(line.left(equals).trimmed(), line.mid(equals + 1).trimmed());
    }
    return keys;
}

quint16 freePort()
{
    QTcpServer server;
    return server.listen(QHostAddress::LocalHost, 0) ? server.serverPort() : 0;
}

} // namespace

class TestDesktopFiles : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void desktopEntryPassesValidator();
    void desktopEntryNamesTheBinaryAndIcon();
    void metainfoPassesValidator();
    void metainfoDescribesTheRelease();
    void serviceUnitRunsHeadlessAndStopsOnSigterm();
};

void TestDesktopFiles::desktopEntryPassesValidator()
{
    const QString desktop = packagingFile(appId() + QStringLiteral(".desktop"));
    QVERIFY2(QFileInfo::exists(desktop), qPrintable(desktop));
    const auto result = TestProcess::run(QStringLiteral("desktop-file-validate"), { desktop });
    QVERIFY2(result.started, "desktop-file-validate is missing (desktop-file-utils; ./dev installs it)");
    QVERIFY2(result.ok(), qPrintable(result.describe()));
    QVERIFY2(!result.out.contains("error:") && !result.out.contains("warning:"), result.out.constData());

    // The validator must really be reading the entry: the same file without its Type is rejected.
    QTemporaryDir dir;
    const QString broken = dir.filePath(appId() + QStringLiteral(".desktop"));
    QVERIFY(writeAll(broken, readAll(desktop).replace("Type=Application\n", "")));
    const auto rejected = TestProcess::run(QStringLiteral("desktop-file-validate"), { broken });
    QVERIFY2(rejected.finished && rejected.exitCode != 0, qPrintable(rejected.describe()));
}

void TestDesktopFiles::desktopEntryNamesTheBinaryAndIcon()
{
    const auto entry
        = iniGroup(readAll(packagingFile(appId() + QStringLiteral(".desktop"))), QStringLiteral("Desktop Entry"));
    const QString installedBinary = QFileInfo(TestProcess::env("FLIGHTDECK_BINARY")).fileName();
    QCOMPARE(entry.value(QStringLiteral("Exec")).split(QLatin1Char(' ')).first(), installedBinary);
    QCOMPARE(entry.value(QStringLiteral("Icon")), appId());
    QCOMPARE(entry.value(QStringLiteral("Type")), QStringLiteral("Application"));
    // The Chinese interface deserves a Chinese menu entry.
    QVERIFY(!entry.value(QStringLiteral("GenericName[zh_CN]")).isEmpty());
    QVERIFY(!entry.value(QStringLiteral("Comment[zh_CN]")).isEmpty());
}

void TestDesktopFiles::metainfoPassesValidator()
{
    const QString metainfo = packagingFile(appId() + QStringLiteral(".metainfo.xml"));
    QVERIFY2(QFileInfo::exists(metainfo), qPrintable(metainfo));
    const auto result = TestProcess::run(
        QStringLiteral("appstreamcli"), { QStringLiteral("validate"), QStringLiteral("--no-net"), metainfo });
    QVERIFY2(result.started, "appstreamcli is missing (appstream; ./dev installs it)");
    QVERIFY2(result.ok(), qPrintable(result.describe()));

    // A component without a summary is an error for appstreamcli: proof that it validates this content.
    QTemporaryDir dir;
    QByteArray text = readAll(metainfo);
    const QRegularExpression summaries(QStringLiteral("<summary[^>]*>[^<]*</summary>"));
    QString withoutSummary = QString::fromUtf8(text);
    withoutSummary.remove(summaries);
    const QString broken = dir.filePath(appId() + QStringLiteral(".metainfo.xml"));
    QVERIFY(writeAll(broken, withoutSummary.toUtf8()));
    const auto rejected = TestProcess::run(
        QStringLiteral("appstreamcli"), { QStringLiteral("validate"), QStringLiteral("--no-net"), broken });
    QVERIFY2(rejected.finished && rejected.exitCode != 0, qPrintable(rejected.describe()));
}

void TestDesktopFiles::metainfoDescribesTheRelease()
{
    QXmlStreamReader xml(readAll(packagingFile(appId() + QStringLiteral(".metainfo.xml"))));
    QString id, launchable, firstRelease;
    int screenshots = 0;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == u"id")
            id = xml.readElementText();
        else if (xml.name() == u"launchable")
            launchable = xml.readElementText();
        else if (xml.name() == u"release" && firstRelease.isEmpty())
            firstRelease = xml.attributes().value(QLatin1String("version")).toString();
        else if (xml.name() == u"image" && xml.readElementText().endsWith(QLatin1String(".png")))
            ++screenshots;
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(id, appId());
    QCOMPARE(launchable, appId() + QStringLiteral(".desktop"));
    QVERIFY(screenshots >= 1);
    // The newest release entry must be the version being built: a version bump needs release notes.
    QCOMPARE(firstRelease, QStringLiteral(FLIGHTDECK_VERSION));
}

void TestDesktopFiles::serviceUnitRunsHeadlessAndStopsOnSigterm()
{
    const auto service
        = iniGroup(readAll(packagingFile(QStringLiteral("flightdeck.service"))), QStringLiteral("Service"));
    QCOMPARE(service.value(QStringLiteral("Restart")), QStringLiteral("on-failure"));
    QCOMPARE(service.value(QStringLiteral("KillSignal")), QStringLiteral("SIGTERM"));
    auto command = service.value(QStringLiteral("ExecStart")).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QVERIFY(command.size() >= 2);
    const QString binary = TestProcess::env("FLIGHTDECK_BINARY");
    QCOMPARE(command.takeFirst(), QFileInfo(binary).fileName());
    QVERIFY(command.contains(QStringLiteral("--headless")));
    bool ok = false;
    const int stopTimeoutSeconds = service.value(QStringLiteral("TimeoutStopSec")).toInt(&ok);
    QVERIFY(ok && stopTimeoutSeconds > 0);

    // Run the unit's command line; only the data dir and ports are ours, so it cannot disturb a real fleet.
    QTemporaryDir dataDir;
    const quint16 registryPort = freePort();
    const quint16 cartPort = freePort();
    QVERIFY(registryPort && cartPort && registryPort != cartPort);
    command << QStringLiteral("--data-dir") << dataDir.path() << QStringLiteral("--registry-port")
            << QString::number(registryPort) << QStringLiteral("--cart-port") << QString::number(cartPort)
            << QStringLiteral("--cart-instances") << QStringLiteral("1");
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(binary, command);
    QVERIFY(process.waitForStarted(10000));
    QByteArray output;
    QTRY_VERIFY_WITH_TIMEOUT((output += process.readAll()).contains("running headless"), 30000);
    QCOMPARE(process.state(), QProcess::Running);

    process.terminate(); // SIGTERM, as systemd sends it
    QVERIFY2(process.waitForFinished(stopTimeoutSeconds * 1000), "did not stop within TimeoutStopSec");
    output += process.readAll();
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QVERIFY2(process.exitCode() == 0, output.constData()); // 0: a clean stop, so Restart=on-failure stays quiet
    QVERIFY2(output.contains("stopping gracefully"), output.constData());
}

QTEST_GUILESS_MAIN(TestDesktopFiles)
#include "tst_desktopfiles.moc"
