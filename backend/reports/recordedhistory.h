#pragma once

#include "alerting/alertevent.h"
#include "registry/registrytypes.h"
#include "runtime/operatorevents.h"

#include <memory>
#include <QList>
#include <QString>

class TimeSeriesStore;

// What a data dir recorded, opened for reading only: the metric history, the alert transitions, the operator
// actions and the registry's configuration history. The console may keep recording while a report reads: nothing here
// writes to the data dir.
class RecordedHistory
{
public:
    RecordedHistory();
    ~RecordedHistory();

    // False with a reason when the data dir has no readable metric history; alerts and config are optional.
    bool load(const QString &dataDir, QString *error);

    const TimeSeriesStore &store() const { return *m_store; }
    const QList<AlertEvent> &alerts() const { return m_alerts; }
    const QList<OperatorEvent> &operatorEvents() const { return m_operatorEvents; }
    bool hasConfigHistory() const { return m_hasConfig; }
    const QList<KvRevision> &configHistory() const { return m_config; }

private:
    bool loadConfig(const QString &path, QString *error);

    std::unique_ptr<TimeSeriesStore> m_store;
    QList<AlertEvent> m_alerts;
    QList<OperatorEvent> m_operatorEvents;
    bool m_hasConfig = false;
    QList<KvRevision> m_config;
};
