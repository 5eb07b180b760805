#pragma once

#include "http/service.h"

#include <memory>

class QNetworkAccessManager;

// A service that calls another service, the way cart calls catalog: GET /relay?port=N&path=/items/1 makes
// a real HTTP call to 127.0.0.1:N, reports it through ServiceContext::calls (callee = the calleeService
// given here, route = the path) and answers with the callee's status. Gives tests caller/callee traffic.
class RelayService : public Service
{
public:
    explicit RelayService(QString calleeService = QStringLiteral("test"))
        : m_callee(std::move(calleeService))
    { }
    ~RelayService() override;
    bool start(ServiceContext &context, QString *error) override;
    void stop() override;

private:
    QString m_callee;
    std::unique_ptr<QNetworkAccessManager> m_network;
};
