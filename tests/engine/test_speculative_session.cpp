// The draft inside a model folder: ChatSession decodes speculatively when the model has a draft and
// answers exactly as without it (chain and tree, multi-turn, after a cancel), the recorded training
// conversations match what the target did, and `draft train` / `draft bench` work end to end on a
// random ShapeWorld-sized model (written, resumed, loaded, measured).

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include "hyperbagel/engine/chat_session.h"
#include "hyperbagel/engine/draft.h"
#include "hyperbagel/engine/model.h"
#include "hyperbagel/engine/runtime.h"
#include "hyperbagel/engine/tokenizer.h"

#include "session/model_impl.h"
#include "shapeworld/renderer.h"
#include "shapeworld/scene_sampler.h"
#include "speculative/draft_data.h"
#include "speculative/draft_io.h"
#include "speculative/draft_prompts.h"
#include "shapeworld_model_fixture.h"
#include "speculative_support.h"
#include "test_support.h"

namespace fs = std::filesystem;

namespace {

constexpr int kAnswerTokens = 16;

std::shared_ptr<hb::Model> loadModel(const std::string& dir) {
    auto model = hb::Model::load(hb::ModelLoadOptions{dir, "cpu", hb::Precision::Fp32});
    EXPECT_TRUE(model.ok()) << model.error().message;
    return model.ok() ? *model : nullptr;
}

void copyFolder(const std::string& from, const std::string& to) {
    fs::remove_all(to);
    fs::copy(from, to, fs::copy_options::recursive);
}

class DraftSession : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        hb::RuntimeOptions runtime;
        runtime.appName = "test-speculative-session";
        runtime.logDir = (fs::path(HB_TEST_TMP) / "speculative_session_logs").string();
        runtime.logToConsole = false;
        runtime.checkBlas = false;
        (void)hb::initRuntime(runtime);
        plainDir = hbtest::makeRandomShapeWorldModel("speculative_session_plain", 11);
        ASSERT_FALSE(plainDir.empty());
        // The same model with a draft whose zero-initialised projections are random, so it proposes
        // tokens that depend on the context (and are often wrong).
        draftDir = hbtest::tempDir("speculative_session_draft");
        copyFolder(plainDir, draftDir);
        auto model = loadModel(plainDir);
        ASSERT_TRUE(model);
        hb::Qwen2MoTModelImpl& llm = model->impl().bagel->llm();
        at::manual_seed(5);
        hb::DraftModel draft(llm.config(), hb::defaultDraftConfig(llm.config().numHiddenLayers));
        draft->initFromTarget(llm);
        spec_test::randomizeDraft(*draft, 6, 0.5);
        auto saved = hb::saveDraftToFolder(*draft, draftDir, at::kFloat);
        ASSERT_TRUE(saved.ok()) << saved.error().message;
    }

    static std::vector<hb::DraftPrompt> prompts(int count) {
        auto set = hb::openDraftPrompts("shapeworld", hb::DraftPromptUse::Measuring, 0);
        EXPECT_TRUE(set.ok());
        std::vector<hb::DraftPrompt> out;
        for (int i = 0; i < count && set.ok(); ++i) {
            out.push_back(*(*set)->at(static_cast<std::uint64_t>(i)));
        }
        return out;
    }

    /// Two turns about the prompt's image; the tokens of both answers.
    static std::vector<std::int64_t> converse(const std::shared_ptr<hb::Model>& model, const hb::DraftPrompt& prompt,
                                              bool useDraft, const std::string& plan, bool* drafted = nullptr) {
        hb::ChatSession chat(model);
        EXPECT_TRUE(chat.addImage(prompt.image).ok());
        std::vector<std::int64_t> tokens;
        for (const std::string& question : {prompt.question, std::string("Describe the image.")}) {
            hb::AskOptions options;
            options.maxTokens = kAnswerTokens;
            options.useDraft = useDraft;
            options.draftPlan = plan;
            auto answer = chat.ask(question, options);
            EXPECT_TRUE(answer.ok()) << answer.error().message;
            if (!answer.ok()) {
                return tokens;
            }
            if (drafted != nullptr) {
                *drafted = answer->drafted;
            }
            if (answer->drafted) {
                EXPECT_GE(answer->tau, 1.0);
                EXPECT_LE(answer->cycles, static_cast<std::int64_t>(answer->tokens.size()));
            }
            tokens.insert(tokens.end(), answer->tokens.begin(), answer->tokens.end());
        }
        return tokens;
    }

    static inline std::string plainDir;
    static inline std::string draftDir;
};

