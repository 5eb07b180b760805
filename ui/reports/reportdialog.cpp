#include "reportdialog.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QProgressBar>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QStandardItemModel>
#include <QVBoxLayout>

namespace {

struct Preset
{
    const char *label;
    qint64 seconds; // 0 = custom
};

constexpr Preset kPresets[] = {
    { QT_TRANSLATE_NOOP("ReportDialog", "Last 15 minutes"), 15 * 60 },
    { QT_TRANSLATE_NOOP("ReportDialog", "Last hour"), 3600 },
    { QT_TRANSLATE_NOOP("ReportDialog", "Last 6 hours"), 6 * 3600 },
    { QT_TRANSLATE_NOOP("ReportDialog", "Last 24 hours"), 24 * 3600 },
    { QT_TRANSLATE_NOOP("ReportDialog", "Last 7 days"), 7 * 24 * 3600 },
    { QT_TRANSLATE_NOOP("ReportDialog", "Custom range"), 0 },
};

} // namespace

ReportDialog::ReportDialog(QString dataDir, QWidget *parent)
    : QDialog(parent)
    , m_dataDir(std::move(dataDir))
    , m_preset(new QComboBox(this))
    , m_from(new QDateTimeEdit(this))
    , m_to(new QDateTimeEdit(this))
    , m_services(new QStandardItemModel(this))
    , m_serviceView(new QListView(this))
    , m_format(new QComboBox(this))
    , m_file(new QLineEdit(this))
    , m_browse(new QPushButton(tr("Browse…"), this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Close, this))
    , m_export(m_buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole))
{
    setWindowTitle(tr("Export Report"));
    setObjectName(QStringLiteral("reportDialog"));
    for (const auto &preset : kPresets)
        m_preset->addItem(tr(preset.label));
    for (auto *edit : { m_from, m_to }) {
        edit->setTimeSpec(Qt::UTC);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
        edit->setCalendarPopup(true);
    }
    m_serviceView->setModel(m_services);
    m_serviceView->setObjectName(QStringLiteral("reportServices"));
    m_format->addItem(QStringLiteral("PDF"), int(ReportFormat::Pdf));
    m_format->addItem(QStringLiteral("HTML"), int(ReportFormat::Html));
    m_format->addItem(QStringLiteral("CSV"), int(ReportFormat::Csv));
    m_format->addItem(QStringLiteral("JSON"), int(ReportFormat::Json));
    m_format->setObjectName(QStringLiteral("reportFormat"));
    m_file->setObjectName(QStringLiteral("reportFile"));
    m_file->setText(QDir::home().filePath(QStringLiteral("flightdeck-report.pdf")));
    m_progress->setRange(0, 100);
    m_progress->setValue(0);
    m_progress->setVisible(false);
    m_status->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("reportStatus"));
    m_export->setObjectName(QStringLiteral("reportExport"));

    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(m_browse);
    auto *form = new QFormLayout;
    form->addRow(tr("Range:"), m_preset);
    form->addRow(tr("From:"), m_from);
    form->addRow(tr("To:"), m_to);
    form->addRow(tr("Services:"), m_serviceView);
    form->addRow(tr("Format:"), m_format);
    form->addRow(tr("File:"), fileRow);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);

    connect(m_preset, &QComboBox::currentIndexChanged, this, &ReportDialog::applyPreset);
    connect(m_browse, &QPushButton::clicked, this, &ReportDialog::browse);
    connect(m_file, &QLineEdit::editingFinished, this, &ReportDialog::formatFromFileName);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ReportDialog::extensionFromFormat);
    connect(m_export, &QPushButton::clicked, this, &ReportDialog::startExport);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    m_preset->setCurrentIndex(1);
    applyPreset(1);
    loadServices();
}

// A running worker only reads the data dir and returns a value; LatestOnly waits so it never outlives the dialog.
ReportDialog::~ReportDialog() = default;

void ReportDialog::loadServices()
{
    m_status->setText(tr("Reading the recorded history…"));
    const QString dataDir = m_dataDir;
    m_servicesQuery.run(
        [dataDir] {
            QString error;
            return ReportExporter::recordedServices(dataDir, &error);
        },
        [this](const QStringList &services) { showServices(services); });
}

void ReportDialog::showServices(const QStringList &services)
{
    m_services->clear();
    for (const auto &service : services) {
        auto *item = new QStandardItem(service);
        item->setCheckable(true);
        item->setCheckState(Qt::Checked);
        item->setEditable(false);
        m_services->appendRow(item);
    }
    if (services.isEmpty())
        m_status->setText(tr("No recorded metric history in %1 yet.").arg(m_dataDir));
    Q_EMIT servicesLoaded(services);
}

void ReportDialog::applyPreset(int index)
{
    const qint64 seconds = kPresets[std::clamp(index, 0, int(std::size(kPresets)) - 1)].seconds;
    m_from->setEnabled(seconds == 0);
    m_to->setEnabled(seconds == 0);
    if (seconds > 0) {
        const auto now = QDateTime::currentDateTimeUtc();
        m_to->setDateTime(now);
        m_from->setDateTime(now.addSecs(-seconds));
    }
}

void ReportDialog::setFileName(const QString &file)
{
    m_file->setText(file);
    formatFromFileName();
}

