#include "models/bagel/bagel_schema.h"

#include <algorithm>
#include <sstream>
#include <utility>

namespace hb {

namespace {

using Shape = std::vector<std::int64_t>;

bool startsWith(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

/// Collects expectations under a name prefix, so module layouts read like the Python module tree.
class SchemaBuilder {
public:
    explicit SchemaBuilder(std::vector<TensorExpectation>& out) : m_out(out) {}

    void add(const std::string& name, Shape shape, Component component, bool optional = false) {
        m_out.push_back({name, std::move(shape), component, optional});
    }
    /// nn.Linear(in, out): weight [out, in], bias [out].
    void linear(const std::string& prefix, std::int64_t in, std::int64_t out, Component component,
                bool bias = true) {
        add(prefix + ".weight", {out, in}, component);
        if (bias) {
            add(prefix + ".bias", {out}, component);
        }
    }
    /// A norm with a weight of `dim` values and, for LayerNorm/GroupNorm, a bias.
    void norm(const std::string& prefix, std::int64_t dim, Component component, bool bias) {
        add(prefix + ".weight", {dim}, component);
        if (bias) {
            add(prefix + ".bias", {dim}, component);
        }
    }
    /// nn.Conv2d(in, out, k): weight [out, in, k, k], bias [out].
    void conv(const std::string& prefix, std::int64_t in, std::int64_t out, std::int64_t kernel) {
        add(prefix + ".weight", {out, in, kernel, kernel}, Component::Vae);
        add(prefix + ".bias", {out}, Component::Vae);
    }

private:
    std::vector<TensorExpectation>& m_out;
};

void addLlmLayer(SchemaBuilder& b, const LlmConfig& c, std::int64_t layer) {
    const std::int64_t hidden = c.hiddenSize;
    const std::int64_t kvDim = c.numKeyValueHeads * c.headDim();
    const std::string prefix = "language_model.model.layers." + std::to_string(layer) + ".";
    // Both MoT experts have identical shapes; the generation copy carries the _moe_gen suffix on
    // the module name (bagel-spec §1.3).
    for (const std::string suffix : {"", "_moe_gen"}) {
        const Component comp = suffix.empty() ? Component::LlmUnderstanding : Component::LlmGeneration;
        const std::string attn = prefix + "self_attn.";
        b.linear(attn + "q_proj" + suffix, hidden, c.numAttentionHeads * c.headDim(), comp);
        b.linear(attn + "k_proj" + suffix, hidden, kvDim, comp);
        b.linear(attn + "v_proj" + suffix, hidden, kvDim, comp);
        b.linear(attn + "o_proj" + suffix, c.numAttentionHeads * c.headDim(), hidden, comp, false);
        b.norm(attn + "q_norm" + suffix, c.headDim(), comp, false);
        b.norm(attn + "k_norm" + suffix, c.headDim(), comp, false);
        const std::string mlp = prefix + "mlp" + suffix + ".";
        b.linear(mlp + "gate_proj", hidden, c.intermediateSize, comp, false);
        b.linear(mlp + "up_proj", hidden, c.intermediateSize, comp, false);
        b.linear(mlp + "down_proj", c.intermediateSize, hidden, comp, false);
        b.norm(prefix + "input_layernorm" + suffix, hidden, comp, false);
        b.norm(prefix + "post_attention_layernorm" + suffix, hidden, comp, false);
    }
}

void addLlm(SchemaBuilder& b, const LlmConfig& c) {
    for (std::int64_t layer = 0; layer < c.numHiddenLayers; ++layer) {
        addLlmLayer(b, c, layer);
    }
    b.norm("language_model.model.norm", c.hiddenSize, Component::LlmUnderstanding, false);
    b.norm("language_model.model.norm_moe_gen", c.hiddenSize, Component::LlmGeneration, false);
    b.add("language_model.model.embed_tokens.weight", {c.vocabSize, c.hiddenSize}, Component::EmbeddingsHead);
    b.add("language_model.lm_head.weight", {c.vocabSize, c.hiddenSize}, Component::EmbeddingsHead);
}

void addVit(SchemaBuilder& b, const VitConfig& c) {
    constexpr Component kVit = Component::Vit;
    const std::string root = "vit_model.vision_model.";
    const std::int64_t hidden = c.hiddenSize;
    // The SigLIP patch conv is stored in its Linear form over (py, px, c)-flattened patches.
    b.linear(root + "embeddings.patch_embedding", c.patchDim(), hidden, kVit);
    const std::int64_t grid = c.positionGridSide();
    b.add(root + "embeddings.position_embedding.weight", {grid * grid, hidden}, kVit);
    for (std::int64_t layer = 0; layer < c.numHiddenLayers; ++layer) {
        const std::string prefix = root + "encoder.layers." + std::to_string(layer) + ".";
        for (const char* proj : {"q_proj", "k_proj", "v_proj", "out_proj"}) {
            b.linear(prefix + "self_attn." + proj, hidden, hidden, kVit);
        }
        b.norm(prefix + "layer_norm1", hidden, kVit, true);
        b.norm(prefix + "layer_norm2", hidden, kVit, true);
        b.linear(prefix + "mlp.fc1", hidden, c.intermediateSize, kVit);
        b.linear(prefix + "mlp.fc2", c.intermediateSize, hidden, kVit);
    }
    b.norm(root + "post_layernorm", hidden, kVit, true);
}

void addAdaptersAndConnector(SchemaBuilder& b, const BagelConfig& c) {
    const std::int64_t hidden = c.llm.hiddenSize;
    b.linear("time_embedder.mlp.0", kTimestepEmbeddingDim, hidden, Component::Adapters);
    b.linear("time_embedder.mlp.2", hidden, hidden, Component::Adapters);
    b.linear("vae2llm", c.patchLatentDim(), hidden, Component::Adapters);
    b.linear("llm2vae", hidden, c.patchLatentDim(), Component::Adapters);
    b.add(std::string(kLatentPosEmbedName), {c.maxLatentSize * c.maxLatentSize, hidden}, Component::Adapters,
          true);
    b.linear("connector.fc1", c.vit.hiddenSize, hidden, Component::Connector);
    b.linear("connector.fc2", hidden, hidden, Component::Connector);
    b.add(std::string(kVitPosEmbedName), {c.vitMaxNumPatchPerSide * c.vitMaxNumPatchPerSide, hidden},
          Component::Connector, true);
}

void addResnetBlock(SchemaBuilder& b, const std::string& prefix, std::int64_t in, std::int64_t out) {
    b.norm(prefix + ".norm1", in, Component::Vae, true);
    b.conv(prefix + ".conv1", in, out, 3);
    b.norm(prefix + ".norm2", out, Component::Vae, true);
    b.conv(prefix + ".conv2", out, out, 3);
    if (in != out) {
        b.conv(prefix + ".nin_shortcut", in, out, 1);
    }
}

void addMidBlock(SchemaBuilder& b, const std::string& prefix, std::int64_t channels) {
    addResnetBlock(b, prefix + ".block_1", channels, channels);
    b.norm(prefix + ".attn_1.norm", channels, Component::Vae, true);
    for (const char* conv : {".attn_1.q", ".attn_1.k", ".attn_1.v", ".attn_1.proj_out"}) {
        b.conv(prefix + conv, channels, channels, 1);
    }
    addResnetBlock(b, prefix + ".block_2", channels, channels);
}

void addVaeEncoder(SchemaBuilder& b, const VaeConfig& c) {
    const std::size_t levels = c.chMult.size();
    b.conv("encoder.conv_in", c.inChannels, c.ch, 3);
    std::int64_t blockIn = c.ch;
    for (std::size_t level = 0; level < levels; ++level) {
        const std::int64_t blockOut = c.ch * c.chMult[level];
        const std::string prefix = "encoder.down." + std::to_string(level);
        for (std::int64_t block = 0; block < c.numResBlocks; ++block) {
            addResnetBlock(b, prefix + ".block." + std::to_string(block), blockIn, blockOut);
            blockIn = blockOut;
        }
        if (level + 1 != levels) {
            b.conv(prefix + ".downsample.conv", blockIn, blockIn, 3);
        }
    }
    addMidBlock(b, "encoder.mid", blockIn);
    b.norm("encoder.norm_out", blockIn, Component::Vae, true);
    b.conv("encoder.conv_out", blockIn, 2 * c.zChannels, 3); // mean and log-variance
}

void addVaeDecoder(SchemaBuilder& b, const VaeConfig& c) {
    std::int64_t blockIn = c.ch * c.chMult.back();
    b.conv("decoder.conv_in", c.zChannels, blockIn, 3);
    addMidBlock(b, "decoder.mid", blockIn);
    for (std::size_t level = c.chMult.size(); level-- > 0;) {
        const std::int64_t blockOut = c.ch * c.chMult[level];
        const std::string prefix = "decoder.up." + std::to_string(level);
        for (std::int64_t block = 0; block < c.numResBlocks + 1; ++block) {
            addResnetBlock(b, prefix + ".block." + std::to_string(block), blockIn, blockOut);
            blockIn = blockOut;
        }
        if (level != 0) {
            b.conv(prefix + ".upsample.conv", blockIn, blockIn, 3);
        }
    }
    b.norm("decoder.norm_out", blockIn, Component::Vae, true);
    b.conv("decoder.conv_out", blockIn, c.outCh, 3);
}

void sortByName(std::vector<TensorExpectation>& tensors) {
    std::sort(tensors.begin(), tensors.end(),
              [](const TensorExpectation& a, const TensorExpectation& b) { return a.name < b.name; });
}

} // namespace

std::int64_t TensorExpectation::numel() const {
    std::int64_t count = 1;
    for (const std::int64_t dim : shape) {
        count *= dim;
    }
    return count;
}

std::vector<TensorExpectation> emaSchema(const BagelConfig& config) {
    std::vector<TensorExpectation> tensors;
    SchemaBuilder builder(tensors);
    addLlm(builder, config.llm);
    addVit(builder, config.vit);
    addAdaptersAndConnector(builder, config);
    sortByName(tensors);
    return tensors;
}

std::vector<TensorExpectation> aeSchema(const VaeConfig& config) {
    std::vector<TensorExpectation> tensors;
    if (config.chMult.empty()) {
        return tensors;
    }
    SchemaBuilder builder(tensors);
    addVaeEncoder(builder, config);
    addVaeDecoder(builder, config);
    sortByName(tensors);
    return tensors;
}

Component emaComponentOf(std::string_view name) {
    if (startsWith(name, "language_model.")) {
        if (name.find("embed_tokens") != std::string_view::npos ||
            name.find("lm_head") != std::string_view::npos) {
            return Component::EmbeddingsHead;
        }
        return name.find("_moe_gen") != std::string_view::npos ? Component::LlmGeneration
                                                               : Component::LlmUnderstanding;
    }
    if (startsWith(name, "vit_model.")) {
        return Component::Vit;
    }
    if (startsWith(name, "connector.") || startsWith(name, "vit_pos_embed.")) {
        return Component::Connector;
    }
    for (const char* prefix : {"time_embedder.", "vae2llm.", "llm2vae.", "latent_pos_embed."}) {
        if (startsWith(name, prefix)) {
            return Component::Adapters;
        }
    }
    return Component::Other;
}

std::int64_t parameterCount(const std::vector<TensorExpectation>& tensors) {
    std::int64_t total = 0;
    for (const auto& tensor : tensors) {
        total += tensor.numel();
    }
    return total;
}

std::string shapeText(const std::vector<std::int64_t>& shape) {
    std::ostringstream out;
    out << '[';
    for (std::size_t i = 0; i < shape.size(); ++i) {
        out << (i ? ", " : "") << shape[i];
    }
    out << ']';
    return out.str();
}

} // namespace hb
