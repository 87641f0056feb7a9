#pragma once
// Schedule: how one forward pass runs a graph's layers as stages of concurrent groups (IOS, Ding et
// al., MLSys 2021). A stage is a set of groups that run at the same time, each group a chain of
// layers run in order; stages run one after another. A stage of one group of one layer is today's
// sequential execution.
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cnn {

class Graph;

// Which scheduler chose a point's schedule: every layer alone in node order (the default), every
// ready layer at once (IOS's greedy baseline), or IOS's dynamic program over measured stages.
enum class Scheduler : std::uint8_t { Sequential, Greedy, Ios };
std::string_view to_string(Scheduler s);                 // "sequential" / "greedy" / "ios"
std::optional<Scheduler> parse_scheduler(std::string_view s);
std::ostream& operator<<(std::ostream& out, Scheduler s);
template <class Json>
void to_json(Json& j, Scheduler s) {
  j = std::string(to_string(s));
}

struct Stage {
  std::vector<std::vector<int>> groups;  // graph node indices; each group in the order it runs
  // IOS's merge stage (core/schedule/merge.h): the groups' first layers, convolutions of one input,
  // run as one wider convolution on the whole thread team, then each group's other layers in order.
  bool merged = false;
  bool operator==(const Stage&) const = default;
  int layers() const;                    // in all its groups
};

struct Schedule {
  std::vector<Stage> stages;
  bool operator==(const Schedule&) const = default;
  int concurrent_stages() const;  // stages of more than one group that run at once (not merged)
  int merged_stages() const;
};

// Every layer alone, in node order.
Schedule sequential_schedule(const Graph& graph);
// Greedy (IOS's baseline): each stage holds every layer whose inputs are ready, each its own group.
Schedule greedy_schedule(const Graph& graph);

// One sentence naming what is wrong, or nullopt when `schedule` runs `graph`: every node exactly
// once, each after the producers of its inputs (a producer in an earlier stage, or earlier in the
// same group), no two groups of a stage linked by an edge, and a merged stage's first layers able
// to merge (merge_error).
std::optional<std::string> schedule_error(const Graph& graph, const Schedule& schedule);

// The nodes in the order one thread runs the schedule (stage by stage, group by group); a
// topological order of the graph.
std::vector<int> serial_order(const Schedule& schedule);

// How a point's schedule was chosen and ran ("schedule" in its record): the scheduler, the stages,
// the search's cost, and each stage's time per end-to-end repetition.
struct ScheduleRecord {
  Scheduler scheduler = Scheduler::Sequential;
  Schedule schedule;
  double search_s = 0;         // "search_s": wall time the search took (0 for sequential and greedy)
  int stages_measured = 0;     // "stages_measured": distinct candidate stages timed by the search
  // "stage_ms": per stage, its time in each end-to-end repetition (whole batch, host clock).
  std::vector<std::vector<double>> stage_ms;
  bool operator==(const ScheduleRecord&) const = default;
};

}  // namespace cnn