TEST_F(DraftSession, TheFolderDraftIsLoadedAndDescribed) {
    EXPECT_EQ(loadModel(plainDir)->info().draft, "none");
    EXPECT_EQ(loadModel(plainDir)->info().tiers, std::vector<std::string>{"full"});
    const auto model = loadModel(draftDir);
    ASSERT_TRUE(model);
    EXPECT_NE(model->info().draft, "none");
    EXPECT_NE(model->impl().bagel->draft(), nullptr);
}

TEST_F(DraftSession, AnswersAreIdenticalWithAndWithoutTheDraft) {
    const auto plain = loadModel(plainDir);
    const auto drafted = loadModel(draftDir);
    ASSERT_TRUE(plain && drafted);
    for (const hb::DraftPrompt& prompt : prompts(6)) {
        const std::vector<std::int64_t> reference = converse(plain, prompt, true, "");
        ASSERT_GE(reference.size(), 8u) << "answers long enough to draft";
        bool used = false;
        EXPECT_EQ(converse(drafted, prompt, true, "", &used), reference) << prompt.question;
        EXPECT_TRUE(used);
        EXPECT_EQ(converse(drafted, prompt, true, "tree:3,8,3", &used), reference) << prompt.question;
        EXPECT_TRUE(used);
        // Plain decoding in a session that keeps its drafter in step (ask --no-draft).
        EXPECT_EQ(converse(drafted, prompt, false, "", &used), reference) << prompt.question;
        EXPECT_FALSE(used);
    }
}

