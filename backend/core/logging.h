#pragma once

#include <memory>
#include <spdlog/common.h>
#include <string>

namespace spdlog {
class logger;
namespace sinks {
class sink;
}
} // namespace spdlog

class QString;

// One named spdlog logger per subsystem ("registry", "cart.1", "scraper" ...). All loggers share the same
// sinks (console, rotating file, and whatever is attached later such as the console's log hub), so a sink
// added at run time sees every subsystem.
namespace Logging {

struct Options
{
    bool console = true;
    spdlog::level::level_enum level = spdlog::level::info;
    std::size_t maxFileBytes = 5 * 1024 * 1024;
    std::size_t maxFiles = 5;
};

// Sets up the shared sinks; the rotating file goes to <logDir>/flightdeck.log when logDir is not empty.
// Safe to call more than once (later calls replace the file and console sinks).
void init(const QString &logDir, const Options &options = {});

// Returns the logger for a subsystem, creating it on first use. Thread safe.
std::shared_ptr<spdlog::logger> get(const std::string &name);

// Attaches an extra sink (for example the log hub) that receives the records of every logger.
void addSink(std::shared_ptr<spdlog::sinks::sink> sink);
void removeSink(const std::shared_ptr<spdlog::sinks::sink> &sink);

// Changes the level of one logger, or of all of them when name is empty.
bool setLevel(const std::string &name, spdlog::level::level_enum level);

} // namespace Logging
