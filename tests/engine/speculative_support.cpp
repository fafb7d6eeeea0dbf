#include "speculative_support.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace spec_test {

hb::LlmConfig smallConfig(std::int64_t vocab, std::int64_t layers) {
    hb::LlmConfig c;
    c.vocabSize = vocab;
    c.hiddenSize = 32;
    c.intermediateSize = 64;
    c.numHiddenLayers = layers;
    c.numAttentionHeads = 4;
    c.numKeyValueHeads = 2;
    c.ropeTheta = 1e6;
    c.qkNorm = true;
    return c;
}

hb::Qwen2MoTModel makeTarget(const hb::LlmConfig& config, std::uint64_t seed) {
    at::manual_seed(seed);
    hb::Qwen2MoTModel llm(config);
    const at::NoGradGuard noGrad;
    for (auto& p : llm->named_parameters()) {
        if (p.key().find("norm") != std::string::npos) {
            p.value().copy_(1.0 + 0.2 * at::randn_like(p.value()));
        } else if (p.key().find("embed_tokens") != std::string::npos) {
            p.value().normal_(0.0, 1.0);
        }
    }
    return llm;
}

hb::DraftModel makeDraft(hb::Qwen2MoTModelImpl& target, std::uint64_t seed) {
    at::manual_seed(seed);
    hb::DraftConfig config = hb::defaultDraftConfig(target.config().numHiddenLayers);
    config.featureLayers = {0, 1, 2};
    hb::DraftModel draft(target.config(), config);
    draft->initFromTarget(target);
    return draft;
}

void randomizeDraft(hb::DraftModelImpl& draft, std::uint64_t seed, double scale) {
    at::manual_seed(seed);
    const at::NoGradGuard noGrad;
    for (auto& p : draft.named_parameters()) {
        const std::string& name = p.key();
        if (name.find("fc1") != std::string::npos || name.find("fc2") != std::string::npos ||
            name.find("o_proj") != std::string::npos || name.find("down_proj") != std::string::npos) {
            p.value().normal_(0.0, scale / std::sqrt(static_cast<double>(p.value().size(1))));
        }
    }
}

void prefillAll(hb::Qwen2MoTModelImpl& llm, hb::BagelContext& context,
                const std::vector<hb::Drafter*>& drafters, const hb::DecoderPass& pass,
                hb::SegmentKind kind) {
    std::vector<hb::LayerKv> kv;
    hb::TargetBlock block{pass.embeddings, {}, pass.positions, pass.mode};
    llm.forward(pass, context.pastChunks(), kv, &block.layerOutputs);
    context.commit(kv, kind);
    for (hb::Drafter* d : drafters) {
        d->observe(block);
    }
}

void prefillTextAll(hb::Qwen2MoTModelImpl& llm, hb::BagelContext& context,
                    const std::vector<hb::Drafter*>& drafters, const at::Tensor& ids) {
    const hb::DecoderPass pass{llm.embed(ids), context.textPositions(ids.size(0), at::kCPU),
                               hb::ExpertRouting{}, hb::SelfAttention::Causal};
    prefillAll(llm, context, drafters, pass, hb::SegmentKind::Text);
}

void prefillImageAll(hb::Qwen2MoTModelImpl& llm, hb::BagelContext& context,
                     const std::vector<hb::Drafter*>& drafters, const at::Tensor& embeddings,
                     const hb::ExpertRouting& routing) {
    const hb::DecoderPass pass{embeddings, context.imagePositions(embeddings.size(0), at::kCPU), routing,
                               hb::SelfAttention::Full};
    prefillAll(llm, context, drafters, pass, hb::SegmentKind::Image);
}

CheatingDrafter::CheatingDrafter(std::int64_t vocab, std::uint64_t seed, std::int64_t maxHonest)
    : m_vocab(vocab), m_rng(seed), m_maxHonest(maxHonest) {}

void CheatingDrafter::setOracle(std::vector<std::int64_t> answer, std::int64_t startToken,
                                std::int64_t startPosition) {
    m_answer = std::move(answer);
    m_startToken = startToken;
    m_startPosition = startPosition;
}

