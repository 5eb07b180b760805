// libFuzzer target: a registry registration body (Consul's agent/service/register JSON) through the same
// parsing and validation the registry runs. Whatever it accepts has a valid id, service and port.
#include "http/httprequest.h"
#include "http/httpresponse.h"
#include "registry/consuljson.h"
#include "registry/registrytypes.h"

#include <cstdint>
#include <cstdlib>
#include <QRegularExpression>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    HttpRequest request;
    request.method = "PUT";
    request.body = QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
    QJsonObject body;
    HttpResponse error;
    if (!request.jsonObject(&body, &error)) {
        if (error.status != 400)
            std::abort();
        return 0;
    }
    RegistryInstance instance;
    QString reason;
    if (ConsulJson::parseRegistration(body, 5000, &instance, &reason)) {
        static const QRegularExpression allowed(QStringLiteral("^[A-Za-z0-9_.:\\-]{1,128}$"));
        if (!allowed.match(instance.id).hasMatch() || !allowed.match(instance.service).hasMatch())
            std::abort();
    } else if (reason.isEmpty()) {
        std::abort();
    }
    return 0;
}
