#pragma once

#include "alerting/silence.h"

#include <QAbstractTableModel>

// Silences with their matchers, time window and whether they are active now.
class SilenceModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { StatusColumn, MatchersColumn, EndsColumn, CreatedByColumn, CommentColumn, ColumnCount };

    explicit SilenceModel(QObject *parent = nullptr);
    void setSilences(const QList<Silence> &silences, qint64 nowMs);
    const Silence &silence(int row) const { return m_silences.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Silence> m_silences;
    qint64 m_nowMs = 0;
};
