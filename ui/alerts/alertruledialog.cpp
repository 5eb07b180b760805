#include "alertruledialog.h"

#include "alerting/backtest.h"
#include "alerting/ruleexpression.h"
#include "common/plottheme.h"
#include "telemetry/metricquery.h"

#include <QComboBox>
#include <qcustomplot.h>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

AlertRuleDialog::AlertRuleDialog(const MetricQuery *query, QList<AlertTarget> targets, QWidget *parent)
    : QDialog(parent)
    , m_query(query)
    , m_targets(std::move(targets))
    , m_name(new QLineEdit(this))
    , m_expression(new QLineEdit(this))
    , m_for(new QLineEdit(QStringLiteral("30s"), this))
    , m_clear(new QLineEdit(this))
    , m_severity(new QComboBox(this))
    , m_noData(new QComboBox(this))
    , m_summary(new QLineEdit(this))
    , m_problems(new QLabel(this))
    , m_backtestSummary(new QLabel(this))
    , m_plot(new QCustomPlot(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("alertRuleDialog"));
    setWindowTitle(tr("Alert Rule"));
    m_name->setObjectName(QStringLiteral("ruleName"));
    m_expression->setObjectName(QStringLiteral("ruleExpression"));
    m_expression->setPlaceholderText(QStringLiteral("error_ratio(service=\"cart\", window=1m) > 0.05"));
    m_for->setObjectName(QStringLiteral("ruleFor"));
    m_clear->setObjectName(QStringLiteral("ruleClearThreshold"));
    m_clear->setPlaceholderText(tr("optional, e.g. 0.03"));
    for (auto severity : { Severity::Info, Severity::Warning, Severity::Critical })
        m_severity->addItem(AlertRules::severityName(severity), int(severity));
    m_severity->setCurrentIndex(1);
    m_noData->setObjectName(QStringLiteral("ruleNoData"));
    m_noData->addItem(tr("show \"no data\" (or \"error\" when scrapes fail)"), int(NoDataPolicy::NoData));
    m_noData->addItem(tr("treat as firing"), int(NoDataPolicy::Alerting));
    m_noData->addItem(tr("treat as OK"), int(NoDataPolicy::Ok));
    m_noData->addItem(tr("keep the last state"), int(NoDataPolicy::KeepLast));
    m_noData->setToolTip(tr("What the rule does when its series vanish. instances_up rules count missing "
                            "instances as down and ignore this."));
    m_summary->setObjectName(QStringLiteral("ruleSummary"));
    m_summary->setPlaceholderText(tr("{{service}} error ratio is {{value}}"));
    m_problems->setObjectName(QStringLiteral("ruleProblems"));
    m_problems->setStyleSheet(QStringLiteral("color: #d63a3a;"));
    m_problems->setWordWrap(true);
    m_backtestSummary->setObjectName(QStringLiteral("backtestSummary"));
    m_plot->setObjectName(QStringLiteral("backtestPlot"));
    PlotTheme::follow(m_plot);
    m_plot->setMinimumSize(520, 180);
    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setDateTimeFormat(QStringLiteral("HH:mm"));
    m_plot->xAxis->setTicker(ticker);
    // Before the first run the chart shows the hour a backtest covers, not an axis at 1970's 00:00.
    const double now = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
    m_plot->xAxis->setRange(now - 3600, now);
    showPlotNote(tr("Press Backtest Last Hour to see when this rule would have fired."));

    auto *form = new QFormLayout;
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Condition"), m_expression);
    form->addRow(tr("For"), m_for);
    form->addRow(tr("Clear below/above"), m_clear);
    form->addRow(tr("Severity"), m_severity);
    form->addRow(tr("When data is missing"), m_noData);
    form->addRow(tr("Summary"), m_summary);
    auto *backtestButton = new QPushButton(tr("Backtest Last Hour"), this);
    backtestButton->setObjectName(QStringLiteral("runBacktest"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problems);
    layout->addWidget(backtestButton, 0, Qt::AlignLeft);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_backtestSummary);
    layout->addWidget(m_buttons);

    for (auto *edit : { m_name, m_expression, m_for, m_clear })
        connect(edit, &QLineEdit::textChanged, this, &AlertRuleDialog::validate);
    connect(backtestButton, &QPushButton::clicked, this, &AlertRuleDialog::runBacktest);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &AlertRuleDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    validate();
}

void AlertRuleDialog::setRule(const AlertRule &rule)
{
    m_original = rule;
    m_name->setText(rule.name);
    m_expression->setText(RuleExpression::of(rule).toString());
    m_for->setText(AlertRules::formatDuration(rule.forMs));
    m_clear->setText(rule.clearThreshold ? QString::number(*rule.clearThreshold) : QString());
    m_severity->setCurrentIndex(m_severity->findData(int(rule.severity)));
    m_noData->setCurrentIndex(m_noData->findData(int(rule.noData)));
    m_summary->setText(rule.annotations.value(QStringLiteral("summary")));
}

