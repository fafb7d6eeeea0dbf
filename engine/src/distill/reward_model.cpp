#include "distill/reward_model.h"

#include <filesystem>
#include <map>
#include <sstream>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/normalization.h>

#include "hyperbagel/engine/safetensors.h"

#include "distill/stage_common.h"
#include "models/bagel/bagel_model.h"
#include "shapeworld/oracle.h"

namespace fs = std::filesystem;

namespace hb {
namespace {

namespace nn = torch::nn;
namespace sw = shapeworld;

constexpr const char* kMetadataKey = "hyperbagel_reward";
constexpr const char* kFormat = "hyperbagel-reward";
constexpr int kCells = 9; // the 3x3 grid of a ShapeWorld scene

nn::Conv2d conv(std::int64_t in, std::int64_t out, std::int64_t stride) {
    return nn::Conv2d(nn::Conv2dOptions(in, out, 3).stride(stride).padding(1));
}

nn::GroupNorm norm(std::int64_t channels) { return nn::GroupNorm(nn::GroupNormOptions(8, channels)); }

} // namespace

std::string RewardModelConfig::describe() const {
    std::ostringstream s;
    s << "imageSize=" << imageSize << " vocabSize=" << vocabSize << " channels=" << channels
      << " tokenDim=" << tokenDim << " textHidden=" << textHidden << " cellDim=" << cellDim
      << " hidden=" << hidden;
    return s.str();
}

std::string RewardModelConfig::toJson() const {
    const nlohmann::json j = {{"format", kFormat},       {"version", 1},          {"image_size", imageSize},
                              {"vocab_size", vocabSize}, {"channels", channels},  {"token_dim", tokenDim},
                              {"text_hidden", textHidden}, {"cell_dim", cellDim}, {"hidden", hidden}};
    return j.dump();
}

Result<RewardModelConfig> RewardModelConfig::fromJson(const std::string& text) {
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object() || j.value("format", std::string()) != kFormat) {
        return makeError(ErrorCode::BadFormat, "not a reward model description (format \"" +
                                                   std::string(kFormat) + "\" expected)");
    }
    RewardModelConfig c;
    const std::pair<const char*, std::int64_t*> fields[] = {
        {"image_size", &c.imageSize}, {"vocab_size", &c.vocabSize}, {"channels", &c.channels},
        {"token_dim", &c.tokenDim},   {"text_hidden", &c.textHidden}, {"cell_dim", &c.cellDim},
        {"hidden", &c.hidden}};
    for (const auto& [key, field] : fields) {
        const auto it = j.find(key);
        if (it == j.end() || !it->is_number_integer() || it->get<std::int64_t>() < 1 ||
            it->get<std::int64_t>() > (1 << 20)) {
            return makeError(ErrorCode::BadFormat, std::string("reward model description: \"") + key +
                                                       "\" is missing or out of range");
        }
        *field = it->get<std::int64_t>();
    }
    if (c.channels % 8 != 0) {
        return makeError(ErrorCode::BadFormat, "reward model description: channels must be a multiple of 8");
    }
    return c;
}

RewardModelImpl::RewardModelImpl(const RewardModelConfig& config) : m_config(config) {
    const std::int64_t c = config.channels;
    // Strides 1, 2, 1, 2, 2: a 96 px canvas ends at 12 x 12, four features per grid cell before the pool.
    m_image = register_module("image", nn::Sequential(conv(3, c, 1), norm(c), nn::SiLU(),             //
                                                       conv(c, 2 * c, 2), norm(2 * c), nn::SiLU(),     //
                                                       conv(2 * c, 2 * c, 1), norm(2 * c), nn::SiLU(), //
                                                       conv(2 * c, 4 * c, 2), norm(4 * c), nn::SiLU(), //
                                                       conv(4 * c, 4 * c, 2), norm(4 * c), nn::SiLU()));
    m_cells = register_module("cells", nn::Conv2d(nn::Conv2dOptions(4 * c, config.cellDim, 1)));
    m_tokens = register_module("prompt_tokens", nn::Embedding(config.vocabSize, config.tokenDim));
    m_gru = register_module(
        "prompt_gru", nn::GRU(nn::GRUOptions(config.tokenDim, config.textHidden).bidirectional(true).batch_first(true)));
    m_expected = register_module("expected_cells", nn::Linear(2 * config.textHidden, kCells * config.cellDim));
    const std::int64_t fused = 2 * kCells * config.cellDim + 2 * config.textHidden;
    m_head = register_module("head", nn::Sequential(nn::Linear(fused, config.hidden), nn::SiLU(),
                                                    nn::Linear(config.hidden, config.hidden), nn::SiLU(),
                                                    nn::Linear(config.hidden, 1)));
}

