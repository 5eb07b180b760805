// The Debian package, built by CPack from the current build tree: its control fields and contents, and a
// real installation with dpkg (as root; otherwise an extraction) whose installed flightdeck runs.
#include "testprocess.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <unistd.h>

namespace {

const QString packageName = QStringLiteral("flightdeck");

bool isInstalled()
{
    const auto result = TestProcess::run(
        QStringLiteral("dpkg-query"), { QStringLiteral("-W"), QStringLiteral("-f=${Status}"), packageName });
    return result.ok() && result.out.contains("install ok installed");
}

// dpkg refuses at once while another dpkg or apt holds its lock; wait for it, but not forever.
TestProcess::Result runDpkg(const QStringList &arguments)
{
    TestProcess::Result result;
    for (int attempt = 0; attempt < 60; ++attempt) {
        result = TestProcess::run(QStringLiteral("dpkg"), arguments, 120000);
        if (result.ok() || !result.err.contains("lock"))
            break;
        QTest::qWait(1000);
    }
    return result;
}

} // namespace

class TestDebPackage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void controlFields();
    void contents();
    void installsAndRuns();
    void cleanupTestCase();

private:
    QTemporaryDir m_outDir;
    QString m_deb;
    bool m_installedHere = false;
};

void TestDebPackage::initTestCase()
{
    QVERIFY(m_outDir.isValid());
    const QString buildDir = TestProcess::env("FLIGHTDECK_BUILD_DIR");
    // CPack from the build tree reuses what is built; -B keeps the package out of the build's own
    // packages/ directory.
    const auto result = TestProcess::run(TestProcess::env("FLIGHTDECK_CPACK"),
        { QStringLiteral("-G"), QStringLiteral("DEB"), QStringLiteral("--config"),
            buildDir + QStringLiteral("/CPackConfig.cmake"), QStringLiteral("-B"), m_outDir.path() },
        180000, buildDir);
    QVERIFY2(result.ok(), qPrintable(result.describe()));
    const auto debs = QDir(m_outDir.path()).entryList({ QStringLiteral("flightdeck_*.deb") }, QDir::Files);
    QCOMPARE(debs.size(), 1);
    m_deb = m_outDir.filePath(debs.first());
    QVERIFY(result.out.contains(debs.first().toUtf8())); // CPack names the file it made
}

