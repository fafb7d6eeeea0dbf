// hyperbagel-cli generate / edit: text-to-image and instruction editing, one prompt or a batch.

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <tuple>

#include <nlohmann/json.hpp>

#include "hyperbagel/engine/default_model.h"
#include "hyperbagel/engine/generation.h"
#include "hyperbagel/engine/model.h"

#include "arg_parser.h"
#include "commands.h"

namespace fs = std::filesystem;

namespace hb::cli {
namespace {

std::atomic<bool> g_generateCancel{false};

extern "C" void onGenerateInterrupt(int) { g_generateCancel.store(true); }

// The official app's aspect ratios at 1024 px (H x W), scaled down to the model's largest side.
const std::pair<const char*, std::pair<int, int>> kAspects[] = {{"1:1", {1024, 1024}},
                                                                {"4:3", {768, 1024}},
                                                                {"3:4", {1024, 768}},
                                                                {"16:9", {576, 1024}},
                                                                {"9:16", {1024, 576}}};

void addOptions(ArgParser& parser, bool edit) {
    parser.addOption("model", "DIR", "checkpoint folder (default: the bundled ShapeWorld model)");
    if (edit) {
        parser.addOption("image", "FILE", "the image to edit (the output has its VAE-resized size)");
    } else {
        parser.addOption("aspect", "W:H", "1:1, 4:3, 3:4, 16:9 or 9:16 (the official app's sizes)",
                         std::string("1:1"));
        parser.addOption("width", "PX", "width in pixels (overrides --aspect)");
        parser.addOption("height", "PX", "height in pixels (overrides --aspect)");
    }
    parser.addOption("out", "PATH", "output PNG, or a folder with --prompts", std::string("out.png"));
    parser.addOption("prompts", "FILE.jsonl",
                     "batch: one JSON object per line {prompt, image, seed, width, height}");
    parser.addOption("tier", "NAME", "full, fast or preview", std::string("full"));
    parser.addOption("steps", "N", "sampler timesteps (NFE steps = N - 1)", std::string("50"));
    parser.addOption("shift", "S", "timestep shift", std::string("3"));
    parser.addOption("cfg-text", "S", "text guidance scale", std::string("4"));
    parser.addOption("cfg-image", "S", "image guidance scale", std::string(edit ? "2" : "1"));
    parser.addOption("cfg-interval", "LO,HI", "guidance interval of the shifted t",
                     std::string(edit ? "0,1" : "0.4,1"));
    parser.addOption("renorm", "TYPE", "global, channel or text_channel",
                     std::string(edit ? "text_channel" : "global"));
    parser.addOption("renorm-min", "M", "lower clamp of the renorm factor", std::string("0"));
    parser.addOption("seed", "N", "noise seed", std::string("0"));
    parser.addFlag("think", "plan in text before generating");
    parser.addOption("device", "NAME", "cpu, cuda or cuda:N", std::string("cpu"));
    parser.addOption("precision", "P", "fp32 or bf16", std::string("fp32"));
}

// Every knob from the command line into a request; a batch line may override prompt, image, seed, size.
Result<GenerationRequest> requestFrom(const ArgParser& parser, bool edit, const nlohmann::json& line,
                                      const ModelInfo& info) {
    GenerationRequest r;
    try {
        r.prompt =
            line.value("prompt", parser.positionals().empty() ? std::string() : parser.positionals()[0]);
        r.timesteps = std::stoi(parser.value("steps"));
        r.shift = std::stod(parser.value("shift"));
        r.cfgTextScale = std::stod(parser.value("cfg-text"));
        r.cfgImageScale = std::stod(parser.value("cfg-image"));
        const std::string interval = parser.value("cfg-interval");
        const auto comma = interval.find(',');
        r.cfgIntervalLow = std::stod(interval.substr(0, comma));
        r.cfgIntervalHigh = comma == std::string::npos ? 1.0 : std::stod(interval.substr(comma + 1));
        r.renorm = parser.value("renorm");
        r.renormMin = std::stod(parser.value("renorm-min"));
        r.seed =
            line.contains("seed") ? line["seed"].get<std::uint64_t>() : std::stoull(parser.value("seed"));
        r.think = parser.flag("think");
        if (!edit) {
            for (const auto& [name, size] : kAspects) {
                if (parser.value("aspect") == name) {
                    std::tie(r.width, r.height) = info.fitImageSize(size.second, size.first);
                }
            }
            r.width = line.value("width", parser.has("width") ? std::stoi(parser.value("width")) : r.width);
            r.height =
                line.value("height", parser.has("height") ? std::stoi(parser.value("height")) : r.height);
        }
    } catch (const std::exception& e) {
        return makeError(ErrorCode::InvalidRequest, std::string("bad option value: ") + e.what());
    }
    const auto tier = tierFromString(parser.value("tier"));
    if (!tier) {
        return makeError(ErrorCode::InvalidRequest, "unknown tier \"" + parser.value("tier") + "\"");
    }
    r.tier = *tier;
    if (edit) {
        const std::string path = line.value("image", parser.value("image"));
        auto image = loadImage(path);
        if (!image) {
            return image.error();
        }
        r.inputImage = std::move(image.value());
    }
    return r;
}

int runOne(ImageGenerator& generator, GenerationRequest request, const std::string& out,
           const ModelInfo& info) {
    request.cancel = &g_generateCancel;
    request.onProgress = [](const GenerationProgress& p) {
        std::fprintf(stderr, "\rstep %d/%d  %d forwards  %.1f s   ", p.step, p.steps, p.forwards,
                     p.elapsedMs / 1000);
    };
    auto result = generator.generate(request);
    std::fprintf(stderr, "\n");
    if (!result) {
        std::cerr << "error: " << result.error().message << "\n";
        return result.error().code == ErrorCode::Cancelled ? kExitCancelled : kExitFailed;
    }
    const std::vector<std::pair<std::string, std::string>> chunks = {
        {"prompt", request.prompt},
        {"seed", std::to_string(result->seed)},
        {"tier", std::string(toString(result->tier))},
        {"steps", std::to_string(result->steps)},
        {"model", info.folder},
        {"Software", "HyperBagel Studio"}};
    if (auto saved = saveImagePng(result->image, out, chunks); !saved) {
        std::cerr << "error: " << saved.error().message << "\n";
        return kExitFailed;
    }
    std::cout << out << ": " << result->image.width << "x" << result->image.height << ", " << result->forwards
              << " forwards (NFE), prefill " << result->prefillMs << " ms, denoise " << result->denoiseMs
              << " ms, VAE decode " << result->decodeMs << " ms\n";
    if (!result->thinkText.empty()) {
        std::cout << "think: " << result->thinkText << "\n";
    }
    return kExitOk;
}

int runGenerateOrEdit(const std::vector<std::string>& args, bool edit) {
    ArgParser parser(
        edit ? "edit" : "generate",
        edit ? "Edits an image by instruction with the official sampler and guidance; writes a PNG with\n"
               "the prompt, seed, tier and model in text chunks."
             : "Generates an image from text with the official sampler and guidance; writes a PNG with\n"
               "the prompt, seed, tier and model in text chunks.");
    parser.addPositional(edit ? "INSTRUCTION" : "PROMPT", "the text (ignored with --prompts; use \"\" then)");
    addOptions(parser, edit);
    if (const auto exit = parser.parseOrExit(args)) {
        return *exit;
    }
    ModelLoadOptions load{parser.has("model") ? parser.value("model") : defaultModelDir(), parser.value("device"),
                          Precision::Fp32};
    const auto precision = precisionFromString(parser.value("precision"));
    if (load.folder.empty()) {
        std::cerr << "no bundled model was found (HB_MODEL_DIR, share/hyperbagel/models/shapeworld, "
                     "resources/models/shapeworld); give --model DIR\n";
        return kExitUsage;
    }
    if (!precision || (edit && !parser.has("image") && !parser.has("prompts"))) {
        std::cerr << parser.help();
        return kExitUsage;
    }
    load.precision = *precision;
    auto model = Model::load(load);
    if (!model) {
        std::cerr << "error: " << model.error().message << "\n";
        return kExitFailed;
    }
    ImageGenerator generator(*model);
    std::signal(SIGINT, onGenerateInterrupt);
    int status = kExitOk;
    if (!parser.has("prompts")) {
        auto request = requestFrom(parser, edit, nlohmann::json::object(), (*model)->info());
        status = request
                     ? runOne(generator, std::move(request.value()), parser.value("out"), (*model)->info())
                     : (std::cerr << "error: " << request.error().message << "\n", kExitUsage);
    } else {
        std::ifstream lines(parser.value("prompts"));
        fs::create_directories(parser.value("out"));
        std::string text;
        for (int index = 0; status != kExitCancelled && std::getline(lines, text); ++index) {
            const auto line = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
            auto request = line.is_object() ? requestFrom(parser, edit, line, (*model)->info())
                                            : Result<GenerationRequest>(makeError(
                                                  ErrorCode::InvalidRequest, "line is not a JSON object"));
            if (!request) {
                std::cerr << "line " << index + 1 << ": " << request.error().message << "\n";
                status = kExitFailed;
                continue;
            }
            std::ostringstream name;
            name << parser.value("out") << "/" << std::setw(4) << std::setfill('0') << index << ".png";
            const int one = runOne(generator, std::move(request.value()), name.str(), (*model)->info());
            status = one == kExitOk ? status : one;
        }
    }
    std::signal(SIGINT, SIG_DFL);
    return status;
}

} // namespace

int runGenerate(const std::vector<std::string>& args) { return runGenerateOrEdit(args, false); }
int runEdit(const std::vector<std::string>& args) { return runGenerateOrEdit(args, true); }

} // namespace hb::cli
