// hyperbagel-cli distill cfg: stage 1 of Hyper-Bagel's generation distillation (distillCfg()): the
// teacher's generation branch learns to reproduce its classifier-free-guided velocity in one forward,
// with the guidance scales as conditioning. The result is a copy of the teacher folder with the
// distilled tier added. Ctrl+C stops after a checkpoint; the same command resumes.

#include <atomic>
#include <csignal>
#include <iostream>
#include <stdexcept>
#include <string>
#include <tuple>

#include "hyperbagel/engine/distill.h"

#include "arg_parser.h"
#include "commands.h"
#include "progress_print.h"

namespace hb::cli {
namespace {

std::atomic<bool> g_distillCancel{false};

extern "C" void onDistillInterrupt(int) { g_distillCancel.store(true); }

void addCfgOptions(ArgParser& parser) {
    const DistillCfgRequest d;
    parser.addOption("model", "DIR", "the teacher model folder (read only)");
    parser.addOption("out", "DIR", "output model folder: a copy of the teacher with the tier added");
    parser.addOption("work", "DIR", "checkpoints and loss curves (default: OUT/distill-cfg)");
    parser.addOption("tier", "NAME", "tier entry to write: fast or preview", d.tier);
    parser.addOption("steps", "N", "optimizer steps", std::to_string(d.steps));
    parser.addOption("batch-t2i", "N", "text-to-image examples per step", std::to_string(d.textToImageBatch));
    parser.addOption("batch-edit", "N", "edit examples per step", std::to_string(d.editBatch));
    parser.addOption("lr", "RATE", "peak learning rate (warm-up, then cosine to 10%)", std::string("0.0001"));
    parser.addOption("ema", "DECAY", "EMA decay of the written weights", std::string("0.998"));
    parser.addOption("shift", "S", "timestep shift of training times and tier timesteps (>= 3 advised)",
                     std::string("3"));
    parser.addOption("text-scale", "MIN,MAX", "text guidance range drawn per example", std::string("1,5"));
    parser.addOption("image-scale", "MIN,MAX", "image guidance range drawn per edit", std::string("1,2.5"));
    parser.addOption("tier-timesteps", "N", "sampler points written for the tier (7 = 6 NFE)",
                     std::to_string(d.tierTimesteps));
    parser.addOption("checkpoint-every", "N", "steps between checkpoints (each rewrites the tier)",
                     std::to_string(d.checkpointEvery));
    parser.addOption("log-every", "N", "steps between loss rows and progress lines",
                     std::to_string(d.logEvery));
    parser.addOption("seed", "N", "seed of examples, times, scales and noise", std::string("1"));
    parser.addOption("device", "NAME", "cpu, cuda or cuda:N", d.device);
}

/// "a,b" -> (a, b); throws std::invalid_argument on anything else.
std::pair<double, double> parseRange(const std::string& text) {
    const auto comma = text.find(',');
    if (comma == std::string::npos) {
        throw std::invalid_argument(text);
    }
    return {std::stod(text.substr(0, comma)), std::stod(text.substr(comma + 1))};
}

int runDistillCfg(const std::vector<std::string>& args) {
    ArgParser parser(
        "distill cfg",
        "Stage 1 of Hyper-Bagel's generation distillation (CFG distillation): copies the\n"
        "teacher's generation branch, adds text and image guidance embedders, and trains it to\n"
        "give the teacher's guided velocity (text, image and unconditional branches, CFG interval,\n"
        "renorm) in one forward. Only the generation branch trains. Writes OUT as a copy of the\n"
        "teacher folder with the tier added (try: hyperbagel-cli demo eval --model OUT --tier\n"
        "fast). Stage 1 alone does not make 6 steps good; later stages (TSCD, DMDO) do.\n"
        "Resumes from the checkpoint in --work.");
    addCfgOptions(parser);
    if (const auto exit = parser.parseOrExit(args)) {
        return *exit;
    }
    if (!parser.has("model") || !parser.has("out")) {
        std::cerr << "distill cfg: --model DIR and --out DIR are required\n";
        return kExitUsage;
    }
    DistillCfgRequest request;
    request.teacherDir = parser.value("model");
    request.outDir = parser.value("out");
    request.workDir = parser.value("work");
    request.tier = parser.value("tier");
    request.device = parser.value("device");
    try {
        request.steps = std::stoll(parser.value("steps"));
        request.textToImageBatch = std::stoll(parser.value("batch-t2i"));
        request.editBatch = std::stoll(parser.value("batch-edit"));
        request.peakLr = std::stod(parser.value("lr"));
        request.emaDecay = std::stod(parser.value("ema"));
        request.shift = std::stod(parser.value("shift"));
        std::tie(request.textScaleMin, request.textScaleMax) = parseRange(parser.value("text-scale"));
        std::tie(request.imageScaleMin, request.imageScaleMax) = parseRange(parser.value("image-scale"));
        request.tierTimesteps = std::stoi(parser.value("tier-timesteps"));
        request.checkpointEvery = std::stoll(parser.value("checkpoint-every"));
        request.logEvery = std::stoll(parser.value("log-every"));
        request.seed = std::stoull(parser.value("seed"));
    } catch (const std::exception&) {
        std::cerr << "distill cfg: the counts, rates and --seed take numbers; the scale ranges MIN,MAX\n";
        return kExitUsage;
    }
    request.onProgress = printProgress;
    request.cancel = &g_distillCancel;
    std::signal(SIGINT, onDistillInterrupt);
    std::signal(SIGTERM, onDistillInterrupt);
    auto report = distillCfg(request);
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    if (!report) {
        std::cerr << report.error().message << "\n"; // the engine's message names the command
        return report.error().code == ErrorCode::InvalidRequest ? kExitUsage : kExitFailed;
    }
    if (report->stoppedEarly) {
        std::cout << "stopped after a checkpoint at step " << report->steps
                  << "; run the same command again to continue\n";
        return kExitCancelled;
    }
    std::cout << "model with the \"" << request.tier << "\" tier: " << report->modelDir << "\n"
              << "last step: loss " << report->lastLoss << " (unguided teacher: " << report->lastGap << "), "
              << report->samplesPerSecond << " samples/s\n";
    return kExitOk;
}

} // namespace

int runDistill(const std::vector<std::string>& args) {
    if (args.empty() || args.front() == "--help" || args.front() == "-h") {
        std::cout
            << "usage: hyperbagel-cli distill cfg [options]\n"
               "  cfg  stage 1: CFG distillation of a teacher's generation branch into a tier (resumable)\n"
               "Stages 2-5 (TSCD, DMDO, ADP, ReFL) are not implemented yet.\n";
        return args.empty() ? kExitUsage : kExitOk;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (args.front() == "cfg") {
        return runDistillCfg(rest);
    }
    std::cerr << "distill: unknown subcommand \"" << args.front() << "\" (cfg)\n";
    return kExitUsage;
}

} // namespace hb::cli
