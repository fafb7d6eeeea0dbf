#include "speculative/acceptance.h"

#include <ATen/ATen.h>

namespace hb {
namespace {

double uniform(at::Generator& generator) {
    return at::rand({1}, generator, at::TensorOptions().dtype(at::kDouble)).item<double>();
}

/// A draw from the (possibly unnormalised) non-negative weights `p`; falls back to `fallback` when p
/// has no mass left (numerically only).
std::int64_t draw(const at::Tensor& p, const at::Tensor& fallback, at::Generator& generator) {
    const at::Tensor weights = p.sum().item<double>() > 0.0 ? p : fallback;
    return at::multinomial(weights, 1, /*replacement=*/false, generator).item<std::int64_t>();
}

} // namespace

Acceptance acceptGreedy(const DraftTree& tree, const at::Tensor& targetLogits) {
    const at::Tensor argmax = targetLogits.argmax(-1).to(at::kCPU);
    const auto best = argmax.accessor<std::int64_t, 1>();
    Acceptance result;
    std::int64_t node = 0;
    result.path.push_back(node);
    for (;;) {
        const std::int64_t want = best[node];
        std::int64_t taken = -1;
        for (const std::int64_t child : tree.children[static_cast<std::size_t>(node)]) {
            if (tree.tokens[static_cast<std::size_t>(child)] == want) {
                taken = child;
                break;
            }
        }
        if (taken < 0) {
            result.next = want;
            return result;
        }
        node = taken;
        result.path.push_back(node);
    }
}

Acceptance acceptSampled(const DraftTree& tree, const at::Tensor& targetLogits, double temperature,
                         at::Generator& generator) {
    const at::Tensor probs = at::softmax(targetLogits.to(at::kCPU, at::kDouble) / temperature, -1);
    Acceptance result;
    std::int64_t node = 0;
    result.path.push_back(node);
    for (;;) {
        const at::Tensor target = probs[node];
        at::Tensor p = target.clone();
        const auto& kids = tree.children[static_cast<std::size_t>(node)];
        const at::Tensor& q = tree.proposals[static_cast<std::size_t>(node)];
        std::int64_t taken = -1;
        if (q.defined()) {
            // Standard speculative sampling: one child drawn from q.
            const std::int64_t child = kids.front();
            const std::int64_t d = tree.tokens[static_cast<std::size_t>(child)];
            const double ratio = p[d].item<double>() / q[d].item<double>();
            if (uniform(generator) < ratio) {
                taken = child;
            } else {
                p = at::clamp_min(p - q, 0.0);
            }
        } else {
            // Point-mass proposals: child c was proposed with probability 1.
            for (const std::int64_t child : kids) {
                const std::int64_t d = tree.tokens[static_cast<std::size_t>(child)];
                const double mass = p.sum().item<double>();
                const double accept = mass > 0.0 ? p[d].item<double>() / mass : 0.0;
                if (uniform(generator) < accept) {
                    taken = child;
                    break;
                }
                p[d] = 0.0;
            }
        }
        if (taken < 0) {
            result.next = draw(p, target, generator);
            return result;
        }
        node = taken;
        result.path.push_back(node);
    }
}

} // namespace hb
