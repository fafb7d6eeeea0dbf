// hyperbagel-cli draft train: trains a model's speculative-decoding draft on the model's own answers
// (trainDraft()) and writes it into the model folder. Ctrl+C stops after a checkpoint.
// hyperbagel-cli draft bench: answers a fixed question set with and without the draft in one process
// and prints tokens/s, the speed-up, tau and alpha (benchmarkDraft()).

#include <atomic>
#include <csignal>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "hyperbagel/engine/default_model.h"
#include "hyperbagel/engine/draft.h"

#include "arg_parser.h"
#include "commands.h"
#include "progress_print.h"

namespace hb::cli {
namespace {

std::atomic<bool> g_draftCancel{false};

extern "C" void onDraftInterrupt(int) { g_draftCancel.store(true); }

int runDraftTrain(const std::vector<std::string>& args) {
    ArgParser parser("draft train",
                     "Trains the speculative-decoding draft of a model on the model's own greedy answers to a\n"
                     "prompt set (KL + 0.1 CE with training-time-test unrolling) and writes draft.safetensors\n"
                     "and the \"draft\" entry of hyperbagel.json into the model folder. Resumes from --work.");
    parser.addOption("model", "DIR", "the target model folder (default: the bundled ShapeWorld model)");
    parser.addOption("work", "DIR", "checkpoints and loss curves");
    parser.addOption("prompts", "SET",
                     "\"shapeworld\" or a JSON-lines file of {\"question\": ..., \"image\": path}",
                     std::string("shapeworld"));
    parser.addOption("steps", "N", "optimizer steps", std::string("1500"));
    parser.addOption("batch", "N", "conversations per step", std::string("8"));
    parser.addOption("lr", "RATE", "peak learning rate", std::string("0.001"));
    parser.addOption("unroll", "N", "training-time-test steps", std::string("3"));
    parser.addOption("chain", "K", "default chain length written to hyperbagel.json", std::string("4"));
    parser.addOption("layers", "N", "draft decoder layers (the paper: 2)", std::string("2"));
    parser.addOption("max-tokens", "N", "most forwards of a target answer", std::string("64"));
    parser.addOption("seed", "N", "prompt and initialisation seed", std::string("1"));
    parser.addOption("device", "NAME", "cpu, cuda or cuda:N", std::string("cpu"));
    if (const auto exit = parser.parseOrExit(args)) {
        return *exit;
    }
    DraftTrainRequest request;
    request.modelDir = parser.has("model") ? parser.value("model") : defaultModelDir();
    request.workDir = parser.value("work");
    request.prompts = parser.value("prompts");
    request.device = parser.value("device");
    try {
        request.steps = std::stoll(parser.value("steps"));
        request.batch = std::stoll(parser.value("batch"));
        request.peakLr = std::stod(parser.value("lr"));
        request.unroll = std::stoll(parser.value("unroll"));
        request.chainLength = std::stoll(parser.value("chain"));
        request.layers = std::stoll(parser.value("layers"));
        request.answerMaxTokens = std::stoll(parser.value("max-tokens"));
        request.seed = std::stoull(parser.value("seed"));
    } catch (const std::exception&) {
        std::cerr << "draft train: the counts, --lr and --seed take numbers\n";
        return kExitUsage;
    }
    if (request.modelDir.empty() || request.workDir.empty()) {
        std::cerr << "draft train: needs --work DIR and a model (--model DIR; no bundled model was found)\n";
        return kExitUsage;
    }
    request.onProgress = printProgress;
    request.cancel = &g_draftCancel;
    std::signal(SIGINT, onDraftInterrupt);
    std::signal(SIGTERM, onDraftInterrupt);
    auto report = trainDraft(request);
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    if (!report) {
        std::cerr << "draft train: " << report.error().message << "\n";
        return report.error().code == ErrorCode::InvalidRequest ? kExitUsage : kExitFailed;
    }
    if (report->stoppedEarly) {
        std::cout << "stopped after a checkpoint at step " << report->steps
                  << "; run the same command again to continue\n";
        return kExitCancelled;
    }
    std::cout << "draft: " << report->draftPath << "\n";
    return kExitOk;
}

int runDraftBench(const std::vector<std::string>& args) {
    ArgParser parser("draft bench",
                     "Answers a fixed question set greedily without and with the model's draft, in one\n"
                     "process, and prints tokens/s, the speed-up, tau, alpha and whether the answers match.");
    parser.addOption("model", "DIR", "model folder with a draft (default: the bundled ShapeWorld model)");
    parser.addOption("prompts", "SET", "\"shapeworld\" (the VQA evaluation set) or a JSON-lines file",
                     std::string("shapeworld"));
    parser.addOption("questions", "N", "questions, in the set's order", std::string("70"));
    parser.addOption("draft", "PLAN", "chain:K or tree:TOPK,BUDGET,DEPTH (default: the model's chain)");
    parser.addOption("max-tokens", "N", "most forwards per answer", std::string("64"));
    parser.addOption("device", "NAME", "cpu, cuda or cuda:N", std::string("cpu"));
    parser.addOption("json", "FILE", "also write the figures as JSON");
    parser.addFlag("record", "write into the folder's hyperbagel.json whether chats on this device type draft by "
                             "default (when the speed-up is at least 1) and the figures behind it");
    if (const auto exit = parser.parseOrExit(args)) {
        return *exit;
    }
    DraftBenchRequest request;
    request.record = parser.has("record");
    request.modelDir = parser.has("model") ? parser.value("model") : defaultModelDir();
    request.prompts = parser.value("prompts");
    request.plan = parser.has("draft") ? parser.value("draft") : std::string();
    request.device = parser.value("device");
    try {
        request.questions = std::stoi(parser.value("questions"));
        request.maxTokens = std::stoll(parser.value("max-tokens"));
    } catch (const std::exception&) {
        std::cerr << "draft bench: --questions and --max-tokens take numbers\n";
        return kExitUsage;
    }
    if (request.modelDir.empty()) {
        std::cerr << "draft bench: needs --model DIR (no bundled model was found)\n";
        return kExitUsage;
    }
    request.cancel = &g_draftCancel;
    request.onProgress = [](int done, int total) {
        if (done % 10 == 0 || done == total) {
            std::cerr << "  " << done << "/" << total << " questions\n";
        }
    };
    std::signal(SIGINT, onDraftInterrupt);
    auto report = benchmarkDraft(request);
    std::signal(SIGINT, SIG_DFL);
    if (!report) {
        std::cerr << "draft bench: " << report.error().message << "\n";
        return report.error().code == ErrorCode::Cancelled ? kExitCancelled : kExitFailed;
    }
    std::cout << report->describe();
    if (parser.has("json")) {
        nlohmann::json out{{"model", request.modelDir},
                           {"plan", report->plan},
                           {"questions", report->questions},
                           {"tokens", report->tokens},
                           {"identical", report->identical},
                           {"plain_tokens_per_second", report->plainTokensPerSecond},
                           {"draft_tokens_per_second", report->draftTokensPerSecond},
                           {"speedup", report->speedup},
                           {"tau", report->tau},
                           {"alpha", report->alpha},
                           {"draft_share", report->draftShare},
                           {"verify_share", report->verifyShare},
                           {"observe_share", report->observeShare}};
        for (const DraftBenchKind& k : report->kinds) {
            out["kinds"].push_back({{"kind", k.kind},
                                    {"questions", k.questions},
                                    {"tokens", k.tokens},
                                    {"plain_tokens_per_second", k.plainTokensPerSecond},
                                    {"draft_tokens_per_second", k.draftTokensPerSecond},
                                    {"tau", k.tau}});
        }
        std::ofstream file(parser.value("json"));
        file << out.dump(2) << "\n";
        if (!file) {
            std::cerr << "draft bench: cannot write " << parser.value("json") << "\n";
            return kExitFailed;
        }
    }
    return report->identical == report->questions ? kExitOk : kExitFailed;
}

} // namespace

int runDraft(const std::vector<std::string>& args) {
    if (args.empty() || args.front() == "--help" || args.front() == "-h") {
        std::cout << "usage: hyperbagel-cli draft train|bench [options]\n"
                     "  train  train a model's speculative-decoding draft on its own answers (resumable)\n"
                     "  bench  answer a fixed question set with and without the draft; print the speed-up\n";
        return args.empty() ? kExitUsage : kExitOk;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (args.front() == "train") {
        return runDraftTrain(rest);
    }
    if (args.front() == "bench") {
        return runDraftBench(rest);
    }
    std::cerr << "draft: unknown subcommand \"" << args.front() << "\" (train, bench)\n";
    return kExitUsage;
}

} // namespace hb::cli