void ReportDialog::setRange(qint64 fromMs, qint64 toMs)
{
    m_preset->setCurrentIndex(int(std::size(kPresets)) - 1);
    m_from->setDateTime(QDateTime::fromMSecsSinceEpoch(fromMs, Qt::UTC));
    m_to->setDateTime(QDateTime::fromMSecsSinceEpoch(toMs, Qt::UTC));
}

void ReportDialog::setFormat(ReportFormat format)
{
    m_format->setCurrentIndex(m_format->findData(int(format)));
}

QStringList ReportDialog::checkedServices() const
{
    QStringList out;
    for (int row = 0; row < m_services->rowCount(); ++row) {
        if (m_services->item(row)->checkState() == Qt::Checked)
            out.append(m_services->item(row)->text());
    }
    return out;
}

QString ReportDialog::statusText() const
{
    return m_status->text();
}

void ReportDialog::browse()
{
    const QStringList filters
        = { tr("PDF (*.pdf)"), tr("HTML (*.html *.htm)"), tr("CSV (*.csv)"), tr("JSON (*.json)") };
    QString selected = filters.value(m_format->currentIndex());
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Export Report"), m_file->text(), filters.join(QStringLiteral(";;")), &selected);
    if (!file.isEmpty())
        setFileName(file);
}

QString ReportDialog::fileName() const
{
    return m_file->text();
}

void ReportDialog::formatFromFileName()
{
    if (m_matchingFormat)
        return;
    const QScopedValueRollback guard(m_matchingFormat, true);
    if (const auto format = ReportFormats::fromFileName(m_file->text()))
        setFormat(*format);
}

void ReportDialog::extensionFromFormat()
{
    if (m_matchingFormat)
        return;
    const QScopedValueRollback guard(m_matchingFormat, true);
    // Only a report extension is swapped (or one added to a bare name); the name itself, its folder and any
    // other extension the operator typed on purpose stay as they are.
    const QString text = m_file->text().trimmed();
    if (text.isEmpty())
        return;
    const QFileInfo info(text);
    if (info.fileName().isEmpty())
        return; // a folder so far
    const auto format = ReportFormat(m_format->currentData().toInt());
    const QString extension = ReportFormats::name(format);
    const QString suffix = info.suffix();
    const auto suffixFormat = ReportFormats::fromName(suffix);
    if (suffix.isEmpty())
        m_file->setText(text + QLatin1Char('.') + extension);
    else if (suffixFormat && *suffixFormat != format)
        m_file->setText(text.left(text.size() - suffix.size()) + extension);
}

ReportExportJob ReportDialog::job() const
{
    ReportExportJob job;
    job.dataDir = m_dataDir;
    job.file = m_file->text().trimmed();
    job.format = ReportFormat(m_format->currentData().toInt());
    if (m_preset->currentIndex() == int(std::size(kPresets)) - 1) {
        job.request.fromMs = m_from->dateTime().toMSecsSinceEpoch();
        job.request.toMs = m_to->dateTime().toMSecsSinceEpoch();
    } else {
        // A preset means "up to now" at the moment of export, not when the dialog opened.
        job.request.toMs = QDateTime::currentMSecsSinceEpoch();
        job.request.fromMs = job.request.toMs - kPresets[m_preset->currentIndex()].seconds * 1000;
    }
    job.request.services = checkedServices();
    return job;
}

void ReportDialog::startExport()
{
    if (m_prepare.busy() || m_write.busy())
        return;
    m_job = job();
    if (m_job.file.isEmpty()) {
        m_status->setText(tr("Choose a file to export to."));
        return;
    }
    if (m_job.request.services.isEmpty()) {
        m_status->setText(tr("Choose at least one service."));
        return;
    }
    setBusy(true);
    m_progress->setValue(0);
    m_status->setText(tr("Reading the recorded history…"));
    const ReportExportJob job = m_job;
    m_prepare.run(
        [job] {
            Prepared prepared;
            prepared.report = ReportExporter::prepare(job, &prepared.error);
            return prepared;
        },
        [this](const Prepared &prepared) { write(prepared); });
}

void ReportDialog::write(const Prepared &prepared)
{
    const auto &report = prepared.report;
    if (!report) {
        showResult({ false, prepared.error });
        return;
    }
    m_progress->setValue(5);
    m_status->setText(tr("Writing %1…").arg(m_job.file));
    // Every format renders on the worker; progress comes back as queued calls, dropped if the dialog is gone.
    const ReportExportJob job = m_job;
    auto progress = [this](int percent) {
        QMetaObject::invokeMethod(
            this, [this, percent] { m_progress->setValue(percent); }, Qt::QueuedConnection);
    };
    m_write.run([job, report, progress] { return ReportExporter::write(job, *report, progress); },
        [this](const ReportExportResult &result) { showResult(result); });
}

void ReportDialog::showResult(const ReportExportResult &result)
{
    setBusy(false);
    m_progress->setValue(result.ok ? 100 : 0);
    m_status->setText(result.message);
    Q_EMIT exportFinished(result.ok, result.message);
}

void ReportDialog::setBusy(bool busy)
{
    m_progress->setVisible(busy || m_progress->value() > 0);
    m_export->setEnabled(!busy);
    for (QWidget *widget : std::initializer_list<QWidget *> { m_preset, m_serviceView, m_format, m_file, m_browse })
        widget->setEnabled(!busy);
}
