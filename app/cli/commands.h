#pragma once
// hyperbagel-cli subcommands. Each takes the arguments after its name and returns the exit code:
// 0 success, 1 the work failed (invalid checkpoint, I/O error, ...), 2 bad usage, 130 cancelled.

#include <string>
#include <vector>

namespace hb::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitCancelled = 130;

int runInspect(const std::vector<std::string>& args);
int runMakeRandomCheckpoint(const std::vector<std::string>& args);
int runTokenize(const std::vector<std::string>& args);
int runAsk(const std::vector<std::string>& args);
int runGenerate(const std::vector<std::string>& args);
int runEdit(const std::vector<std::string>& args);
int runDemo(const std::vector<std::string>& args);
int runDraft(const std::vector<std::string>& args);
int runDistill(const std::vector<std::string>& args);

} // namespace hb::cli
