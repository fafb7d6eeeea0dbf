// The teacher's packed training forward against the inference path: every sample of a padded batch
// (text-to-image, edit, question, with and without dropped conditioning) must give the same final
// hidden states as building its context segment by segment with the KV cache, as inference does.
// This pins the packer's attention masks, RoPE positions and expert routing to bagel-spec §2.4-2.5.

#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include "demo/teacher_batch.h"
#include "hyperbagel/engine/tokenizer.h"
#include "shapeworld_model_fixture.h"
#include "models/bagel/bagel_context.h"
#include "models/bagel/qwen2_mot.h"

namespace {

hb::LlmConfig smallConfig() {
    hb::LlmConfig c;
    c.vocabSize = 512;
    c.hiddenSize = 48;
    c.intermediateSize = 80;
    c.numHiddenLayers = 3;
    c.numAttentionHeads = 6;
    c.numKeyValueHeads = 2;
    c.ropeTheta = 1e6;
    c.qkNorm = true;
    return c;
}

hb::Image blank() {
    hb::Image image;
    image.width = 16;
    image.height = 16;
    image.rgb.assign(16 * 16 * 3, 200);
    return image;
}

constexpr std::int64_t kTokensPerImage = 4;

std::vector<hb::TeacherSample> samples() {
    std::vector<hb::TeacherSample> out;
    hb::TeacherSample t2i;
    t2i.task = hb::TeacherTask::TextToImage;
    t2i.prompt = {5, 6, 7, 8, 9};
    t2i.target = blank();
    out.push_back(t2i);
    hb::TeacherSample uncond = t2i;
    uncond.dropText = true;
    out.push_back(uncond);
    hb::TeacherSample edit;
    edit.task = hb::TeacherTask::Edit;
    edit.prompt = {11, 12, 13};
    edit.source = blank();
    edit.target = blank();
    out.push_back(edit);
    hb::TeacherSample textOnlyEdit = edit;
    textOnlyEdit.dropImage = true;
    out.push_back(textOnlyEdit);
    hb::TeacherSample question;
    question.task = hb::TeacherTask::Question;
    question.prompt = {21, 22, 23, 24};
    question.answer = {31, 32};
    question.source = blank();
    out.push_back(question);
    return out;
}

TEST(TeacherPacking, PackedForwardEqualsIncrementalInference) {
    at::manual_seed(5);
    hb::Qwen2MoTModel llm(smallConfig());
    {
        const at::NoGradGuard noGrad;
        for (auto& p : llm->named_parameters()) {
            if (p.key().find("norm") != std::string::npos) {
                p.value().copy_(1.0 + 0.2 * at::randn_like(p.value()));
            }
        }
    }
    const std::vector<hb::TeacherSample> batch = samples();
    const hb::FramingIds framing;
    const hb::PackedSequences p = hb::packTeacherBatch(batch, kTokensPerImage, framing);
    ASSERT_EQ(p.batch, 5);
    // Image rows get arbitrary embeddings, as the ViT and the latent embedders would give.
    at::Tensor x = llm->embed(p.ids);
    x = x.index_copy(0, p.vitRows, at::randn({p.vitRows.numel(), 48}));
    x = x.index_copy(0, p.vaeRows, at::randn({p.vaeRows.numel(), 48}));
    const hb::ExpertRouting routing{p.undRows, p.genRows};
    const at::Tensor packed = llm->forwardPacked(x, p.positions, routing, hb::PackedBatch{p.batch, p.length, p.allowed});

    // Reference: each sample alone, segment by segment, through the cache.
    std::vector<bool> gen(static_cast<std::size_t>(p.batch * p.length), false);
    for (std::int64_t r = 0; r < p.genRows.numel(); ++r) {
        gen[static_cast<std::size_t>(p.genRows[r].item<std::int64_t>())] = true;
    }
    const auto ids = p.ids;
    for (std::int64_t b = 0; b < p.batch; ++b) {
        hb::BagelContext context(3);
        std::int64_t row = b * p.length;
        const std::int64_t end = row + p.length;
        while (row < end && !(ids[row].item<std::int64_t>() == framing.pad)) {
            const std::int64_t first = ids[row].item<std::int64_t>();
            const bool image = first == framing.visionStart;
            std::int64_t n = 1;
            while (ids[row + n - 1].item<std::int64_t>() != (image ? framing.visionEnd : framing.eos)) {
                ++n;
            }
            std::vector<std::int64_t> und, genRows;
            for (std::int64_t k = 0; k < n; ++k) {
                (gen[static_cast<std::size_t>(row + k)] ? genRows : und).push_back(k);
            }
            hb::ExpertRouting segRouting;
            if (!genRows.empty()) {
                segRouting = {at::tensor(und, at::kLong), at::tensor(genRows, at::kLong)};
            }
            const hb::DecoderPass pass{x.narrow(0, row, n),
                                       image ? context.imagePositions(n, at::kCPU) : context.textPositions(n, at::kCPU),
                                       segRouting, image ? hb::SelfAttention::Full : hb::SelfAttention::Causal};
            std::vector<hb::LayerKv> kv;
            const at::Tensor expected = llm->forward(pass, context.pastChunks(), kv);
            EXPECT_TRUE(at::allclose(packed.narrow(0, row, n), expected, 1e-4, 1e-5))
                << "sample " << b << ", segment at row " << row - b * p.length;
            // A noisy target is the last segment and is never committed.
            const bool noisy = image && !genRows.empty() &&
                               (row + n == end || ids[row + n].item<std::int64_t>() == framing.pad);
            if (!noisy) {
                context.commit(kv, image ? hb::SegmentKind::Image : hb::SegmentKind::Text);
            }
            row += n;
        }
    }
}

TEST(TeacherPacking, PaddingAndNoisyTargetsAreInvisible) {
    const hb::PackedSequences p = hb::packTeacherBatch(samples(), kTokensPerImage, hb::FramingIds{});
    const at::Tensor allowed = p.allowed;
    // Sample 0: [bos 5 6 7 8 9 eos] then the noisy target (positions 7 for all its rows).
    EXPECT_EQ(p.positions[7].item<std::int64_t>(), 7);
    EXPECT_EQ(p.positions[7 + kTokensPerImage + 1].item<std::int64_t>(), 7);
    for (std::int64_t b = 0; b < p.batch; ++b) {
        const at::Tensor a = allowed[b];
        for (std::int64_t q = 0; q < p.length; ++q) {
            const std::int64_t id = p.ids[b * p.length + q].item<std::int64_t>();
            if (id == hb::FramingIds{}.pad && a[q].sum().item<std::int64_t>() == 1) {
                // Padding: sees only itself, and no other row sees it.
                EXPECT_TRUE(a[q][q].item<bool>());
                EXPECT_EQ(a.select(1, q).sum().item<std::int64_t>(), 1);
            }
        }
    }
    // The question's answer: rows bos..last token predict answer ids then eos.
    ASSERT_EQ(p.ceTargets.numel(), 3);
    EXPECT_EQ(p.ceTargets[0].item<std::int64_t>(), 31);
    EXPECT_EQ(p.ceTargets[1].item<std::int64_t>(), 32);
    EXPECT_EQ(p.ceTargets[2].item<std::int64_t>(), hb::FramingIds{}.eos);
    // Edit: a clean VAE source then a ViT source, each one position; the noisy target is last.
    EXPECT_EQ(std::count(p.vaeNoisy.begin(), p.vaeNoisy.end(), false), 1);
    EXPECT_EQ(p.vitImages.size(0), 2); // the edit's source and the question's image
}

} // namespace

