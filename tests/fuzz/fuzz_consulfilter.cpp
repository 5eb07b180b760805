// libFuzzer target: a ?filter= expression through the registry's parser, then evaluated on a health entry
// shaped like the registry's answers. Parsing either succeeds or names its reason; nothing crashes, and
// hostile nesting is refused instead of exhausting the stack.
#include "registry/consulfilter.h"

#include <cstdint>
#include <cstdlib>
#include <QJsonArray>
#include <QJsonObject>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const QJsonObject entry {
        { QStringLiteral("Service"),
            QJsonObject { { QStringLiteral("Service"), QStringLiteral("web") },
                { QStringLiteral("Tags"), QJsonArray { QStringLiteral("v1") } },
                { QStringLiteral("Meta"), QJsonObject { { QStringLiteral("env"), QStringLiteral("prod") } } },
                { QStringLiteral("Port"), 8080 } } },
        { QStringLiteral("Checks"),
            QJsonArray { QJsonObject { { QStringLiteral("Status"), QStringLiteral("passing") } } } }
    };
    const auto text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    ConsulFilter filter;
    QString error;
    if (filter.parse(text, &error))
        (void)filter.matches(entry);
    else if (error.isEmpty())
        std::abort();
    return 0;
}
