#pragma once
// mini-GEdit: edit cases (source scene, instruction, expected scene) and the two scores of an edited
// image as read by the oracle:
//   success       the instructed change is present: Recolour/Resize/Move - the referent appears with
//                 the new attribute and its other attributes (shape, colour, size, cell) unchanged,
//                 and its old version is gone; Remove - no object with that (colour, shape); Add - the
//                 added object is present (shape, colour, size, cell); Background - the new background.
//   preservation  everything the instruction does not name is unchanged: every other source object
//                 has an exact match (shape, colour, size, cell), the background is the same (unless
//                 it is the edit), and nothing else appears outside the cells the edit touches.
// Thread safety: pure functions.

#include <cstdint>
#include <string>
#include <vector>

#include "shapeworld/edits.h"
#include "shapeworld/scene.h"
#include "shapeworld/scene_sampler.h"

namespace hb::shapeworld {

struct GEditCase {
    Scene source;
    Edit edit;
    std::string instruction; ///< canonical
    Scene expected;          ///< applyEdit(source, edit)
};

struct GEditScore {
    bool success = false;
    bool preserved = false;
};

/// `count` cases from `seed` (same seed, same set): scenes with unique pairs from `split` (Any by
/// default, so held-out pairs appear), edit kinds cycling through the six kinds in order.
std::vector<GEditCase> makeGEditSet(std::uint64_t seed, int count, Split split = Split::Any);

/// Scores `read` (the oracle's reading of the edited image) for `edit` applied to `source`.
GEditScore scoreGEdit(const Scene& source, const Edit& edit, const Scene& read);

struct GEditSummary {
    double success = 0.0;      ///< fraction of cases
    double preservation = 0.0; ///< fraction of cases
    double both = 0.0;         ///< fraction with success and preservation
    double successByKind[static_cast<int>(EditKind::Count)] = {};
    int casesByKind[static_cast<int>(EditKind::Count)] = {};

    std::string describe() const;
};

/// Scores `reads[i]` for `cases[i]`.
GEditSummary summarizeGEdit(const std::vector<GEditCase>& cases, const std::vector<Scene>& reads);

} // namespace hb::shapeworld
