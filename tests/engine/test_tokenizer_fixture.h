#pragma once
// Shared helpers for the tokenizer tests: the hand-made fixtures in tests/data/tokenizer and small
// variations of them written to scratch folders.

#include <memory>
#include <string>
#include <vector>

#include "hyperbagel/engine/tokenizer.h"

namespace hbtest {

/// tests/data/tokenizer/tiny/tokenizer.json
std::string tinyJsonPath();
/// tests/data/tokenizer/tiny-slow (vocab.json, merges.txt, tokenizer_config.json)
std::string tinySlowDir();
/// The tiny tokenizer, loaded once per process (fails the test when it does not load).
const hb::Tokenizer& tiny();
/// Loads tokenizer.json text; the test fails with the error when it does not load.
std::unique_ptr<hb::Tokenizer> loadJsonText(const std::string& json);
/// The tiny fixture's text with the first occurrence of `from` replaced by `to` (must exist).
std::string tinyJsonWith(const std::string& from, const std::string& to);

} // namespace hbtest
