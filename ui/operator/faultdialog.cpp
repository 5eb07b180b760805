#include "faultdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

FaultDialog::FaultDialog(const QString &service, const QString &instanceId, int instanceCount, QWidget *parent)
    : QDialog(parent)
    , m_service(service)
    , m_instanceId(instanceId)
    , m_scope(new QComboBox(this))
    , m_errorPercent(new QSpinBox(this))
    , m_latencyMs(new QSpinBox(this))
    , m_dropHeartbeats(new QCheckBox(tr("Stop heartbeats to the registry (its lease expires)"), this))
    , m_duration(new QComboBox(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("faultDialog"));
    setWindowTitle(tr("Inject Fault"));

    m_scope->setObjectName(QStringLiteral("faultScope"));
    if (!instanceId.isEmpty())
        m_scope->addItem(tr("Instance %1 only").arg(instanceId), false);
    m_scope->addItem(tr("Every instance of %1 (%n instance(s))", nullptr, instanceCount).arg(service), true);

    m_errorPercent->setObjectName(QStringLiteral("faultErrorPercent"));
    m_errorPercent->setRange(0, 100);
    m_errorPercent->setSuffix(QStringLiteral(" %"));
    m_errorPercent->setValue(20);
    m_errorPercent->setToolTip(tr("Share of requests answered with 503 \"injected_fault\""));

    m_latencyMs->setObjectName(QStringLiteral("faultLatencyMs"));
    m_latencyMs->setRange(0, 30'000);
    m_latencyMs->setSingleStep(50);
    m_latencyMs->setSuffix(tr(" ms"));
    m_latencyMs->setValue(200);
    m_latencyMs->setToolTip(tr("Added before every request is handled"));

    m_dropHeartbeats->setObjectName(QStringLiteral("faultDropHeartbeats"));

    m_duration->setObjectName(QStringLiteral("faultDuration"));
    for (const auto &[text, minutes] : { std::pair { tr("1 minute"), 1 }, std::pair { tr("5 minutes"), 5 },
             std::pair { tr("15 minutes"), 15 }, std::pair { tr("1 hour"), 60 } })
        m_duration->addItem(text, qint64(minutes) * 60'000);
    m_duration->addItem(tr("Until cleared"), qint64(0));
    m_duration->setCurrentIndex(1);

    auto *form = new QFormLayout;
    form->addRow(tr("Scope"), m_scope);
    form->addRow(tr("Error rate"), m_errorPercent);
    form->addRow(tr("Added latency"), m_latencyMs);
    form->addRow(QString(), m_dropHeartbeats);
    form->addRow(tr("Duration"), m_duration);

    auto *note = new QLabel(tr("/health and /metrics stay exempt, so the instance stays observable."), this);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);

    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Inject"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("faultInject"));
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("faultCancel"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (auto *spin : { m_errorPercent, m_latencyMs })
        connect(spin, &QSpinBox::valueChanged, this, &FaultDialog::updateOk);
    connect(m_dropHeartbeats, &QCheckBox::toggled, this, &FaultDialog::updateOk);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(m_buttons);
    updateOk();
}

FaultRequest FaultDialog::request() const
{
    FaultRequest request;
    request.faults.errorRatio = m_errorPercent->value() / 100.0;
    request.faults.extraLatencyMs = m_latencyMs->value();
    request.faults.dropHeartbeats = m_dropHeartbeats->isChecked();
    request.durationMs = m_duration->currentData().toLongLong();
    request.wholeService = m_scope->currentData().toBool();
    return request;
}

void FaultDialog::updateOk()
{
    // A fault that does nothing is not worth a badge.
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(request().faults.active());
}
