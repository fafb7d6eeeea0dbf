#pragma once
// The small modules between the image encoders and the LLM (bagel-spec §1.3, §4.3-4.5), with the
// official names relative to their Bagel attribute:
//   connector.{fc1,fc2}         ConnectorImpl: ViT hidden -> LLM hidden
//   time_embedder.mlp.{0,2}     TimestepEmbedderImpl: flow time t -> LLM hidden
//   vae2llm, llm2vae            plain Linear (makeVae2Llm / makeLlm2Vae)
//   latent_pos_embed.pos_embed, vit_pos_embed.pos_embed   PositionTableImpl (fixed 2-D sin-cos)
// Load each with loadWeights(module, store, "<attribute>.", target); position tables through
// loadPositionTable(), which computes the table when the file lacks it and otherwise compares them.
// Trainable (the position tables are frozen buffers). Input errors throw c10::Error.
// Thread safety: not thread-safe; call from the engine thread.

#include <cstdint>
#include <memory>
#include <string>

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>

#include "hyperbagel/engine/error.h"
#include "hyperbagel/engine/safetensors.h"

#include "models/bagel/bagel_config.h"
#include "models/bagel/module_parts.h"
#include "models/weight_loader.h"

namespace hb {

/// fc2(act(fc1(x))): in -> out -> out, act from BagelConfig::connectorAct (gelu_pytorch_tanh).
class ConnectorImpl : public torch::nn::Module {
public:
    ConnectorImpl(std::int64_t inDim, std::int64_t outDim,
                  const std::string& activation = "gelu_pytorch_tanh");
    /// [..., in] -> [..., out]; the input is converted to the parameters' dtype and device.
    at::Tensor forward(const at::Tensor& x) const;

private:
    Activation m_activation;
    std::shared_ptr<torch::nn::LinearImpl> m_fc1;
    std::shared_ptr<torch::nn::LinearImpl> m_fc2;
};
TORCH_MODULE(Connector);

/// DiT timestep embedder: [cos(t f_k), sin(t f_k)] (cos first, f_k = exp(-ln(1e4) k / (dim/2)),
/// float32 like the official code), then mlp.0 Linear(dim -> hidden), SiLU, mlp.2 Linear.
class TimestepEmbedderImpl : public torch::nn::Module {
public:
    explicit TimestepEmbedderImpl(std::int64_t hidden, std::int64_t frequencyDim = kTimestepEmbeddingDim);
    /// `t` [N] raw flow times in [0, 1] (not scaled by 1000) -> [N, hidden].
    at::Tensor forward(const at::Tensor& t) const;
    /// The sinusoidal part alone: [N] -> float32 [N, dim] (dim even).
    static at::Tensor frequencyEmbedding(const at::Tensor& t, std::int64_t dim);

private:
    std::int64_t m_frequencyDim;
    std::shared_ptr<torch::nn::LinearImpl> m_linear0;
    std::shared_ptr<torch::nn::LinearImpl> m_linear2;
};
TORCH_MODULE(TimestepEmbedder);

/// vae2llm: Linear(patch_latent_dim -> llm hidden), applied to patchifyLatent() tokens.
torch::nn::Linear makeVae2Llm(const BagelConfig& config);
/// llm2vae: Linear(llm hidden -> patch_latent_dim), the velocity head.
torch::nn::Linear makeLlm2Vae(const BagelConfig& config);

/// A frozen 2-D sin-cos table for a gridSide x gridSide grid, held as the buffer `pos_embed`
/// [gridSide^2, dim] (the file stores it; the official module marks it non-trainable). Built with
/// the computed table, so it is valid even when never loaded.
class PositionTableImpl : public torch::nn::Module {
public:
    /// `label` names the table in errors (e.g. "latent_pos_embed"). dim must be a multiple of 4.
    PositionTableImpl(std::int64_t gridSide, std::int64_t dim, std::string label);

    std::int64_t gridSide() const { return m_gridSide; }
    std::int64_t dim() const { return m_dim; }
    const at::Tensor& table() const { return m_table; }

    /// Rows for int64 `positionIds` (any shape) -> ids.shape + [dim]. An id outside
    /// [0, gridSide^2) fails with an error naming the table, never an out-of-range read.
    at::Tensor forward(const at::Tensor& positionIds) const;

    /// Refills the buffer with the computed table (keeping its dtype and device).
    void resetToComputed();
    /// max |stored - computed| over the whole table, computed in float64.
    double maxDifferenceFromComputed() const;
    /// The computed table, float32 [gridSide^2, dim] on the CPU (position_tables.h, float64 math).
    static at::Tensor computeTable(std::int64_t gridSide, std::int64_t dim);

private:
    std::int64_t m_gridSide;
    std::int64_t m_dim;
    std::string m_label;
    at::Tensor m_table;
};
TORCH_MODULE(PositionTable);

/// What loadPositionTable() found.
struct PositionTableLoad {
    bool fromFile = false;      ///< the file held `prefix + "pos_embed"`
    double maxDifference = 0.0; ///< vs the computed table when fromFile (0 otherwise)
};

/// Loads `prefix + "pos_embed"` (e.g. prefix "latent_pos_embed.") into `table` when the store has
/// it and reports its largest difference from the computed table; otherwise fills the computed
/// table in `target`'s dtype and device. Fails with BadCheckpoint when the stored shape differs.
Result<PositionTableLoad> loadPositionTable(PositionTableImpl& table, const TensorStore& store,
                                            const std::string& prefix, const WeightTarget& target);

} // namespace hb
