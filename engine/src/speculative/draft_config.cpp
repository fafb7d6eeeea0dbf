#include "speculative/draft_config.h"

#include <algorithm>
#include <sstream>

#include <nlohmann/json.hpp>

namespace hb {
namespace {

Error badEntry(const std::string& what) {
    return makeError(ErrorCode::BadConfig, "hyperbagel.json: draft: " + what);
}

Result<std::int64_t> readPositive(const nlohmann::json& entry, const char* key, std::int64_t fallback) {
    if (!entry.contains(key)) {
        return fallback;
    }
    const nlohmann::json& value = entry.at(key);
    if (!value.is_number_integer() || value.get<std::int64_t>() < 1) {
        return badEntry(std::string("\"") + key + "\" must be a positive integer");
    }
    return value.get<std::int64_t>();
}

} // namespace

std::string DraftConfig::describe() const {
    std::ostringstream out;
    out << "draft{weights=" << weights << ", queries=" << queries << ", layers=" << layers
        << ", feature_layers=[";
    for (std::size_t i = 0; i < featureLayers.size(); ++i) {
        out << (i ? "," : "") << featureLayers[i];
    }
    out << "], chain_length=" << chainLength;
    for (const auto& [device, on] : useByDefault) {
        out << ", default on " << device << "=" << (on ? "on" : "off");
    }
    out << "}";
    return out.str();
}

bool DraftConfig::usedByDefaultOn(const std::string& deviceType) const {
    const auto found = useByDefault.find(deviceType);
    return found == useByDefault.end() || found->second;
}

Result<void> DraftConfig::validate(std::int64_t targetLayers) const {
    if (queries < 1) {
        return badEntry("\"queries\" must be at least 1");
    }
    if (layers < 1 || layers > targetLayers) {
        return badEntry("\"layers\" must be between 1 and the target's " + std::to_string(targetLayers));
    }
    if (static_cast<std::int64_t>(featureLayers.size()) != queries) {
        return badEntry("\"feature_layers\" needs one target layer per meta-query (" +
                        std::to_string(queries) + "), found " + std::to_string(featureLayers.size()));
    }
    for (const std::int64_t l : featureLayers) {
        if (l < 0 || l >= targetLayers) {
            return badEntry("feature layer " + std::to_string(l) + " is outside the target's 0.." +
                            std::to_string(targetLayers - 1));
        }
    }
    if (chainLength < 1) {
        return badEntry("\"chain_length\" must be at least 1");
    }
    return {};
}

std::vector<std::int64_t> defaultFeatureLayers(std::int64_t targetLayers) {
    const std::int64_t last = std::max<std::int64_t>(0, targetLayers - 1);
    const auto clamp = [last](std::int64_t l) { return std::clamp<std::int64_t>(l, 0, last); };
    return {clamp(1), clamp(targetLayers / 2 - 1), clamp(targetLayers - 4)};
}

DraftConfig defaultDraftConfig(std::int64_t targetLayers) {
    DraftConfig config;
    config.featureLayers = defaultFeatureLayers(targetLayers);
    config.layers = std::min<std::int64_t>(config.layers, std::max<std::int64_t>(1, targetLayers));
    return config;
}

Result<DraftConfig> parseDraftEntry(const nlohmann::json& entry, std::int64_t targetLayers) {
    if (!entry.is_object()) {
        return badEntry("must be an object");
    }
    DraftConfig config = defaultDraftConfig(targetLayers);
    if (entry.contains("weights")) {
        if (!entry["weights"].is_string() || entry["weights"].get<std::string>().empty()) {
            return badEntry("\"weights\" must name a file");
        }
        config.weights = entry["weights"].get<std::string>();
    }
    const std::pair<const char*, std::int64_t*> numbers[] = {
        {"queries", &config.queries}, {"layers", &config.layers}, {"chain_length", &config.chainLength}};
    for (const auto& [key, field] : numbers) {
        auto value = readPositive(entry, key, *field);
        if (!value) {
            return value.error();
        }
        *field = *value;
    }
    if (entry.contains("feature_layers")) {
        const nlohmann::json& list = entry["feature_layers"];
        if (!list.is_array()) {
            return badEntry("\"feature_layers\" must be a list of layer indices");
        }
        config.featureLayers.clear();
        for (const auto& item : list) {
            if (!item.is_number_integer()) {
                return badEntry("\"feature_layers\" must hold integers");
            }
            config.featureLayers.push_back(item.get<std::int64_t>());
        }
    } else if (config.queries != 3) {
        return badEntry("\"feature_layers\" must be given when \"queries\" is not 3");
    }
    if (entry.contains("use_by_default")) {
        const nlohmann::json& map = entry["use_by_default"];
        if (!map.is_object()) {
            return badEntry("\"use_by_default\" must map device types to true or false");
        }
        for (const auto& [device, on] : map.items()) {
            if (!on.is_boolean()) {
                return badEntry("\"use_by_default\": \"" + device + "\" must be true or false");
            }
            config.useByDefault[device] = on.get<bool>();
        }
    }
    if (entry.contains("measured")) {
        const nlohmann::json& map = entry["measured"];
        if (!map.is_object()) {
            return badEntry("\"measured\" must map device types to notes");
        }
        for (const auto& [device, note] : map.items()) {
            if (!note.is_string()) {
                return badEntry("\"measured\": \"" + device + "\" must be a note");
            }
            config.measured[device] = note.get<std::string>();
        }
    }
    if (auto ok = config.validate(targetLayers); !ok) {
        return ok.error();
    }
    return config;
}

nlohmann::json draftEntry(const DraftConfig& config) {
    nlohmann::json entry{{"weights", config.weights},
                         {"queries", config.queries},
                         {"layers", config.layers},
                         {"feature_layers", config.featureLayers},
                         {"chain_length", config.chainLength}};
    if (!config.useByDefault.empty()) {
        entry["use_by_default"] = config.useByDefault;
    }
    if (!config.measured.empty()) {
        entry["measured"] = config.measured;
    }
    return entry;
}

} // namespace hb
