#include "core/schedule/ios_search.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "core/model/graph.h"
#include "core/schedule/merge.h"
#include "core/session.h"

namespace cnn {
namespace {

using Mask = std::uint64_t;

// Successors of each node: the nodes reading one of its outputs.
std::vector<std::vector<int>> successors(const Graph& graph) {
  std::vector<std::vector<int>> succ(graph.nodes().size());
  for (std::size_t i = 0; i < graph.nodes().size(); ++i)
    for (int v : graph.nodes()[i].outputs)
      for (int c : graph.values()[std::size_t(v)].consumers)
        if (std::find(succ[i].begin(), succ[i].end(), c) == succ[i].end()) succ[i].push_back(c);
  return succ;
}

// Element-wise layers a framework would carry inside their producer's operator.
bool rides_along(LayerType t) {
  return t == LayerType::ReLU || t == LayerType::BatchNorm || t == LayerType::Scale || t == LayerType::Dropout ||
         t == LayerType::Clip;
}

// The operators the search schedules: a layer together with the element-wise layers that follow it
// alone (conv -> BatchNorm -> Scale -> ReLU in a Caffe graph; IOS's operators carry their
// activation), each unit's nodes ascending; and the units' successors.
struct Units {
  std::vector<std::vector<int>> nodes;
  std::vector<std::vector<int>> succ;
};

Units units_of(const Graph& graph) {
  const auto succ = successors(graph);
  const auto& nodes = graph.nodes();
  std::vector<int> unit(nodes.size(), -1);
  Units u;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    int joins = -1;
    if (rides_along(nodes[i].desc.type) && nodes[i].inputs.size() == 1) {
      const int p = graph.values()[std::size_t(nodes[i].inputs[0])].producer;
      if (p >= 0 && succ[std::size_t(p)] == std::vector<int>{int(i)} && nodes[std::size_t(p)].outputs.size() == 1)
        joins = unit[std::size_t(p)];
    }
    if (joins < 0) {
      joins = int(u.nodes.size());
      u.nodes.emplace_back();
    }
    unit[i] = joins;
    u.nodes[std::size_t(joins)].push_back(int(i));
  }
  u.succ.resize(u.nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i)
    for (int w : succ[i]) {
      auto& out = u.succ[std::size_t(unit[i])];
      const int uw = unit[std::size_t(w)];
      if (uw != unit[i] && std::find(out.begin(), out.end(), uw) == out.end()) out.push_back(uw);
    }
  return u;
}

// Blocks of units [first, last]: a block ends after unit p when every earlier unit leads to p and
// every later one comes from it (p is then the only way from what precedes to what follows: a
// concat ending an inception module, each operator of a chain). Units are in topological order.
std::vector<std::pair<int, int>> unit_blocks(const std::vector<std::vector<int>>& succ, int max_block) {
  const int n = int(succ.size());
  std::vector<std::vector<bool>> reach(std::size_t(n), std::vector<bool>(std::size_t(n), false));  // u leads to w
  for (int u = n - 1; u >= 0; --u)
    for (int w : succ[std::size_t(u)]) {
      reach[std::size_t(u)][std::size_t(w)] = true;
      for (int x = w + 1; x < n; ++x)
        if (reach[std::size_t(w)][std::size_t(x)]) reach[std::size_t(u)][std::size_t(x)] = true;
    }
  std::vector<std::pair<int, int>> blocks;
  int first = 0;
  for (int p = 0; p < n; ++p) {
    bool cut = p == n - 1;
    if (!cut) {
      cut = true;
      for (int u = 0; cut && u < p; ++u) cut = reach[std::size_t(u)][std::size_t(p)];
      for (int w = p + 1; cut && w < n; ++w) cut = reach[std::size_t(p)][std::size_t(w)];
    }
    if (cut || p - first + 1 >= std::max(1, max_block)) {
      blocks.emplace_back(first, p);
      first = p + 1;
    }
  }
  return blocks;
}

// The search within one block of consecutive nodes [first, first + n), n <= 64.
class BlockSearch {
 public:
  BlockSearch(const Graph& graph, int first, int n, const Units& units, const IosOptions& options,
              const StageCost& cost, const std::atomic<bool>* cancel)
      : graph_(graph), first_(first), n_(n), units_(units), options_(options), cost_(cost), cancel_(cancel) {
    const auto& succ = units.succ;
    succ_.assign(std::size_t(n), 0);
    adj_.assign(std::size_t(n), 0);
    for (int u = 0; u < n; ++u)
      if (graph.nodes()[std::size_t(units.nodes[std::size_t(first + u)].front())].desc.type == LayerType::Convolution)
        convs_ |= Mask(1) << u;
    for (int u = 0; u < n; ++u)
      for (int w : succ[std::size_t(first + u)])
        if (w >= first && w < first + n) {
          succ_[std::size_t(u)] |= Mask(1) << (w - first);
          adj_[std::size_t(u)] |= Mask(1) << (w - first);
          adj_[std::size_t(w - first)] |= Mask(1) << u;
        }
  }

