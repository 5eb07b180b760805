#include "logpanel.h"

#include "common/tablecolumns.h"
#include "logfilterchips.h"
#include "logfilterproxy.h"
#include "logtablemodel.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QScrollBar>
#include <QTableView>
#include <QTextStream>
#include <QToolButton>
#include <QVBoxLayout>

namespace {
constexpr int kDefaultLevel = 2; // info and above: debug and trace only on request
} // namespace

LogPanel::LogPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new LogTableModel(this))
    , m_proxy(new LogFilterProxy(this))
    , m_view(new QTableView(this))
    , m_level(new QComboBox(this))
    , m_service(new QComboBox(this))
    , m_text(new QLineEdit(this))
    , m_regex(new QCheckBox(tr("Regex"), this))
    , m_follow(new QCheckBox(tr("Follow"), this))
    , m_access(new QCheckBox(tr("Access lines"), this))
    , m_chips(new LogFilterChips(this))
    , m_count(new QLabel(this))
{
    setObjectName(QStringLiteral("logPanel"));
    m_proxy->setLogSource(m_model);

    m_level->setObjectName(QStringLiteral("logLevelFilter"));
    for (int level = 0; level <= 5; ++level)
        m_level->addItem(level == 0 ? tr("All levels") : tr("%1 and above").arg(LogLevels::name(level)), level);
    m_level->setCurrentIndex(kDefaultLevel);
    m_proxy->setMinimumLevel(kDefaultLevel);
    m_service->setObjectName(QStringLiteral("logServiceFilter"));
    m_service->addItem(tr("All services"), QString());
    m_service->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_text->setObjectName(QStringLiteral("logTextFilter"));
    m_text->setPlaceholderText(tr("Filter text…"));
    m_text->setClearButtonEnabled(true);
    m_regex->setObjectName(QStringLiteral("logRegex"));
    m_follow->setObjectName(QStringLiteral("logFollow"));
    m_follow->setChecked(true);
    m_access->setObjectName(QStringLiteral("logAccess"));
    m_access->setChecked(true);
    m_access->setToolTip(tr("One line per request answered by an instance (method, route, status, duration, "
                            "caller); successful ones are sampled above a rate, errors always shown"));
    auto *wrap = new QCheckBox(tr("Wrap"), this);
    wrap->setObjectName(QStringLiteral("logWrap"));
    m_count->setObjectName(QStringLiteral("logCount"));
    m_count->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_count->setToolTip(tr("Records shown / records kept"));
    // Room for large counts, so the numbers never push into their neighbours as they grow.
    m_count->setMinimumWidth(m_count->fontMetrics().horizontalAdvance(QStringLiteral("0000000 / 0000000")) + 8);
    auto *more = new QToolButton(this);
    more->setText(tr("More"));
    more->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(more);
    auto *copy = menu->addAction(tr("Copy Selected"), this, &LogPanel::copySelection);
    copy->setObjectName(QStringLiteral("actionLogCopy"));
    auto *exportAction = menu->addAction(tr("Export…"), this, [this] {
        const auto fileName
            = QFileDialog::getSaveFileName(this, tr("Export Logs"), QStringLiteral("flightdeck-logs.txt"));
        QString error;
        if (!fileName.isEmpty() && !exportTo(fileName, &error))
            QMessageBox::warning(this, tr("Export Logs"), error);
    });
    exportAction->setObjectName(QStringLiteral("actionLogExport"));
    menu->addAction(tr("Log Levels…"), this, &LogPanel::showLevelMenu)
        ->setObjectName(QStringLiteral("actionLogLevels"));
    menu->addAction(tr("Clear View"), m_model, &LogTableModel::clear)->setObjectName(QStringLiteral("actionLogClear"));
    auto *clearFilters = new QAction(tr("Clear Filters"), this);
    clearFilters->setObjectName(QStringLiteral("actionLogClearFilters"));
    clearFilters->setShortcut(QKeySequence(Qt::Key_Escape));
    clearFilters->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(clearFilters, &QAction::triggered, this, &LogPanel::clearFilters);
    addAction(clearFilters);
    menu->addAction(clearFilters);
    more->setMenu(menu);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 4, 4, 4);
    bar->setSpacing(8);
    bar->addWidget(m_level);
    bar->addWidget(m_service);
    bar->addWidget(m_text, 1);
    bar->addWidget(m_regex);
    bar->addWidget(m_access);
    bar->addWidget(m_follow);
    bar->addWidget(wrap);
    bar->addWidget(m_count);
    bar->addWidget(more);

    m_view->setObjectName(QStringLiteral("logView"));
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 4);
    TableColumns::setup(m_view, QStringLiteral("logs"),
        { { LogTableModel::TimeColumn, QStringLiteral("23:59:59.999") },
            { LogTableModel::LevelColumn, QStringLiteral("critical") },
            { LogTableModel::ServiceColumn, QStringLiteral("order-history") },
            { LogTableModel::SourceColumn, QStringLiteral("order-history-12345") } });
    m_view->setTextElideMode(Qt::ElideRight); // a message reads from its start
    m_view->addAction(copy);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(m_chips);
    layout->addWidget(m_view, 1);

    connect(m_chips, &LogFilterChips::removeRequested, this, &LogPanel::removeFilter);
    connect(m_chips, &LogFilterChips::clearAllRequested, this, &LogPanel::clearFilters);
    connect(m_level, &QComboBox::currentIndexChanged, this, [this] {
        m_proxy->setMinimumLevel(m_level->currentData().toInt());
        updateChips();
    });
    connect(m_service, &QComboBox::currentIndexChanged, this, [this] {
        m_proxy->setService(m_service->currentData().toString());
        updateChips();
    });
    auto applyText = [this] {
        QString error;
        const bool ok = m_proxy->setText(m_text->text(), m_regex->isChecked(), &error);
        m_text->setStyleSheet(ok ? QString() : QStringLiteral("border: 1px solid #d63a3a;"));
        m_text->setToolTip(ok ? QString() : error);
        updateChips();
    };
    connect(m_text, &QLineEdit::textChanged, this, applyText);
    connect(m_regex, &QCheckBox::toggled, this, applyText);
    connect(m_access, &QCheckBox::toggled, this, [this](bool on) {
        m_proxy->setShowAccess(on);
        updateChips();
    });
    connect(wrap, &QCheckBox::toggled, this, [this](bool on) {
        m_view->setWordWrap(on);
        on ? m_view->resizeRowsToContents() : m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    });
    connect(m_model, &LogTableModel::servicesChanged, this, &LogPanel::updateServiceChoices);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_follow->isChecked())
            m_view->scrollToBottom();
    });
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        // Scrolling up stops following; back at the bottom follows again, like a terminal.
        const bool atBottom = value >= m_view->verticalScrollBar()->maximum() - 1;
        if (m_follow->isChecked() != atBottom && m_view->verticalScrollBar()->isSliderDown())
            m_follow->setChecked(atBottom);
    });
    auto updateCount = [this] { m_count->setText(tr("%1 / %2").arg(m_proxy->rowCount()).arg(m_model->rowCount())); };
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, updateCount);
    updateCount();
}

