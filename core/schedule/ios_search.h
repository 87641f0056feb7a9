#pragma once
// The IOS dynamic program (Ding et al., MLSys 2021, section 4) over a graph's layers, with the
// latency of each candidate stage asked of a cost function (measured on the real library by
// core/schedule/schedule_search.h; a table in tests).
//
// State: the set S of layers not yet scheduled. An ending of S is a non-empty E within S with no
// edge from E to S - E; it runs as the last stage of S, its groups being E's connected pieces (each
// run in node order). dp[S] = min over endings E of dp[S - E] + latency(E). Pruning as IOS: at most
// `max_groups` groups of at most `max_group_layers` layers each. The graph is first cut into blocks
// at layers every other layer precedes or follows (IOS's blocks); each block is searched alone.
#include <atomic>
#include <cstdint>
#include <functional>

#include "core/schedule/schedule.h"

namespace cnn {

struct IosOptions {
  int max_group_layers = 3;  // r (--max-group-layers)
  int max_groups = 8;        // s (--max-groups)
  int max_block_layers = 40; // a longer block is cut into pieces of this many layers, in node order
};

// Latency (ms, whole batch) of one stage run alone. Called once per distinct stage.
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
std::vector<std::pair<int, int>> schedule_blocks(const Graph& graph, int max_block_layers);

}  // namespace cnn