TEST_F(DraftSession, TheFolderAdviceAndSetDraftDecideWhetherAChatDrafts) {
    const std::string advisedDir = hbtest::tempDir("speculative_session_advised");
    copyFolder(draftDir, advisedDir);
    ASSERT_TRUE(hb::recordDraftDefault(advisedDir, "cpu", false, "0.50x in a test").ok());
    // The advice is kept in hyperbagel.json beside every other key and parsed back.
    std::ifstream manifest(fs::path(advisedDir) / "hyperbagel.json");
    const std::string text((std::istreambuf_iterator<char>(manifest)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("\"use_by_default\""), std::string::npos);
    EXPECT_NE(text.find("0.50x in a test"), std::string::npos);
    const auto advised = loadModel(advisedDir);
    const auto drafted = loadModel(draftDir);
    ASSERT_TRUE(advised && drafted);
    EXPECT_FALSE(advised->impl().bagel->draft()->config().usedByDefaultOn("cpu"));
    EXPECT_TRUE(advised->impl().bagel->draft()->config().usedByDefaultOn("cuda"));

    const hb::DraftPrompt prompt = prompts(1).front();
    const std::vector<std::int64_t> reference = converse(drafted, prompt, false, "");
    {
        hb::ChatSession chat(advised); // advised off on this device: no drafter, plain answers
        EXPECT_FALSE(chat.drafting());
        hb::ChatSession drafting(drafted); // no advice: drafts
        EXPECT_TRUE(drafting.drafting());
    }
    bool used = true;
    EXPECT_EQ(converse(advised, prompt, true, "", &used), reference);
    EXPECT_FALSE(used);

    // setDraft overrides the advice either way, before the chat has content, and reset() keeps it.
    hb::ChatSession chat(advised);
    ASSERT_TRUE(chat.setDraft(true).ok());
    EXPECT_TRUE(chat.drafting());
    ASSERT_TRUE(chat.addImage(prompt.image).ok());
    hb::AskOptions options;
    options.maxTokens = kAnswerTokens;
    auto answer = chat.ask(prompt.question, options);
    ASSERT_TRUE(answer.ok()) << answer.error().message;
    EXPECT_TRUE(answer->drafted);
    EXPECT_EQ(answer->tokens, std::vector<std::int64_t>(reference.begin(), reference.begin() + answer->tokens.size()));
    EXPECT_TRUE(chat.setDraft(true).ok()) << "asking for the state the chat is in is no switch";
    const auto late = chat.setDraft(false);
    ASSERT_FALSE(late.ok());
    EXPECT_EQ(late.error().code, hb::ErrorCode::InvalidRequest);
    EXPECT_TRUE(chat.drafting()) << "a refused switch leaves the chat as it was";
    chat.reset();
    EXPECT_TRUE(chat.drafting());
    ASSERT_TRUE(chat.setDraft(false).ok());
    EXPECT_FALSE(chat.drafting());

    hb::ChatSession off(drafted);
    ASSERT_TRUE(off.setDraft(false).ok());
    EXPECT_FALSE(off.drafting());
    // A model without a draft takes either choice at any time; there is nothing to keep in step.
    hb::ChatSession none(loadModel(plainDir));
    ASSERT_TRUE(none.addImage(prompt.image).ok());
    EXPECT_TRUE(none.setDraft(true).ok());
    EXPECT_FALSE(none.drafting());
    EXPECT_GT(none.contextLength(), 0) << "the image stays";
    EXPECT_FALSE(hb::recordDraftDefault(plainDir, "cpu", true, "no draft here").ok())
        << "a folder without a draft entry has nothing to record into";
}

TEST_F(DraftSession, CancelledDraftedAnswerLeavesAUsableChat) {
    const auto plain = loadModel(plainDir);
    const auto drafted = loadModel(draftDir);
    const hb::DraftPrompt prompt = prompts(1).front();
    hb::ChatSession chat(drafted);
    ASSERT_TRUE(chat.addImage(prompt.image).ok());
    const std::int64_t before = chat.contextLength();
    std::atomic<bool> cancel{false};
    hb::AskOptions options;
    options.maxTokens = kAnswerTokens;
    options.cancel = &cancel;
    options.onToken = [&](const hb::TokenEvent& event) {
        if (event.index == 3) {
            cancel.store(true);
        }
        return true;
    };
    auto cancelled = chat.ask(prompt.question, options);
    ASSERT_TRUE(cancelled.ok()) << cancelled.error().message;
    EXPECT_TRUE(cancelled->cancelled);
    EXPECT_EQ(chat.contextLength(), before);
    // The next turn is the one a fresh chat gives.
    hb::AskOptions again;
    again.maxTokens = kAnswerTokens;
    auto next = chat.ask(prompt.question, again);
    ASSERT_TRUE(next.ok());
    EXPECT_TRUE(next->drafted);
    hb::ChatSession fresh(plain);
    ASSERT_TRUE(fresh.addImage(prompt.image).ok());
    auto reference = fresh.ask(prompt.question, again);
    ASSERT_TRUE(reference.ok());
    EXPECT_EQ(next->tokens, reference->tokens);
    EXPECT_EQ(chat.contextLength(), fresh.contextLength());
}

TEST_F(DraftSession, ThinkModeOpensTheContextWithTheSystemPrompt) {
    const auto model = loadModel(draftDir);
    hb::BagelModel& bagel = *model->impl().bagel;
    const hb::DraftPrompt prompt = prompts(1).front();
    hb::AskOptions options;
    options.maxTokens = kAnswerTokens;
    options.useDraft = false;

    // The expectation, built by hand: [system prompt] [image] [question], then greedy decoding.
    std::vector<std::int64_t> expected;
    {
        const at::InferenceMode inference;
        hb::BagelContext context(static_cast<std::size_t>(bagel.config().llm.numHiddenLayers));
        const auto& codec = *model->impl().codec;
        hb::prefillText(bagel.llm(), context,
                        bagel.frameText(codec.encode(std::string(hb::thinkSystemPrompt(hb::ThinkMode::Understanding)))));
        bagel.prefillVitImage(context, bagel.prepareImage(prompt.image).vitPixels);
        hb::prefillText(bagel.llm(), context, bagel.frameText(codec.encode(prompt.question)));
        const hb::SamplingOptions sampling{bagel.tokens().bos, bagel.tokens().eos, kAnswerTokens, 0.0, 0, nullptr};
        expected = hb::decodeText(bagel.llm(), context, sampling, {}).tokens;
    }
    for (const bool useDraft : {false, true}) {
        hb::ChatSession chat(model);
        ASSERT_TRUE(chat.setThink(true).ok());
        EXPECT_TRUE(chat.think());
        ASSERT_TRUE(chat.addImage(prompt.image).ok());
        options.useDraft = useDraft;
        auto answer = chat.ask(prompt.question, options);
        ASSERT_TRUE(answer.ok()) << answer.error().message;
        EXPECT_EQ(answer->drafted, useDraft);
        EXPECT_EQ(answer->tokens, expected);
        // Too late to change: the system prompt is already in the context.
        auto late = chat.setThink(false);
        ASSERT_FALSE(late.ok());
        EXPECT_EQ(late.error().code, hb::ErrorCode::InvalidRequest);
        chat.reset();
        EXPECT_TRUE(chat.think());
        EXPECT_TRUE(chat.setThink(false).ok());
    }
}

TEST_F(DraftSession, ABadPlanIsRefusedWithoutTouchingTheChat) {
    const auto drafted = loadModel(draftDir);
    hb::ChatSession chat(drafted);
    hb::AskOptions options;
    options.draftPlan = "zigzag:3";
    auto answer = chat.ask("How many shapes are there?", options);
    ASSERT_FALSE(answer.ok());
    EXPECT_EQ(answer.error().code, hb::ErrorCode::InvalidRequest);
    EXPECT_EQ(chat.contextLength(), 0);
}

TEST_F(DraftSession, RecordedConversationIsWhatTheTargetDid) {
    const auto model = loadModel(plainDir);
    hb::BagelModel& bagel = *model->impl().bagel;
    const hb::DraftPrompt prompt = prompts(1).front();
    const std::vector<std::int64_t> question = model->impl().codec->encode(prompt.question);
    const at::Tensor pixels = bagel.prepareImage(prompt.image).vitPixels;
    const hb::RecordedConversation recorded = hb::recordConversation(bagel, pixels, question, kAnswerTokens);

    // The chat's greedy answer.
    hb::ChatSession chat(model);
    ASSERT_TRUE(chat.addImage(prompt.image).ok());
    hb::AskOptions options;
    options.maxTokens = kAnswerTokens;
    auto answer = chat.askTokens(question, options);
    ASSERT_TRUE(answer.ok());
    EXPECT_EQ(recorded.answer, answer->tokens);

    const hb::DraftExample& e = recorded.example;
    const std::int64_t rows = e.embeddings.size(0);
    EXPECT_EQ(rows, chat.contextLength());
    EXPECT_EQ(e.layerOutputs.size(), static_cast<std::size_t>(bagel.config().llm.numHiddenLayers));
    // Trained rows: the fed answer rows, each predicting the next answer token greedily.
    const at::Tensor trained = e.lossMask.nonzero().squeeze(1);
    ASSERT_EQ(trained.size(0), static_cast<std::int64_t>(recorded.answer.size()));
    const at::Tensor argmax = e.targetLogits.index_select(0, trained).argmax(-1);
    for (std::int64_t i = 0; i < trained.size(0); ++i) {
        EXPECT_EQ(argmax[i].item<std::int64_t>(), recorded.answer[static_cast<std::size_t>(i)]) << "row " << i;
    }
    // The image block (framed) sees itself whole; text rows are causal.
    const std::int64_t imageRows = bagel.framedBlock(bagel.vitTokens(pixels)).size(0);
    EXPECT_TRUE(e.visible.narrow(0, 0, imageRows).narrow(1, 0, imageRows).all().item<bool>());
    EXPECT_FALSE(e.visible.narrow(0, 0, imageRows).narrow(1, imageRows, rows - imageRows).any().item<bool>());
    const at::Tensor text = e.visible.narrow(0, imageRows, rows - imageRows).narrow(1, imageRows, rows - imageRows);
    EXPECT_TRUE(text.equal(at::ones_like(text).tril()));
    // Every image row shares one RoPE position; text rows count on from it.
    const at::Tensor imagePositions = e.positions.narrow(0, 0, imageRows);
    EXPECT_TRUE(imagePositions.eq(imagePositions[0]).all().item<bool>());
    EXPECT_EQ(e.positions[imageRows].item<std::int64_t>(), imagePositions[0].item<std::int64_t>() + 1);
}

TEST_F(DraftSession, ACausalVisibleMaskGivesTheDefaultLoss) {
    const auto model = loadModel(draftDir);
    hb::BagelModel& bagel = *model->impl().bagel;
    hb::DraftExample example =
        hb::makeTextExample(bagel.llm(), at::randint(0, 500, {20}, at::kLong), 8);
    hb::DraftLossOptions options;
    options.unroll = 3;
    const double reference = hb::draftLoss(*bagel.draft(), example, options).total.item<double>();
    example.visible = at::ones({20, 20}, at::kBool).tril();
    EXPECT_NEAR(hb::draftLoss(*bagel.draft(), example, options).total.item<double>(), reference, 1e-5);
}

// -- draft train and draft bench --

std::string writePromptFile(const std::string& dir, int count) {
    fs::create_directories(dir);
    std::ofstream out(fs::path(dir) / "prompts.jsonl");
    hb::shapeworld::Rng rng(3);
    for (int i = 0; i < count; ++i) {
        const std::string name = "scene" + std::to_string(i) + ".png";
        const hb::Image image = hb::shapeworld::render(hb::shapeworld::sampleScene(rng), 96);
        EXPECT_TRUE(hb::saveImagePng(image, (fs::path(dir) / name).string()).ok());
        out << R"({"image": ")" << name << R"(", "question": "How many shapes are there?"})" << "\n";
    }
    out << R"({"question": "Describe the image."})" << "\n"; // text only
    return (fs::path(dir) / "prompts.jsonl").string();
}

TEST_F(DraftSession, TrainWritesALoadableDraftResumesAndBenches) {
    const std::string modelDir = hbtest::tempDir("speculative_session_trained");
    copyFolder(plainDir, modelDir);
    const std::string promptFile = writePromptFile(hbtest::tempDir("speculative_session_prompts"), 2);
    hb::DraftTrainRequest request;
    request.modelDir = modelDir;
    request.workDir = hbtest::tempDir("speculative_session_work");
    request.prompts = promptFile;
    request.batch = 3;
    request.answerMaxTokens = 10;
    request.steps = 3;
    auto first = hb::trainDraft(request);
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(first->steps, 3);
    EXPECT_TRUE(fs::exists(first->draftPath));

    // More steps continue from the checkpoint rather than starting over.
    request.steps = 30;
    std::vector<std::string> messages;
    request.onProgress = [&](const hb::TrainingProgress& p) {
        if (!p.message.empty()) {
            messages.push_back(p.message);
        }
    };
    auto second = hb::trainDraft(request);
    ASSERT_TRUE(second.ok()) << second.error().message;
    EXPECT_EQ(second->steps, 30);
    ASSERT_FALSE(messages.empty());
    EXPECT_EQ(messages.front(), "resuming at step 3");
    // The loss log covers both runs, and training on three fixed prompts lowers the loss.
    std::ifstream csv(fs::path(request.workDir) / "loss.csv");
    std::string header, line, firstRow, lastRow;
    std::getline(csv, header);
    while (std::getline(csv, line)) {
        (firstRow.empty() ? firstRow : lastRow) = line;
    }
    const auto lossOf = [](const std::string& row) {
        std::stringstream s(row);
        std::string cell;
        for (int i = 0; i < 4; ++i) {
            std::getline(s, cell, ',');
        }
        return std::stod(cell);
    };
    ASSERT_FALSE(lastRow.empty());
    EXPECT_LT(lossOf(lastRow), lossOf(firstRow));
    EXPECT_TRUE(fs::exists(fs::path(request.workDir) / "loss.png"));

    const auto model = loadModel(modelDir);
    ASSERT_TRUE(model);
    EXPECT_NE(model->info().draft, "none");

    hb::DraftBenchRequest bench;
    bench.modelDir = modelDir;
    bench.prompts = promptFile;
    bench.questions = 3;
    bench.maxTokens = 10;
    bench.record = true;
    auto report = hb::benchmarkDraft(bench);
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(report->questions, 3);
    EXPECT_EQ(report->identical, 3);
    EXPECT_GE(report->tau, 1.0);
    EXPECT_GT(report->plainTokensPerSecond, 0.0);
    ASSERT_EQ(report->kinds.size(), 1u);
    EXPECT_EQ(report->kinds.front().kind, "prompt");
    // --record wrote the measured advice for this device type, and the folder loads with it.
    EXPECT_NE(report->recorded.find("chats on cpu"), std::string::npos) << report->recorded;
    const auto recorded = loadModel(modelDir);
    ASSERT_TRUE(recorded);
    const hb::DraftConfig& config = recorded->impl().bagel->draft()->config();
    ASSERT_EQ(config.useByDefault.count("cpu"), 1u);
    EXPECT_EQ(config.useByDefault.at("cpu"), report->speedup >= 1.0);
    EXPECT_NE(config.measured.at("cpu").find("3 questions"), std::string::npos) << config.measured.at("cpu");
}

TEST_F(DraftSession, BadRequestsNameTheProblem) {
    const std::string dir = hbtest::tempDir("speculative_session_bad");
    std::ofstream(fs::path(dir) / "bad.jsonl") << R"({"question": "ok"})" << "\n" << "not json\n";
    auto set = hb::openDraftPrompts((fs::path(dir) / "bad.jsonl").string(), hb::DraftPromptUse::Training, 1);
    ASSERT_FALSE(set.ok());
    EXPECT_EQ(set.error().code, hb::ErrorCode::InvalidRequest);
    EXPECT_NE(set.error().message.find("bad.jsonl:2"), std::string::npos) << set.error().message;

    std::ofstream(fs::path(dir) / "missing.jsonl") << R"({"question": "q", "image": "nowhere.png"})" << "\n";
    auto missing = hb::openDraftPrompts((fs::path(dir) / "missing.jsonl").string(), hb::DraftPromptUse::Training, 1);
    ASSERT_TRUE(missing.ok());
    EXPECT_FALSE((*missing)->at(0).ok());

    hb::DraftBenchRequest bench;
    bench.modelDir = plainDir;
    auto noDraft = hb::benchmarkDraft(bench);
    ASSERT_FALSE(noDraft.ok());
    EXPECT_EQ(noDraft.error().code, hb::ErrorCode::Unsupported);

    hb::DraftTrainRequest request;
    request.modelDir = plainDir;
    request.workDir = dir;
    request.unroll = 0;
    auto badUnroll = hb::trainDraft(request);
    ASSERT_FALSE(badUnroll.ok());
    EXPECT_EQ(badUnroll.error().code, hb::ErrorCode::InvalidRequest);
}

} // namespace
