#include "cartformat.h"

#include <QLocale>

namespace CartFormat {

QString cents(qint64 cents)
{
    if (cents < 0)
        return QStringLiteral("—");
    return QLocale().toString(double(cents) / 100.0, 'f', 2);
}

} // namespace CartFormat
