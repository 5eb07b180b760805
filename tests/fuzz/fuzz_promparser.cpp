// libFuzzer target: the Prometheus text parser on arbitrary bytes. It must never crash, hang or read out of
// bounds, and what it accepts must be self-consistent.
#include "telemetry/promparser.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto result = PromParser::parse(text);
    if (result.ok) {
        int samples = 0;
        for (const auto &family : result.families)
            samples += int(family.samples.size());
        if (samples != result.sampleCount || !result.error.isEmpty())
            std::abort();
    } else if (result.error.isEmpty()) {
        std::abort(); // a rejection always says why
    }
    // The value parser on its own, over the same bytes.
    double value = 0;
    PromParser::parseValue(text.constData(), text.constData() + text.size(), &value);
    return 0;
}
