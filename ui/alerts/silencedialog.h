#pragma once

#include "alerting/silence.h"

#include <optional>
#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

// Creates or edits a silence: which alerts (rule, service, instance; an empty field matches any), for how
// long from now, who and why. OK stays disabled until the silence is valid; Cancel changes nothing.
class SilenceDialog : public QDialog
{
    Q_OBJECT
public:
    SilenceDialog(const QStringList &ruleNames, QWidget *parent = nullptr);

    // Fills the fields for a new silence of one alert.
    void setTarget(const QString &ruleName, const QString &service, const QString &instance);
    // Fills the fields from an existing silence (an edit keeps its id and any other matchers).
    void setSilence(const Silence &silence, qint64 nowMs);

    // The silence as entered, starting at nowMs; nothing while a field is invalid (problems() says why).
    std::optional<Silence> silence(qint64 nowMs) const;
    QString author() const;
    QStringList problems() const;

private:
    void validate();

    QComboBox *m_rule;
    QLineEdit *m_service;
    QLineEdit *m_instance;
    QComboBox *m_duration;
    QLineEdit *m_author;
    QLineEdit *m_comment;
    QLabel *m_problems;
    QPushButton *m_ok;
    Silence m_editing; // id, start and the matchers this dialog does not show, kept on edit
};
