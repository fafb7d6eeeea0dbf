// One logical set of tensors over a single safetensors file or the shards of an index.

#include <algorithm>
#include <filesystem>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "hyperbagel/engine/safetensors.h"

#include "core/file_util.h"

namespace fs = std::filesystem;

namespace hb {
namespace {

bool endsWith(const std::string& s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Error badIndex(const std::string& path, const std::string& what) {
    return makeError(ErrorCode::BadCheckpoint, path + ": " + what);
}

} // namespace

struct TensorStore::Impl {
    std::string path;
    bool sharded = false;
    std::vector<std::unique_ptr<SafetensorsFile>> owned;
    std::vector<const SafetensorsFile*> files;
    std::unordered_map<std::string_view, std::pair<const SafetensorsFile*, const TensorInfo*>> byName;

    Result<void> addFile(std::unique_ptr<SafetensorsFile> file) {
        for (const TensorInfo& info : file->tensors()) {
            if (!byName.emplace(info.name, std::make_pair(file.get(), &info)).second) {
                return badIndex(path, "tensor \"" + info.name + "\" appears in two shards (" +
                                          fs::path(byName[info.name].first->path()).filename().string() +
                                          " and " + fs::path(file->path()).filename().string() + ")");
            }
        }
        files.push_back(file.get());
        owned.push_back(std::move(file));
        return {};
    }

    Result<void> openIndex();
};

Result<void> TensorStore::Impl::openIndex() {
    auto text = readTextFile(path);
    if (!text) {
        return text.error();
    }
    nlohmann::json index;
    try {
        index = nlohmann::json::parse(*text);
    } catch (const nlohmann::json::exception& e) {
        return badIndex(path, std::string("not valid JSON: ") + e.what());
    }
    if (!index.is_object() || !index.contains("weight_map") || !index["weight_map"].is_object()) {
        return badIndex(path, "needs an object \"weight_map\" from tensor name to shard file");
    }
    std::map<std::string, std::vector<std::string>> namesByShard;
    const nlohmann::json& weightMap = index["weight_map"];
    for (const auto& [name, shard] : weightMap.items()) {
        if (!shard.is_string()) {
            return badIndex(path, "weight_map entry \"" + name + "\" must be a file name string");
        }
        const std::string file = shard.get<std::string>();
        if (file.empty() || file.find('/') != std::string::npos || file.find('\\') != std::string::npos ||
            file == "." || file == "..") {
            return badIndex(path, "weight_map entry \"" + name + "\" names \"" + file +
                                      "\", which is not a plain file name in the index's folder");
        }
        namesByShard[file].push_back(name);
    }
    const fs::path folder = fs::path(path).parent_path();
    for (const auto& [shard, names] : namesByShard) {
        const std::string shardPath = (folder / shard).string();
        auto file = SafetensorsFile::open(shardPath);
        if (!file) {
            const bool missing = file.error().code == ErrorCode::FileNotFound;
            return makeError(missing ? ErrorCode::BadCheckpoint : file.error().code,
                             missing ? path + ": shard " + shard + " is missing" : file.error().message);
        }
        for (const std::string& name : names) {
            if ((*file)->find(name) == nullptr) {
                return badIndex(path,
                                "tensor \"" + name + "\" is mapped to " + shard + ", which does not hold it");
            }
        }
        if ((*file)->tensors().size() != names.size()) {
            for (const TensorInfo& info : (*file)->tensors()) {
                if (std::find(names.begin(), names.end(), info.name) != names.end()) {
                    continue;
                }
                if (weightMap.contains(info.name)) {
                    return badIndex(path, "tensor \"" + info.name + "\" appears in two shards (" + shard +
                                              " and " + weightMap.at(info.name).get<std::string>() + ")");
                }
                return badIndex(path, "shard " + shard + " holds tensor \"" + info.name +
                                          "\", which the index does not list");
            }
        }
        if (auto ok = addFile(std::move(file.value())); !ok) {
            return ok;
        }
    }
    return {};
}

TensorStore::TensorStore(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
TensorStore::~TensorStore() = default;

Result<std::unique_ptr<TensorStore>> TensorStore::open(const std::string& path) {
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    if (endsWith(path, ".json")) {
        impl->sharded = true;
        if (auto ok = impl->openIndex(); !ok) {
            return ok.error();
        }
    } else {
        auto file = SafetensorsFile::open(path);
        if (!file) {
            return file.error();
        }
        if (auto ok = impl->addFile(std::move(file.value())); !ok) {
            return ok.error();
        }
    }
    return std::unique_ptr<TensorStore>(new TensorStore(std::move(impl)));
}

const std::string& TensorStore::path() const { return m_impl->path; }

bool TensorStore::sharded() const { return m_impl->sharded; }

const std::vector<const SafetensorsFile*>& TensorStore::files() const { return m_impl->files; }

std::vector<std::string> TensorStore::names() const {
    std::vector<std::string> out;
    out.reserve(m_impl->byName.size());
    for (const auto& entry : m_impl->byName) {
        out.emplace_back(entry.first);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::size_t TensorStore::size() const { return m_impl->byName.size(); }

const TensorInfo* TensorStore::find(std::string_view name) const {
    const auto it = m_impl->byName.find(name);
    return it == m_impl->byName.end() ? nullptr : it->second.second;
}

TensorView TensorStore::view(std::string_view name) const {
    const auto& [file, info] = m_impl->byName.at(name);
    return file->view(*info);
}

const SafetensorsFile* TensorStore::fileOf(std::string_view name) const {
    const auto it = m_impl->byName.find(name);
    return it == m_impl->byName.end() ? nullptr : it->second.first;
}

std::uint64_t TensorStore::totalFileBytes() const {
    std::uint64_t total = 0;
    for (const SafetensorsFile* f : m_impl->files) {
        total += f->fileBytes();
    }
    return total;
}

} // namespace hb
