#include <atomic>
#include <csignal>
#include <iostream>
#include <sstream>

#include "hyperbagel/engine/default_model.h"
#include "hyperbagel/engine/chat_session.h"
#include "hyperbagel/engine/model.h"

#include "arg_parser.h"
#include "commands.h"

namespace hb::cli {
namespace {

std::atomic<bool> g_askCancel{false};

extern "C" void onAskInterrupt(int) { g_askCancel.store(true); }

bool parseIds(const std::string& text, std::vector<std::int64_t>& ids) {
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ',')) {
        if (item.empty() || item.find_first_not_of("0123456789") != std::string::npos || item.size() > 12) {
            return false;
        }
        ids.push_back(std::stoll(item));
    }
    return !ids.empty();
}

int fail(const Error& error) {
    std::cerr << "ask: " << error.message << "\n";
    return error.code == ErrorCode::Cancelled ? kExitCancelled : kExitFailed;
}

// Adds the --image / --pixels input, if any.
Result<void> addVisualInput(ChatSession& chat, const ArgParser& parser) {
    if (parser.has("image")) {
        auto image = loadImage(parser.value("image"));
        if (!image) {
            return image.error();
        }
        return chat.addImage(*image);
    }
    if (parser.has("pixels")) {
        std::string path = parser.value("pixels");
        std::string name;
        if (const auto colon = path.rfind(':'); colon != std::string::npos && colon > 1) {
            name = path.substr(colon + 1);
            path = path.substr(0, colon);
        }
        auto pixels = loadPixelTensor(path, name);
        if (!pixels) {
            return pixels.error();
        }
        return chat.addPixels(*pixels);
    }
    return {};
}

} // namespace

