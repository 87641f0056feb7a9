// How a Session runs: transfers between memories, the schedule's stages (concurrent groups on
// lanes), and single stages for a search.
#include <algorithm>
#include <cassert>
#include <chrono>
#include <cstdlib>
#include <set>

#include "core/session.h"
#include "core/session_internal.h"

namespace cnn {
using session_internal::on_host;

namespace {
double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

// Host -> device: the reader uploads; device -> host: the home downloads; between two device
// domains: through a host copy.
void Session::run_transfer(Transfer& t) {
  const auto t0 = std::chrono::steady_clock::now();
  Backend* from = home_[t.value];
  Tensor& mirror = mirrors_[t.mirror];
  if (on_host(from)) {
    t.to->upload(values_[t.value], mirror);
  } else if (on_host(t.to)) {
    from->download(values_[t.value], mirror);
  } else {
    Tensor host = Tensor::allocate(mirror.shape());
    from->download(values_[t.value], host);
    t.to->upload(host, mirror);
  }
  t.ms = ms_since(t0);
}

void Session::set_team_here(int team, bool beside_others) {
  for (Backend* b : libs_) b->set_thread_team(team, beside_others);
}

// One layer on the calling thread with the op last_op_ names: the copies it needs first, then the op.
void Session::run_node(int node, LayerObserver* observer) {
  const auto& n = graph_.nodes()[std::size_t(node)];
  std::vector<Tensor*> out;
  for (int v : n.outputs) out.push_back(&values_[v]);
  Op& op = *last_op_[std::size_t(node)];
  if (observer) observer->before_layer(node);
  for (Transfer& t : transfers_)
    if (t.before == node) run_transfer(t);
  op.forward(reads_[std::size_t(node)], out);
  if (observer) {
    if (observer->synchronize_each_layer()) layer_libs_[std::size_t(node)]->synchronize();
    observer->after_layer(node);
  }
}

// A stage of more than one group: lane k runs groups k, k + lanes, ... with its share of the threads.
void Session::run_groups(const Stage& stage, const std::atomic<bool>* cancel) {
  const int lanes = std::min<int>(int(stage.groups.size()), config_.threads);
  team_here_ = 0;  // lane 0 sets its share on this thread (also when a lane throws)
  lanes_.run(lanes, [&](int lane) {
    for (std::size_t g = std::size_t(lane); g < stage.groups.size(); g += std::size_t(lanes)) {
      const int team = team_of(stage, g);
      for (Backend* b : libs_) b->set_thread_team(team, true);
      for (int node : stage.groups[g]) {
        if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled();
        last_op_[std::size_t(node)] = &op_for_existing(node, team);
        run_node(node, nullptr);
      }
    }
  });
}

void Session::forward(LayerObserver* observer, const std::atomic<bool>* cancel) {
  enqueue_forward(observer, cancel);
  synchronize();
}

void Session::enqueue_forward(LayerObserver* observer, const std::atomic<bool>* cancel) {
  Backend* previous = nullptr;
  auto alone = [&](int node, int team) {
    if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled();
    // Work queued by another library completes before this one reads (and reuses) its memory.
    Backend* lib = layer_libs_[std::size_t(node)];
    if (previous && previous != lib) previous->synchronize();
    previous = lib;
    if (team != team_here_) {
      set_team_here(team, false);
      team_here_ = team;
    }
    last_op_[std::size_t(node)] = &op_for_existing(node, team);
    run_node(node, observer);
  };
  stage_ms_.assign(schedule_.stages.size(), 0.0);
  for (std::size_t s = 0; s < schedule_.stages.size(); ++s) {
    const Stage& stage = schedule_.stages[s];
    const auto t0 = std::chrono::steady_clock::now();
    if (stage.merged && !observer) {
      if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled();
      Backend* lib = layer_libs_[std::size_t(stage.groups[0][0])];
      if (previous && previous != lib) previous->synchronize();
      previous = lib;
      run_merged(stage);
      for (const auto& group : stage.groups)
        for (std::size_t k = 1; k < group.size(); ++k) alone(group[k], config_.threads);
    } else if (stage.groups.size() == 1 || observer) {
      for (std::size_t g = 0; g < stage.groups.size(); ++g)
        for (int node : stage.groups[g]) alone(node, team_of(stage, g));
    } else {
      run_groups(stage, cancel);
      previous = nullptr;
    }
    if (!observer) stage_ms_[s] = ms_since(t0);
  }
  // This thread leaves the pass with the run's whole team, not a lane's share, whoever runs next on it.
  if (team_here_ != config_.threads) {
    set_team_here(config_.threads, false);
    team_here_ = config_.threads;
  }
}

void Session::prepare_stage(const Stage& stage) {
  for (std::size_t g = 0; g < stage.groups.size(); ++g)
    for (int node : stage.groups[g]) op_for(node, team_of(stage, g));
  if (stage.merged) merge_for(stage);
}

void Session::run_stage(const Stage& stage, const std::atomic<bool>* cancel) {
  if (stage.merged) {
    if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled();
    run_merged(stage);
    for (const auto& group : stage.groups)
      for (std::size_t k = 1; k < group.size(); ++k) {
        last_op_[std::size_t(group[k])] = &op_for_existing(group[k], config_.threads);
        run_node(group[k], nullptr);
      }
    return;
  }
  if (stage.groups.size() > 1) {
    run_groups(stage, cancel);
    set_team_here(config_.threads, false);  // as a pass leaves it
    team_here_ = config_.threads;
    return;
  }
  const int team = team_of(stage, 0);
  if (team != team_here_) {
    set_team_here(team, false);
    team_here_ = team;
  }
  for (int node : stage.groups[0]) {
    if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled();
    last_op_[std::size_t(node)] = &op_for_existing(node, team);
    run_node(node, nullptr);
  }
}

Op& Session::op_for_existing(int node, int team) {
  for (auto& [t, op] : ops_[std::size_t(node)])
    if (t == team) return *op;
  assert(false && "prepare_stage() creates a stage's ops before it runs");
  std::abort();
}

void Session::synchronize() {
  for (Backend* b : libs_) b->synchronize();
}

std::vector<TimedStep> Session::steps(int node) const {
  std::vector<TimedStep> out;
  for (const Transfer& t : transfers_)
    if (t.before == node) out.push_back({kTransferType, t.name, t.ms});
  const std::string& layer = graph_.nodes().at(std::size_t(node)).desc.name;
  for (const OpStage& s : last_op_[std::size_t(node)]->last_stages()) out.push_back({kReorderType, layer + " " + s.name, s.ms});
  return out;
}

}  // namespace cnn
