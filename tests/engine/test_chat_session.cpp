// The public Model / ChatSession API on the golden model: official greedy ids through the public
// boundary, streamed text equal to the tokenizer's decode, cancellation that leaves no half turn,
// and clear errors for bad input.

#include <filesystem>

#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include "hyperbagel/engine/chat_session.h"
#include "hyperbagel/engine/model.h"
#include "hyperbagel/engine/safetensors.h"
#include "hyperbagel/engine/tokenizer.h"

#include "golden_case.h"
#include "test_support.h"

namespace fs = std::filesystem;

namespace {

hb::PixelTensor pixelsOf(const at::Tensor& image) {
    const at::Tensor chw = image.contiguous().to(at::kFloat);
    hb::PixelTensor p;
    p.height = static_cast<int>(chw.size(1));
    p.width = static_cast<int>(chw.size(2));
    p.chw.assign(chw.data_ptr<float>(), chw.data_ptr<float>() + chw.numel());
    return p;
}

std::vector<std::int64_t> idsOf(const nlohmann::json& list) { return list.get<std::vector<std::int64_t>>(); }

class ChatSessionTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (hbtest::goldenCaseNames().empty()) {
            GTEST_SKIP() << "no golden cases under " << hbtest::goldenRoot();
        }
        hb::ModelLoadOptions options;
        options.folder = hbtest::goldenModelDir();
        auto loaded = hb::Model::load(options);
        ASSERT_TRUE(loaded.ok()) << loaded.error().message;
        model = *loaded;
    }
    std::shared_ptr<hb::Model> model;
};

TEST_F(ChatSessionTest, AnswersWithTheOfficialGreedyIds) {
    const auto vit = hbtest::loadGoldenCase("vit_prefill");
    const auto und = hbtest::loadGoldenCase("und_decode");
    hb::ChatSession chat(model);
    ASSERT_TRUE(chat.addPixels(pixelsOf(vit.at("input.image"))).ok());
    std::vector<std::int64_t> question = idsOf(und.sidecar.at("question_token_ids"));
    question = std::vector<std::int64_t>(question.begin() + 1, question.end() - 1); // framing is added by ask
    hb::AskOptions options;
    options.maxTokens = static_cast<int>(und.at("step.argmax").size(0));
    int streamed = 0;
    options.onToken = [&](const hb::TokenEvent& e) {
        EXPECT_EQ(e.index, streamed++);
        return true;
    };
    auto answer = chat.askTokens(question, options);
    ASSERT_TRUE(answer.ok()) << answer.error().message;
    const at::Tensor argmax = und.at("step.argmax");
    ASSERT_EQ(answer->tokens.size(), static_cast<std::size_t>(argmax.size(0)));
    for (std::int64_t s = 0; s < argmax.size(0); ++s) {
        EXPECT_EQ(answer->tokens[static_cast<std::size_t>(s)], argmax[s].item<std::int64_t>());
    }
    EXPECT_EQ(streamed, argmax.size(0));
    // The fed tokens (start + all but the last produced) joined the context.
    EXPECT_EQ(chat.contextLength(),
              und.sidecar.at("kv_lens_before_decode")[0].get<std::int64_t>() + argmax.size(0));
}

TEST_F(ChatSessionTest, StreamedTextEqualsTheTokenizersDecode) {
    // A copy of the golden model with a small Qwen2-format tokenizer trained by the project's trainer
    // (vocabulary under the model's 512 rows).
    const fs::path dir = hbtest::tempDir("chat_tokenizer");
    fs::copy(hbtest::goldenModelDir(), dir, fs::copy_options::recursive);
    hb::BpeTrainerOptions trainer;
    trainer.vocabSize = 400;
    trainer.minFrequency = 1;
    ASSERT_TRUE(hb::trainBpeTokenizer({"what is this? a red cube and a blue ball", "Describe the image."},
                                      trainer, (dir / "tokenizer.json").string())
                    .ok());
    hb::ModelLoadOptions options;
    options.folder = dir.string();
    auto loaded = hb::Model::load(options);
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
    EXPECT_NE((*loaded)->info().tokenizer.find("tokenizer.json"), std::string::npos);
    hb::ChatSession chat(*loaded);
    std::string streamed;
    hb::AskOptions ask;
    ask.maxTokens = 12;
    ask.onToken = [&](const hb::TokenEvent& e) {
        streamed += e.text;
        return true;
    };
    auto answer = chat.ask("What is this?", ask);
    ASSERT_TRUE(answer.ok()) << answer.error().message;
    auto tokenizer = hb::Tokenizer::loadDirectory(dir.string());
    ASSERT_TRUE(tokenizer.ok());
    std::vector<std::int32_t> ids;
    for (const std::int64_t id : answer->tokens) {
        ids.push_back(static_cast<std::int32_t>(id));
    }
    EXPECT_EQ(answer->text, (*tokenizer)->decode(ids, /*skipSpecialTokens=*/true));
    EXPECT_EQ(answer->text.rfind(streamed, 0), 0u) << "streamed text is a prefix of the answer";
}