  // dp over the whole block; appends its stages to `out`.
  double run(std::vector<Stage>& out) {
    const Mask all = n_ == 64 ? ~Mask(0) : (Mask(1) << n_) - 1;
    const double best = dp(all);
    std::vector<Stage> reversed;
    for (Mask s = all; s;) {
      const auto [e, merged] = choice_.at(s);
      reversed.push_back(stage_of(e, merged));
      s &= ~e;
    }
    out.insert(out.end(), reversed.rbegin(), reversed.rend());
    return best;
  }

 private:
  // The connected piece of `e` (within the block, edges either way) that holds the nodes of `seed`.
  Mask piece_of(Mask e, Mask seed) const {
    Mask piece = seed, frontier = seed;
    while (frontier) {
      Mask next = 0;
      for (Mask f = frontier; f; f &= f - 1) next |= adj_[std::size_t(std::countr_zero(f))];
      next &= e & ~piece;
      piece |= next;
      frontier = next;
    }
    return piece;
  }

  // The connected pieces of `e`, each in node order.
  std::vector<Mask> pieces(Mask e) const {
    std::vector<Mask> out;
    for (; e; e &= ~out.back()) out.push_back(piece_of(e, e & (~e + 1)));
    return out;
  }

  Stage stage_of(Mask e, bool merged = false) const {
    Stage stage;
    stage.merged = merged;
    for (Mask piece : pieces(e)) {
      std::vector<int> group;
      for (Mask p = piece; p; p &= p - 1) {
        const auto& nodes = units_.nodes[std::size_t(first_ + std::countr_zero(p))];
        group.insert(group.end(), nodes.begin(), nodes.end());
      }
      std::sort(group.begin(), group.end());
      stage.groups.push_back(std::move(group));
    }
    return stage;
  }

  // The size of the piece of `e` holding local node u.
  int piece_size(Mask e, int u) const { return std::popcount(piece_of(e, Mask(1) << u)); }

  // Every ending of `s` within the pruning: nodes taken from the highest down, a node only when all
  // its successors in s are taken.
  void endings(Mask s, std::vector<int>::const_iterator it, std::vector<int>::const_iterator end, Mask e,
               std::vector<Mask>& out) const {
    if (it == end) {
      if (e && int(pieces(e).size()) <= options_.max_groups) out.push_back(e);
      return;
    }
    const int u = *it;
    endings(s, it + 1, end, e, out);
    if ((succ_[std::size_t(u)] & s & ~e) == 0) {
      const Mask with = e | (Mask(1) << u);
      if (piece_size(with, u) <= options_.max_group_ops) endings(s, it + 1, end, with, out);
    }
  }

