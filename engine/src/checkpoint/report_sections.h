#pragma once
// The "configs" part of a checkpoint report: the effective values of each config, as key/value
// lines, with where each came from.
// Thread safety: pure function, safe from any thread.

#include <vector>

#include "hyperbagel/engine/checkpoint.h"

#include "models/bagel/bagel_config.h"

namespace hb {

/// LLM, ViT, VAE and BAGEL sections, after the official overrides.
std::vector<ReportSection> configSections(const BagelConfigLoad& load);

} // namespace hb
