#include "silencedialog.h"

#include "alerting/alertrule.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace {

const QString kRule = QStringLiteral("alertname");
const QString kService = QStringLiteral("service");
const QString kInstance = QStringLiteral("instance");

bool isShownMatcher(const SilenceMatcher &matcher)
{
    return matcher.op == SilenceMatcher::Op::Equal
        && (matcher.name == kRule || matcher.name == kService || matcher.name == kInstance);
}

} // namespace

SilenceDialog::SilenceDialog(const QStringList &ruleNames, QWidget *parent)
    : QDialog(parent)
    , m_rule(new QComboBox(this))
    , m_service(new QLineEdit(this))
    , m_instance(new QLineEdit(this))
    , m_duration(new QComboBox(this))
    , m_author(new QLineEdit(this))
    , m_comment(new QLineEdit(this))
    , m_problems(new QLabel(this))
{
    setObjectName(QStringLiteral("silenceDialog"));
    setWindowTitle(tr("Silence"));
    m_rule->setObjectName(QStringLiteral("silenceRule"));
    m_rule->setEditable(true);
    m_rule->addItem(QString());
    m_rule->addItems(ruleNames);
    m_rule->setToolTip(tr("The rule whose alerts are silenced; empty silences every rule that matches the rest."));
    m_service->setObjectName(QStringLiteral("silenceService"));
    m_service->setPlaceholderText(tr("any service"));
    m_instance->setObjectName(QStringLiteral("silenceInstance"));
    m_instance->setPlaceholderText(tr("any instance"));
    m_duration->setObjectName(QStringLiteral("silenceDuration"));
    m_duration->setEditable(true);
    m_duration->addItems({ QStringLiteral("15m"), QStringLiteral("1h"), QStringLiteral("2h"), QStringLiteral("4h"),
        QStringLiteral("1d") });
    m_duration->setCurrentIndex(1);
    m_duration->setToolTip(tr("How long from now, e.g. 30m, 1h30m, 2d."));
    m_author->setObjectName(QStringLiteral("silenceAuthor"));
    m_author->setText(qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME")));
    m_comment->setObjectName(QStringLiteral("silenceComment"));
    m_comment->setPlaceholderText(tr("why, e.g. a ticket or \"deploying cart\""));
    m_problems->setObjectName(QStringLiteral("silenceProblems"));
    m_problems->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("Rule"), m_rule);
    form->addRow(tr("Service"), m_service);
    form->addRow(tr("Instance"), m_instance);
    form->addRow(tr("Duration"), m_duration);
    form->addRow(tr("Created by"), m_author);
    form->addRow(tr("Comment"), m_comment);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setObjectName(QStringLiteral("silenceOk"));
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("silenceCancel"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problems);
    layout->addWidget(buttons);
    resize(480, sizeHint().height());

    for (auto *edit : { m_service, m_instance, m_author, m_comment })
        connect(edit, &QLineEdit::textChanged, this, &SilenceDialog::validate);
    connect(m_rule, &QComboBox::currentTextChanged, this, &SilenceDialog::validate);
    connect(m_duration, &QComboBox::currentTextChanged, this, &SilenceDialog::validate);
    validate();
}

void SilenceDialog::setTarget(const QString &ruleName, const QString &service, const QString &instance)
{
    m_rule->setCurrentText(ruleName);
    m_service->setText(service);
    m_instance->setText(instance);
}

void SilenceDialog::setSilence(const Silence &silence, qint64 nowMs)
{
    setWindowTitle(tr("Edit Silence"));
    m_editing = silence;
    QString rule, service, instance;
    for (const auto &matcher : silence.matchers) {
        if (!isShownMatcher(matcher))
            continue;
        (matcher.name == kRule ? rule : matcher.name == kService ? service : instance) = matcher.value;
    }
    setTarget(rule, service, instance);
    // Rounded up to whole minutes: what is left of it.
    const qint64 leftMs = std::max<qint64>(60'000, (silence.endsAtMs - nowMs + 59'999) / 60'000 * 60'000);
    m_duration->setCurrentText(AlertRules::formatDuration(leftMs));
    m_author->setText(silence.createdBy);
    m_comment->setText(silence.comment);
}

QString SilenceDialog::author() const
{
    return m_author->text().trimmed();
}

QStringList SilenceDialog::problems() const
{
    QStringList problems;
    if (m_rule->currentText().trimmed().isEmpty() && m_service->text().trimmed().isEmpty()
        && m_instance->text().trimmed().isEmpty())
        problems << tr("Name a rule, a service or an instance: a silence never mutes everything.");
    const auto duration = AlertRules::parseDuration(m_duration->currentText().trimmed());
    if (!duration || *duration <= 0)
        problems << tr("Duration: \"%1\" is not a duration (e.g. 30m, 1h, 2d).").arg(m_duration->currentText());
    if (author().isEmpty())
        problems << tr("Created by: say who silences it.");
    if (m_comment->text().trimmed().isEmpty())
        problems << tr("Comment: say why, so whoever is on call next knows.");
    return problems;
}

std::optional<Silence> SilenceDialog::silence(qint64 nowMs) const
{
    if (!problems().isEmpty())
        return std::nullopt;
    Silence result = m_editing;
    result.matchers.removeIf(isShownMatcher);
    const auto add = [&result](const QString &name, const QString &value) {
        if (!value.trimmed().isEmpty())
            result.matchers.append({ name, SilenceMatcher::Op::Equal, value.trimmed() });
    };
    add(kRule, m_rule->currentText());
    add(kService, m_service->text());
    add(kInstance, m_instance->text());
    if (result.id.isEmpty() || result.startsAtMs > nowMs)
        result.startsAtMs = nowMs;
    result.endsAtMs = nowMs + AlertRules::parseDuration(m_duration->currentText().trimmed()).value_or(0);
    result.createdBy = author();
    result.comment = m_comment->text().trimmed();
    return result;
}

void SilenceDialog::validate()
{
    const auto problems = this->problems();
    m_problems->setText(problems.join(QLatin1Char('\n')));
    m_problems->setVisible(!problems.isEmpty());
    m_ok->setEnabled(problems.isEmpty());
}
