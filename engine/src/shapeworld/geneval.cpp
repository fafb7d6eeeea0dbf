#include "shapeworld/geneval.h"

#include <algorithm>
#include <cstdio>

#include "core/enum_names.h"
#include "shapeworld/caption_text.h"

namespace hb::shapeworld {
namespace {

constexpr std::array<std::string_view, static_cast<std::size_t>(GenEvalCategory::Count)> kNames = {
    "single_object", "two_objects", "counting", "colours", "position", "colour_attribution"};

// Offsets the seed per category so that categories do not share scenes.
constexpr std::uint64_t kCategoryStride = 0x9E3779B97F4A7C15ull;

bool satisfies(const Scene& read, const Requirement& r) {
    return std::any_of(read.objects.begin(), read.objects.end(), [&](const Object& o) {
        return o.shape == r.shape && (!r.colour || o.colour == *r.colour) && (!r.cell || o.cell == *r.cell);
    });
}

int objectsFor(GenEvalCategory category, Rng& rng) {
    switch (category) {
    case GenEvalCategory::SingleObject:
    case GenEvalCategory::Colours:
        return 1;
    case GenEvalCategory::Counting:
        return rng.uniformInt(1, kMaxObjects);
    default:
        return 2;
    }
}

GenEvalPrompt makePrompt(GenEvalCategory category, Rng& rng, Split split) {
    SamplerOptions options;
    options.split = split;
    options.minObjects = options.maxObjects = objectsFor(category, rng);
    GenEvalPrompt prompt;
    prompt.category = category;
    // Two-object checks by shape need two different shapes, or one present object satisfies both.
    do {
        prompt.scene = sampleScene(rng, options);
    } while (prompt.scene.objects.size() == 2 && category != GenEvalCategory::ColourAttribution &&
             prompt.scene.objects[0].shape == prompt.scene.objects[1].shape);
    prompt.prompt = caption(prompt.scene);
    for (const Object& o : prompt.scene.objects) {
        Requirement r;
        r.shape = o.shape;
        if (category == GenEvalCategory::Colours || category == GenEvalCategory::ColourAttribution) {
            r.colour = o.colour;
        }
        if (category == GenEvalCategory::Position) {
            r.cell = o.cell;
        }
        if (category != GenEvalCategory::Counting) {
            prompt.include.push_back(r);
        }
    }
    if (category == GenEvalCategory::Counting) {
        prompt.exactCount = static_cast<int>(prompt.scene.objects.size());
    }
    return prompt;
}

} // namespace

std::string_view toString(GenEvalCategory category) { return enumName(kNames, category); }
std::optional<GenEvalCategory> genEvalCategoryFromString(std::string_view name) {
    return enumFromName<GenEvalCategory>(kNames, name);
}

std::vector<GenEvalPrompt> makeGenEvalSet(std::uint64_t seed, int perCategory, Split split) {
    std::vector<GenEvalPrompt> prompts;
    for (GenEvalCategory category : allValues<GenEvalCategory>()) {
        Rng rng(seed + kCategoryStride * (static_cast<std::uint64_t>(category) + 1));
        for (int i = 0; i < perCategory; ++i) {
            prompts.push_back(makePrompt(category, rng, split));
        }
    }
    return prompts;
}

bool scoreGenEval(const GenEvalPrompt& prompt, const Scene& read) {
    if (prompt.exactCount && static_cast<int>(read.objects.size()) != *prompt.exactCount) {
        return false;
    }
    return std::all_of(prompt.include.begin(), prompt.include.end(),
                       [&](const Requirement& r) { return satisfies(read, r); });
}

std::string GenEvalSummary::describe() const {
    std::string text;
    for (GenEvalCategory category : allValues<GenEvalCategory>()) {
        const auto i = static_cast<std::size_t>(category);
        char line[96];
        std::snprintf(line, sizeof line, "%s %.3f (%d), ", std::string(toString(category)).c_str(),
                      categoryScore[i], categoryPrompts[i]);
        text += line;
    }
    char last[32];
    std::snprintf(last, sizeof last, "overall %.3f", overall);
    return text + last;
}

GenEvalSummary summarizeGenEval(const std::vector<GenEvalPrompt>& prompts, const std::vector<Scene>& reads) {
    GenEvalSummary summary;
    int passed[static_cast<int>(GenEvalCategory::Count)] = {};
    const std::size_t n = std::min(prompts.size(), reads.size());
    for (std::size_t i = 0; i < n; ++i) {
        const auto c = static_cast<std::size_t>(prompts[i].category);
        summary.categoryPrompts[c] += 1;
        passed[c] += scoreGenEval(prompts[i], reads[i]) ? 1 : 0;
    }
    int categories = 0;
    for (std::size_t c = 0; c < static_cast<std::size_t>(GenEvalCategory::Count); ++c) {
        if (summary.categoryPrompts[c] > 0) {
            summary.categoryScore[c] = static_cast<double>(passed[c]) / summary.categoryPrompts[c];
            summary.overall += summary.categoryScore[c];
            ++categories;
        }
    }
    summary.overall = categories > 0 ? summary.overall / categories : 0.0;
    return summary;
}

} // namespace hb::shapeworld
