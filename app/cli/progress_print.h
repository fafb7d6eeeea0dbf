#pragma once
// Progress lines of the training commands (demo train, draft train).

#include <string>

#include "hyperbagel/engine/demo.h"

namespace hb::cli {

/// "1h02m03s".
std::string clockText(double seconds);
/// "[stage] message", or "[stage] step N/M  X samples/s  ETA ...  metric value ...".
void printProgress(const TrainingProgress& progress);

} // namespace hb::cli
