#include "core/schedule/schedule.h"

#include <algorithm>
#include <ostream>

#include "core/model/graph.h"
#include "core/schedule/merge.h"

namespace cnn {

std::string_view to_string(Scheduler s) {
  switch (s) {
    case Scheduler::Sequential: return "sequential";
    case Scheduler::Greedy: return "greedy";
    case Scheduler::Ios: return "ios";
  }
  return "sequential";
}

std::optional<Scheduler> parse_scheduler(std::string_view s) {
  for (Scheduler k : {Scheduler::Sequential, Scheduler::Greedy, Scheduler::Ios})
    if (s == to_string(k)) return k;
  return std::nullopt;
}

std::ostream& operator<<(std::ostream& out, Scheduler s) { return out << to_string(s); }

int Stage::layers() const {
  int n = 0;
  for (const auto& g : groups) n += int(g.size());
  return n;
}

int Schedule::concurrent_stages() const {
  return int(std::count_if(stages.begin(), stages.end(), [](const Stage& s) { return s.groups.size() > 1 && !s.merged; }));
}

int Schedule::merged_stages() const {
  return int(std::count_if(stages.begin(), stages.end(), [](const Stage& s) { return s.merged; }));
}

Schedule sequential_schedule(const Graph& graph) {
  Schedule s;
  for (std::size_t i = 0; i < graph.nodes().size(); ++i) s.stages.push_back({{{int(i)}}});
  return s;
}

// Producers of node i's inputs (graph inputs have none).
static std::vector<int> producers_of(const Graph& graph, int i) {
  std::vector<int> p;
  for (int v : graph.nodes()[std::size_t(i)].inputs)
    if (const int q = graph.values()[std::size_t(v)].producer; q >= 0) p.push_back(q);
  return p;
}

Schedule greedy_schedule(const Graph& graph) {
  const std::size_t n = graph.nodes().size();
  std::vector<bool> done(n, false);
  Schedule s;
  for (std::size_t scheduled = 0; scheduled < n;) {
    Stage stage;
    for (std::size_t i = 0; i < n; ++i) {
      if (done[i]) continue;
      const auto p = producers_of(graph, int(i));
      if (std::all_of(p.begin(), p.end(), [&](int q) { return bool(done[std::size_t(q)]); }))
        stage.groups.push_back({int(i)});
    }
    for (const auto& g : stage.groups) done[std::size_t(g[0])] = true;
    scheduled += stage.groups.size();
    s.stages.push_back(std::move(stage));
  }
  return s;
}

std::optional<std::string> schedule_error(const Graph& graph, const Schedule& schedule) {
  const int n = int(graph.nodes().size());
  std::vector<int> stage_of(std::size_t(n), -1), group_of(std::size_t(n), -1), pos_of(std::size_t(n), -1);
  auto name = [&](int i) { return "layer '" + graph.nodes()[std::size_t(i)].desc.name + "'"; };
  for (std::size_t s = 0; s < schedule.stages.size(); ++s) {
    const Stage& stage = schedule.stages[s];
    if (stage.groups.empty()) return "stage " + std::to_string(s + 1) + " of the schedule has no groups";
    for (std::size_t g = 0; g < stage.groups.size(); ++g) {
      if (stage.groups[g].empty())
        return "group " + std::to_string(g + 1) + " of stage " + std::to_string(s + 1) + " has no layers";
      for (std::size_t k = 0; k < stage.groups[g].size(); ++k) {
        const int i = stage.groups[g][k];
        if (i < 0 || i >= n) return "the schedule names node " + std::to_string(i) + ", which the graph lacks";
        if (stage_of[std::size_t(i)] >= 0) return "the schedule runs " + name(i) + " twice";
        stage_of[std::size_t(i)] = int(s);
        group_of[std::size_t(i)] = int(g);
        pos_of[std::size_t(i)] = int(k);
      }
    }
  }
  for (int i = 0; i < n; ++i)
    if (stage_of[std::size_t(i)] < 0) return "the schedule never runs " + name(i);
  for (std::size_t s = 0; s < schedule.stages.size(); ++s) {
    const Stage& stage = schedule.stages[s];
    if (!stage.merged) continue;
    std::vector<int> heads;
    for (const auto& g : stage.groups) heads.push_back(g.front());
    if (auto why = merge_error(graph, heads)) return "stage " + std::to_string(s + 1) + " cannot merge: " + *why;
  }
  for (int i = 0; i < n; ++i)
    for (int p : producers_of(graph, i)) {
      const auto si = stage_of[std::size_t(i)], sp = stage_of[std::size_t(p)];
      if (sp < si) continue;
      if (sp == si && group_of[std::size_t(p)] == group_of[std::size_t(i)] && pos_of[std::size_t(p)] < pos_of[std::size_t(i)])
        continue;
      return "the schedule runs " + name(i) + " before or beside " + name(p) + ", whose output it reads";
    }
  return std::nullopt;
}

std::vector<int> serial_order(const Schedule& schedule) {
  std::vector<int> order;
  for (const Stage& s : schedule.stages)
    for (const auto& g : s.groups) order.insert(order.end(), g.begin(), g.end());
  return order;
}

}  // namespace cnn
