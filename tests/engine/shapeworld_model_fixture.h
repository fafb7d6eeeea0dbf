#pragma once
// A random ShapeWorld-preset checkpoint with a BPE tokenizer trained on the world's texts: the real
// folder layout and sizes of the bundled model, with untrained weights, for tests that need a whole
// model folder (chat, evaluation, draft training).

#include <cstdint>
#include <string>

namespace hbtest {

/// Writes the folder under the test temp directory as `name` and returns its path. Fails the
/// calling test (ASSERT) and returns "" when something cannot be written.
std::string makeRandomShapeWorldModel(const std::string& name, std::uint64_t seed);

} // namespace hbtest
