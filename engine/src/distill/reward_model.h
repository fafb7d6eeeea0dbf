#pragma once
// The reward model of stage 5 (ReFL, hyper-bagel.md §3; docs/distillation.md). The paper scores
// images with HPSv3; we have no such model, so a small differentiable network learns to predict what
// the ShapeWorld oracle says of an (image, prompt) pair, and ReFL climbs its gradient.
//
//   image  [B, 3, H, W] in [-1, 1] -> 5 conv layers (GroupNorm, SiLU; /8) -> 3x3 average pool: one
//          feature per grid cell of the scene -> 1x1 conv to `cellDim`
//   prompt token ids (no framing) -> learned embedding -> bidirectional GRU -> final states [2*textHidden]
//          -> a linear map to one "expected content" vector per cell
//   fused: [cells * expected cells, cells, prompt] -> MLP -> one logit; the reward is its sigmoid.
// The prompt encoder reads word order (a GRU, not a mean-pooled bag of words): ShapeWorld prompts
// differ only in how colours, shapes and cells are bound ("a red circle at the top and a blue square at
// the left" against the swap). Its embedding is learned over the teacher's vocabulary rather than
// taken from the teacher, so reward.safetensors stands alone.
//
// The label (oracleRewardLabel) is the mini-GenEval scoring `demo eval` uses (scoreGenEval over the
// oracle's reading), applied to the four checks that fit any scene caption: every shape present
// (single/two objects), the exact object count (counting), every (colour, shape) pair (colours and
// colour attribution), every shape in its cell (position). The label is the fraction passed, so in
// {0, 0.25, 0.5, 0.75, 1}. Background and sizes are not scored, as in mini-GenEval.
// Engine-internal. Thread safety: not thread-safe; a model belongs to one thread.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/rnn.h>

#include "hyperbagel/engine/error.h"
#include "hyperbagel/engine/image.h"

#include "shapeworld/geneval.h"
#include "shapeworld/scene.h"
#include "training/tensor_file.h"

namespace hb {

class BagelModel;

struct RewardModelConfig {
    std::int64_t imageSize = 96;   ///< the side it was trained at (any side works: the pool is adaptive)
    std::int64_t vocabSize = 512;  ///< prompt ids must be below it (the teacher's LLM vocabulary)
    std::int64_t channels = 32;    ///< first conv width; the last two are 4x
    std::int64_t tokenDim = 64;    ///< prompt token embedding
    std::int64_t textHidden = 128; ///< GRU width per direction
    std::int64_t cellDim = 64;     ///< per-cell feature of the image and of the prompt
    std::int64_t hidden = 256;     ///< fusion MLP width

    std::string describe() const;
    /// {"format": "hyperbagel-reward", "version": 1, "image_size": 96, ...}: the file's metadata.
    std::string toJson() const;
    /// Fails with BadFormat naming the key that is missing or out of range.
    static Result<RewardModelConfig> fromJson(const std::string& text);
};

class RewardModelImpl : public torch::nn::Module {
public:
    explicit RewardModelImpl(const RewardModelConfig& config);

    /// Logits [B] of `images` [B, 3, H, W] (about [-1, 1], H and W >= 24) under `prompts` (B token-id
    /// lists without framing, each id < vocabSize). Differentiable in the images and the parameters.
    at::Tensor logits(const at::Tensor& images, const std::vector<std::vector<std::int64_t>>& prompts);
    /// sigmoid(logits): the reward in [0, 1].
    at::Tensor forward(const at::Tensor& images, const std::vector<std::vector<std::int64_t>>& prompts);

    const RewardModelConfig& config() const { return m_config; }
    /// The parameters by their file names ("image.0.weight", "prompt_gru.weight_ih_l0", ...).
    NamedTensors parametersByName() const;

private:
    at::Tensor encodePrompts(const std::vector<std::vector<std::int64_t>>& prompts);

    RewardModelConfig m_config;
    torch::nn::Sequential m_image{nullptr};
    torch::nn::Conv2d m_cells{nullptr};
    torch::nn::Embedding m_tokens{nullptr};
    torch::nn::GRU m_gru{nullptr};
    torch::nn::Linear m_expected{nullptr};
    torch::nn::Sequential m_head{nullptr};
};
TORCH_MODULE(RewardModel);

/// The file every "reward" stage writes into its output folder.
inline constexpr const char* kRewardFileName = "reward.safetensors";

/// Writes the parameters (float32) with the config as metadata key "hyperbagel_reward" plus `extra`.
/// Fails with IoError.
Result<void> saveRewardModel(const RewardModelImpl& model, const std::string& path,
                             const std::map<std::string, std::string>& extra = {});
/// A model read from `path` onto `device`, every parameter frozen (requires_grad off), in eval mode.
/// Fails with FileNotFound naming the path, BadFormat (no reward metadata), or BadCheckpoint naming a
/// tensor that is missing or shaped differently.
Result<RewardModel> loadRewardModel(const std::string& path, const std::string& device);

/// The four mini-GenEval checks of a scene's caption (see the file comment).
std::vector<shapeworld::GenEvalPrompt> rewardChecks(const shapeworld::Scene& promptScene);
/// The oracle's score of `image` for the prompt describing `promptScene`: the fraction of
/// rewardChecks() that scoreGenEval() passes on readScene(image).
double oracleRewardLabel(const shapeworld::Scene& promptScene, const Image& image);

/// What the reward model scores for latent tokens [h*w, c]: the teacher VAE's decode [1, 3, H, W],
/// clamped to [-1, 1] as display does, with a straight-through gradient (the clamp passes gradients
/// unchanged, so saturated pixels still steer the generator). Differentiable in `tokens`.
at::Tensor rewardImageOf(BagelModel& teacher, const at::Tensor& tokens, std::int64_t h, std::int64_t w);

} // namespace hb
