#include "runtime/logging.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <vector>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#ifndef _WIN32
#include <unistd.h>
#endif

#include "hyperbagel/engine/runtime.h"

namespace fs = std::filesystem;

namespace hb {
namespace {

std::string envOr(const char* name, const std::string& fallback) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? std::string(value) : fallback;
}

fs::path defaultLogDir() {
    const std::string explicitDir = envOr("HB_LOG_DIR", "");
    if (!explicitDir.empty()) {
        return explicitDir;
    }
    const std::string state = envOr("XDG_STATE_HOME", "");
    if (!state.empty()) {
        return fs::path(state) / "hyperbagel" / "logs";
    }
#ifdef _WIN32
    return fs::path(envOr("LOCALAPPDATA", ".")) / "HyperBagel" / "logs";
#else
    return fs::path(envOr("HOME", "/tmp")) / ".local" / "state" / "hyperbagel" / "logs";
#endif
}

std::string runStamp() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
#ifdef _WIN32
    localtime_s(&tm, &now);
    const long pid = 0;
#else
    localtime_r(&now, &tm);
    const long pid = static_cast<long>(::getpid());
#endif
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
    return std::string(buf) + "-" + std::to_string(pid);
}

// Deletes the oldest "<app>-*.log" files so that at most `keep` remain (names sort by time).
void pruneLogs(const fs::path& dir, const std::string& appName, int keep) {
    std::vector<fs::path> logs;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(appName + "-", 0) == 0 && entry.path().extension() == ".log") {
            logs.push_back(entry.path());
        }
    }
    std::sort(logs.begin(), logs.end());
    for (std::size_t i = 0; i + static_cast<std::size_t>(std::max(keep, 1)) < logs.size(); ++i) {
        fs::remove(logs[i], ec);
    }
}

} // namespace

LoggingSetup setupLogging(const std::string& appName, const std::string& logDir, const std::string& level,
                          bool console, int keepFiles) {
    LoggingSetup result;
    std::vector<spdlog::sink_ptr> sinks;
    if (console) {
        sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    }
    const fs::path dir = logDir.empty() ? defaultLogDir() : fs::path(logDir);
    try {
        fs::create_directories(dir);
        const fs::path file = dir / (appName + "-" + runStamp() + ".log");
        sinks.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(file.string(), true));
        result.logFile = file.string();
        pruneLogs(dir, appName, keepFiles);
    } catch (const std::exception& e) {
        result.warning = "no log file in " + dir.string() + ": " + e.what();
    }
    auto logger = std::make_shared<spdlog::logger>("hb", sinks.begin(), sinks.end());
    logger->set_level(spdlog::level::from_str(level));
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e [%^%l%$] [%t] %v");
    logger->flush_on(spdlog::level::warn);
    spdlog::drop("hb");
    spdlog::register_logger(logger);
    spdlog::set_default_logger(logger);
    return result;
}

void logInfo(const std::string& message) { spdlog::info("{}", message); }
void logWarning(const std::string& message) { spdlog::warn("{}", message); }
void logError(const std::string& message) { spdlog::error("{}", message); }

} // namespace hb
