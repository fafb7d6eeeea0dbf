#include "models/bagel/distilled_tier.h"

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include <ATen/ATen.h>

namespace fs = std::filesystem;

namespace hb {
namespace {

Error badConfig(const std::string& what) {
    return makeError(ErrorCode::BadConfig, "hyperbagel.json: " + what);
}

Result<DistilledTier> loadTier(const std::string& name, const nlohmann::json& entry, const fs::path& folder,
                               Qwen2MoTModelImpl& llm, const BagelConfig& config,
                               const WeightTarget& target) {
    DistilledTier tier;
    tier.name = name;
    if (!entry.is_object() || !entry.contains("weights") || !entry["weights"].is_string() ||
        !entry.contains("timesteps") || !entry["timesteps"].is_array()) {
        return badConfig("tier \"" + name + "\" needs \"weights\" (a file) and \"timesteps\" (a list)");
    }
    for (const auto& t : entry["timesteps"]) {
        if (!t.is_number()) {
            return badConfig("tier \"" + name + "\": timesteps must be numbers");
        }
        tier.timesteps.push_back(t.get<float>());
    }
    const auto& ts = tier.timesteps;
    if (ts.size() < 2 || ts.front() != 1.0f || ts.back() != 0.0f || !std::is_sorted(ts.rbegin(), ts.rend())) {
        return badConfig("tier \"" + name + "\": timesteps must fall from 1 to 0");
    }
    if (entry.contains("guidance") && entry["guidance"].is_object()) {
        tier.textScale = entry["guidance"].value("text", tier.textScale);
        tier.imageScale = entry["guidance"].value("image", tier.imageScale);
    }
    auto store = TensorStore::open((folder / entry["weights"].get<std::string>()).string());
    if (!store) {
        return store.error();
    }
    for (const auto& item : llm.named_parameters()) {
        if (isGenerationExpertParameter(item.key())) {
            auto tensor = loadTensor(**store, "language_model." + item.key(), target);
            if (!tensor) {
                return tensor.error();
            }
            if (tensor->sizes() != item.value().sizes()) {
                return makeError(ErrorCode::BadCheckpoint, store.value()->path() + ": language_model." +
                                                               item.key() + " has the wrong shape");
            }
            tier.generationExpert.emplace_back(item.key(), *tensor);
        }
    }
    const std::int64_t hidden = config.llm.hiddenSize;
    tier.timeEmbedder = TimestepEmbedder(hidden);
    tier.textGuidance = TimestepEmbedder(hidden);
    tier.imageGuidance = TimestepEmbedder(hidden);
    tier.vae2llm = makeVae2Llm(config);
    tier.llm2vae = makeLlm2Vae(config);
    const std::pair<torch::nn::Module*, const char*> parts[] = {
        {tier.timeEmbedder.get(), "time_embedder."},
        {tier.textGuidance.get(), "text_guidance_embedder."},
        {tier.imageGuidance.get(), "image_guidance_embedder."},
        {tier.vae2llm.get(), "vae2llm."},
        {tier.llm2vae.get(), "llm2vae."}};
    for (const auto& [module, prefix] : parts) {
        if (auto ok = loadWeights(*module, **store, prefix, target); !ok) {
            return ok.error();
        }
    }
    return tier;
}

} // namespace

bool isGenerationExpertParameter(const std::string& name) {
    return name.find("_moe_gen") != std::string::npos;
}

Result<std::vector<DistilledTier>> loadDistilledTiers(const std::string& folder, Qwen2MoTModelImpl& llm,
                                                      const BagelConfig& config, const WeightTarget& target) {
    std::vector<DistilledTier> tiers;
    const fs::path path = fs::path(folder) / "hyperbagel.json";
    std::ifstream in(path);
    if (!in) {
        return tiers;
    }
    const auto doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object()) {
        return badConfig("not a JSON object");
    }
    if (!doc.contains("tiers")) {
        return tiers;
    }
    if (!doc["tiers"].is_object()) {
        return badConfig("\"tiers\" must be an object");
    }
    for (const auto& [name, entry] : doc["tiers"].items()) {
        if (name != "fast" && name != "preview") {
            return badConfig("unknown tier \"" + name + "\" (fast, preview)");
        }
        auto tier = loadTier(name, entry, fs::path(folder), llm, config, target);
        if (!tier) {
            return tier.error();
        }
        tiers.push_back(std::move(tier.value()));
    }
    return tiers;
}

GenerationBranchSwap::GenerationBranchSwap(Qwen2MoTModelImpl& llm, const DistilledTier& tier) {
    auto params = llm.named_parameters();
    for (const auto& [name, tensor] : tier.generationExpert) {
        at::Tensor param = params[name];
        m_saved.emplace_back(param, param.data());
        param.set_data(tensor);
    }
}

GenerationBranchSwap::~GenerationBranchSwap() {
    for (auto& [param, original] : m_saved) {
        param.set_data(original);
    }
}

} // namespace hb
