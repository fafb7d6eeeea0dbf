#pragma once
// Where the bundled ShapeWorld model lives, for commands and windows that open it without being told.
// Thread safety: safe from any thread (reads the environment and the file system only).

#include <string>

namespace hb {

/// The bundled model folder: the first of these that is a folder holding llm_config.json:
///   1. the environment variable HB_MODEL_DIR
///   2. <executable's folder>/../share/hyperbagel/models/shapeworld   (an installed build)
///   3. <executable's folder>/../resources/models/shapeworld          (a relocated tree)
///   4. resources/models/shapeworld in the source tree this engine was built from
/// Returns an empty string when none is; callers then say so and ask for a folder.
std::string defaultModelDir();

} // namespace hb
