// hyperbagel-cli distill STAGE: Hyper-Bagel's generation distillation (distill()), stage by stage.
// cfg (1): the teacher's generation branch learns its classifier-free-guided velocity in one forward;
// tscd (2) and dmdo (3) make 6 steps good; adp (4) makes the 1-step tier; reward trains the reward
// model that refl (5) optimises the 1-step tier with. Each writes a copy of the teacher folder with
// the tier added. Ctrl+C stops after a checkpoint; the same command resumes.

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

struct StageHelp {
    const char* name;
    const char* summary;
    const char* description;
};

constexpr StageHelp kStages[] = {
    {"cfg", "stage 1: CFG distillation of a teacher's generation branch into a tier",
     "Stage 1 of Hyper-Bagel's generation distillation (CFG distillation): copies the\n"
     "teacher's generation branch, adds text and image guidance embedders, and trains it to\n"
     "give the teacher's guided velocity (text, image and unconditional branches, CFG interval,\n"
     "renorm) in one forward. Only the generation branch trains. Stage 1 alone does not make 6\n"
     "steps good; later stages (tscd, dmdo) do."},
    {"tscd", "stage 2: adversarial consistency over 3 segments (6 steps)",
     "Stage 2 (TSCD): the 6-step student learns to jump to the end of each of 3 trajectory\n"
     "segments, judged by a multi-head discriminator on a trainable copy of the backbone\n"
     "(adversarial loss only). Starts from --from's fast tier."},
    {"dmdo", "stage 3: distribution matching along the 6-step ODE",
     "Stage 3 (DMDO): the 6-step student's samples are pushed towards the teacher's guided\n"
     "distribution by distribution matching at its own ODE knots, with a fake-score model trained\n"
     "on its samples. Starts from --from's fast tier."},
    {"adp", "stage 4: the 1-step tier, adversarial against the 6-step model",
     "Stage 4 (ADP): a 1-step generator learns the 6-step model's endpoints, judged by a latent\n"
     "and a pixel discriminator. Starts from --from's fast tier; writes the preview tier."},
    {"reward", "the reward model of stage 5 (predicts the ShapeWorld oracle's score)",
     "Trains a small differentiable reward model on (image, prompt) pairs labelled by the\n"
     "ShapeWorld oracle; writes OUT/reward.safetensors for stage 5."},
    {"refl", "stage 5: reward feedback learning on the 1-step tier",
     "Stage 5 (ReFL): the 1-step tier of --from is trained to raise the reward model's score of\n"
     "its decoded images (hinge at --reward-threshold)."},
};

