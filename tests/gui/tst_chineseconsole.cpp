// The live console in Simplified Chinese speaks Chinese everywhere the user looks: every label, button,
// title, header, tab, menu entry, tooltip and placeholder of every dock, every cell of every table that holds
// a word of the interface (states, health, transitions), the topology's cards and edge labels, the charts'
// titles, axes and legends, and the status bar. The words the interface is allowed to leave in Latin letters
// are data (service and instance names, rule names, keys, addresses, log messages) and a short list of
// technical names and units that Chinese software keeps as they are (HTTP, JSON, ms, p95...). Anything else is
// an untranslated string: the test names the widget and the text.
#include "embeddedconsole.h"
#include "logs/logtablemodel.h"
#include "metrics/metricspanel.h"
#include "runtime/embeddedfleet.h"
#include "runtime/fleet.h"
#include "runtime/monitor.h"
#include "shell/console.h"
#include "shell/languagemanager.h"
#include "shell/mainwindow.h"
#include "topology/edgeitem.h"
#include "topology/servicenodeitem.h"
#include "topology/topologyscene.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractProxyModel>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <qcustomplot.h>
#include <QDockWidget>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabBar>
#include <QTest>
#include <QTextDocument>

namespace {

// Names and units that stay in Latin letters in Chinese software, and the embedded fleet's own names.
const QSet<QString> &keptWords()
{
    static const QSet<QString> words = [] {
        QSet<QString> set;
        for (const char *word :
            { "api", "b", "cas", "consul", "csv", "d", "etag", "etcd", "flightdeck", "gib", "graphviz", "h", "html",
                "http", "https", "webhook", "id", "ids", "json", "kb", "kib", "kv", "mib", "min", "ms", "p", "pdf",
                "png", "prometheus", "qt", "s", "sqlite", "ttl", "url", "utc", "zh", "cn", "en", "svg", "ctrl", "shift",
                "esc", "alt", "f", "e", "v", "a", "r", "c", "l", "o", "g", "t", "x", "q", "n",
                // the embedded fleet's services: data, named the same in every language
                "registry", "catalog", "cart", "traffic" })
            set.insert(QString::fromLatin1(word));
        return set;
    }();
    return words;
}

// An identifier, a key, an address, a number with a unit: data, not words. "cart-1", "config/cart/limit",
// "127.0.0.1:8080", "CartErrorRatio", "item_id", "p95", "2.5k".
bool isData(const QString &token)
{
    static const QRegularExpression identifier(QStringLiteral("^(?:[\\w.:/-]*[\\d_/.:@-][\\w.:/-]*"
                                                              "|[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+"
                                                              "|[a-z]+[A-Z]\\w*|[A-Z]{2,}\\d*)$"));
    return identifier.match(token).hasMatch();
}

QString plain(const QString &text)
{
    if (!Qt::mightBeRichText(text))
        return text;
    QTextDocument document;
    document.setHtml(text);
    return document.toPlainText();
}

// The words of a text that are neither Chinese nor allowed Latin: empty when the text is translated.
QStringList untranslatedWords(const QString &raw)
{
    QString text = plain(raw);
    text.remove(QRegularExpression(QStringLiteral("\\b(?:https?|etcd)://\\S+")));
    text.remove(QRegularExpression(QStringLiteral("&(?=\\w)"))); // accelerators
    QStringList found;
    for (const auto &chunk :
        text.split(QRegularExpression(QString::fromUtf8("[\\s,;()\\[\\]{}\"'“”‘’<>=~!?|·…，。：；（）、]+")),
            Qt::SkipEmptyParts)) {
        if (isData(chunk))
            continue;
        for (auto it = QRegularExpression(QStringLiteral("[A-Za-z]+")).globalMatch(chunk); it.hasNext();) {
            const QString word = it.next().captured();
            if (!keptWords().contains(word.toLower()))
                found << word;
        }
    }
    return found;
}

QString describe(const QObject *object)
{
    QStringList path;
    for (auto *o = object; o; o = o->parent()) {
        if (!o->objectName().isEmpty())
            path.prepend(o->objectName());
        if (path.size() == 3)
            break;
    }
    return QStringLiteral("%1 (%2)").arg(QString::fromLatin1(object->metaObject()->className()), path.join(u'/'));
}

const QAbstractItemModel *sourceOf(const QAbstractItemModel *model)
{
    while (auto *proxy = qobject_cast<const QAbstractProxyModel *>(model))
        model = proxy->sourceModel();
    return model;
}

// Table columns that hold free text or data from the fleet (log messages, values, expressions), by the
// class of the model behind the view and the header of the column in Chinese.
bool freeTextColumn(const QAbstractItemView *view, int column)
{
    const auto *model = view->model();
    const auto *source = sourceOf(model);
    const bool cartList = view->objectName() == QLatin1String("cartListView")
        || (view->parent() && view->parent()->objectName() == QLatin1String("cartListView")); // or its header
    if (cartList)
        return column == 0; // cart ids
    if (qobject_cast<const LogTableModel *>(source))
        return column != LogTableModel::TimeColumn;
    const QString header = model->headerData(column, Qt::Horizontal).toString();
    for (const char *context : { "KvHistoryModel", "AlertStatusModel", "AlertHistoryModel", "SilenceModel",
             "RegistryInstanceModel", "CartItemsModel", "AlertsPanel" }) {
        for (const char *name : { "Value", "Expression", "Tags", "Matchers", "Name", "Comment", "By" }) {
            if (header == QCoreApplication::translate(context, name))
                return true;
        }
    }
    return false;
}

// Widgets that list data of the fleet, not words of the interface: the catalog's product names, the loggers
// (subsystems) of the log view, spdlog's level names, the cart on screen, and each language's own name.
bool dataWidget(const QWidget *w)
{
    for (auto *o = static_cast<const QObject *>(w); o; o = o->parent()) {
        for (const char *name : { "catalogCombo", "logServiceFilter", "logLevelFilter", "cartTitle" }) {
            if (o->objectName() == QLatin1String(name))
                return true;
        }
    }
    return false;
}

class Collector
{
public:
    void check(const QObject *where, const QString &what, const QString &text)
    {
        if (text.trimmed().isEmpty())
            return;
        const auto words = untranslatedWords(text);
        if (!words.isEmpty())
            m_problems.insert(QStringLiteral("%1 %2: \"%3\" [%4]")
                                  .arg(describe(where), what, text.left(160).replace(u'\n', QStringLiteral(" / ")),
                                      words.join(u' ')));
    }

