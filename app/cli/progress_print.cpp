#include "progress_print.h"

#include <cstdio>
#include <iostream>

namespace hb::cli {

std::string clockText(double seconds) {
    const long s = static_cast<long>(seconds);
    char text[32];
    std::snprintf(text, sizeof text, "%ldh%02ldm%02lds", s / 3600, (s / 60) % 60, s % 60);
    return text;
}

void printProgress(const TrainingProgress& p) {
    if (!p.message.empty()) {
        std::cout << "[" << p.stage << "] " << p.message << std::endl;
        return;
    }
    std::cout << "[" << p.stage << "] step " << p.step << "/" << p.totalSteps << "  "
              << static_cast<int>(p.samplesPerSecond * 10) / 10.0 << " samples/s  ETA "
              << clockText(p.etaSeconds);
    for (const auto& [name, value] : p.metrics) {
        std::cout << "  " << name << " " << value;
    }
    std::cout << std::endl;
}

} // namespace hb::cli