at::Tensor RewardModelImpl::encodePrompts(const std::vector<std::vector<std::int64_t>>& prompts) {
    // Prompts of one length run as one GRU batch: no padding, so both directions end on real tokens.
    std::map<std::size_t, std::vector<std::size_t>> byLength;
    for (std::size_t i = 0; i < prompts.size(); ++i) {
        byLength[std::max<std::size_t>(prompts[i].size(), 1)].push_back(i);
    }
    const c10::Device device = m_tokens->weight.device();
    std::vector<at::Tensor> rows(prompts.size());
    for (const auto& [length, members] : byLength) {
        std::vector<std::int64_t> ids;
        for (const std::size_t i : members) {
            for (std::size_t k = 0; k < length; ++k) {
                const std::int64_t id = k < prompts[i].size() ? prompts[i][k] : 0;
                TORCH_CHECK(id >= 0 && id < m_config.vocabSize, "reward model: prompt token ", id,
                            " is outside its vocabulary of ", m_config.vocabSize);
                ids.push_back(id);
            }
        }
        const at::Tensor batch =
            at::tensor(ids, at::kLong).view({static_cast<std::int64_t>(members.size()), static_cast<std::int64_t>(length)});
        const auto output = m_gru->forward(m_tokens->forward(batch.to(device)));
        const at::Tensor& final = std::get<1>(output); // [2, n, textHidden]: forward, backward
        const at::Tensor states = at::cat({final[0], final[1]}, 1);
        for (std::size_t j = 0; j < members.size(); ++j) {
            rows[members[j]] = states[static_cast<std::int64_t>(j)];
        }
    }
    return at::stack(rows);
}

at::Tensor RewardModelImpl::logits(const at::Tensor& images, const std::vector<std::vector<std::int64_t>>& prompts) {
    TORCH_CHECK(images.dim() == 4 && images.size(1) == 3, "reward model: images must be [B, 3, H, W], got ",
                images.sizes());
    TORCH_CHECK(static_cast<std::size_t>(images.size(0)) == prompts.size(), "reward model: ", images.size(0),
                " images but ", prompts.size(), " prompts");
    const std::int64_t b = images.size(0);
    const at::Tensor x = images.to(m_tokens->weight.device(), at::kFloat);
    const at::Tensor pooled = at::adaptive_avg_pool2d(m_image->forward(x), {3, 3});
    const at::Tensor cells = m_cells->forward(pooled).flatten(2).transpose(1, 2); // [B, 9, cellDim]
    const at::Tensor prompt = encodePrompts(prompts);                                // [B, 2*textHidden]
    const at::Tensor expected = m_expected->forward(prompt).view({b, kCells, m_config.cellDim});
    const at::Tensor fused = at::cat({(cells * expected).flatten(1), cells.flatten(1), prompt}, 1);
    return m_head->forward(fused).squeeze(-1);
}

at::Tensor RewardModelImpl::forward(const at::Tensor& images, const std::vector<std::vector<std::int64_t>>& prompts) {
    return at::sigmoid(logits(images, prompts));
}

NamedTensors RewardModelImpl::parametersByName() const {
    NamedTensors out;
    for (const auto& item : named_parameters(/*recurse=*/true)) {
        out.emplace_back(item.key(), item.value());
    }
    return out;
}

