// The project's training loop parts against hand-computed references: AdamW's update, the warm-up
// cosine schedule, EMA with its warm-up decay, the resumable checkpoint (bit-exact round trip) and
// the CSV loss log (resume drops rows past the checkpoint; the plot is a decodable PNG).

#include <cmath>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include "hyperbagel/engine/image.h"

#include "training/adamw.h"
#include "training/ema.h"
#include "training/loss_log.h"
#include "training/schedule.h"
#include "training/train_checkpoint.h"

namespace fs = std::filesystem;

namespace {

std::string tempDir(const std::string& name) {
    const fs::path dir = fs::path(HB_TEST_TMP) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir.string();
}

TEST(AdamW, MatchesTheClosedFormOnAScalar) {
    at::Tensor p = at::full({1}, 1.0, at::kFloat).set_requires_grad(true);
    hb::AdamW opt({{"w", p}}, hb::AdamWOptions{0.9, 0.99, 1e-8, 0.1});
    // Reference in double precision: two steps with gradients 0.5 and -0.25.
    double w = 1.0, m = 0.0, v = 0.0;
    const double lr = 0.01;
    int step = 0;
    for (double g : {0.5, -0.25}) {
        p.mutable_grad() = at::full({1}, g, at::kFloat);
        opt.step(lr);
        ++step;
        m = 0.9 * m + 0.1 * g;
        v = 0.99 * v + 0.01 * g * g;
        w *= 1.0 - lr * 0.1;
        w -= lr * (m / (1.0 - std::pow(0.9, step))) / (std::sqrt(v / (1.0 - std::pow(0.99, step))) + 1e-8);
        EXPECT_NEAR(p.item<double>(), w, 1e-6);
    }
    EXPECT_EQ(opt.steps(), 2);
}

TEST(AdamW, NoDecayNamesAndClipping) {
    at::Tensor a = at::full({2}, 1.0).set_requires_grad(true);
    at::Tensor b = at::full({2}, 1.0).set_requires_grad(true);
    hb::AdamW opt({{"layer.weight", a}, {"layer.bias", b}}, hb::AdamWOptions{0.9, 0.99, 1e-8, 0.5},
                  {"layer.bias"});
    a.mutable_grad() = at::full({2}, 3.0);
    b.mutable_grad() = at::full({2}, 4.0);
    // Global norm sqrt(2*9 + 2*16) = sqrt(50); clipped to 1.
    EXPECT_NEAR(opt.clipGradNorm(1.0), std::sqrt(50.0), 1e-5);
    EXPECT_NEAR(std::sqrt(a.grad().pow(2).sum().item<double>() + b.grad().pow(2).sum().item<double>()), 1.0, 1e-4);
    a.mutable_grad().zero_();
    b.mutable_grad().zero_();
    opt.step(0.1);
    // Zero gradients: only the decayed parameter moves.
    EXPECT_NEAR(a[0].item<double>(), 1.0 - 0.1 * 0.5, 1e-6);
    EXPECT_NEAR(b[0].item<double>(), 1.0, 1e-6);
    EXPECT_TRUE(hb::isNoDecayName("model.norm.weight"));
    EXPECT_TRUE(hb::isNoDecayName("x.bias"));
    EXPECT_FALSE(hb::isNoDecayName("mlp.up_proj.weight"));
}

TEST(WarmupCosine, RampsThenDecaysToTheFloor) {
    const hb::WarmupCosine s{1.0, 0.1, 10, 110};
    EXPECT_NEAR(s.at(0), 0.1, 1e-12);
    EXPECT_NEAR(s.at(9), 1.0, 1e-12);
    EXPECT_NEAR(s.at(10), 1.0, 1e-12);
    EXPECT_NEAR(s.at(60), 0.55, 1e-12); // half way: floor + (peak - floor) / 2
    EXPECT_NEAR(s.at(110), 0.1, 1e-12);
    EXPECT_NEAR(s.at(500), 0.1, 1e-12);
    for (std::int64_t i = 11; i < 110; ++i) {
        EXPECT_LE(s.at(i), s.at(i - 1) + 1e-15);
    }
}

TEST(Ema, WarmUpDecayThenSteadyAverage) {
    at::Tensor p = at::zeros({1});
    hb::Ema ema({{"p", p}}, 0.9);
    p.fill_(1.0);
    ema.update({{"p", p}}); // n = 1: decay min(0.9, 2/11)
    const double d1 = 2.0 / 11.0;
    EXPECT_NEAR(ema.shadow()[0].second.item<double>(), 1.0 - d1, 1e-6);
    for (int i = 0; i < 200; ++i) {
        ema.update({{"p", p}});
    }
    EXPECT_NEAR(ema.shadow()[0].second.item<double>(), 1.0, 1e-6);
    hb::NamedTensors target{{"p", at::zeros({1})}};
    ema.copyTo(target);
    EXPECT_NEAR(target[0].second.item<double>(), 1.0, 1e-6);
}

TEST(TrainCheckpoint, RoundTripIsExact) {
    const std::string dir = tempDir("train_checkpoint");
    at::manual_seed(3);
    at::Tensor w = at::randn({3, 4}).set_requires_grad(true);
    at::Tensor b = at::randn({4}).set_requires_grad(true);
    hb::NamedTensors params{{"w", w}, {"b", b}};
    hb::AdamW opt(params, hb::AdamWOptions{});
    hb::Ema ema(params, 0.99);
    for (int i = 0; i < 3; ++i) {
        w.mutable_grad() = at::randn({3, 4});
        b.mutable_grad() = at::randn({4});
        opt.step(0.01);
        ema.update(params);
    }
    hb::TrainProgressMark mark;
    mark.step = 3;
    mark.trainedSeconds = 1.5;
    mark.extra["gate_exact"] = "0.5";
    const std::string path = dir + "/checkpoint.safetensors";
    ASSERT_TRUE(hb::saveTrainCheckpoint(path, opt, ema, mark));

    at::Tensor w2 = at::zeros({3, 4}).set_requires_grad(true);
    at::Tensor b2 = at::zeros({4}).set_requires_grad(true);
    hb::NamedTensors params2{{"w", w2}, {"b", b2}};
    hb::AdamW opt2(params2, hb::AdamWOptions{});
    hb::Ema ema2(params2, 0.99);
    auto loaded = hb::loadTrainCheckpoint(path, opt2, ema2);
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ(loaded->step, 3);
    EXPECT_EQ(loaded->extra.at("gate_exact"), "0.5");
    EXPECT_TRUE(at::equal(w, w2));
    EXPECT_TRUE(at::equal(b, b2));
    EXPECT_EQ(opt2.steps(), 3);
    EXPECT_EQ(ema2.updates(), 3);
    EXPECT_TRUE(at::equal(ema.shadow()[0].second, ema2.shadow()[0].second));
    // The same next step from both gives the same parameters (the moments were restored).
    const at::Tensor g = at::randn({3, 4});
    w.mutable_grad() = g.clone();
    w2.mutable_grad() = g.clone();
    b.mutable_grad() = at::Tensor();
    b2.mutable_grad() = at::Tensor();
    opt.step(0.01);
    opt2.step(0.01);
    EXPECT_TRUE(at::equal(w, w2));

    // Another model size is refused with the tensor's name.
    at::Tensor w3 = at::zeros({5, 4}).set_requires_grad(true);
    hb::NamedTensors params3{{"w", w3}, {"b", b2}};
    hb::AdamW opt3(params3, hb::AdamWOptions{});
    hb::Ema ema3(params3, 0.99);
    auto refused = hb::loadTrainCheckpoint(path, opt3, ema3);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("parameter w"), std::string::npos);
}