void LogPanel::append(const QList<LogEntry> &entries)
{
    m_model->append(entries);
}

void LogPanel::setTimeSpan(qint64 fromMs, qint64 toMs)
{
    m_proxy->setTimeSpan(fromMs, toMs);
    m_spanFromMs = toMs > 0 ? fromMs : 0;
    m_spanToMs = toMs > 0 ? toMs : 0;
    if (toMs > 0)
        m_follow->setChecked(false);
    updateChips();
}

void LogPanel::clearFilters()
{
    setTimeSpan(0, 0);
    m_level->setCurrentIndex(kDefaultLevel);
    m_service->setCurrentIndex(0);
    m_regex->setChecked(false);
    m_access->setChecked(true);
    m_text->clear();
    updateChips();
}

void LogPanel::removeFilter(const QString &id)
{
    if (id == QLatin1String("span"))
        setTimeSpan(0, 0);
    else if (id == QLatin1String("level"))
        m_level->setCurrentIndex(kDefaultLevel);
    else if (id == QLatin1String("service"))
        m_service->setCurrentIndex(0);
    else if (id == QLatin1String("text"))
        m_text->clear();
    else if (id == QLatin1String("access"))
        m_access->setChecked(true);
    updateChips();
}

void LogPanel::updateChips()
{
    // Every filter that differs from the default view gets a chip: a narrowed view must never pass for
    // "nothing happened".
    QList<LogFilterChips::Chip> chips;
    if (m_spanToMs > 0) {
        const auto from = QDateTime::fromMSecsSinceEpoch(m_spanFromMs);
        const auto to = QDateTime::fromMSecsSinceEpoch(m_spanToMs);
        const bool today = from.date() == QDate::currentDate() && to.date() == QDate::currentDate();
        const QString format = today ? QStringLiteral("HH:mm:ss") : QStringLiteral("yyyy-MM-dd HH:mm:ss");
        chips.append({ QStringLiteral("span"), tr("time %1–%2").arg(from.toString(format), to.toString(format)) });
    }
    if (m_level->currentIndex() != kDefaultLevel)
        chips.append({ QStringLiteral("level"), tr("level: %1").arg(m_level->currentText()) });
    if (m_service->currentIndex() > 0)
        chips.append({ QStringLiteral("service"), tr("service: %1").arg(m_service->currentText()) });
    if (!m_access->isChecked())
        chips.append({ QStringLiteral("access"), tr("access lines hidden") });
    if (!m_text->text().isEmpty())
        chips.append({ QStringLiteral("text"),
            m_regex->isChecked() ? tr("regex: %1").arg(m_text->text()) : tr("text: %1").arg(m_text->text()) });
    m_chips->setChips(chips);
}

