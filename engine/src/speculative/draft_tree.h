#pragma once
// Drafting one speculative cycle: a chain of K tokens, or an EAGLE-2 dynamic tree (top-k expansion of
// the best nodes per depth, then the best `budget` nodes by cumulative draft log-probability). The root
// (node 0) is the next token to feed; every other node is a drafted token. Engine-internal.
// Thread safety: stateless functions over the caller's drafter.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>

#include "hyperbagel/engine/error.h"

#include "speculative/drafter.h"

namespace hb {

struct DraftTree {
    std::vector<std::int64_t> tokens;                ///< node 0 is the root
    std::vector<std::int64_t> parents;               ///< -1 for the root; parents[i] < i
    std::vector<std::int64_t> depths;                ///< 0 for the root
    std::vector<std::vector<std::int64_t>> children; ///< in the draft's order of preference
    /// Sampled chains only: per node, the draft distribution (float64 CPU [vocab]) its child was drawn
    /// from; undefined where the child was chosen deterministically (greedy, trees).
    std::vector<at::Tensor> proposals;

    std::int64_t size() const { return static_cast<std::int64_t>(tokens.size()); }
    std::int64_t depth() const;
    bool isChain() const;
    /// bool [n, n]: row i may attend to column j iff j is i or an ancestor of i (the tree mask).
    at::Tensor visibility() const;
    /// Appends a node; returns its index.
    std::int64_t add(std::int64_t token, std::int64_t parent);
};

enum class DraftShape { Chain, Tree, Count };
/// "chain", "tree".
std::string_view toString(DraftShape shape);
/// Inverse of toString(); nullopt for an unknown name.
std::optional<DraftShape> draftShapeFromString(std::string_view name);

struct DraftPlan {
    DraftShape shape = DraftShape::Chain;
    std::int64_t chainLength = 4; ///< K drafted tokens per cycle (chain)
    std::int64_t topK = 4;        ///< children per expanded node, and nodes expanded per depth (tree)
    std::int64_t budget = 16;     ///< drafted nodes verified per cycle (tree)
    std::int64_t maxDepth = 5;    ///< drafting steps per cycle (tree)

    /// The longest path a cycle can draft (K for a chain, maxDepth for a tree).
    std::int64_t maxDraftLength() const;
    std::string describe() const;
};

/// A plan from its command-line form: "chain" or "chain:K", "tree" or "tree:TOPK,BUDGET,DEPTH"
/// (missing values keep `defaults`). InvalidRequest names what is wrong.
Result<DraftPlan> parseDraftPlan(std::string_view text, const DraftPlan& defaults = {});

/// K tokens, each from the draft's logits at the previous node: argmax when temperature <= 0, else
/// drawn from softmax(logits / temperature) (kept in `proposals` for rejection sampling). Stops early
/// after drafting `stopToken`. `position` is the root's RoPE position.
DraftTree draftChain(Drafter& drafter, std::int64_t root, std::int64_t position, std::int64_t length,
                     double temperature, std::int64_t stopToken, at::Generator& generator);

/// EAGLE-2 dynamic tree: expand the root, then per depth the topK candidates of that depth with the best
/// cumulative log-probability (topK children each), for maxDepth steps; keep the best `budget`
/// candidates (ancestor-closed). Deterministic given the draft; the stop token is never expanded.
DraftTree draftTree(Drafter& drafter, std::int64_t root, std::int64_t position, const DraftPlan& plan,
                    std::int64_t maxDepth, std::int64_t stopToken);

} // namespace hb
