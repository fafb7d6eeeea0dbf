// Image generation end to end on a model folder (default: the bundled ShapeWorld model), per tier:
// text-to-image, a first edit of an image (its contexts prefilled), and live edits of the same image
// (its contexts reused, as the app's Live mode does: only the instruction is prefilled). Prints the
// NFE and the median prefill / denoise / VAE decode / total milliseconds over the runs, and each
// tier's speed-up over Full. Never asserts on time; figures go to docs/benchmarks.md.
// Usage: bench_generate [--model DIR] [--image PNG] [--runs N] [--steps N] [--tiers full,fast,preview]

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "hyperbagel/engine/generation.h"
#include "hyperbagel/engine/image.h"
#include "hyperbagel/engine/model.h"
#include "hyperbagel/engine/runtime.h"

namespace {

struct Options {
    std::string model = HB_BUNDLED_MODEL_DIR;
    std::string image = HB_SAMPLE_IMAGE;
    int runs = 5;
    int steps = 50;
    std::vector<std::string> tiers = {"full", "fast", "preview"};
};

struct Phases {
    std::vector<double> prefill, denoise, decode, total;
    int forwards = 0;
    void add(const hb::GenerationResult& r) {
        prefill.push_back(r.prefillMs);
        denoise.push_back(r.denoiseMs);
        decode.push_back(r.decodeMs);
        total.push_back(r.prefillMs + r.denoiseMs + r.decodeMs);
        forwards = r.forwards;
    }
};

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

bool parse(int argc, char** argv, Options& o) {
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool more = i + 1 < argc;
        if (a == "--model" && more) {
            o.model = argv[++i];
        } else if (a == "--image" && more) {
            o.image = argv[++i];
        } else if (a == "--runs" && more) {
            o.runs = std::max(1, std::atoi(argv[++i]));
        } else if (a == "--steps" && more) {
            o.steps = std::max(2, std::atoi(argv[++i]));
        } else if (a == "--tiers" && more) {
            o.tiers.clear();
            std::stringstream list(argv[++i]);
            for (std::string t; std::getline(list, t, ',');) {
                o.tiers.push_back(t);
            }
        } else {
            std::fprintf(stderr, "usage: bench_generate [--model DIR] [--image PNG] [--runs N] [--steps N] "
                                 "[--tiers full,fast,preview]\n");
            return false;
        }
    }
    return true;
}

} // namespace

int main(int argc, char** argv) {
    Options o;
    if (!parse(argc, argv, o)) {
        return 2;
    }
    hb::RuntimeOptions runtime;
    runtime.appName = "bench-generate";
    runtime.logToConsole = false;
    if (auto ok = hb::initRuntime(runtime); !ok) {
        std::fprintf(stderr, "%s\n", ok.error().message.c_str());
        return 1;
    }
    auto model = hb::Model::load(hb::ModelLoadOptions{o.model});
    auto image = hb::loadImage(o.image);
    if (!model || !image) {
        std::fprintf(stderr, "%s\n", (!model ? model.error() : image.error()).message.c_str());
        return 1;
    }
    const int side = (*model)->info().maxImageSide;
    std::printf("model %s, %dx%d text-to-image, edits of %s (%dx%d), %d runs, Full %d timesteps\n",
                o.model.c_str(), side, side, o.image.c_str(), image->width, image->height, o.runs, o.steps);
    std::printf("%-8s %-12s %4s %9s %9s %9s %9s %8s\n", "tier", "task", "NFE", "prefill", "denoise", "decode",
                "total ms", "vs Full");
    std::map<std::string, double> fullTotals;
    for (const std::string& name : o.tiers) {
        const auto tier = hb::tierFromString(name);
        if (!tier) {
            std::fprintf(stderr, "unknown tier %s\n", name.c_str());
            return 2;
        }
        hb::ImageGenerator generator(*model);
        Phases t2i, firstEdit, liveEdit;
        bool missing = false;
        for (int run = 0; run < o.runs + 1 && !missing; ++run) { // run 0 warms up
            auto request = hb::GenerationRequest::textToImage("a large red circle in the center");
            request.width = request.height = side;
            request.tier = *tier;
            request.timesteps = o.steps;
            request.seed = static_cast<std::uint64_t>(run);
            auto a = generator.generate(request);
            if (!a) {
                std::printf("%-8s (%s)\n", name.c_str(), a.error().message.c_str());
                missing = true;
                break;
            }
            generator.releaseCachedContext();
            auto edit = hb::GenerationRequest::edit(*image, "make the background black");
            edit.tier = *tier;
            edit.timesteps = o.steps;
            edit.seed = 7;
            auto first = generator.generate(edit);
            edit.prompt = "make the red circle blue"; // the same image and seed: contexts reused
            auto live = generator.generate(edit);
            if (!first || !live) {
                std::fprintf(stderr, "%s\n", (!first ? first.error() : live.error()).message.c_str());
                return 1;
            }
            if (run > 0) {
                t2i.add(*a);
                firstEdit.add(*first);
                liveEdit.add(*live);
            }
        }
        if (missing) {
            continue;
        }
        const std::pair<const char*, Phases*> rows[] = {
            {"t2i", &t2i}, {"edit", &firstEdit}, {"live edit", &liveEdit}};
        for (const auto& [task, phases] : rows) {
            const double total = median(phases->total);
            if (name == "full") {
                fullTotals[task] = total;
            }
            const double full = fullTotals.count(task) ? fullTotals[task] : 0.0;
            std::printf("%-8s %-12s %4d %9.1f %9.1f %9.1f %9.1f %7.1fx\n", name.c_str(), task, phases->forwards,
                        median(phases->prefill), median(phases->denoise), median(phases->decode), total,
                        full > 0 && total > 0 ? full / total : 0.0);
        }
    }
    return 0;
}
