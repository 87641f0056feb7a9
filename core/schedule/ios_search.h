#pragma once
// The IOS dynamic program (Ding et al., MLSys 2021, section 4) over a graph's operators, with the
// latency of each candidate stage asked of a cost function (measured on the real library by
// core/schedule/schedule_search.h; a table in tests).
//
// Operators: a layer together with the element-wise layers that follow it alone (ReLU, BatchNorm,
// Scale, Dropout, Clip: conv -> BatchNorm -> Scale -> ReLU in a Caffe graph is one), as IOS's
// operators carry their activation; a fused graph's layers are mostly operators already.
// State: the set S of operators not yet scheduled. An ending of S is a non-empty E within S with no
// edge from E to S - E; it runs as the last stage of S, its groups being E's connected pieces (each
// run in node order), or, when E's pieces are lone convolutions of one input, merged into one.
// dp[S] = min over endings E (and their merged form) of dp[S - E] + latency(E). Pruning as IOS: at most
// `max_groups` groups of at most `max_group_ops` operators each. The graph is first cut into blocks
// at operators every other one precedes or follows (IOS's blocks); each block is searched alone.
#include <atomic>
#include <cstdint>
#include <functional>

#include "core/schedule/schedule.h"

namespace cnn {

struct IosOptions {
  int max_group_ops = 3;     // r (--max-group-ops)
  int max_groups = 8;        // s (--max-groups)
  int max_block_ops = 40;    // a longer block is cut into pieces of this many operators, in node order
  // Also IOS's merge stages: an ending of two or more lone operators headed by convolutions that can
  // merge (core/schedule/merge.h) is also measured as one merged convolution (--no-merge: never).
  bool merge = true;
  // Stages of groups side by side; false: every stage one group, or merged.
  bool concurrent = true;
};

// Latency (ms, whole batch) of one stage run alone. Called once per distinct stage; infinity says
// the stage cannot run (a merge its library refuses).
using StageCost = std::function<double(const Stage&)>;

struct IosResult {
  Schedule schedule;
  double predicted_ms = 0;   // the sum of its stages' latencies
  int stages_measured = 0;   // distinct stages the cost function was asked about
};

// Throws Cancelled (core/session.h) when `cancel` is set between two stages.
IosResult ios_search(const Graph& graph, const StageCost& cost, const IosOptions& options = {},
                     const std::atomic<bool>* cancel = nullptr);

// The blocks the search splits `graph` into: node index ranges [first, last], in order.
std::vector<std::pair<int, int>> schedule_blocks(const Graph& graph, int max_block_ops);

}  // namespace cnn