std::optional<AlertRule> AlertRuleDialog::rule(QStringList *errors) const
{
    QStringList problems;
    AlertRule rule = m_original;
    rule.name = m_name->text().trimmed();
    QString expressionError;
    const auto expression = RuleExpression::parse(m_expression->text(), &expressionError);
    if (!expression)
        problems << tr("condition: %1").arg(expressionError);
    else
        expression->applyTo(&rule);
    const auto forMs = AlertRules::parseDuration(m_for->text().trimmed());
    if (!forMs)
        problems << tr("for: '%1' is not a duration such as 30s, 1m or 1m30s").arg(m_for->text());
    else
        rule.forMs = *forMs;
    if (m_clear->text().trimmed().isEmpty()) {
        rule.clearThreshold.reset();
    } else {
        bool ok = false;
        const double clear = m_clear->text().toDouble(&ok);
        if (!ok)
            problems << tr("clear threshold: not a number");
        else
            rule.clearThreshold = clear;
    }
    rule.severity = Severity(m_severity->currentData().toInt());
    rule.noData = NoDataPolicy(m_noData->currentData().toInt());
    if (!m_summary->text().isEmpty())
        rule.annotations.insert(QStringLiteral("summary"), m_summary->text());
    if (problems.isEmpty())
        problems << rule.validate();
    if (errors)
        *errors = problems;
    if (!problems.isEmpty())
        return std::nullopt;
    return rule;
}

void AlertRuleDialog::validate()
{
    QStringList problems;
    const bool valid = rule(&problems).has_value();
    m_problems->setText(problems.join(QLatin1Char('\n')));
    m_problems->setVisible(!valid);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(valid);
}

void AlertRuleDialog::runBacktest()
{
    QStringList problems;
    const auto candidate = rule(&problems);
    if (!candidate || !m_query) {
        m_backtestSummary->setText(
            problems.isEmpty() ? tr("No recorded metrics to test against.") : problems.join(QLatin1Char('\n')));
        return;
    }
    m_backtestSummary->setText(tr("Backtesting…"));
    const qint64 toMs = QDateTime::currentMSecsSinceEpoch();
    const qint64 fromMs = toMs - 3600 * 1000;
    constexpr qint64 stepMs = 5000;
    m_backtest.run(
        [query = m_query, rule = *candidate, targets = m_targets, fromMs, toMs] {
            Preview preview;
            preview.fromSeconds = double(fromMs) / 1000.0;
            preview.toSeconds = double(toMs) / 1000.0;
            for (qint64 t = fromMs; t <= toMs; t += stepMs) {
                if (const auto value = query->evaluate(rule.metric, t)) {
                    preview.keys << double(t) / 1000.0;
                    preview.values << *value;
                }
            }
            QString error;
            QList<AlertTarget> scoped = targets;
            if (!rule.metric.service.isEmpty())
                scoped = { AlertTarget { rule.metric.service, rule.metric.instance } };
            const auto result = Backtest::run(rule, *query, fromMs, toMs, stepMs, scoped, &error);
            if (!result) {
                preview.error = error;
                return preview;
            }
            for (const auto &interval : result->firing())
                preview.firing.append({ double(interval.startMs) / 1000.0, double(interval.endMs) / 1000.0 });
            return preview;
        },
        [this](const Preview &preview) { showPreview(preview); });
}

void AlertRuleDialog::showPreview(const Preview &preview)
{
    m_plot->clearGraphs();
    m_plot->clearItems();
    m_plot->xAxis->setRange(preview.fromSeconds, preview.toSeconds);
    if (!preview.error.isEmpty()) {
        m_backtestSummary->setText(preview.error);
        showPlotNote(preview.error);
        m_plot->replot();
        return;
    }
    if (preview.keys.isEmpty()) {
        m_firingCount = 0;
        m_backtestSummary->setText(tr("No recorded values of this metric in the last hour: nothing to test."));
        showPlotNote(tr("No data in this range"));
        m_plot->replot();
        return;
    }
    m_plot->yAxis->setTickLabels(true);
    auto *graph = m_plot->addGraph();
    graph->setData(preview.keys, preview.values, true);
    graph->setPen(QPen(QColor(0x2f, 0x74, 0xc0), 1.5));
    m_plot->yAxis->rescale();
    const auto expression = RuleExpression::parse(m_expression->text(), nullptr);
    if (expression) {
        auto *threshold = new QCPItemStraightLine(m_plot);
        threshold->point1->setCoords(0, expression->threshold);
        threshold->point2->setCoords(1, expression->threshold);
        threshold->setPen(QPen(QColor(0xd6, 0x3a, 0x3a), 1, Qt::DashLine));
        auto range = m_plot->yAxis->range();
        m_plot->yAxis->setRange(
            std::min(range.lower, expression->threshold * 0.9), std::max(range.upper, expression->threshold * 1.1));
    }
    for (const auto &[start, end] : preview.firing) {
        auto *span = new QCPItemRect(m_plot);
        span->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
        span->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
        span->topLeft->setCoords(start, 0);
        span->bottomRight->setCoords(end, 1);
        span->setPen(Qt::NoPen);
        span->setBrush(QColor(0xd6, 0x3a, 0x3a, 50));
    }
    m_firingCount = int(preview.firing.size());
    m_backtestSummary->setText(m_firingCount == 0
            ? tr("Would not have fired in the last hour.")
            : tr("Would have fired %n time(s) in the last hour.", nullptr, m_firingCount));
    m_plot->replot();
}

void AlertRuleDialog::accept()
{
    QStringList problems;
    if (!rule(&problems)) {
        QMessageBox::warning(this, tr("Alert Rule"), problems.join(QLatin1Char('\n')));
        return;
    }
    QDialog::accept();
}

void AlertRuleDialog::showPlotNote(const QString &text)
{
    auto *note = new QCPItemText(m_plot);
    note->position->setType(QCPItemPosition::ptAxisRectRatio);
    note->position->setCoords(0.5, 0.5);
    note->setPositionAlignment(Qt::AlignCenter);
    note->setText(text);
    note->setColor(m_plot->palette().color(QPalette::PlaceholderText));
    m_plot->yAxis->setTickLabels(false);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}
