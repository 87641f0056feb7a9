#include "core/schedule/ios_search.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <limits>
#include <unordered_map>

#include "core/model/graph.h"
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

// The search within one block of consecutive nodes [first, first + n), n <= 64.
class BlockSearch {
 public:
  BlockSearch(int first, int n, const std::vector<std::vector<int>>& succ, const IosOptions& options,
              const StageCost& cost, const std::atomic<bool>* cancel)
      : first_(first), n_(n), options_(options), cost_(cost), cancel_(cancel) {
    succ_.assign(std::size_t(n), 0);
    adj_.assign(std::size_t(n), 0);
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
      const Mask e = choice_.at(s);
      reversed.push_back(stage_of(e));
      s &= ~e;
    }
    out.insert(out.end(), reversed.rbegin(), reversed.rend());
    return best;
  }

 private:
  // The connected pieces of `e` (within the block, edges either way), each in node order.
  std::vector<Mask> pieces(Mask e) const {
    std::vector<Mask> out;
    while (e) {
      Mask piece = e & (~e + 1), frontier = piece;
      while (frontier) {
        Mask next = 0;
        for (Mask f = frontier; f; f &= f - 1) next |= adj_[std::size_t(std::countr_zero(f))];
        next &= e & ~piece;
        piece |= next;
        frontier = next;
      }
      out.push_back(piece);
      e &= ~piece;
    }
    return out;
  }

  Stage stage_of(Mask e) const {
    Stage stage;
    for (Mask piece : pieces(e)) {
      std::vector<int> group;
      for (Mask p = piece; p; p &= p - 1) group.push_back(first_ + std::countr_zero(p));
      stage.groups.push_back(std::move(group));
    }
    return stage;
  }

  // The piece of `e` holding local node u.
  int piece_size(Mask e, int u) const {
    Mask piece = Mask(1) << u, frontier = piece;
    while (frontier) {
      Mask next = 0;
      for (Mask f = frontier; f; f &= f - 1) next |= adj_[std::size_t(std::countr_zero(f))];
      next &= e & ~piece;
      piece |= next;
      frontier = next;
    }
    return std::popcount(piece);
  }

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
      if (piece_size(with, u) <= options_.max_group_layers) endings(s, it + 1, end, with, out);
    }
  }

  double latency(Mask e) {
    auto& memo = block_memo_;
    if (auto found = memo.find(e); found != memo.end()) return found->second;
    if (cancel_ && cancel_->load(std::memory_order_relaxed)) throw Cancelled();
    const double ms = cost_(stage_of(e));
    memo.emplace(e, ms);
    return ms;
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
    Mask choice = 0;
    for (Mask e : ends) {
      const double t = dp(s & ~e) + latency(e);
      if (t < best) {
        best = t;
        choice = e;
      }
    }
    best_.emplace(s, best);
    choice_.emplace(s, choice);
    return best;
  }

  int first_, n_;
  const IosOptions& options_;
  const StageCost& cost_;
  const std::atomic<bool>* cancel_;
  std::vector<Mask> succ_, adj_;
  std::unordered_map<Mask, double> best_, block_memo_;
  std::unordered_map<Mask, Mask> choice_;

 public:
  int measured() const { return int(block_memo_.size()); }
};

}  // namespace

std::vector<std::pair<int, int>> schedule_blocks(const Graph& graph, int max_block_layers) {
  const int n = int(graph.nodes().size());
  const auto succ = successors(graph);
  // A block ends after node p when every earlier node leads to p and every later one comes from it:
  // p is then the only way from what precedes to what follows (a concat ending an inception module,
  // each layer of a chain). Ancestor and descendant counts from reachability sets (n is a few hundred).
  std::vector<std::vector<bool>> reach(std::size_t(n), std::vector<bool>(std::size_t(n), false));  // reach[u][w]: u leads to w
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
    if (cut || p - first + 1 >= std::max(1, max_block_layers)) {
      blocks.emplace_back(first, p);
      first = p + 1;
    }
  }
  return blocks;
}

IosResult ios_search(const Graph& graph, const StageCost& cost, const IosOptions& options,
                     const std::atomic<bool>* cancel) {
  assert(options.max_group_layers >= 1 && options.max_groups >= 1);
  const auto succ = successors(graph);
  IosResult result;
  for (const auto& [first, last] : schedule_blocks(graph, std::min(options.max_block_layers, 64))) {
    BlockSearch block(first, last - first + 1, succ, options, cost, cancel);
    result.predicted_ms += block.run(result.schedule.stages);
    result.stages_measured += block.measured();
  }
  return result;
}

}  // namespace cnn
