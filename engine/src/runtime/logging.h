#pragma once
// The engine's logger "hb": console (stderr) and a per-run log file.
// Thread safety: setupLogging() once at start-up; the logger is safe from any thread afterwards.

#include <string>

namespace hb {

struct LoggingSetup {
    std::string logFile; ///< empty when no file sink could be opened
    std::string warning; ///< why not, when logFile is empty
};

/// Creates the "hb" logger and makes it spdlog's default. `logDir` empty = HB_LOG_DIR, else
/// $XDG_STATE_HOME/hyperbagel/logs, else ~/.local/state/hyperbagel/logs. Keeps the newest
/// `keepFiles` run logs of `appName` in that folder.
LoggingSetup setupLogging(const std::string& appName, const std::string& logDir, const std::string& level,
                          bool console, int keepFiles);

} // namespace hb