at::Tensor CheatingDrafter::extend(const std::vector<hb::DraftNode>& nodes) {
    if (m_honest < 0) {
        m_honest = std::uniform_int_distribution<std::int64_t>(0, m_maxHonest)(m_rng);
    }
    at::Tensor logits = at::empty({static_cast<std::int64_t>(nodes.size()), m_vocab}, at::kFloat);
    std::normal_distribution<float> noise(0.0f, 1.0f);
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const hb::DraftNode& node = nodes[i];
        if (m_nodes.size() <= static_cast<std::size_t>(node.id)) {
            m_nodes.resize(static_cast<std::size_t>(node.id) + 1);
        }
        m_nodes[static_cast<std::size_t>(node.id)] = node;
        // The node's path from the root, root first.
        std::vector<std::int64_t> path;
        for (std::int64_t id = node.id; id >= 0; id = m_nodes[static_cast<std::size_t>(id)].parent) {
            path.insert(path.begin(), m_nodes[static_cast<std::size_t>(id)].token);
        }
        const std::int64_t produced = m_nodes[0].position - m_startPosition; // tokens before this round
        bool onTrack = produced >= 0 &&
                       (produced == 0 ? path[0] == m_startToken
                                      : produced <= static_cast<std::int64_t>(m_answer.size()) &&
                                            path[0] == m_answer[static_cast<std::size_t>(produced - 1)]);
        for (std::size_t j = 1; j < path.size() && onTrack; ++j) {
            const std::size_t at = static_cast<std::size_t>(produced) + j - 1;
            onTrack = at < m_answer.size() && path[j] == m_answer[at];
        }
        auto row = logits[static_cast<std::int64_t>(i)];
        for (std::int64_t v = 0; v < m_vocab; ++v) {
            row[v] = noise(m_rng);
        }
        const auto depth = static_cast<std::int64_t>(path.size()) - 1;
        const auto next = static_cast<std::size_t>(produced + depth);
        if (onTrack && depth < m_honest && next < m_answer.size()) {
            const std::int64_t truth = m_answer[next];
            const bool second = std::uniform_int_distribution<int>(0, 3)(m_rng) == 0;
            row[truth] = second ? 8.0f : 10.0f;
            if (second) {
                row[(truth + 1) % m_vocab] = 10.0f;
            }
        }
    }
    return logits;
}

void CheatingDrafter::endRound() {
    m_nodes.clear();
    m_honest = -1;
}

namespace {

/// Regularised lower incomplete gamma P(a, x) (series) and upper Q(a, x) (continued fraction).
double gammaQ(double a, double x) {
    if (x <= 0.0) {
        return 1.0;
    }
    const double lead = -x + a * std::log(x) - std::lgamma(a);
    if (x < a + 1.0) {
        double sum = 1.0 / a;
        double term = sum;
        for (int n = 1; n < 10000; ++n) {
            term *= x / (a + n);
            sum += term;
            if (std::fabs(term) < std::fabs(sum) * 1e-15) {
                break;
            }
        }
        return 1.0 - sum * std::exp(lead);
    }
    // Lentz's continued fraction for Q.
    double b = x + 1.0 - a;
    double c = 1.0 / 1e-300;
    double d = 1.0 / b;
    double h = d;
    for (int i = 1; i < 10000; ++i) {
        const double an = -i * (i - a);
        b += 2.0;
        d = an * d + b;
        d = std::fabs(d) < 1e-300 ? 1e-300 : d;
        c = b + an / c;
        c = std::fabs(c) < 1e-300 ? 1e-300 : c;
        d = 1.0 / d;
        const double delta = d * c;
        h *= delta;
        if (std::fabs(delta - 1.0) < 1e-15) {
            break;
        }
    }
    return std::exp(lead) * h;
}

} // namespace

double chiSquarePValue(double x, std::int64_t dof) { return gammaQ(0.5 * static_cast<double>(dof), 0.5 * x); }

std::pair<double, std::int64_t> chiSquare(const std::vector<std::int64_t>& counts,
                                          const std::vector<double>& probabilities) {
    const double total = static_cast<double>(std::accumulate(counts.begin(), counts.end(), std::int64_t{0}));
    // Group cells, smallest expectation first, until every group expects at least 5.
    std::vector<std::size_t> order(counts.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return probabilities[a] < probabilities[b]; });
    std::vector<std::pair<double, double>> groups; // expected, observed
    std::pair<double, double> open{0.0, 0.0};
    for (const std::size_t i : order) {
        open.first += total * probabilities[i];
        open.second += static_cast<double>(counts[i]);
        if (open.first >= 5.0) {
            groups.push_back(open);
            open = {0.0, 0.0};
        }
    }
    if (open.first > 0.0 || open.second > 0.0) {
        if (groups.empty()) {
            groups.push_back(open);
        } else {
            groups.back().first += open.first;
            groups.back().second += open.second;
        }
    }
    double statistic = 0.0;
    for (const auto& [expected, observed] : groups) {
        const double diff = observed - expected;
        statistic += diff * diff / std::max(expected, 1e-12);
    }
    return {statistic, std::max<std::int64_t>(1, static_cast<std::int64_t>(groups.size()) - 1)};
}

} // namespace spec_test
