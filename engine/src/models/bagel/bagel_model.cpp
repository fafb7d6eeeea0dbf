#include "models/bagel/bagel_model.h"

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include <ATen/ATen.h>

#include "image/image_ops.h"
#include "models/bagel/bagel_language.h"
#include "models/bagel/latent_layout.h"
#include "models/bagel/vit_patchify.h"
#include "models/linear_layout.h"
#include "speculative/draft_io.h"

namespace fs = std::filesystem;

namespace hb {
namespace {

nlohmann::json readJson(const fs::path& path) {
    std::ifstream in(path);
    if (!in) {
        return {};
    }
    return nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
}

// Finds `content` among Hugging Face added tokens: tokenizer.json's "added_tokens" list or
// tokenizer_config.json's "added_tokens_decoder" map (id -> {content}).
std::optional<std::int64_t> addedTokenId(const fs::path& folder, const std::string& content) {
    const nlohmann::json fast = readJson(folder / "tokenizer.json");
    if (fast.is_object() && fast.contains("added_tokens") && fast["added_tokens"].is_array()) {
        for (const auto& t : fast["added_tokens"]) {
            if (t.is_object() && t.value("content", "") == content && t.contains("id")) {
                return t["id"].get<std::int64_t>();
            }
        }
    }
    const nlohmann::json slow = readJson(folder / "tokenizer_config.json");
    if (slow.is_object() && slow.contains("added_tokens_decoder") &&
        slow["added_tokens_decoder"].is_object()) {
        for (const auto& [id, t] : slow["added_tokens_decoder"].items()) {
            if (t.is_object() && t.value("content", "") == content) {
                return std::stoll(id);
            }
        }
    }
    return std::nullopt;
}

} // namespace

SpecialTokens resolveSpecialTokens(const std::string& folderPath) {
    SpecialTokens tokens;
    const fs::path folder(folderPath);
    const nlohmann::json bagel = readJson(folder / "bagel_config.json");
    if (bagel.is_object() && bagel.contains("special_token_ids") && bagel["special_token_ids"].is_object()) {
        const auto& ids = bagel["special_token_ids"];
        tokens.bos = ids.value("bos_token_id", tokens.bos);
        tokens.eos = ids.value("eos_token_id", tokens.eos);
        tokens.visionStart = ids.value("start_of_image", tokens.visionStart);
        tokens.visionEnd = ids.value("end_of_image", tokens.visionEnd);
        tokens.source = "bagel_config.json";
        return tokens;
    }
    const auto bos = addedTokenId(folder, "<|im_start|>");
    const auto eos = addedTokenId(folder, "<|im_end|>");
    const auto start = addedTokenId(folder, "<|vision_start|>");
    const auto end = addedTokenId(folder, "<|vision_end|>");
    if (bos && eos && start && end) {
        tokens = {*bos, *eos, *start, *end, "tokenizer files"};
    }
    return tokens;
}

Result<std::unique_ptr<BagelModel>> BagelModel::load(const std::string& folder, const WeightTarget& target) {
    std::unique_ptr<BagelModel> model(new BagelModel());
    model->m_folder = folder;
    model->m_target = target;
    BagelConfigLoad configs = loadBagelConfig(folder);
    for (const Finding& f : configs.findings) {
        if (f.severity == Severity::Error) {
            return makeError(f.kind == FindingKind::MissingFile ? ErrorCode::FileNotFound
                                                                : ErrorCode::BadConfig,
                             f.file + ": " + f.message);
        }
    }
    const fs::path dir(folder);
    const std::string emaPath = fs::exists(dir / "ema.safetensors")
                                    ? (dir / "ema.safetensors").string()
                                    : (dir / "ema.safetensors.index.json").string();
    auto ema = TensorStore::open(emaPath);
    if (!ema) {
        return ema.error();
    }
    auto ae = TensorStore::open((dir / "ae.safetensors").string());
    if (!ae) {
        return ae.error();
    }
    if (!configs.haveBagelConfig) {
        if (const TensorInfo* pos = (*ema)->find("latent_pos_embed.pos_embed")) {
            inferMaxLatentSize(configs, pos->shape.empty() ? 0 : pos->shape[0], "ema.safetensors");
        }
    }
    model->m_config = configs.config;
    model->m_tokens = resolveSpecialTokens(folder);
    if (auto ok = model->loadModules(**ema, **ae); !ok) {
        return ok.error();
    }
    return model;
}

Result<void> BagelModel::loadModules(const TensorStore& ema, const TensorStore& ae) {
    const BagelConfig& c = m_config;
    m_llm = Qwen2MoTModel(c.llm);
    m_vit = SiglipNavit(c.vit);
    m_connector = Connector(c.vit.hiddenSize, c.llm.hiddenSize, c.connectorAct);
    m_vitPos = PositionTable(c.vitMaxNumPatchPerSide, c.llm.hiddenSize, "vit_pos_embed");
    m_latentPos = PositionTable(c.maxLatentSize, c.llm.hiddenSize, "latent_pos_embed");
    m_timeEmbedder = TimestepEmbedder(c.llm.hiddenSize);
    m_vae2llm = makeVae2Llm(c);
    m_llm2vae = makeLlm2Vae(c);
    m_vae = FluxVae(c.vae);
    const std::pair<torch::nn::Module*, const char*> parts[] = {
        {m_llm.get(), "language_model."},  {m_vit.get(), "vit_model."},
        {m_connector.get(), "connector."}, {m_timeEmbedder.get(), "time_embedder."},
        {m_vae2llm.get(), "vae2llm."},     {m_llm2vae.get(), "llm2vae."}};
    for (const auto& [module, prefix] : parts) {
        if (auto ok = loadWeights(*module, ema, prefix, m_target); !ok) {
            return ok.error();
        }
    }
    for (auto [table, prefix] : {std::make_pair(m_vitPos.get(), "vit_pos_embed."),
                                 std::make_pair(m_latentPos.get(), "latent_pos_embed.")}) {
        if (auto ok = loadPositionTable(*table, ema, prefix, m_target); !ok) {
            return ok.error();
        }
    }
    // The VAE stays float32 in every precision, as the official code keeps it.
    if (auto ok = loadWeights(*m_vae, ae, "", WeightTarget{at::kFloat, m_target.device}); !ok) {
        return ok.error();
    }
    auto tiers = loadDistilledTiers(m_folder, *m_llm, m_config, m_target);
    if (!tiers) {
        return tiers.error();
    }
    m_tiers = std::move(tiers.value());
    auto draft = loadDraftFromFolder(m_folder, m_config.llm, m_target);
    if (!draft) {
        return draft.error();
    }
    m_draft = std::move(draft.value());
    if (m_draft) {
        m_draft->eval();
    }
    // Answers and draft steps run the language model on a few rows at a time (linear_layout.h).
    useInputMajorLinearWeights(*m_llm);
    if (m_draft) {
        useInputMajorLinearWeights(*m_draft);
    }
    return {};
}

std::int64_t BagelModel::parameterCount() const {
    std::int64_t n = 0;
    for (const torch::nn::Module* m : std::initializer_list<const torch::nn::Module*>{
             m_llm.get(), m_vit.get(), m_connector.get(), m_timeEmbedder.get(), m_vae2llm.get(),
             m_llm2vae.get(), m_vae.get()}) {
        for (const auto& p : m->parameters()) {
            n += p.numel();
        }
    }
    return n;
}

at::Tensor BagelModel::framedBlock(const at::Tensor& rows) {
    const at::Tensor markers =
        m_llm->embed(at::tensor({m_tokens.visionStart, m_tokens.visionEnd},
                                at::TensorOptions().dtype(at::kLong).device(rows.device())));
    return at::cat({markers.narrow(0, 0, 1), rows.to(markers.scalar_type()), markers.narrow(0, 1, 1)}, 0);
}

ExpertRouting BagelModel::latentBlockRouting(std::int64_t rows) const {
    const auto opts = at::TensorOptions().dtype(at::kLong).device(m_target.device);
    return ExpertRouting{at::tensor({std::int64_t{0}, rows + 1}, opts), at::arange(1, rows + 1, opts)};
}

at::Tensor BagelModel::vitTokens(const at::Tensor& image) {
    const std::int64_t patch = m_config.vit.patchSize;
    TORCH_CHECK(image.size(1) % patch == 0 && image.size(2) % patch == 0, "image of ", image.size(2), "x",
                image.size(1), " is not a multiple of the ViT patch size ", patch);
    const std::int64_t rows = image.size(1) / patch;
    const std::int64_t cols = image.size(2) / patch;
    TORCH_CHECK(rows <= m_config.vitMaxNumPatchPerSide && cols <= m_config.vitMaxNumPatchPerSide, "image of ",
                rows, "x", cols, " patches exceeds the ", m_config.vitMaxNumPatchPerSide,
                "-patch position grid");
    const at::Tensor patches = patchifyVitImage(image.to(m_target.device, m_target.dtype), patch);
    const at::Tensor ids = vitPositionIds(rows, cols, m_config.vitMaxNumPatchPerSide).to(m_target.device);
    const at::Tensor features = m_vit->forward(patches, ids);
    return m_connector->forward(features) + m_vitPos->forward(ids).to(m_target.dtype);
}

void BagelModel::prefillVitImage(BagelContext& context, const at::Tensor& image) {
    prefillImageBlock(*m_llm, context, framedBlock(vitTokens(image)), ExpertRouting{});
}

at::Tensor BagelModel::embedLatents(torch::nn::LinearImpl& vae2llm, TimestepEmbedderImpl& timeEmbedder,
                                    const at::Tensor& tokens, std::int64_t h, std::int64_t w, double t) {
    const auto opts = at::TensorOptions().dtype(at::kFloat).device(m_target.device);
    const at::Tensor ids = latentPositionIds(h, w, m_config.maxLatentSize).to(m_target.device);
    const at::Tensor time = at::full({tokens.size(0)}, t, opts);
    return vae2llm.forward(tokens.to(m_target.device, m_target.dtype)) +
           timeEmbedder.forward(time).to(m_target.dtype) + m_latentPos->forward(ids).to(m_target.dtype);
}

at::Tensor BagelModel::latentTokens(const at::Tensor& tokens, std::int64_t h, std::int64_t w, double t) {
    return embedLatents(*m_vae2llm, *m_timeEmbedder, tokens, h, w, t);
}

at::Tensor BagelModel::denoiseForward(const BagelContext& context, const at::Tensor& latentRows) {
    const std::int64_t rows = latentRows.size(0);
    const DecoderPass pass{framedBlock(latentRows), context.imagePositions(rows + 2, m_target.device),
                           latentBlockRouting(rows), SelfAttention::Full};
    std::vector<LayerKv> discarded; // denoising never writes the cache
    return m_llm->forward(pass, context.pastChunks(), discarded);
}

void BagelModel::prefillVaeLatents(BagelContext& context, const at::Tensor& tokens, std::int64_t h,
                                   std::int64_t w) {
    prefillImageBlock(*m_llm, context, framedBlock(latentTokens(tokens, h, w, 0.0)),
                      latentBlockRouting(h * w));
}

std::vector<std::string> BagelModel::tierNames() const {
    std::vector<std::string> names;
    for (const DistilledTier& t : m_tiers) {
        names.push_back(t.name);
    }
    return names;
}

DistilledTier* BagelModel::tier(std::string_view name) {
    for (DistilledTier& t : m_tiers) {
        if (t.name == name) {
            return &t;
        }
    }
    return nullptr;
}

at::Tensor BagelModel::tierVelocity(DistilledTier& tier, const BagelContext& context, const at::Tensor& xt,
                                    std::int64_t h, std::int64_t w, double t, double textScale,
                                    double imageScale) {
    const std::int64_t rows = h * w;
    const auto column = [&](double v) {
        return at::full({rows}, v, at::TensorOptions().dtype(at::kFloat).device(m_target.device));
    };
    const at::Tensor tokens = embedLatents(*tier.vae2llm, *tier.timeEmbedder, xt, h, w, t) +
                              tier.textGuidance->forward(column(textScale)).to(m_target.dtype) +
                              tier.imageGuidance->forward(column(imageScale)).to(m_target.dtype);
    const GenerationBranchSwap swap(*m_llm, tier);
    return tier.llm2vae->forward(denoiseForward(context, tokens).narrow(0, 1, rows));
}

at::Tensor BagelModel::velocity(const BagelContext& context, const at::Tensor& xt, std::int64_t h,
                                std::int64_t w, double t, at::Tensor* finalHidden) {
    const at::Tensor hidden = denoiseForward(context, latentTokens(xt, h, w, t));
    if (finalHidden != nullptr) {
        *finalHidden = hidden;
    }
    return m_llm2vae->forward(hidden.narrow(0, 1, h * w));
}

at::Tensor BagelModel::frameText(const std::vector<std::int64_t>& ids) const {
    std::vector<std::int64_t> framed{m_tokens.bos};
    framed.insert(framed.end(), ids.begin(), ids.end());
    framed.push_back(m_tokens.eos);
    return at::tensor(framed, at::kLong);
}

InferencerImage BagelModel::prepareImage(const Image& image) const {
    // The inferencer resizes every input by the VAE rule first; the ViT transform then works on that
    // (bagel-spec §4.2), and an edit's output keeps the VAE-resized size.
    const ResizeRule vaeRule{m_config.vaeTransform[0], m_config.vaeTransform[1], m_config.vaeTransform[2]};
    const ResizeRule vitRule{m_config.vitTransform[0], m_config.vitTransform[1], m_config.vitTransform[2]};
    const at::Tensor hwc = imageToTensor(image);
    InferencerImage prepared;
    prepared.vaeSized = resizeBicubicU8(hwc, resizedSize({hwc.size(1), hwc.size(0)}, vaeRule));
    prepared.vitPixels = transformImage(prepared.vaeSized, vitRule);
    return prepared;
}

} // namespace hb