    void widget(const QWidget *w)
    {
        if (dataWidget(w))
            return;
        check(w, QStringLiteral("tooltip"), w->toolTip());
        if (w->isWindow() || qobject_cast<const QDockWidget *>(w))
            check(w, QStringLiteral("title"), w->windowTitle());
        if (auto *label = qobject_cast<const QLabel *>(w))
            check(w, QStringLiteral("text"), label->text());
        if (auto *button = qobject_cast<const QAbstractButton *>(w))
            check(w, QStringLiteral("text"), button->text());
        if (auto *box = qobject_cast<const QGroupBox *>(w))
            check(w, QStringLiteral("title"), box->title());
        if (auto *edit = qobject_cast<const QLineEdit *>(w)) {
            QString placeholder = edit->placeholderText();
            // The topology filter's examples are written in its language, whose keywords are English.
            if (w->objectName() == QLatin1String("topologyFilter"))
                placeholder.remove(
                    QRegularExpression(QStringLiteral("\\b(?:rps|error|p95|instances|name|health|and)\\b")));
            check(w, QStringLiteral("placeholder"), placeholder);
        }
        if (auto *edit = qobject_cast<const QPlainTextEdit *>(w))
            check(w, QStringLiteral("placeholder"), edit->placeholderText());
        if (auto *combo = qobject_cast<const QComboBox *>(w); combo && !combo->isEditable()) {
            for (int i = 0; i < combo->count(); ++i)
                check(w, QStringLiteral("item"), combo->itemText(i));
        }
        if (auto *tabs = qobject_cast<const QTabBar *>(w)) {
            for (int i = 0; i < tabs->count(); ++i)
                check(w, QStringLiteral("tab"), tabs->tabText(i));
        }
        if (auto *view = qobject_cast<const QAbstractItemView *>(w))
            table(view);
        if (auto *plot = qobject_cast<const QCustomPlot *>(w))
            chart(plot);
        for (auto *action : w->actions())
            this->action(w, action);
    }

    void action(const QObject *where, const QAction *action)
    {
        // Each language is named in itself, so anyone can find their own.
        if (action->isSeparator() || action->objectName().startsWith(QLatin1String("actionLanguage")))
            return;
        check(where, QStringLiteral("action"), action->text());
        check(where, QStringLiteral("action tip"), action->toolTip() == action->text() ? QString() : action->toolTip());
        if (auto *menu = action->menu()) {
            for (auto *sub : menu->actions())
                this->action(menu, sub);
        }
    }

    void table(const QAbstractItemView *view)
    {
        const auto *model = view->model();
        if (!model)
            return;
        for (int c = 0; c < model->columnCount(); ++c) {
            check(view, QStringLiteral("header"), model->headerData(c, Qt::Horizontal).toString());
            if (freeTextColumn(view, c))
                continue;
            for (int r = 0; r < std::min(model->rowCount(), 50); ++r) {
                const auto index = model->index(r, c);
                check(view, QStringLiteral("cell %1,%2").arg(r).arg(c), index.data().toString());
                check(view, QStringLiteral("cell tooltip %1,%2").arg(r).arg(c), index.data(Qt::ToolTipRole).toString());
            }
        }
    }