void TestDebPackage::controlFields()
{
    const auto fields = TestProcess::run(QStringLiteral("dpkg-deb"),
        { QStringLiteral("-f"), m_deb, QStringLiteral("Package"), QStringLiteral("Version"),
            QStringLiteral("Architecture"), QStringLiteral("Depends"), QStringLiteral("Recommends") });
    QVERIFY2(fields.ok(), qPrintable(fields.describe()));
    const QString text = QString::fromUtf8(fields.out);
    QVERIFY2(text.contains(QStringLiteral("Package: flightdeck\n")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Version: " FLIGHTDECK_VERSION "\n")), qPrintable(text));
    const auto arch = TestProcess::run(QStringLiteral("dpkg"), { QStringLiteral("--print-architecture") });
    QVERIFY(arch.ok());
    QVERIFY2(text.contains(QStringLiteral("Architecture: ") + QString::fromUtf8(arch.out.trimmed())), qPrintable(text));
    // Found by dpkg-shlibdeps from the binary...
    for (const auto *library : { "libqt6core6", "libqt6widgets6", "libqt6network6", "libc6" })
        QVERIFY2(text.contains(QLatin1String(library)), library);
    // ...and the plugins Qt loads at run time, which it cannot see.
    for (const auto *plugin : { "libqt6sql6-sqlite", "libqt6svg6" })
        QVERIFY2(text.contains(QLatin1String(plugin)), plugin);
}

void TestDebPackage::contents()
{
    const auto listing = TestProcess::run(QStringLiteral("dpkg-deb"), { QStringLiteral("-c"), m_deb });
    QVERIFY2(listing.ok(), qPrintable(listing.describe()));
    const QString text = QString::fromUtf8(listing.out);
    const QString appId = TestProcess::env("FLIGHTDECK_APP_ID");
    QStringList expected { QStringLiteral("./usr/bin/flightdeck"),
        QStringLiteral("./usr/share/applications/%1.desktop").arg(appId),
        QStringLiteral("./usr/share/metainfo/%1.metainfo.xml").arg(appId),
        QStringLiteral("./usr/lib/systemd/user/flightdeck.service"),
        QStringLiteral("./usr/share/icons/hicolor/scalable/apps/%1.svg").arg(appId) };
    for (const auto &size : TestProcess::env("FLIGHTDECK_ICON_SIZES").split(QLatin1Char(',')))
        expected << QStringLiteral("./usr/share/icons/hicolor/%1x%1/apps/%2.png").arg(size, appId);
    for (const auto &path : expected)
        QVERIFY2(text.contains(path + QLatin1Char('\n')), qPrintable(path + QStringLiteral(" missing in:\n") + text));
    QVERIFY2(text.contains(QStringLiteral("-rwxr-xr-x root/root")), "the binary must be executable");

    // The installed tree as AppStream sees it: metainfo, desktop entry and icons that refer to each other.
    QTemporaryDir tree;
    const auto extract = TestProcess::run(QStringLiteral("dpkg-deb"), { QStringLiteral("-x"), m_deb, tree.path() });
    QVERIFY2(extract.ok(), qPrintable(extract.describe()));
    const auto validate = TestProcess::run(
        QStringLiteral("appstreamcli"), { QStringLiteral("validate-tree"), QStringLiteral("--no-net"), tree.path() });
    QVERIFY2(validate.ok(), qPrintable(validate.describe()));
}

void TestDebPackage::installsAndRuns()
{
    QString root;
    QTemporaryDir extracted;
    if (geteuid() == 0 && !isInstalled()) {
        const auto install = runDpkg({ QStringLiteral("-i"), m_deb });
        m_installedHere = true; // even a half-done install is removed in cleanupTestCase()
        QVERIFY2(install.ok(), qPrintable(install.describe()));
        QVERIFY(isInstalled());
        root = QStringLiteral("/");
        qInfo("installed %s with dpkg -i", qPrintable(m_deb));
    } else {
        // Not root, or a flightdeck package that is not ours to replace: check the files unpacked instead.
        const auto extract
            = TestProcess::run(QStringLiteral("dpkg-deb"), { QStringLiteral("-x"), m_deb, extracted.path() });
        QVERIFY2(extract.ok(), qPrintable(extract.describe()));
        root = extracted.path() + QLatin1Char('/');
        qInfo("not installing (not root, or flightdeck already installed): extracted to %s", qPrintable(root));
    }

    const QString binary = root + QStringLiteral("usr/bin/flightdeck");
    const auto version = TestProcess::run(binary, { QStringLiteral("--version") }, 30000);
    QVERIFY2(version.ok(), qPrintable(version.describe()));
    QCOMPARE(version.out, QByteArray("flightdeck " FLIGHTDECK_VERSION "\n"));

    // The installed report export runs without a display; on a data dir with no history it says so, fails
    // and writes nothing.
    QTemporaryDir emptyData;
    const QString report = emptyData.filePath(QStringLiteral("report.json"));
    const auto exported = TestProcess::run(
        binary, { QStringLiteral("--export-report"), report, QStringLiteral("--data-dir"), emptyData.path() }, 30000);
    QVERIFY2(exported.finished && exported.exitCode == 1, qPrintable(exported.describe()));
    QVERIFY2(!exported.err.trimmed().isEmpty(), qPrintable(exported.describe()));
    QVERIFY(!QFileInfo::exists(report));

    const QString appId = TestProcess::env("FLIGHTDECK_APP_ID");
    const auto desktop = TestProcess::run(QStringLiteral("desktop-file-validate"),
        { root + QStringLiteral("usr/share/applications/%1.desktop").arg(appId) });
    QVERIFY2(desktop.ok(), qPrintable(desktop.describe()));

    if (!m_installedHere)
        return;
    // Installed for real: the user unit's ExecStart resolves to the installed binary.
    if (!QStandardPaths::findExecutable(QStringLiteral("systemd-analyze")).isEmpty()) {
        const auto verify = TestProcess::run(QStringLiteral("systemd-analyze"),
            { QStringLiteral("verify"), QStringLiteral("/usr/lib/systemd/user/flightdeck.service") });
        QVERIFY2(verify.ok(), qPrintable(verify.describe()));
    }
    const auto remove = runDpkg({ QStringLiteral("-r"), packageName });
    QVERIFY2(remove.ok(), qPrintable(remove.describe()));
    m_installedHere = false;
    QVERIFY(!isInstalled());
    QVERIFY(!QFileInfo::exists(binary));
}

void TestDebPackage::cleanupTestCase()
{
    if (m_installedHere)
        runDpkg({ QStringLiteral("-r"), packageName });
}

QTEST_GUILESS_MAIN(TestDebPackage)
#include "tst_debpackage.moc"