// Training samples are made on several threads (the CPU's share of a GPU step); each must still be
// exactly the sample of its index, whatever the thread count.
TEST(TeacherPacking, SamplesDoNotDependOnTheThreadCount) {
    const std::string dir = hbtest::makeRandomShapeWorldModel("teacher-samples", 3);
    ASSERT_FALSE(dir.empty());
    auto tokenizer = hb::Tokenizer::loadTokenizerJson((std::filesystem::path(dir) / "tokenizer.json").string());
    ASSERT_TRUE(tokenizer) << tokenizer.error().message;
    for (const hb::TeacherTask task : {hb::TeacherTask::TextToImage, hb::TeacherTask::Edit, hb::TeacherTask::Question}) {
        const auto one = hb::makeTeacherSamples(7, task, 40, 9, **tokenizer, {}, 1);
        const auto many = hb::makeTeacherSamples(7, task, 40, 9, **tokenizer, {}, 4);
        ASSERT_EQ(one.size(), 9U);
        ASSERT_EQ(many.size(), 9U);
        for (std::size_t i = 0; i < one.size(); ++i) {
            const hb::TeacherSample direct = hb::makeTeacherSample(7, task, 40 + i, **tokenizer, {});
            for (const hb::TeacherSample* s : {&one[i], &many[i]}) {
                EXPECT_EQ(s->task, direct.task);
                EXPECT_EQ(s->prompt, direct.prompt);
                EXPECT_EQ(s->answer, direct.answer);
                EXPECT_EQ(s->source.rgb, direct.source.rgb);
                EXPECT_EQ(s->target.rgb, direct.target.rgb);
                EXPECT_EQ(s->dropText, direct.dropText);
                EXPECT_EQ(s->dropImage, direct.dropImage);
            }
        }
    }
}