int runAsk(const std::vector<std::string>& args) {
    ArgParser parser("ask",
                     "Asks a question about an image and streams the answer (greedy unless --temperature).\n"
                     "Prints the answer, then the produced token ids and timing.");
    parser.addPositional("QUESTION", "the question (or give --ids)");
    parser.addOption("model", "DIR", "checkpoint folder (default: the bundled ShapeWorld model)");
    parser.addOption("image", "FILE",
                     "image to ask about (PNG, JPEG, BMP, ...), resized by the official rules");
    parser.addOption("pixels", "FILE[:NAME]",
                     "preprocessed float [3,H,W] tensor in a safetensors file, used as is");
    parser.addOption("ids", "N,N,...", "question token ids instead of text (QUESTION is then ignored)");
    parser.addOption("max-tokens", "N", "most forwards, counting the start token", std::string("512"));
    parser.addOption("temperature", "T", "0 for greedy, else sampling temperature", std::string("0"));
    parser.addOption("seed", "N", "sampling seed", std::string("0"));
    parser.addOption("device", "NAME", "cpu, cuda or cuda:N", std::string("cpu"));
    parser.addOption("precision", "P", "fp32 or bf16", std::string("fp32"));
    parser.addFlag("think", "think mode: the understanding think system prompt opens the context");
    parser.addFlag("no-draft", "decode plainly, with no drafter, even when the model has a speculative-decoding draft");
    parser.addOption("draft", "PLAN",
                     "draft with this plan, chain:K or tree:TOPK,BUDGET,DEPTH, even where the model folder advises "
                     "plain decoding for the device (default: the folder's advice and the model's chain)");
    parser.addFlag("compare-plain",
                   "answer again without the draft in a fresh chat (after a silent warm-up answer) and print "
                   "the speed-up and whether the answers match");
    if (const auto exit = parser.parseOrExit(args)) {
        return *exit;
    }
    ModelLoadOptions load;
    load.folder = parser.has("model") ? parser.value("model") : defaultModelDir();
    load.device = parser.value("device");
    const auto precision = precisionFromString(parser.value("precision"));
    std::vector<std::int64_t> ids;
    if (load.folder.empty() || !precision || (parser.has("ids") && !parseIds(parser.value("ids"), ids))) {
        std::cerr << "ask: needs --model DIR (no bundled model was found), --precision fp32|bf16 and, if given, --ids as comma-separated "
                     "numbers\n";
        return kExitUsage;
    }
    load.precision = *precision;
    AskOptions options;
    try {
        options.maxTokens = std::stoi(parser.value("max-tokens"));
        options.temperature = std::stod(parser.value("temperature"));
        options.seed = std::stoull(parser.value("seed"));
        options.useDraft = !parser.has("no-draft");
        options.draftPlan = parser.has("draft") ? parser.value("draft") : std::string();
    } catch (const std::exception&) {
        std::cerr << "ask: --max-tokens, --temperature and --seed must be numbers\n";
        return kExitUsage;
    }
    auto model = Model::load(load);
    if (!model) {
        return fail(model.error());
    }
    std::cerr << "model: " << (*model)->info().describe() << "\n";
    const auto run = [&](AskOptions askOptions) -> Result<AskResult> {
        ChatSession chat(*model);
        if (auto ok = chat.setThink(parser.has("think")); !ok) {
            return ok.error();
        }
        // --no-draft (and the plain comparison) decode with no drafter at all; --draft insists on one.
        if (!askOptions.useDraft || parser.has("draft")) {
            if (auto ok = chat.setDraft(askOptions.useDraft); !ok) {
                return ok.error();
            }
        }
        if (auto ok = addVisualInput(chat, parser); !ok) {
            return ok.error();
        }
        return ids.empty() ? chat.ask(parser.positionals()[0], askOptions) : chat.askTokens(ids, askOptions);
    };
    options.onToken = [](const TokenEvent& event) {
        std::cout << event.text << std::flush;
        return true;
    };
    options.cancel = &g_askCancel;
    std::signal(SIGINT, onAskInterrupt);
    AskOptions plainOptions = options;
    plainOptions.useDraft = false;
    plainOptions.onToken = nullptr;
    if (parser.has("compare-plain")) {
        // A silent first answer pays the process's one-time costs, so neither measured run carries them.
        (void)run(plainOptions);
    }
    auto answer = run(options);
    std::signal(SIGINT, SIG_DFL);
    if (!answer) {
        return fail(answer.error());
    }
    std::cout << "\nids:";
    for (const std::int64_t id : answer->tokens) {
        std::cout << " " << id;
    }
    std::cout << "\n";
    std::cerr << "prefill " << answer->prefillMs << " ms, decode " << answer->decodeMs << " ms, "
              << answer->tokens.size() << " tokens, " << answer->tokensPerSecond << " tokens/s"
              << (answer->stopped ? ", stopped at <|im_end|>" : "")
              << (answer->cancelled ? ", cancelled" : "") << "\n";
    if (answer->drafted) {
        std::cerr << "draft " << answer->draftPlan << ": " << answer->cycles << " target forwards, tau "
                  << answer->tau << ", alpha " << answer->alpha << "\n";
    } else {
        std::cerr << "draft: "
                  << (parser.has("no-draft") ? "off (--no-draft)"
                      : (*model)->info().draft != "none"
                          ? "not used: the model folder advises plain decoding on this device (--draft PLAN to use it)"
                          : "the model has none")
                  << "\n";
    }
    if (parser.has("compare-plain") && !answer->cancelled) {
        auto plain = run(plainOptions);
        if (!plain) {
            return fail(plain.error());
        }
        std::cerr << "plain decoding: " << plain->tokensPerSecond << " tokens/s; speed-up "
                  << (plain->tokensPerSecond > 0 ? answer->tokensPerSecond / plain->tokensPerSecond : 0.0)
                  << "x; answers " << (plain->tokens == answer->tokens ? "identical" : "differ") << "\n";
    }
    return answer->cancelled ? kExitCancelled : kExitOk;
}

} // namespace hb::cli
