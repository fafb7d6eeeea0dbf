#include "speculative/draft_tree.h"

#include <algorithm>
#include <numeric>
#include <sstream>

#include <ATen/ATen.h>

#include "core/enum_names.h"

namespace hb {
namespace {

constexpr std::array<std::string_view, static_cast<std::size_t>(DraftShape::Count)> kShapeNames = {"chain",
                                                                                                   "tree"};

struct Candidate {
    std::int64_t token = 0;
    std::int64_t parent = -1; ///< candidate index
    std::int64_t depth = 0;
    double score = 0.0; ///< cumulative draft log-probability
};

DraftNode nodeOf(const std::vector<Candidate>& all, std::int64_t id, std::int64_t position) {
    const Candidate& c = all[static_cast<std::size_t>(id)];
    return DraftNode{id, c.parent, c.token, position + c.depth};
}

/// The best `budget` candidates (index 0, the root, excluded), each only after its parent.
std::vector<std::int64_t> selectBest(const std::vector<Candidate>& all, std::int64_t budget) {
    std::vector<std::int64_t> order(all.size() - 1);
    std::iota(order.begin(), order.end(), 1);
    std::stable_sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) {
        return all[static_cast<std::size_t>(a)].score > all[static_cast<std::size_t>(b)].score;
    });
    std::vector<bool> kept(all.size(), false);
    kept[0] = true;
    std::vector<std::int64_t> chosen;
    // A child never scores above its parent, so one pass almost always suffices; repeat until stable
    // in case a tie put a child first.
    for (bool grew = true; grew && static_cast<std::int64_t>(chosen.size()) < budget;) {
        grew = false;
        for (const std::int64_t id : order) {
            const auto& c = all[static_cast<std::size_t>(id)];
            if (!kept[static_cast<std::size_t>(id)] && kept[static_cast<std::size_t>(c.parent)] &&
                static_cast<std::int64_t>(chosen.size()) < budget) {
                kept[static_cast<std::size_t>(id)] = true;
                chosen.push_back(id);
                grew = true;
            }
        }
    }
    std::sort(chosen.begin(), chosen.end()); // creation order: parents first, siblings by preference
    return chosen;
}

} // namespace

std::string_view toString(DraftShape shape) { return enumName(kShapeNames, shape); }

std::optional<DraftShape> draftShapeFromString(std::string_view name) {
    return enumFromName<DraftShape>(kShapeNames, name);
}

std::int64_t DraftTree::depth() const {
    return depths.empty() ? 0 : *std::max_element(depths.begin(), depths.end());
}

bool DraftTree::isChain() const {
    return std::all_of(children.begin(), children.end(), [](const auto& c) { return c.size() <= 1; });
}

std::int64_t DraftTree::add(std::int64_t token, std::int64_t parent) {
    const std::int64_t index = size();
    tokens.push_back(token);
    parents.push_back(parent);
    depths.push_back(parent < 0 ? 0 : depths[static_cast<std::size_t>(parent)] + 1);
    children.emplace_back();
    proposals.emplace_back();
    if (parent >= 0) {
        children[static_cast<std::size_t>(parent)].push_back(index);
    }
    return index;
}

at::Tensor DraftTree::visibility() const {
    const std::int64_t n = size();
    at::Tensor mask = at::zeros({n, n}, at::kBool);
    auto rows = mask.accessor<bool, 2>();
    for (std::int64_t i = 0; i < n; ++i) {
        for (std::int64_t j = i; j >= 0; j = parents[static_cast<std::size_t>(j)]) {
            rows[i][j] = true;
        }
    }
    return mask;
}

std::int64_t DraftPlan::maxDraftLength() const { return shape == DraftShape::Chain ? chainLength : maxDepth; }

std::string DraftPlan::describe() const {
    std::ostringstream out;
    out << toString(shape);
    if (shape == DraftShape::Chain) {
        out << "{k=" << chainLength << "}";
    } else {
        out << "{top_k=" << topK << ", budget=" << budget << ", depth=" << maxDepth << "}";
    }
    return out.str();
}