    void chart(const QCustomPlot *plot)
    {
        for (auto *axis : plot->axisRect()->axes())
            check(plot, QStringLiteral("axis"), axis->label());
        for (int i = 0; i < plot->graphCount(); ++i) {
            // Legend entries name a series: "p95", "cart-1 errors"; the instance part is data.
            check(plot, QStringLiteral("series"), plot->graph(i)->name());
        }
        for (int i = 0; i < plot->itemCount(); ++i) {
            if (auto *text = qobject_cast<QCPItemText *>(plot->item(i)); text && text->visible())
                check(plot, QStringLiteral("chart text"), text->text());
        }
        if (plot->plotLayout()->rowCount() > 0) {
            if (auto *title = qobject_cast<QCPTextElement *>(plot->plotLayout()->element(0, 0)))
                check(plot, QStringLiteral("chart title"), title->text());
        }
    }

    QStringList problems() const
    {
        QStringList list(m_problems.begin(), m_problems.end());
        list.sort();
        return list;
    }

private:
    QSet<QString> m_problems;
};

} // namespace

class TestChineseConsole : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void theFilterFindsEnglish();
    void everyVisibleWordIsChinese();

private:
    std::unique_ptr<LanguageManager> m_languages;
    EmbeddedConsole m_live;
};

void TestChineseConsole::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_languages = std::make_unique<LanguageManager>();
    QVERIFY(m_languages->apply(LanguageManager::Language::SimplifiedChinese));
    QString error;
    QVERIFY2(m_live.start({ 2, QSize(1600, 1000), 500 }, &error), qPrintable(error));
}

void TestChineseConsole::cleanupTestCase()
{
    m_live.stop();
    m_languages.reset();
}

void TestChineseConsole::theFilterFindsEnglish()
{
    // The checker itself: English words are found, Chinese text, data and kept names are not.
    QCOMPARE(untranslatedWords(QStringLiteral("5.0 rps · 0.0% err · p95 0.1 ms")),
        (QStringList { QStringLiteral("rps"), QStringLiteral("err") }));
    QCOMPARE(untranslatedWords(QStringLiteral("firing")), QStringList { QStringLiteral("firing") });
    QCOMPARE(untranslatedWords(QStringLiteral("Waiting for the first scrape…")).size(), 5);
    QVERIFY(untranslatedWords(QStringLiteral("cart-1 · 127.0.0.1:8080 · 通过 · p95 1.4 毫秒")).isEmpty());
    QVERIFY(untranslatedWords(QStringLiteral("告警 CartErrorRatio 于 http://127.0.0.1:8500/v1/kv 触发")).isEmpty());
    QVERIFY(untranslatedWords(QStringLiteral("导出报告(&E)…")).isEmpty());
    QVERIFY(untranslatedWords(QStringLiteral("<b>已排空</b> config/cart/limit")).isEmpty());
}

void TestChineseConsole::everyVisibleWordIsChinese()
{
    auto *scene = m_live.console()->topologyView()->scene();
    QTRY_VERIFY_WITH_TIMEOUT(
        scene->nodeItem(QStringLiteral("cart")) && scene->edgeItem(QStringLiteral("traffic"), QStringLiteral("cart")),
        30000);
    scene->nodeItem(QStringLiteral("cart"))->setSelected(true);
    // Every dock in front once, so each panel has loaded what it shows.
    const auto docks = m_live.window()->findChildren<QDockWidget *>();
    for (auto *dock : docks) {
        dock->raise();
        QTest::qWait(700);
    }
    QTest::qWait(2000);

    Collector collector;
    for (auto *widget : m_live.window()->findChildren<QWidget *>())
        collector.widget(widget);
    collector.widget(m_live.window());
    for (auto *action : m_live.window()->menuBar()->actions())
        collector.action(m_live.window()->menuBar(), action);
    collector.check(
        m_live.window()->statusBar(), QStringLiteral("message"), m_live.window()->statusBar()->currentMessage());
    for (auto *item : scene->items()) {
        if (auto *node = dynamic_cast<ServiceNodeItem *>(item)) {
            collector.check(scene, QStringLiteral("node card"), node->statsText());
            collector.check(scene, QStringLiteral("node tooltip"), node->toolTip());
        } else if (auto *edge = dynamic_cast<EdgeItem *>(item)) {
            collector.check(scene, QStringLiteral("edge label"), edge->label());
            collector.check(scene, QStringLiteral("edge tooltip"), edge->toolTip());
        }
    }
    const auto problems = collector.problems();
    for (const auto &problem : problems)
        qInfo().noquote() << problem;
    QVERIFY2(problems.isEmpty(),
        qPrintable(QStringLiteral("%1 untranslated strings in the Chinese console:\n  ").arg(problems.size())
            + problems.join(QStringLiteral("\n  "))));
}

QTEST_MAIN(TestChineseConsole)
#include "tst_chineseconsole.moc"
