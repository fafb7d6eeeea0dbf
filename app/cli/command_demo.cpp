// hyperbagel-cli demo train: trains the bundled ShapeWorld model stage by stage (tokenizer,
// autoencoder, teacher), resuming from the checkpoints in --out. Ctrl+C stops after a checkpoint.
// hyperbagel-cli demo eval: measures a model on mini-GenEval, mini-GEdit and VQA (evaluateDemo()).

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "hyperbagel/engine/default_model.h"
#include "hyperbagel/engine/demo.h"
#include "hyperbagel/engine/image.h"
#include "hyperbagel/engine/shapeworld.h"

#include "arg_parser.h"
#include "commands.h"
#include "progress_print.h"

namespace hb::cli {
namespace {

std::atomic<bool> g_demoCancel{false};

extern "C" void onDemoInterrupt(int) { g_demoCancel.store(true); }

int runDemoTrain(const std::vector<std::string>& args) {
    ArgParser parser("demo train",
                     "Trains the ShapeWorld model from nothing: tokenizer, autoencoder (gated on the\n"
                     "oracle), teacher. Each stage resumes from its checkpoint in --out.");
    parser.addOption("out", "DIR", "output folder (one subfolder per stage, model/ at the end)");
    parser.addOption("seed", "N", "seed of every random choice", std::string("1"));
    parser.addOption("stages", "LIST", "comma-separated subset of tokenizer,autoencoder,teacher");
    parser.addOption("budget-minutes", "M", "stop after a checkpoint once M minutes have passed");
    parser.addOption("autoencoder-steps", "N", "planned autoencoder steps (default 12000; a refinement phase on small hexagons and stars starts at 10000)");
    parser.addOption("teacher-steps", "N", "planned teacher steps (default 6000)");
    parser.addOption("resume-from", "DIR",
                     "continue from an earlier run's model folder (tokenizer, autoencoder, teacher EMA)");
    parser.addOption("gate", "F", "autoencoder gate: share of exact round trips required", std::string("0.98"));
    parser.addOption("gate-samples", "N", "held-out scenes the gate measures (default 400)");
    parser.addOption("snapshot-every", "N", "teacher steps between snapshot evaluations (default 1000)");
    parser.addOption("teacher-batch", "N", "samples per task in a teacher step (default 16, 12, 16)");
    parser.addOption("device", "NAME", "where the teacher trains: cpu, cuda or cuda:N", std::string("cpu"));
    if (auto exit = parser.parseOrExit(args)) {
        return *exit;
    }
    if (!parser.has("out")) {
        std::cerr << "demo train: --out DIR is required\n";
        return kExitUsage;
    }
    DemoTrainRequest request;
    request.outDir = parser.value("out");
    request.resumeFrom = parser.value("resume-from");
    request.device = parser.value("device");
    try {
        request.seed = std::stoull(parser.value("seed"));
        if (parser.has("budget-minutes")) {
            request.budgetMinutes = std::stod(parser.value("budget-minutes"));
        }
        if (parser.has("autoencoder-steps")) {
            request.autoencoderSteps = std::stoll(parser.value("autoencoder-steps"));
        }
        if (parser.has("teacher-steps")) {
            request.teacherSteps = std::stoll(parser.value("teacher-steps"));
        }
        request.autoencoderGate = std::stod(parser.value("gate"));
        if (parser.has("gate-samples")) {
            request.autoencoderGateSamples = std::stoll(parser.value("gate-samples"));
        }
        if (parser.has("snapshot-every")) {
            request.teacherSnapshotEvery = std::stoll(parser.value("snapshot-every"));
        }
        if (parser.has("teacher-batch")) {
            request.teacherBatchPerTask = std::stoll(parser.value("teacher-batch"));
        }
    } catch (const std::exception&) {
        std::cerr << "demo train: --seed, --budget-minutes, --gate and the counts take numbers\n";
        return kExitUsage;
    }
    const std::string list = parser.value("stages");
    for (std::size_t start = 0; start < list.size();) {
        const std::size_t comma = list.find(',', start);
        request.stages.push_back(list.substr(start, comma - start));
        start = comma == std::string::npos ? list.size() : comma + 1;
    }
    request.onProgress = printProgress;
    request.cancel = &g_demoCancel;
    std::signal(SIGINT, onDemoInterrupt);
    std::signal(SIGTERM, onDemoInterrupt);
    auto report = trainDemo(request);
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    if (!report) {
        std::cerr << "demo train: " << report.error().message << "\n";
        return report.error().code == ErrorCode::InvalidRequest ? kExitUsage : kExitFailed;
    }
    for (const std::string& s : report->finishedStages) {
        std::cout << "finished: " << s << "\n";
    }
    if (report->stoppedEarly) {
        std::cout << "stopped after a checkpoint; run the same command again to continue\n";
        return g_demoCancel.load() ? kExitCancelled : kExitOk;
    }
    if (!report->modelDir.empty()) {
        std::cout << "model: " << report->modelDir << "\n";
    }
    return kExitOk;
}

int runDemoExport(const std::vector<std::string>& args) {
    ArgParser parser("demo export",
                     "Writes the teacher's current EMA weights (its last checkpoint in --out) as a model\n"
                     "folder, as the finished stage would: for measuring an unfinished run or continuing it\n"
                     "elsewhere with demo train --resume-from.");
    parser.addOption("out", "DIR", "the training folder (as given to demo train --out)");
    parser.addOption("to", "DIR", "the model folder to write");
    if (auto exit = parser.parseOrExit(args)) {
        return *exit;
    }
    if (parser.value("out").empty() || parser.value("to").empty()) {
        std::cerr << "demo export: needs --out DIR and --to DIR\n";
        return kExitUsage;
    }
    auto step = exportDemoTeacher(parser.value("out"), parser.value("to"));
    if (!step) {
        std::cerr << "demo export: " << step.error().message << "\n";
        return kExitFailed;
    }
    std::cout << "teacher at step " << *step << " written to " << parser.value("to") << "\n";
    return kExitOk;
}

int runDemoCheckAutoencoder(const std::vector<std::string>& args) {
    ArgParser parser("demo check-autoencoder",
                     "Measures the autoencoder gate on a stage folder: the share of held-out scenes the\n"
                     "oracle reads back exactly after an encode-decode round trip, and the usual misses.");
    parser.addPositional("DIR", "the autoencoder stage folder (OUT/autoencoder)");
    parser.addOption("samples", "N", "held-out scenes to measure", std::string("400"));
    parser.addOption("seed", "N", "the run's seed", std::string("1"));
    parser.addOption("grid", "FILE.png", "write eight renders above their round trips");
    if (auto exit = parser.parseOrExit(args)) {
        return *exit;
    }
    auto check = checkDemoAutoencoder(parser.positionals()[0], std::stoull(parser.value("seed")),
                                      std::stoll(parser.value("samples")), parser.value("grid"));
    if (!check) {
        std::cerr << "demo check-autoencoder: " << check.error().message << "\n";
        return kExitFailed;
    }
    std::cout << "exact round trips: " << check->exactRate * 100.0 << "%\n"
              << "latent spread (std of the means): " << check->latentStd
              << ", mean posterior std: " << check->posteriorStd << "\n";
    if (!check->commonMisses.empty()) {
        std::cout << "most common misses: " << check->commonMisses << "\n";
    }
    return kExitOk;
}

int runDemoEval(const std::vector<std::string>& args) {
    ArgParser parser(
        "demo eval",
        "Measures a ShapeWorld model on the fixed evaluation sets: mini-GenEval (six categories),\n"
        "mini-GEdit (success, preservation) and VQA (exact match), read back by the oracle.\n"
        "Writes eval.json, eval.md and samples.png into --out and prints the tables.");
    parser.addOption("model", "DIR", "model folder (default: the bundled ShapeWorld model)");
    parser.addOption("tier", "NAME", "full, fast or preview", std::string("full"));
    parser.addOption("out", "DIR", "output folder", std::string("shapeworld-eval"));
    parser.addOption("split", "NAME", "held_out (every scene has a held-out pair) or any",
                     std::string("held_out"));
    parser.addOption("geneval", "N", "prompts per GenEval category (0 = all 50)", std::string("0"));
    parser.addOption("edits", "N", "GEdit cases (0 = all 300)", std::string("0"));
    parser.addOption("questions", "N", "VQA questions (0 = all 350)", std::string("0"));
    parser.addOption("steps", "N", "sampler timesteps of the full tier", std::string("50"));
    parser.addOption("seed", "N", "image i uses seed + i", std::string("42"));
    parser.addOption("device", "NAME", "cpu, cuda or cuda:N", std::string("cpu"));
    if (auto exit = parser.parseOrExit(args)) {
        return *exit;
    }
    DemoEvalRequest request;
    request.modelDir = parser.has("model") ? parser.value("model") : defaultModelDir();
    if (request.modelDir.empty()) {
        std::cerr << "demo eval: no model given and no bundled model found (HB_MODEL_DIR, "
                     "share/hyperbagel/models/shapeworld, resources/models/shapeworld); pass --model DIR\n";
        return kExitUsage;
    }
    request.outDir = parser.value("out");
    request.tier = parser.value("tier");
    request.split = parser.value("split");
    request.device = parser.value("device");
    try {
        request.genevalPerCategory = std::stoi(parser.value("geneval"));
        request.editCount = std::stoi(parser.value("edits"));
        request.questionCount = std::stoi(parser.value("questions"));
        request.timesteps = std::stoi(parser.value("steps"));
        request.seed = std::stoull(parser.value("seed"));
    } catch (const std::exception&) {
        std::cerr << "demo eval: --geneval, --edits, --questions, --steps and --seed take numbers\n";
        return kExitUsage;
    }
    std::cout << "model: " << request.modelDir << "\n";
    request.onProgress = [](const std::string& stage, int done, int total) {
        std::cerr << "\r[" << stage << "] " << done << "/" << total << "   " << (done == total ? "\n" : "")
                  << std::flush;
    };
    request.cancel = &g_demoCancel;
    std::signal(SIGINT, onDemoInterrupt);
    auto report = evaluateDemo(request);
    std::signal(SIGINT, SIG_DFL);
    if (!report) {
        std::cerr << "\ndemo eval: " << report.error().message << "\n";
        return report.error().code == ErrorCode::Cancelled        ? kExitCancelled
               : report.error().code == ErrorCode::InvalidRequest ? kExitUsage
                                                                  : kExitFailed;
    }
    std::cout << "\n"
              << report->markdown << "\nwrote " << report->jsonPath << ", " << report->markdownPath << ", "
              << report->gridPath << "\n";
    return kExitOk;
}

int runDemoRender(const std::vector<std::string>& args) {
    ArgParser parser("demo render",
                     "Draws a ShapeWorld scene from its canonical caption, e.g.\n"
                     "\"a large red circle at the top left and a small blue square in the center on a white background\".");
    parser.addPositional("CAPTION", "the scene's canonical caption");
    parser.addOption("out", "FILE.png", "where to write the image", std::string("scene.png"));
    parser.addOption("size", "PX", "canvas side: 64, 96 or 128", std::string("96"));
    if (auto exit = parser.parseOrExit(args)) {
        return *exit;
    }
    int size = 0;
    try {
        size = std::stoi(parser.value("size"));
    } catch (const std::exception&) {
        std::cerr << "demo render: --size takes a number\n";
        return kExitUsage;
    }
    auto image = shapeworld::renderCaption(parser.positionals()[0], size);
    if (!image) {
        std::cerr << "demo render: " << image.error().message << "\n";
        return kExitUsage;
    }
    if (auto ok = saveImagePng(*image, parser.value("out"), {{"caption", parser.positionals()[0]}}); !ok) {
        std::cerr << "demo render: " << ok.error().message << "\n";
        return kExitFailed;
    }
    std::cout << parser.value("out") << "\n";
    return kExitOk;
}

} // namespace

int runDemo(const std::vector<std::string>& args) {
    if (args.empty() || args.front() == "--help" || args.front() == "-h") {
        std::cout << "usage: hyperbagel-cli demo train|eval [options]\n"
                     "  train  train the ShapeWorld model stage by stage (resumable)\n"
                     "  eval   measure a model on mini-GenEval, mini-GEdit and VQA\n"
                     "  render CAPTION  draw a ShapeWorld scene from its canonical caption\n"
                     "  check-autoencoder DIR  the autoencoder gate of a stage folder\n"
                     "  export --out DIR --to MODEL  the teacher's current EMA weights as a model folder\n";
        return args.empty() ? kExitUsage : kExitOk;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (args.front() == "train") {
        return runDemoTrain(rest);
    }
    if (args.front() == "render") {
        return runDemoRender(rest);
    }
    if (args.front() == "check-autoencoder") {
        return runDemoCheckAutoencoder(rest);
    }
    if (args.front() == "eval") {
        return runDemoEval(rest);
    }
    if (args.front() == "export") {
        return runDemoExport(rest);
    }
    std::cerr << "demo: unknown subcommand \"" << args.front() << "\" (train, eval, render, check-autoencoder, export)\n";
    return kExitUsage;
}

} // namespace hb::cli
