#pragma once
// Comparing the tensors of an opened safetensors store with the tensors the configs imply, and
// accounting for them per component and dtype. Used by the checkpoint inspector.
// Thread safety: operates on the caller's objects only.

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "hyperbagel/engine/checkpoint.h"
#include "hyperbagel/engine/safetensors.h"

#include "models/bagel/bagel_schema.h"

namespace hb {

/// Running totals over every tensor file of a folder.
class TensorTally {
public:
    void add(Component component, const TensorInfo& info);

    /// Rows for components with at least one tensor, in enum order.
    std::vector<ComponentStats> components() const;
    /// Dtype name -> tensor count, in DType order.
    std::vector<std::pair<std::string, std::int64_t>> dtypes() const;
    std::int64_t parameters(Component component) const;
    std::int64_t tensors() const { return m_tensors; }
    std::int64_t parameters() const { return m_parameters; }
    std::uint64_t bytes() const { return m_bytes; }

private:
    std::array<ComponentStats, static_cast<std::size_t>(Component::Count)> m_components{};
    std::map<DType, std::int64_t> m_dtypes;
    std::int64_t m_tensors = 0;
    std::int64_t m_parameters = 0;
    std::uint64_t m_bytes = 0;
};

using ComponentClassifier = std::function<Component(std::string_view name)>;

/// Reports MissingTensor (Warning for optional tensors, else Error), WrongShape (Error) and
/// UnexpectedTensor (Warning: the official loader ignores extra keys) for `store` against
/// `schema`. `file` names the store in findings (e.g. "ema.safetensors").
void compareWithSchema(const TensorStore& store, const std::string& file,
                       const std::vector<TensorExpectation>& schema, std::vector<Finding>& findings);

/// Reports WrongDtype for tensors whose dtype differs from the store's dominant floating dtype
/// (Warning: the loader converts) or that the engine cannot use as weights (Error: integer, bool,
/// 8-bit float).
void checkDtypes(const TensorStore& store, const std::string& file, std::vector<Finding>& findings);

/// Adds every tensor of `store` to `tally`, classified by `classify`.
void tallyStore(const TensorStore& store, const ComponentClassifier& classify, TensorTally& tally);

} // namespace hb
