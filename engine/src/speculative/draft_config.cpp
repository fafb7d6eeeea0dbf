#include "speculative/draft_config.h"

#include <algorithm>
#include <sstream>
#include <type_traits>

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

/// An optional {"device type": value} object (bool or string values), e.g. "use_by_default".
template <typename T>
Result<void> readDeviceMap(const nlohmann::json& entry, const std::string& key, const std::string& valueWords,
                           std::map<std::string, T>& out) {
    if (!entry.contains(key)) {
        return {};
    }
    const nlohmann::json& map = entry.at(key);
    if (!map.is_object()) {
        return badEntry("\"" + key + "\" must map device types to " + valueWords);
    }
    for (const auto& [device, value] : map.items()) {
        const bool fits = std::is_same_v<T, bool> ? value.is_boolean() : value.is_string();
        if (!fits) {
            return badEntry("\"" + key + "\": \"" + device + "\" must be " + valueWords);
        }
        out[device] = value.template get<T>();
    }
    return {};
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
    if (auto ok = readDeviceMap(entry, "use_by_default", "true or false", config.useByDefault); !ok) {
        return ok.error();
    }
    if (auto ok = readDeviceMap(entry, "measured", "a note", config.measured); !ok) {
        return ok.error();
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
