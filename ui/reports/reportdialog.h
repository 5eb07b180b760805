#pragma once

#include "core/latestonly.h"
#include "reportexporter.h"

#include <QDialog>

class QComboBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListView;
class QProgressBar;
class QPushButton;
class QStandardItemModel;

// File → Export Report…: picks a time range, services and a format, then exports from the recorded
// history of the data dir. Reading the history, computing the report and rendering it all run on worker
// threads (LatestOnly): the console stays live while a long report is written.
class ReportDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ReportDialog(QString dataDir, QWidget *parent = nullptr);
    ~ReportDialog() override;

    // For tests and callers that know what they want: the same as choosing it in the dialog.
    void setFileName(const QString &file);
    void setRange(qint64 fromMs, qint64 toMs);
    void setFormat(ReportFormat format);
    QStringList checkedServices() const;
    ReportExportJob job() const;
    QString statusText() const;
    QString fileName() const;

public Q_SLOTS:
    void startExport();

Q_SIGNALS:
    void servicesLoaded(const QStringList &services);
    void exportFinished(bool ok, const QString &message);

private:
    void loadServices();
    void applyPreset(int index);
    void browse();
    void formatFromFileName();
    void extensionFromFormat();
    struct Prepared
    {
        std::optional<ReportData> report;
        QString error;
    };
    void showServices(const QStringList &services);
    void write(const Prepared &prepared);
    void showResult(const ReportExportResult &result);
    void setBusy(bool busy);

    QString m_dataDir;
    QComboBox *m_preset;
    QDateTimeEdit *m_from;
    QDateTimeEdit *m_to;
    QStandardItemModel *m_services;
    QListView *m_serviceView;
    QComboBox *m_format;
    QLineEdit *m_file;
    QPushButton *m_browse;
    QProgressBar *m_progress;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;
    QPushButton *m_export;
    LatestOnly<QStringList> m_servicesQuery;
    LatestOnly<Prepared> m_prepare;
    LatestOnly<ReportExportResult> m_write;
    ReportExportJob m_job;
    bool m_matchingFormat = false; // the format and the file name are being matched to each other
};