  double latency(Mask e, bool merged = false) {
    auto& memo = merged ? merged_memo_ : block_memo_;
    if (auto found = memo.find(e); found != memo.end()) return found->second;
    if (cancel_ && cancel_->load(std::memory_order_relaxed)) throw Cancelled();
    const double ms = cost_(stage_of(e, merged));
    memo.emplace(e, ms);
    return ms;
  }

  // Whether `e` may also run merged: two or more lone operators (no edge among them) headed by
  // convolutions that merge_error accepts.
  bool mergeable(Mask e) {
    if (!options_.merge || std::popcount(e) < 2 || (e & ~convs_)) return false;
    for (Mask m = e; m; m &= m - 1)
      if (adj_[std::size_t(std::countr_zero(m))] & e) return false;
    if (auto found = mergeable_.find(e); found != mergeable_.end()) return found->second;
    std::vector<int> heads;
    for (Mask m = e; m; m &= m - 1) heads.push_back(units_.nodes[std::size_t(first_ + std::countr_zero(m))].front());
    return mergeable_[e] = !merge_error(graph_, heads);
  }

  double dp(Mask s) {
    if (!s) return 0;
    if (auto found = best_.find(s); found != best_.end()) return found->second;
    std::vector<int> nodes;
    for (Mask m = s; m; m &= m - 1) nodes.push_back(std::countr_zero(m));
    std::reverse(nodes.begin(), nodes.end());
    std::vector<Mask> ends;
    endings(s, nodes.cbegin(), nodes.cend(), 0, ends);
    assert(!ends.empty());  // a sink of s alone is always an ending
    double best = std::numeric_limits<double>::infinity();
    std::pair<Mask, bool> choice{0, false};
    for (Mask e : ends) {
      const double rest = dp(s & ~e);
      if (options_.concurrent || pieces(e).size() == 1)
        if (const double t = rest + latency(e); t < best) {
          best = t;
          choice = {e, false};
        }
      if (mergeable(e))
        if (const double t = rest + latency(e, true); t < best) {
          best = t;
          choice = {e, true};
        }
    }
    best_.emplace(s, best);
    choice_.emplace(s, choice);
    return best;
  }

  const Graph& graph_;
  int first_, n_;
  const Units& units_;
  const IosOptions& options_;
  const StageCost& cost_;
  const std::atomic<bool>* cancel_;
  std::vector<Mask> succ_, adj_;
  Mask convs_ = 0;  // operators headed by a convolution
  std::unordered_map<Mask, double> best_, block_memo_, merged_memo_;
  std::unordered_map<Mask, bool> mergeable_;
  std::unordered_map<Mask, std::pair<Mask, bool>> choice_;  // the ending of each state, and whether merged

 public:
  int measured() const {  // stages with a latency (a refused merge has none)
    int n = int(block_memo_.size());
    for (const auto& [e, ms] : merged_memo_) n += std::isfinite(ms) ? 1 : 0;
    return n;
  }
};

}  // namespace

std::vector<std::pair<int, int>> schedule_blocks(const Graph& graph, int max_block_ops) {
  const Units units = units_of(graph);
  std::vector<std::pair<int, int>> out;
  for (const auto& [first, last] : unit_blocks(units.succ, max_block_ops))
    out.emplace_back(units.nodes[std::size_t(first)].front(), units.nodes[std::size_t(last)].back());
  return out;
}

IosResult ios_search(const Graph& graph, const StageCost& cost, const IosOptions& options,
                     const std::atomic<bool>* cancel) {
  assert(options.max_group_ops >= 1 && options.max_groups >= 1);
  const Units units = units_of(graph);
  IosResult result;
  for (const auto& [first, last] : unit_blocks(units.succ, std::min(options.max_block_ops, 64))) {
    BlockSearch block(graph, first, last - first + 1, units, options, cost, cancel);
    result.predicted_ms += block.run(result.schedule.stages);
    result.stages_measured += block.measured();
  }
  return result;
}

}  // namespace cnn