Result<void> saveRewardModel(const RewardModelImpl& model, const std::string& path,
                             const std::map<std::string, std::string>& extra) {
    std::map<std::string, std::string> metadata = extra;
    metadata[kMetadataKey] = model.config().toJson();
    return saveTensorFile(path, model.parametersByName(), at::kFloat, metadata);
}

Result<RewardModel> loadRewardModel(const std::string& path, const std::string& device) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
        return makeError(ErrorCode::FileNotFound, "the reward model \"" + path + "\" does not exist");
    }
    auto file = SafetensorsFile::open(path);
    if (!file) {
        return makeError(file.error().code, "reward model " + path + ": " + file.error().message);
    }
    const auto it = (*file)->metadata().find(kMetadataKey);
    if (it == (*file)->metadata().end()) {
        return makeError(ErrorCode::BadFormat, "reward model " + path + " has no \"" + kMetadataKey +
                                                   "\" metadata (write it with distill reward)");
    }
    auto config = RewardModelConfig::fromJson(it->second);
    if (!config) {
        return makeError(config.error().code, "reward model " + path + ": " + config.error().message);
    }
    auto stored = loadTensorFile(path);
    if (!stored) {
        return makeError(stored.error().code, "reward model " + path + ": " + stored.error().message);
    }
    RewardModel model(*config);
    const at::NoGradGuard noGrad;
    for (auto& [name, param] : model->parametersByName()) {
        const auto found = stored->find(name);
        if (found == stored->end() || found->second.sizes() != param.sizes()) {
            return makeError(ErrorCode::BadCheckpoint, "reward model " + path + ": tensor " + name +
                                                           (found == stored->end() ? " is missing"
                                                                                   : " has another shape"));
        }
        param.copy_(found->second.to(param.scalar_type()));
    }
    model->to(c10::Device(device));
    for (auto& p : model->parameters()) {
        p.set_requires_grad(false);
    }
    model->eval();
    return model;
}

std::vector<sw::GenEvalPrompt> rewardChecks(const sw::Scene& promptScene) {
    const sw::GenEvalCategory categories[] = {sw::GenEvalCategory::TwoObjects, sw::GenEvalCategory::Counting,
                                              sw::GenEvalCategory::ColourAttribution,
                                              sw::GenEvalCategory::Position};
    std::vector<sw::GenEvalPrompt> checks;
    for (const sw::GenEvalCategory category : categories) {
        sw::GenEvalPrompt p;
        p.category = category;
        p.scene = promptScene;
        if (category == sw::GenEvalCategory::Counting) {
            p.exactCount = static_cast<int>(promptScene.objects.size());
        } else {
            for (const sw::Object& o : promptScene.objects) {
                sw::Requirement r;
                r.shape = o.shape;
                if (category == sw::GenEvalCategory::ColourAttribution) {
                    r.colour = o.colour;
                }
                if (category == sw::GenEvalCategory::Position) {
                    r.cell = o.cell;
                }
                p.include.push_back(r);
            }
        }
        checks.push_back(std::move(p));
    }
    return checks;
}

double oracleRewardLabel(const sw::Scene& promptScene, const Image& image) {
    const sw::Scene read = sw::readScene(image);
    const std::vector<sw::GenEvalPrompt> checks = rewardChecks(promptScene);
    int passed = 0;
    for (const sw::GenEvalPrompt& check : checks) {
        passed += sw::scoreGenEval(check, read) ? 1 : 0;
    }
    return static_cast<double>(passed) / static_cast<double>(checks.size());
}

at::Tensor rewardImageOf(BagelModel& teacher, const at::Tensor& tokens, std::int64_t h, std::int64_t w) {
    const at::Tensor decoded = decodeLatentTokens(teacher, tokens, h, w).to(at::kFloat);
    return decoded + (decoded.clamp(-1.0, 1.0) - decoded).detach();
}

} // namespace hb