TEST_F(ChatSessionTest, CancelLeavesNoHalfTurn) {
    hb::ChatSession chat(model);
    std::atomic<bool> cancel{false};
    hb::AskOptions options;
    options.maxTokens = 50;
    options.cancel = &cancel;
    options.onToken = [&](const hb::TokenEvent& e) {
        if (e.index == 1) {
            cancel = true;
        }
        return true;
    };
    const std::int64_t before = chat.contextLength();
    auto answer = chat.askTokens({72, 105}, options);
    ASSERT_TRUE(answer.ok());
    EXPECT_TRUE(answer->cancelled);
    EXPECT_EQ(answer->tokens.size(), 2u);
    EXPECT_EQ(chat.contextLength(), before);
}

TEST_F(ChatSessionTest, BadInputGivesClearErrors) {
    hb::ChatSession chat(model);
    hb::PixelTensor odd;
    odd.width = 20;
    odd.height = 14;
    odd.chw.assign(3 * 20 * 14, 0.f);
    auto notPatchSized = chat.addPixels(odd);
    ASSERT_FALSE(notPatchSized.ok());
    EXPECT_NE(notPatchSized.error().message.find("patch size"), std::string::npos);
    auto outOfVocab = chat.askTokens({100000}, {});
    ASSERT_FALSE(outOfVocab.ok());
    EXPECT_EQ(outOfVocab.error().code, hb::ErrorCode::InvalidRequest);

    hb::ModelLoadOptions missing;
    missing.folder = "/nonexistent/model";
    auto notThere = hb::Model::load(missing);
    ASSERT_FALSE(notThere.ok());
    EXPECT_EQ(notThere.error().code, hb::ErrorCode::FileNotFound);

    hb::ModelLoadOptions wrongDevice;
    wrongDevice.folder = hbtest::goldenModelDir();
    wrongDevice.device = "tpu";
    EXPECT_EQ(hb::Model::load(wrongDevice).error().code, hb::ErrorCode::InvalidRequest);
}

TEST_F(ChatSessionTest, MisshapedTensorIsNamed) {
    const fs::path dir = hbtest::tempDir("chat_misshaped");
    fs::copy(hbtest::goldenModelDir(), dir, fs::copy_options::recursive);
    // Rewrite ema.safetensors with one tensor reshaped (same bytes, other shape).
    auto source = hb::SafetensorsFile::open(hbtest::goldenModelDir() + "/ema.safetensors");
    ASSERT_TRUE(source.ok());
    std::vector<hb::TensorSpec> specs;
    for (const hb::TensorInfo& t : (*source)->tensors()) {
        specs.push_back({t.name, t.dtype,
                         t.name == "connector.fc2.weight" ? std::vector<std::int64_t>{32, 128} : t.shape});
    }
    auto writer = hb::SafetensorsWriter::create((dir / "ema.safetensors").string(), specs);
    ASSERT_TRUE(writer.ok());
    for (const hb::TensorSpec& s : specs) {
        const hb::TensorView v = (*source)->view(*(*source)->find(s.name));
        ASSERT_TRUE((*writer)->append(v.data, v.byteSize()).ok());
    }
    ASSERT_TRUE((*writer)->finish().ok());
    hb::ModelLoadOptions options;
    options.folder = dir.string();
    auto loaded = hb::Model::load(options);
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.error().code, hb::ErrorCode::BadCheckpoint);
    EXPECT_NE(loaded.error().message.find("connector.fc2.weight"), std::string::npos)
        << loaded.error().message;
}

} // namespace
