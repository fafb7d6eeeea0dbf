// distill() and distillCfg(): resolve and check the request, run the stage it names, and give every
// error one "distill <stage>: " prefix whichever part raised it.

#include "hyperbagel/engine/distill.h"

#include "distill/stage_common.h"
#include "distill/stages.h"
#include "session/error_mapping.h"

namespace hb {
namespace {

Result<DistillReport> dispatch(const DistillRequest& r) {
    if (r.stage == "cfg") {
        return runCfgStage(r);
    }
    if (r.stage == "tscd") {
        return runTscdStage(r);
    }
    if (r.stage == "dmdo") {
        return runDmdoStage(r);
    }
    if (r.stage == "adp") {
        return runAdpStage(r);
    }
    if (r.stage == "reward") {
        return runRewardStage(r);
    }
    if (r.stage == "refl") {
        return runReflStage(r);
    }
    return makeError(ErrorCode::InvalidRequest, "stage \"" + r.stage + "\" is not built into this engine");
}

} // namespace

Result<DistillReport> distill(const DistillRequest& request) {
    const DistillRequest r = resolveDistillRequest(request);
    if (auto ok = checkDistillRequest(r); !ok) {
        return ok.error();
    }
    const std::string prefix = "distill " + r.stage + ": ";
    const auto prefixed = [&](const Error& e) {
        return e.message.rfind(prefix, 0) == 0 ? e : makeError(e.code, prefix + e.message);
    };
    try {
        auto report = dispatch(r);
        if (!report) {
            return prefixed(report.error());
        }
        return report;
    } catch (const std::exception& e) {
        return mapException(e, "distill " + r.stage);
    }
}

Result<DistillReport> distillCfg(const DistillRequest& request) {
    DistillRequest r = request;
    r.stage = "cfg";
    return distill(r);
}

} // namespace hb