TEST(LossLog, ResumeDropsRowsPastTheCheckpointAndPlots) {
    const std::string dir = tempDir("loss_log");
    const std::string csv = dir + "/loss.csv";
    {
        auto log = hb::LossLog::open(csv, {"step", "samples", "loss"}, 0);
        ASSERT_TRUE(log);
        for (int step = 1; step <= 10; ++step) {
            ASSERT_TRUE(log->append({double(step), double(step * 8), 1.0 / step}));
        }
    }
    auto resumed = hb::LossLog::open(csv, {"step", "samples", "loss"}, 6);
    ASSERT_TRUE(resumed);
    EXPECT_EQ(resumed->rows().size(), 6u);
    ASSERT_TRUE(resumed->append({7.0, 56.0, 0.2}));
    std::ifstream in(csv);
    std::string line;
    int lines = 0;
    while (std::getline(in, line)) {
        ++lines;
    }
    EXPECT_EQ(lines, 8); // header + 6 kept + 1 new
    auto other = hb::LossLog::open(csv, {"step", "other"}, 0);
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, hb::ErrorCode::InvalidRequest);

    const std::string png = dir + "/loss.png";
    ASSERT_TRUE(resumed->plot(png, "test", "samples", {"loss"}, 2));
    auto image = hb::loadImage(png);
    ASSERT_TRUE(image) << image.error().message;
    EXPECT_EQ(image->width, 960);
    EXPECT_EQ(image->height, 540);
}

} // namespace
