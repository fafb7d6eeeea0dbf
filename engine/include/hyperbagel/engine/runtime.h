#pragma once
// Process-wide engine start-up: logging (console and a per-run log file), the compute thread count,
// and a check that the BLAS behind libtorch is a fast one.
// Thread safety: call initRuntime() once, early in main(), before starting other threads.

#include <string>
#include <vector>

#include "hyperbagel/engine/error.h"

namespace hb {

struct RuntimeOptions {
    std::string appName = "hyperbagel"; ///< names the log file
    int threads = 0;               ///< compute threads; 0 = HB_THREADS, else OMP_NUM_THREADS, else all cores
    std::string logDir;            ///< empty = HB_LOG_DIR, else $XDG_STATE_HOME/hyperbagel/logs
    std::string logLevel = "info"; ///< trace, debug, info, warn, error
    bool logToConsole = true;      ///< console sink writes to stderr
    bool checkBlas = true;         ///< time a small matmul and warn about a slow BLAS
    int keepLogFiles = 20;         ///< older run logs in logDir are deleted
};

struct RuntimeInfo {
    std::string torchVersion;
    int threads = 0;
    std::string logFile;       ///< empty when no file could be opened (a warning says why)
    std::string blasLibrary;   ///< the BLAS shared library mapped into the process, when known
    double matmulGflops = 0.0; ///< measured float32 matmul speed; 0 when not measured
    bool slowBlas = false;     ///< reference BLAS detected or measured
    bool cudaAvailable = false;
    int cudaDevices = 0;
    std::vector<std::string> warnings; ///< also logged

    std::string describe() const;
};

/// Sets up logging, threads and the BLAS check. Idempotent: later calls return the first result.
Result<RuntimeInfo> initRuntime(const RuntimeOptions& options = {});

/// Adds the per-run log file and console logger names used by the engine ("hb").
/// Log lines from any thread go to the same sinks.
void logInfo(const std::string& message);
void logWarning(const std::string& message);
void logError(const std::string& message);

} // namespace hb
