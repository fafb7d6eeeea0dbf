#pragma once
// The stages distill() dispatches to (distill_api.cpp). Each takes a request already resolved and
// checked (stage_common.h) and runs its trainer through runStageLoop(). Engine-internal.
// Thread safety: one call at a time per output folder.

#include "hyperbagel/engine/distill.h"

namespace hb {

Result<DistillReport> runCfgStage(const DistillRequest& request);    ///< stage 1 (cfg_stage.cpp)
Result<DistillReport> runTscdStage(const DistillRequest& request);   ///< stage 2 (tscd_stage.cpp)
Result<DistillReport> runDmdoStage(const DistillRequest& request);   ///< stage 3 (dmdo_stage.cpp)
Result<DistillReport> runAdpStage(const DistillRequest& request);    ///< stage 4 (adp_stage.cpp)
Result<DistillReport> runRewardStage(const DistillRequest& request); ///< reward model (reward_stage.cpp)
Result<DistillReport> runReflStage(const DistillRequest& request);   ///< stage 5 (refl_stage.cpp)

} // namespace hb
