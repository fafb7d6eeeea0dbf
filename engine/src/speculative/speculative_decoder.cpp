#include "speculative/speculative_decoder.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <sstream>

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

namespace hb {
namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double expectedLength(double alpha, std::int64_t chainLength) {
    double sum = 1.0;
    double power = 1.0;
    for (std::int64_t k = 1; k <= chainLength; ++k) {
        power *= alpha;
        sum += power;
    }
    return sum;
}

std::vector<LayerKv> selectRows(const std::vector<LayerKv>& kv, const at::Tensor& rows) {
    std::vector<LayerKv> out;
    out.reserve(kv.size());
    for (const LayerKv& layer : kv) {
        out.push_back({layer.key.index_select(1, rows), layer.value.index_select(1, rows)});
    }
    return out;
}

} // namespace

double fitAcceptanceRate(double tau, std::int64_t chainLength) {
    if (chainLength < 1) {
        return 0.0;
    }
    const double target = std::clamp(tau, 1.0, static_cast<double>(chainLength) + 1.0);
    double lo = 0.0;
    double hi = 1.0;
    for (int i = 0; i < 60; ++i) { // the sum is increasing in alpha on [0, 1]
        const double mid = 0.5 * (lo + hi);
        (expectedLength(mid, chainLength) < target ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

void SpeculativeStats::compareWithPlain(double plainTokensPerSecondMeasured) {
    plainTokensPerSecond = plainTokensPerSecondMeasured;
    speedup = plainTokensPerSecond > 0.0 ? tokensPerSecond / plainTokensPerSecond : 0.0;
}

std::string SpeculativeStats::describe() const {
    std::ostringstream out;
    out << "speculative{cycles=" << cycles << ", produced=" << produced << ", drafted=" << drafted
        << ", accepted=" << acceptedDrafts << ", tau=" << tau << ", alpha(K=" << draftLength << ")=" << alpha
        << ", tokens/s=" << tokensPerSecond << ", ms: decode=" << decodeMs << " draft=" << draftMs
        << " verify=" << verifyMs << " observe=" << observeMs;
    if (speedup > 0.0) {
        out << ", plain tokens/s=" << plainTokensPerSecond << ", speed-up=" << speedup;
    }
    out << "}";
    return out.str();
}

struct SpeculativeDecoder::Cycle {
    std::int64_t current = 0; ///< the next token to feed: the start token, then each cycle's last token
};

SpeculativeDecoder::SpeculativeDecoder(Qwen2MoTModelImpl& target, Drafter& drafter, DraftPlan plan)
    : m_target(target), m_drafter(drafter), m_plan(plan), m_generator(at::detail::createCPUGenerator(0)) {}

Result<SpeculativeResult>
SpeculativeDecoder::decode(BagelContext& context, const SamplingOptions& options,
                           const std::function<bool(std::int64_t, const at::Tensor&)>& onToken) {
    const bool chain = m_plan.shape == DraftShape::Chain;
    if ((chain && m_plan.chainLength < 1) ||
        (!chain && (m_plan.topK < 1 || m_plan.budget < 1 || m_plan.maxDepth < 1))) {
        return makeError(ErrorCode::InvalidRequest,
                         "speculative decoding: a plan without drafts: " + m_plan.describe());
    }
    if (m_drafter.length() != context.kvLength()) {
        return makeError(ErrorCode::InvalidRequest,
                         "speculative decoding: the draft has seen " + std::to_string(m_drafter.length()) +
                             " positions of a " + std::to_string(context.kvLength()) +
                             "-position context; prefill through observed_prefill.h");
    }
    m_generator = at::detail::createCPUGenerator(options.seed);
    SpeculativeResult result;
    result.stats.draftLength = m_plan.maxDraftLength();
    const auto start = Clock::now();
    const std::int64_t restoreLength = context.kvLength();
    try {
        Cycle cycle{options.startToken};
        while (result.stats.produced < options.maxLength) {
            if (options.cancel != nullptr && options.cancel->load()) {
                result.decoded.cancelled = true;
                break;
            }
            if (!runCycle(context, options, onToken, cycle, result)) {
                break;
            }
        }
    } catch (...) {
        // Leave context and drafter in step, at the answer's start; the caller maps the exception.
        (void)context.truncate(restoreLength);
        m_drafter.truncate(std::min(restoreLength, m_drafter.length()));
        throw;
    }
    SpeculativeStats& stats = result.stats;
    stats.decodeMs = msSince(start);
    const auto& counts = stats.acceptedPerCycle;
    stats.tau = counts.empty()
                    ? 0.0
                    : static_cast<double>(std::accumulate(counts.begin(), counts.end(), std::int64_t{0})) /
                          static_cast<double>(counts.size());
    stats.alpha = counts.empty() ? 0.0 : fitAcceptanceRate(stats.tau, stats.draftLength);
    stats.tokensPerSecond =
        stats.decodeMs > 0.0 ? 1000.0 * static_cast<double>(stats.produced) / stats.decodeMs : 0.0;
    return result;
}

DraftTree SpeculativeDecoder::draft(std::int64_t root, std::int64_t position, std::int64_t limit,
                                    const SamplingOptions& options) {
    DraftTree tree;
    if (limit <= 0) {
        tree.add(root, -1);
    } else if (m_plan.shape == DraftShape::Chain) {
        tree =
            draftChain(m_drafter, root, position, limit, options.temperature, options.stopToken, m_generator);
    } else {
        tree = draftTree(m_drafter, root, position, m_plan, limit, options.stopToken);
    }
    return tree;
}

SpeculativeDecoder::Verification SpeculativeDecoder::verify(const BagelContext& context,
                                                            const DraftTree& tree) {
    // One target forward over every node: causal for a chain, the tree mask for a tree.
    const at::Device device = m_target.embedTokens->weight.device();
    const auto longOpts = at::TensorOptions().dtype(at::kLong);
    Verification v;
    v.positions = (at::tensor(tree.depths, longOpts) + context.rope()).to(device);
    v.embeddings = m_target.embed(at::tensor(tree.tokens, longOpts).to(device));
    const DecoderPass pass{v.embeddings, v.positions, ExpertRouting{}, SelfAttention::Causal};
    const at::Tensor hidden = tree.isChain()
                                  ? m_target.forward(pass, context.pastChunks(), v.kv, &v.layerOutputs)
                                  : m_target.forwardMasked(pass, tree.visibility().to(device),
                                                           context.pastChunks(), v.kv, &v.layerOutputs);
    v.logits = m_target.logits(hidden).to(at::kFloat);
    return v;
}

void SpeculativeDecoder::commit(BagelContext& context, const Verification& v,
                                const std::vector<std::int64_t>& rows) {
    // Accepted tree nodes need not be contiguous in the block: gather their rows.
    const at::Tensor index = at::tensor(rows, at::TensorOptions().dtype(at::kLong)).to(v.embeddings.device());
    context.commit(selectRows(v.kv, index), SegmentKind::Text);
    TargetBlock block{
        v.embeddings.index_select(0, index), {}, v.positions.index_select(0, index), SelfAttention::Causal};
    block.layerOutputs.reserve(v.layerOutputs.size());
    for (const at::Tensor& out : v.layerOutputs) {
        block.layerOutputs.push_back(out.index_select(0, index));
    }
    m_drafter.observe(block);
}

bool SpeculativeDecoder::runCycle(BagelContext& context, const SamplingOptions& options,
                                  const std::function<bool(std::int64_t, const at::Tensor&)>& onToken,
                                  Cycle& cycle, SpeculativeResult& result) {
    SpeculativeStats& stats = result.stats;
    // A cycle emits at most (drafts + 1) tokens: never draft past the length budget.
    const std::int64_t limit = std::min(m_plan.maxDraftLength(), options.maxLength - stats.produced - 1);
    auto clock = Clock::now();
    const DraftTree tree = draft(cycle.current, context.rope(), limit, options);
    stats.draftMs += msSince(clock);

    clock = Clock::now();
    const Verification v = verify(context, tree);
    const Acceptance accepted = options.temperature <= 0.0
                                    ? acceptGreedy(tree, v.logits)
                                    : acceptSampled(tree, v.logits, options.temperature, m_generator);
    m_drafter.endRound();
    stats.verifyMs += msSince(clock);

    // Emit the accepted drafts and the target's own next token one at a time, as decodeText() would.
    // Only the rows whose prediction was emitted (the fed tokens) are committed.
    const auto& path = accepted.path;
    std::vector<std::int64_t> fed;
    bool more = true;
    for (std::size_t i = 1; i <= path.size() && more; ++i) {
        const std::int64_t token =
            i < path.size() ? tree.tokens[static_cast<std::size_t>(path[i])] : accepted.next;
        fed.push_back(path[i - 1]);
        ++stats.produced;
        result.decoded.tokens.push_back(token);
        const bool keepGoing = onToken ? onToken(token, v.logits[path[i - 1]]) : true;
        if (token == options.stopToken) {
            result.decoded.stopped = true;
            more = false;
        } else if (!keepGoing || stats.produced >= options.maxLength) {
            more = false;
        }
    }
    ++stats.cycles;
    stats.drafted += tree.size() - 1;
    stats.acceptedDrafts += static_cast<std::int64_t>(path.size()) - 1;
    stats.acceptedPerCycle.push_back(static_cast<std::int64_t>(path.size()));

    clock = Clock::now();
    commit(context, v, fed);
    stats.observeMs += msSince(clock);
    cycle.current = accepted.next;
    return more;
}

} // namespace hb
