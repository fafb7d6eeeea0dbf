#include "demo/teacher_loss.h"

#include <cmath>

#include <ATen/ATen.h>

#include "models/bagel/latent_layout.h"
#include "models/bagel/vit_patchify.h"

namespace hb {
namespace {

/// Latent tokens of encoded images: [M, C, 2h, 2w] -> [M * h * w, 4C] in patchifyLatent's order.
at::Tensor patchifyBatch(const at::Tensor& latent) {
    const std::int64_t m = latent.size(0), c = latent.size(1);
    const std::int64_t h = latent.size(2) / 2, w = latent.size(3) / 2;
    return latent.reshape({m, c, h, 2, w, 2}).permute({0, 2, 4, 3, 5, 1}).reshape({m * h * w, 4 * c});
}

} // namespace

TeacherLosses teacherLosses(BagelTrainableImpl& model, const FluxVaeImpl& vae, const PackedSequences& p,
                        double ceWeight) {
    const BagelConfig& c = model.config();
    const c10::Device device = p.ids.device();
    at::Tensor x = model.llm->embed(p.ids);
    if (p.vitImages.defined()) {
        const std::int64_t n = p.vitImages.size(0);
        std::vector<at::Tensor> patches;
        for (std::int64_t i = 0; i < n; ++i) {
            patches.push_back(patchifyVitImage(p.vitImages[i], c.vit.patchSize));
        }
        const std::int64_t side = p.vitImages.size(2) / c.vit.patchSize;
        const at::Tensor ids = vitPositionIds(side, side, c.vitMaxNumPatchPerSide).repeat({n}).to(device);
        const at::Tensor features =
            model.vit->forward(at::cat(patches), ids, std::vector<std::int64_t>(n, side * side));
        x = x.index_copy(0, p.vitRows, model.connector->forward(features) + model.vitPos->forward(ids));
    }
    at::Tensor velocityTarget, noisyRows;
    if (p.vaeImages.defined()) {
        at::Tensor x0;
        {
            const at::NoGradGuard noGrad;
            x0 = patchifyBatch(vae.encodeMean(p.vaeImages));
        }
        const std::int64_t m = p.vaeImages.size(0);
        const std::int64_t perImage = x0.size(0) / m;
        std::vector<double> times;
        std::vector<std::int64_t> noisyIndex;
        const at::Tensor logits = at::randn({m}, at::kDouble);
        for (std::int64_t i = 0; i < m; ++i) {
            const bool noisy = p.vaeNoisy[static_cast<std::size_t>(i)];
            // Logit-normal flow time for targets (bagel-spec §5.1); clean sources sit at t = 0.
            times.push_back(noisy ? 1.0 / (1.0 + std::exp(-logits[i].item<double>())) : 0.0);
            if (noisy) {
                for (std::int64_t k = 0; k < perImage; ++k) {
                    noisyIndex.push_back(i * perImage + k);
                }
            }
        }
        const at::Tensor t = at::tensor(times, at::kFloat).repeat_interleave(perImage).to(device);
        const at::Tensor eps = at::randn_like(x0);
        const at::Tensor tt = t.unsqueeze(1);
        const at::Tensor xt = (1.0 - tt) * x0 + tt * eps;
        const std::int64_t side = static_cast<std::int64_t>(std::lround(std::sqrt(perImage)));
        const at::Tensor posIds = latentPositionIds(side, side, c.maxLatentSize).repeat({m}).to(device);
        const at::Tensor emb =
            model.vae2llm->forward(xt) + model.timeEmbedder->forward(t) + model.latentPos->forward(posIds);
        x = x.index_copy(0, p.vaeRows, emb);
        const at::Tensor idx = at::tensor(noisyIndex, at::kLong).to(device);
        velocityTarget = (eps - x0).index_select(0, idx);
        noisyRows = p.vaeRows.index_select(0, idx);
    }
    ExpertRouting routing;
    if (p.genRows.numel() > 0) {
        routing = ExpertRouting{p.undRows, p.genRows};
    }
    const at::Tensor hidden =
        model.llm->forwardPacked(x, p.positions, routing, PackedBatch{p.batch, p.length, p.allowed});
    TeacherLosses out;
    out.total = at::zeros({}, at::TensorOptions().dtype(at::kFloat).device(device));
    if (noisyRows.defined() && noisyRows.numel() > 0) {
        const at::Tensor v = model.llm2vae->forward(hidden.index_select(0, noisyRows));
        const at::Tensor mse = (v - velocityTarget).pow(2).mean();
        out.total = out.total + mse;
        out.mse = mse.item<double>();
    }
    if (p.ceRows.numel() > 0) {
        const at::Tensor logits = model.llm->logits(hidden.index_select(0, p.ceRows));
        const at::Tensor ce = at::cross_entropy_loss(logits.to(at::kFloat), p.ceTargets);
        out.total = out.total + ceWeight * ce;
        out.ce = ce.item<double>();
    }
    return out;
}


} // namespace hb