void LogPanel::updateServiceChoices()
{
    const auto current = m_service->currentData().toString();
    QSignalBlocker blocker(m_service);
    m_service->clear();
    m_service->addItem(tr("All services"), QString());
    for (const auto &service : m_model->services())
        m_service->addItem(service, service);
    m_service->setCurrentIndex(std::max(0, m_service->findData(current)));
}

void LogPanel::copySelection() const
{
    QStringList lines;
    const auto rows = m_view->selectionModel()->selectedRows();
    for (const auto &index : rows) {
        const auto &entry = m_model->entry(m_proxy->mapToSource(index).row());
        lines << QStringLiteral("%1 %2 [%3] %4")
                     .arg(QDateTime::fromMSecsSinceEpoch(entry.timeMs).toString(Qt::ISODateWithMs),
                         LogLevels::name(entry.level), entry.source, entry.message);
    }
    QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
}

bool LogPanel::exportTo(const QString &fileName, QString *error) const
{
    QFile file(fileName);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
        if (error)
            *error = tr("cannot write %1: %2").arg(fileName, file.errorString());
        return false;
    }
    QTextStream out(&file);
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const auto &entry = m_model->entry(m_proxy->mapToSource(m_proxy->index(row, 0)).row());
        out << QDateTime::fromMSecsSinceEpoch(entry.timeMs).toString(Qt::ISODateWithMs) << ' '
            << LogLevels::name(entry.level) << " [" << entry.source << "] " << entry.message << '\n';
    }
    return true;
}

void LogPanel::showLevelMenu()
{
    QMenu menu(this);
    auto addLevels = [this](QMenu *target, const QString &logger) {
        for (int level = 0; level <= 5; ++level)
            target->addAction(
                LogLevels::name(level), this, [this, logger, level] { Q_EMIT logLevelChangeRequested(logger, level); });
    };
    addLevels(menu.addMenu(tr("All loggers")), QString());
    menu.addSeparator();
    QStringList loggers;
    for (int row = std::max(0, m_model->rowCount() - 5000); row < m_model->rowCount(); ++row) {
        const auto &source = m_model->entry(row).source;
        if (!loggers.contains(source))
            loggers << source;
    }
    loggers.sort();
    for (const auto &logger : loggers)
        addLevels(menu.addMenu(logger), logger);
    menu.exec(QCursor::pos());
}

LogPanel::~LogPanel()
{
    // The view's scroll bar still signals while QWidget's destructor deletes the children, when this
    // LogPanel is no longer one; its handler must not run then.
    m_view->verticalScrollBar()->disconnect(this);
}