Result<DraftPlan> parseDraftPlan(std::string_view text, const DraftPlan& defaults) {
    const std::size_t colon = text.find(':');
    const auto shape = draftShapeFromString(text.substr(0, colon));
    const auto invalid = [&] {
        return makeError(ErrorCode::InvalidRequest, "draft plan \"" + std::string(text) +
                                                        "\": expected chain[:K] or tree[:TOPK,BUDGET,DEPTH]");
    };
    if (!shape) {
        return invalid();
    }
    DraftPlan plan = defaults;
    plan.shape = *shape;
    if (colon == std::string_view::npos) {
        return plan;
    }
    std::vector<std::int64_t> values;
    std::istringstream in{std::string(text.substr(colon + 1))};
    for (std::string item; std::getline(in, item, ',');) {
        std::size_t used = 0;
        try {
            values.push_back(std::stoll(item, &used));
        } catch (const std::exception&) {
            return invalid();
        }
        if (used != item.size() || values.back() < 1) {
            return invalid();
        }
    }
    if (*shape == DraftShape::Chain && values.size() == 1) {
        plan.chainLength = values[0];
    } else if (*shape == DraftShape::Tree && values.size() == 3) {
        plan.topK = values[0];
        plan.budget = values[1];
        plan.maxDepth = values[2];
    } else {
        return invalid();
    }
    return plan;
}

DraftTree draftChain(Drafter& drafter, std::int64_t root, std::int64_t position, std::int64_t length,
                     double temperature, std::int64_t stopToken, at::Generator& generator) {
    DraftTree tree;
    tree.add(root, -1);
    for (std::int64_t step = 0; step < length; ++step) {
        const std::int64_t last = tree.size() - 1;
        if (step > 0 && tree.tokens.back() == stopToken) {
            break;
        }
        const at::Tensor logits =
            drafter.extend({DraftNode{last, tree.parents.back(), tree.tokens.back(), position + last}})
                .select(0, 0);
        std::int64_t next = 0;
        if (temperature <= 0.0) {
            next = logits.argmax().item<std::int64_t>(); // on the drafter's device
        } else {
            const at::Tensor q = at::softmax(logits.to(at::kCPU, at::kDouble) / temperature, -1);
            next = at::multinomial(q, 1, /*replacement=*/false, generator).item<std::int64_t>();
            tree.proposals[static_cast<std::size_t>(last)] = q;
        }
        tree.add(next, last);
    }
    return tree;
}

DraftTree draftTree(Drafter& drafter, std::int64_t root, std::int64_t position, const DraftPlan& plan,
                    std::int64_t maxDepth, std::int64_t stopToken) {
    std::vector<Candidate> all{Candidate{root, -1, 0, 0.0}};
    std::vector<std::int64_t> frontier{0};
    for (std::int64_t depth = 1; depth <= maxDepth && !frontier.empty(); ++depth) {
        std::vector<DraftNode> nodes;
        for (const std::int64_t id : frontier) {
            nodes.push_back(nodeOf(all, id, position));
        }
        const at::Tensor logp = at::log_softmax(drafter.extend(nodes).to(at::kFloat), -1);
        const std::int64_t k = std::min<std::int64_t>(plan.topK, logp.size(1));
        // Only the top k per node leave the drafter's device.
        const auto [topValues, topIndices] = logp.topk(k, -1);
        const at::Tensor values = topValues.to(at::kCPU, at::kDouble).contiguous();
        const at::Tensor indices = topIndices.to(at::kCPU, at::kLong).contiguous();
        const auto valueAt = values.accessor<double, 2>(); // plain reads, no tensor operation per candidate
        const auto indexAt = indices.accessor<std::int64_t, 2>();
        std::vector<std::int64_t> fresh;
        for (std::size_t r = 0; r < frontier.size(); ++r) {
            const auto row = static_cast<std::int64_t>(r);
            const double parentScore = all[static_cast<std::size_t>(frontier[r])].score;
            for (std::int64_t c = 0; c < k; ++c) {
                all.push_back(Candidate{indexAt[row][c], frontier[r], depth, parentScore + valueAt[row][c]});
                fresh.push_back(static_cast<std::int64_t>(all.size()) - 1);
            }
        }
        // The next frontier: the topK best fresh candidates that may continue.
        fresh.erase(std::remove_if(fresh.begin(), fresh.end(),
                                   [&](std::int64_t id) {
                                       return all[static_cast<std::size_t>(id)].token == stopToken;
                                   }),
                    fresh.end());
        std::stable_sort(fresh.begin(), fresh.end(), [&](std::int64_t a, std::int64_t b) {
            return all[static_cast<std::size_t>(a)].score > all[static_cast<std::size_t>(b)].score;
        });
        fresh.resize(std::min<std::size_t>(fresh.size(), static_cast<std::size_t>(plan.topK)));
        frontier = fresh;
    }
    DraftTree tree;
    tree.add(root, -1);
    std::vector<std::int64_t> indexOf(all.size(), -1);
    indexOf[0] = 0;
    for (const std::int64_t id : selectBest(all, plan.budget)) {
        const Candidate& c = all[static_cast<std::size_t>(id)];
        indexOf[static_cast<std::size_t>(id)] =
            tree.add(c.token, indexOf[static_cast<std::size_t>(c.parent)]);
    }
    return tree;
}

} // namespace hb
