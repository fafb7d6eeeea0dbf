#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>

#include "hyperbagel/engine/checkpoint.h"
#include "hyperbagel/engine/random_checkpoint.h"

#include "arg_parser.h"
#include "commands.h"

namespace hb::cli {
namespace {

std::atomic<bool> g_cancel{false};

extern "C" void onInterrupt(int) { g_cancel.store(true); }

bool parseUnsigned(const std::string& text, std::uint64_t& out) {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 19) {
        return false;
    }
    out = std::stoull(text);
    return true;
}

// "2G", "500M", "4096" -> bytes.
bool parseByteSize(std::string text, std::uint64_t& out) {
    std::uint64_t scale = 1;
    if (!text.empty()) {
        const char unit = static_cast<char>(std::toupper(static_cast<unsigned char>(text.back())));
        const std::string units = "KMGT";
        if (const auto pos = units.find(unit); pos != std::string::npos) {
            scale = 1ull << (10 * (pos + 1));
            text.pop_back();
        }
    }
    return parseUnsigned(text, out) && (out *= scale, true);
}

std::string presetList() {
    std::string s;
    for (const auto& preset : randomCheckpointPresets()) {
        s += "  " + preset.name + std::string(preset.name.size() < 10 ? 10 - preset.name.size() : 1, ' ') +
             preset.description + "\n";
    }
    return s;
}

} // namespace

int runMakeRandomCheckpoint(const std::vector<std::string>& args) {
    ArgParser parser(
        "make-random-checkpoint",
        "Writes a BAGEL-shaped checkpoint folder with random weights, the official tensor names\n"
        "and configs. Data is streamed: no preset needs more memory than a few chunks.\n\n"
        "presets:\n" +
            presetList());
    parser.addOption("preset", "NAME", "size preset", std::string("tiny"));
    parser.addOption("out", "DIR", "output folder (created if missing)");
    parser.addOption("dtype", "TYPE", "auto, bf16, f16 or f32 (the VAE is always f32)", std::string("auto"));
    parser.addOption("seed", "N", "random seed", std::string("0"));
    parser.addOption("shard-size", "BYTES",
                     "split ema into shards of at most this size (e.g. 2G) with an index");
    parser.addFlag("quiet", "no progress output");
    if (const auto exit = parser.parseOrExit(args)) {
        return *exit;
    }
    RandomCheckpointOptions options;
    options.preset = parser.value("preset");
    options.outDir = parser.value("out");
    options.dtype = parser.value("dtype");
    if (options.outDir.empty()) {
        std::cerr << "make-random-checkpoint: --out DIR is required\n";
        return kExitUsage;
    }
    if (!parseUnsigned(parser.value("seed"), options.seed)) {
        std::cerr << "make-random-checkpoint: --seed must be a non-negative integer\n";
        return kExitUsage;
    }
    if (parser.has("shard-size") && !parseByteSize(parser.value("shard-size"), options.maxShardBytes)) {
        std::cerr << "make-random-checkpoint: --shard-size must be a byte count such as 2G or 500M\n";
        return kExitUsage;
    }
    const auto start = std::chrono::steady_clock::now();
    if (!parser.flag("quiet")) {
        // Redrawn at most four times a second, and once at the end.
        auto lastDraw = std::make_shared<std::chrono::steady_clock::time_point>();
        options.progress = [start, lastDraw](std::uint64_t done, std::uint64_t total) {
            const auto now = std::chrono::steady_clock::now();
            if (done < total && now - *lastDraw < std::chrono::milliseconds(250)) {
                return;
            }
            *lastDraw = now;
            const double seconds = std::chrono::duration<double>(now - start).count();
            std::fprintf(stderr, "\r%5.1f%%  %s of %s  %.0f MB/s   ", total ? 100.0 * done / total : 100.0,
                         formatBytes(done).c_str(), formatBytes(total).c_str(),
                         seconds > 0 ? done / seconds / 1e6 : 0.0);
        };
    }
    options.cancel = &g_cancel;
    std::signal(SIGINT, onInterrupt);
    const auto summary = makeRandomCheckpoint(options);
    std::signal(SIGINT, SIG_DFL);
    if (!parser.flag("quiet")) {
        std::fprintf(stderr, "\n");
    }
    if (!summary) {
        std::cerr << "make-random-checkpoint: " << summary.error().message << "\n";
        return summary.error().code == ErrorCode::Cancelled ? kExitCancelled : kExitFailed;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "wrote " << summary->outDir << ": " << summary->tensors << " tensors, "
              << summary->parameters << " parameters, " << formatBytes(summary->bytes) << " in "
              << summary->files.size() << " files (" << static_cast<int>(seconds * 10) / 10.0 << " s)\n";
    return kExitOk;
}

} // namespace hb::cli
