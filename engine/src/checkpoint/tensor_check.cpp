#include "checkpoint/tensor_check.h"

#include <set>

namespace hb {

namespace {

/// Weights the engine can convert to its compute dtype.
bool usableWeightDtype(DType dtype) {
    return dtype == DType::F32 || dtype == DType::BF16 || dtype == DType::F16 || dtype == DType::F64;
}

/// The floating dtype most tensors use (ties go to the larger byte total); nullopt when none is
/// floating.
std::optional<DType> dominantFloatingDtype(const TensorStore& store) {
    std::map<DType, std::pair<std::int64_t, std::uint64_t>> counts;
    for (const std::string& name : store.names()) {
        const TensorInfo* info = store.find(name);
        if (info != nullptr && isFloating(info->dtype)) {
            auto& entry = counts[info->dtype];
            entry.first += 1;
            entry.second += info->byteSize();
        }
    }
    std::optional<DType> best;
    std::pair<std::int64_t, std::uint64_t> bestCount{-1, 0};
    for (const auto& [dtype, count] : counts) {
        if (count > bestCount) {
            best = dtype;
            bestCount = count;
        }
    }
    return best;
}

} // namespace

void TensorTally::add(Component component, const TensorInfo& info) {
    ComponentStats& stats = m_components[static_cast<std::size_t>(component)];
    stats.component = component;
    stats.tensors += 1;
    stats.parameters += info.numel();
    stats.bytes += info.byteSize();
    m_dtypes[info.dtype] += 1;
    m_tensors += 1;
    m_parameters += info.numel();
    m_bytes += info.byteSize();
}

std::vector<ComponentStats> TensorTally::components() const {
    std::vector<ComponentStats> rows;
    for (const ComponentStats& stats : m_components) {
        if (stats.tensors > 0) {
            rows.push_back(stats);
        }
    }
    return rows;
}

std::vector<std::pair<std::string, std::int64_t>> TensorTally::dtypes() const {
    std::vector<std::pair<std::string, std::int64_t>> rows;
    for (const auto& [dtype, count] : m_dtypes) {
        rows.emplace_back(std::string(toString(dtype)), count);
    }
    return rows;
}

std::int64_t TensorTally::parameters(Component component) const {
    return m_components[static_cast<std::size_t>(component)].parameters;
}

void compareWithSchema(const TensorStore& store, const std::string& file,
                       const std::vector<TensorExpectation>& schema, std::vector<Finding>& findings) {
    std::set<std::string_view> expected;
    for (const TensorExpectation& want : schema) {
        expected.insert(want.name);
        const TensorInfo* have = store.find(want.name);
        if (have == nullptr) {
            if (want.optional) {
                findings.push_back({Severity::Warning, FindingKind::MissingTensor, file, want.name,
                                    want.name + " " + shapeText(want.shape) +
                                        " is missing; it is a fixed sin-cos table and will be recomputed."});
            } else {
                findings.push_back({Severity::Error, FindingKind::MissingTensor, file, want.name,
                                    want.name + " " + shapeText(want.shape) + " is missing."});
            }
            continue;
        }
        if (have->shape != want.shape) {
            findings.push_back({Severity::Error, FindingKind::WrongShape, file, want.name,
                                want.name + " has shape " + shapeText(have->shape) + "; the configs imply " +
                                    shapeText(want.shape) + "."});
        }
    }
    for (const std::string& name : store.names()) {
        if (expected.count(name) == 0) {
            const TensorInfo* info = store.find(name);
            findings.push_back({Severity::Warning, FindingKind::UnexpectedTensor, file, name,
                                name + " " + shapeText(info ? info->shape : std::vector<std::int64_t>{}) +
                                    " is not implied by the configs; the loader ignores it."});
        }
    }
}

void checkDtypes(const TensorStore& store, const std::string& file, std::vector<Finding>& findings) {
    const std::optional<DType> dominant = dominantFloatingDtype(store);
    for (const std::string& name : store.names()) {
        const TensorInfo* info = store.find(name);
        if (info == nullptr) {
            continue;
        }
        const std::string dtype(toString(info->dtype));
        if (!usableWeightDtype(info->dtype)) {
            findings.push_back({Severity::Error, FindingKind::WrongDtype, file, name,
                                name + " has dtype " + dtype +
                                    ", which cannot be used as a weight (expected F32, BF16 or F16)."});
        } else if (dominant && info->dtype != *dominant) {
            findings.push_back({Severity::Warning, FindingKind::WrongDtype, file, name,
                                name + " has dtype " + dtype + " while the file's other tensors are " +
                                    std::string(toString(*dominant)) + "; it will be converted on load."});
        }
    }
}

void tallyStore(const TensorStore& store, const ComponentClassifier& classify, TensorTally& tally) {
    for (const std::string& name : store.names()) {
        if (const TensorInfo* info = store.find(name)) {
            tally.add(classify(name), *info);
        }
    }
}

} // namespace hb
