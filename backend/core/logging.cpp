#include "logging.h"

#include <mutex>
#include <QDir>
#include <QString>
#include <spdlog/sinks/dist_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace {

// Every logger writes into this one distributing sink; the set of real sinks behind it can change at run
// time without recreating loggers.
std::shared_ptr<spdlog::sinks::dist_sink_mt> sharedSink()
{
    static auto sink = std::make_shared<spdlog::sinks::dist_sink_mt>();
    return sink;
}

struct Managed
{
    std::mutex mutex;
    std::shared_ptr<spdlog::sinks::sink> console;
    std::shared_ptr<spdlog::sinks::sink> file;
    spdlog::level::level_enum level = spdlog::level::info;
};

Managed &managed()
{
    static Managed instance;
    return instance;
}

} // namespace

namespace Logging {

void init(const QString &logDir, const Options &options)
{
    auto &m = managed();
    std::lock_guard lock(m.mutex);
    auto dist = sharedSink();
    if (m.console) {
        dist->remove_sink(m.console);
        m.console.reset();
    }
    if (m.file) {
        dist->remove_sink(m.file);
        m.file.reset();
    }
    if (options.console) {
        m.console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
        m.console->set_pattern("%H:%M:%S.%e %^%-5l%$ [%n] %v");
        dist->add_sink(m.console);
    }
    if (!logDir.isEmpty() && QDir().mkpath(logDir)) {
        const auto path = QDir(logDir).filePath(QStringLiteral("flightdeck.log")).toStdString();
        try {
            m.file
                = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(path, options.maxFileBytes, options.maxFiles);
            m.file->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %-5l [%n] [tid %t] %v");
            dist->add_sink(m.file);
        } catch (const spdlog::spdlog_ex &error) {
            // A read-only data dir must not stop the app; the console still gets everything.
            spdlog::warn("cannot open log file {}: {}", path, error.what());
        }
    }
    m.level = options.level;
    spdlog::apply_all([&](const std::shared_ptr<spdlog::logger> &logger) { logger->set_level(options.level); });
}

std::shared_ptr<spdlog::logger> get(const std::string &name)
{
    if (auto existing = spdlog::get(name))
        return existing;
    auto &m = managed();
    std::lock_guard lock(m.mutex);
    if (auto existing = spdlog::get(name)) // another thread may have won the race
        return existing;
    auto logger = std::make_shared<spdlog::logger>(name, sharedSink());
    logger->set_level(m.level);
    logger->flush_on(spdlog::level::warn);
    spdlog::register_logger(logger);
    return logger;
}

void addSink(std::shared_ptr<spdlog::sinks::sink> sink)
{
    sharedSink()->add_sink(std::move(sink));
}

void removeSink(const std::shared_ptr<spdlog::sinks::sink> &sink)
{
    sharedSink()->remove_sink(sink);
}

bool setLevel(const std::string &name, spdlog::level::level_enum level)
{
    if (name.empty()) {
        managed().level = level;
        spdlog::apply_all([&](const std::shared_ptr<spdlog::logger> &logger) { logger->set_level(level); });
        return true;
    }
    auto logger = spdlog::get(name);
    if (!logger)
        return false;
    logger->set_level(level);
    return true;
}

} // namespace Logging
