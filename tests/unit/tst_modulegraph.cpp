// The README's diagram of the libraries is the build's: every module target and the modules it links, as
// CMake configured them (module-graph.txt, written by flightdeck_module), line for line. A module added,
// removed or linked differently without the README following fails here.
#include <QFile>
#include <QMap>
#include <QRegularExpression>
#include <QTest>

namespace {

using Graph = QMap<QString, QStringList>;

// "target<separator> dep dep ...", one target a line; a line that starts with blanks and has no separator
// goes on with the target above it.
Graph parse(const QStringList &lines, const QString &separator)
{
    Graph graph;
    QString last;
    for (const auto &line : lines) {
        const auto at = line.indexOf(separator);
        QString deps;
        if (at >= 0) {
            last = line.left(at).trimmed();
            deps = line.mid(at + separator.size());
        } else if (!last.isEmpty() && line.startsWith(QLatin1Char(' '))) {
            deps = line;
        } else {
            last.clear();
            continue;
        }
        auto &list = graph[last];
        for (const auto &dep : deps.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            // Module targets only: the README may say more (Qt, spdlog) in other words.
            if ((dep.startsWith(QLatin1String("fd_")) || dep == QLatin1String("flightdeck_ui"))
                && !dep.endsWith(QLatin1String("_base")))
                list.append(dep);
        }
        list.sort();
    }
    return graph;
}

QString read(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

} // namespace

class TestModuleGraph : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readmeShowsTheTargetsTheBuildHas();
};

void TestModuleGraph::readmeShowsTheTargetsTheBuildHas()
{
    const QString built = read(qEnvironmentVariable("FLIGHTDECK_BUILD_DIR") + QStringLiteral("/module-graph.txt"));
    QVERIFY2(!built.isEmpty(), "module-graph.txt is missing from the build dir");
    const Graph build = parse(built.split(QLatin1Char('\n')), QStringLiteral(":"));
    QVERIFY(build.size() >= 20);

    const QString readme = read(qEnvironmentVariable("FLIGHTDECK_SOURCE_DIR") + QStringLiteral("/README.md"));
    const auto begin = readme.indexOf(QStringLiteral("<!-- modules:begin -->"));
    const auto end = readme.indexOf(QStringLiteral("<!-- modules:end -->"));
    QVERIFY2(begin >= 0 && end > begin, "README.md has no modules:begin/modules:end block");
    const Graph documented = parse(readme.mid(begin, end - begin).split(QLatin1Char('\n')), QStringLiteral("→"));

    for (auto it = build.cbegin(); it != build.cend(); ++it) {
        QVERIFY2(documented.contains(it.key()), qPrintable(QStringLiteral("README lacks %1").arg(it.key())));
        QVERIFY2(documented.value(it.key()) == it.value(),
            qPrintable(QStringLiteral("%1 links %2; the README says %3")
                           .arg(it.key(), it.value().join(QLatin1Char(' ')),
                               documented.value(it.key()).join(QLatin1Char(' ')))));
    }
    for (auto it = documented.cbegin(); it != documented.cend(); ++it)
        QVERIFY2(build.contains(it.key()),
            qPrintable(QStringLiteral("README lists %1, the build has no such module").arg(it.key())));
}

QTEST_GUILESS_MAIN(TestModuleGraph)
#include "tst_modulegraph.moc"
