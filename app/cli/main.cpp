// hyperbagel-cli: the headless front end. Everything the GUI can do is reachable from here through the
// engine's public API only.

#include <iostream>
#include <string>
#include <vector>

#include "hyperbagel/engine/runtime.h"
#include "hyperbagel/version.h"

#include "commands.h"

namespace {

struct Command {
    const char* name;
    const char* summary;
    int (*run)(const std::vector<std::string>&);
};

const Command kCommands[] = {
    {"inspect", "validate a checkpoint folder and report on it", &hb::cli::runInspect},
    {"make-random-checkpoint", "write a BAGEL-shaped folder with random weights",
     &hb::cli::runMakeRandomCheckpoint},
    {"tokenize", "JSON strings on stdin -> token id arrays (or back, with --decode)", &hb::cli::runTokenize},
    {"ask", "ask a question about an image; the answer streams", &hb::cli::runAsk},
    {"generate", "make an image from text", &hb::cli::runGenerate},
    {"edit", "edit an image by instruction", &hb::cli::runEdit},
    {"demo", "train (train) or measure (eval) the bundled ShapeWorld model", &hb::cli::runDemo},
    {"draft", "train (train) or measure (bench) a model's speculative-decoding draft", &hb::cli::runDraft},
    {"distill", "distil a model's generation branch into a fast tier (cfg: stage 1)", &hb::cli::runDistill},
};

void printUsage(std::ostream& out) {
    out << "usage: hyperbagel-cli [--log-level LEVEL] COMMAND [options]\n"
           "       hyperbagel-cli --version\n\ncommands:\n";
    for (const Command& c : kCommands) {
        const std::string name = c.name;
        out << "  " << name << std::string(name.size() < 24 ? 24 - name.size() : 1, ' ') << c.summary << "\n";
    }
    out << "\n'hyperbagel-cli COMMAND --help' describes a command's options.\n";
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    hb::RuntimeOptions runtime;
    runtime.appName = "hyperbagel-cli";
    runtime.logLevel = "warn";
    runtime.checkBlas = false; // inspect and checkpoint writing do no tensor math
    while (!args.empty() && args.front().rfind("--", 0) == 0) {
        if (args.front() == "--help" || args.front() == "-h") {
            printUsage(std::cout);
            return hb::cli::kExitOk;
        }
        if (args.front() == "--version") {
            std::cout << "hyperbagel-cli " << HB_VERSION << "\n"; // e.g. "0.1.0 (abc1234)"
            return hb::cli::kExitOk;
        }
        if (args.front() == "--log-level" && args.size() > 1) {
            runtime.logLevel = args[1];
            args.erase(args.begin(), args.begin() + 2);
            continue;
        }
        std::cerr << "hyperbagel-cli: unknown option " << args.front() << "\n";
        printUsage(std::cerr);
        return hb::cli::kExitUsage;
    }
    if (args.empty()) {
        printUsage(std::cerr);
        return hb::cli::kExitUsage;
    }
    for (const Command& c : kCommands) {
        if (args.front() == c.name) {
            if (auto info = hb::initRuntime(runtime); !info) {
                std::cerr << "hyperbagel-cli: " << info.error().message << "\n";
                return hb::cli::kExitFailed;
            }
            return c.run(std::vector<std::string>(args.begin() + 1, args.end()));
        }
    }
    std::cerr << "hyperbagel-cli: unknown command \"" << args.front() << "\"\n";
    printUsage(std::cerr);
    return hb::cli::kExitUsage;
}