void addStageOptions(ArgParser& parser, const std::string& stage) {
    const DistillRequest d;
    parser.addOption("model", "DIR", "the teacher model folder (read only)");
    parser.addOption("out", "DIR", "output model folder: a copy of the teacher with the tier added");
    parser.addOption("work", "DIR", "checkpoints and loss curves (default: OUT/distill-" + stage + ")");
    if (stage != "cfg") {
        parser.addOption("from", "DIR", "the folder an earlier stage wrote (its tier is the start)");
        parser.addOption("from-tier", "NAME", "the tier of --from to start from (default: fast; refl: preview)");
        parser.addOption("critic-lr", "RATE", "peak rate of the critic (fake score, discriminators, reward "
                                              "model); default: --lr");
        parser.addOption("critic-updates", "N", "critic updates per generator update",
                         std::to_string(d.criticUpdates));
    }
    if (stage == "adp") {
        parser.addOption("regression", "W", "weight of an x0 regression to the 6-step endpoint (0: none)",
                         std::string("0"));
    }
    if (stage == "refl") {
        parser.addOption("regression", "W",
                         "weight of a term keeping x0 near the start tier's (0: pure ReFL)", std::string("0"));
        parser.addOption("reward", "FILE", "the reward model (reward.safetensors of a reward stage)");
        parser.addOption("reward-threshold", "R", "hinge threshold of the reward (0..1)", std::string("0.9"));
    }
    parser.addOption("tier", "NAME", "tier entry to write: fast or preview (default: by stage)");
    parser.addOption("steps", "N", "optimizer steps", std::to_string(d.steps));
    parser.addOption("batch-t2i", "N", "text-to-image examples per step", std::to_string(d.textToImageBatch));
    parser.addOption("batch-edit", "N", "edit examples per step", std::to_string(d.editBatch));
    parser.addOption("lr", "RATE", "peak learning rate (warm-up, then cosine to 10%)", std::string("0.0001"));
    parser.addOption("ema", "DECAY", "EMA decay of the written weights", std::string("0.998"));
    parser.addOption("shift", "S", "timestep shift of training times and tier timesteps (>= 3 advised)",
                     std::string("3"));
    parser.addOption("text-scale", "MIN,MAX", "text guidance range drawn per example", std::string("1,5"));
    parser.addOption("image-scale", "MIN,MAX", "image guidance range drawn per edit", std::string("1,2.5"));
    parser.addOption("tier-timesteps", "N", "sampler points written for the tier (default: 7 = 6 NFE; 2 "
                                            "for preview)");
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

int runDistillStage(const StageHelp& help, const std::vector<std::string>& args) {
    const std::string stage = help.name;
    const std::string result =
        stage == "reward" ? "\nWrites OUT/reward.safetensors (for: distill refl --reward). Resumes from the\n"
                            "checkpoints in --work."
                          : "\nWrites OUT as a copy of the teacher folder with the tier added (try:\n"
                            "hyperbagel-cli demo eval --model OUT --tier fast|preview). Resumes\n"
                            "from the checkpoints in --work.";
    ArgParser parser("distill " + stage, std::string(help.description) + result);
    addStageOptions(parser, stage);
    if (const auto exit = parser.parseOrExit(args)) {
        return *exit;
    }
    if (!parser.has("model") || !parser.has("out")) {
        std::cerr << "distill " << stage << ": --model DIR and --out DIR are required\n";
        return kExitUsage;
    }
    DistillRequest request;
    request.stage = stage;
    request.fromDir = parser.value("from");
    request.fromTier = parser.value("from-tier");
    request.rewardPath = parser.value("reward");
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
        if (parser.has("tier-timesteps")) {
            request.tierTimesteps = std::stoi(parser.value("tier-timesteps"));
        }
        request.checkpointEvery = std::stoll(parser.value("checkpoint-every"));
        request.logEvery = std::stoll(parser.value("log-every"));
        request.seed = std::stoull(parser.value("seed"));
        if (parser.has("critic-lr")) {
            request.criticLr = std::stod(parser.value("critic-lr"));
        }
        if (parser.has("critic-updates")) {
            request.criticUpdates = std::stoi(parser.value("critic-updates"));
        }
        if (parser.has("regression")) {
            request.regressionWeight = std::stod(parser.value("regression"));
        }
        if (parser.has("reward-threshold")) {
            request.rewardThreshold = std::stod(parser.value("reward-threshold"));
        }
    } catch (const std::exception&) {
        std::cerr << "distill " << stage << ": the counts, rates and --seed take numbers; the scale ranges MIN,MAX\n";
        return kExitUsage;
    }
    request.onProgress = printProgress;
    request.cancel = &g_distillCancel;
    std::signal(SIGINT, onDistillInterrupt);
    std::signal(SIGTERM, onDistillInterrupt);
    auto report = distill(request);
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
    std::cout << stage << " result: " << report->tierPath << " (model folder " << report->modelDir << ")\n"
              << "last step: loss " << report->lastLoss;
    if (stage == "cfg") {
        std::cout << " (unguided teacher: " << report->lastGap << ")";
    }
    std::cout << ", " << report->samplesPerSecond << " samples/s\n";
    return kExitOk;
}

} // namespace

int runDistill(const std::vector<std::string>& args) {
    if (args.empty() || args.front() == "--help" || args.front() == "-h") {
        std::cout << "usage: hyperbagel-cli distill STAGE [options]   (STAGE --help for its options)\n";
        for (const StageHelp& stage : kStages) {
            std::cout << "  " << stage.name << std::string(8 - std::string(stage.name).size(), ' ') << stage.summary
                      << "\n";
        }
        std::cout << "Order: cfg -> tscd -> dmdo gives the fast tier; adp (from fast) -> reward -> refl the "
                     "preview tier.\n";
        return args.empty() ? kExitUsage : kExitOk;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    for (const StageHelp& stage : kStages) {
        if (args.front() == stage.name) {
            return runDistillStage(stage, rest);
        }
    }
    std::cerr << "distill: unknown stage \"" << args.front() << "\" (cfg, tscd, dmdo, adp, reward, refl)\n";
    return kExitUsage;
}

} // namespace hb::cli
