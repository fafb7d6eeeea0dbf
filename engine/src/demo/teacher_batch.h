#pragma once
// Training samples of the ShapeWorld teacher and their packing into one padded batch with the
// official training attention rules (bagel-spec §2.4-2.5): text causal, images full, every token sees
// the earlier segments, nobody sees a noisy image, samples never see each other.
//   text-to-image:  [caption] [noisy target]
//   edit:           [clean VAE source] [ViT source] [instruction] [noisy target]
//   question:       [ViT image] [question] [answer, with a next-token loss]
// Classifier-free guidance needs the model to work without text or without the source image, so
// those segments are dropped at random as the official training does. Engine-internal.
// Thread safety: stateless functions.

#include <cstdint>
#include <vector>

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include "hyperbagel/engine/image.h"
#include "hyperbagel/engine/tokenizer.h"

namespace hb {

enum class TeacherTask : std::uint8_t { TextToImage, Edit, Question, Count };

struct TeacherSample {
    TeacherTask task = TeacherTask::TextToImage;
    std::vector<std::int64_t> prompt; ///< caption, instruction or question ids (no framing)
    std::vector<std::int64_t> answer; ///< Question only
    Image source;                     ///< Edit and Question
    Image target;                     ///< TextToImage and Edit
    bool dropText = false;
    bool dropImage = false;
};

/// Probabilities of dropping the conditioning (for classifier-free guidance).
struct ConditionDropout {
    double text = 0.1;
    double image = 0.1;
};

/// Sample `index` of task `task` for run seed `seed`: a training-split scene (held-out colour-shape
/// pairs never appear), its text paraphrased at random (the canonical form half of the time).
TeacherSample makeTeacherSample(std::uint64_t seed, TeacherTask task, std::uint64_t index,
                                const Tokenizer& tokenizer, const ConditionDropout& dropout);

/// Token ids of the framing.
struct FramingIds {
    std::int64_t bos = 501;
    std::int64_t eos = 502;
    std::int64_t visionStart = 503;
    std::int64_t visionEnd = 504;
    std::int64_t pad = 500;
};

/// One padded batch (packTeacherBatch makes it on the CPU; movedTo() copies it to a device). Rows are
/// flattened [B*T].
struct PackedSequences {
    std::int64_t batch = 0;
    std::int64_t length = 0;
    at::Tensor ids;        ///< int64 [B*T]: text, markers and padding (image rows hold `pad`, replaced)
    at::Tensor positions;  ///< int64 [B*T] RoPE positions
    at::Tensor allowed;    ///< bool [B, T, T]
    at::Tensor genRows;    ///< int64: rows of VAE latents (generation expert)
    at::Tensor undRows;    ///< int64: every other row
    // ViT images: `vitImages` [N, 3, S, S] in [-1, 1]; their tokens fill `vitRows` in order.
    at::Tensor vitImages;
    at::Tensor vitRows;
    // VAE images: clean sources and noisy targets, as images to encode ([M, 3, S, S]), with the rows
    // their tokens fill (in order) and whether each is a noisy target.
    at::Tensor vaeImages;
    at::Tensor vaeRows;
    std::vector<bool> vaeNoisy;
    // Next-token loss: rows whose logits predict `ceTargets`.
    at::Tensor ceRows;
    at::Tensor ceTargets;
};

/// Samples `first` .. `first + count - 1` of `task`, made on up to `threads` threads; the result does
/// not depend on the thread count (each sample is a function of its index).
std::vector<TeacherSample> makeTeacherSamples(std::uint64_t seed, TeacherTask task, std::uint64_t first,
                                              std::int64_t count, const Tokenizer& tokenizer,
                                              const ConditionDropout& dropout, unsigned threads);

/// Packs samples; `tokensPerImage` is the latent and ViT token count of one canvas (36 at 96 px).
PackedSequences packTeacherBatch(const std::vector<TeacherSample>& samples, std::int64_t tokensPerImage,
                                 const FramingIds& framing);

/// The same batch with every tensor on `device` (non-blocking copies from the CPU).
PackedSequences movedTo(const PackedSequences& packed, const c10::Device& device);

} // namespace hb
