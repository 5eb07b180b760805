#pragma once

#include <QString>

namespace CartFormat {
// "1,234.50" in the interface's locale; an em dash when unknown (negative).
QString cents(qint64 cents);
} // namespace CartFormat
