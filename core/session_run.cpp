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
// An op on another stream than a device library's own runs, alone, between a fork and a join, so
// that the observer's marks on the library's own stream enclose it.
void Session::run_node(int node, LayerObserver* observer, int stream) {
  const auto& n = graph_.nodes()[std::size_t(node)];
  std::vector<Tensor*> out;
  for (int v : n.outputs) out.push_back(&values_[v]);
  Op& op = *last_op_[std::size_t(node)];
  Backend* lib = layer_libs_[std::size_t(node)];
  if (observer) observer->before_layer(node);
  for (Transfer& t : transfers_)
    if (t.before == node) run_transfer(t);
  if (stream > 0) lib->fork_streams(stream + 1);
  op.forward(reads_[std::size_t(node)], out);
  if (stream > 0) lib->join_streams(stream + 1);
  if (observer) {
    if (observer->synchronize_each_layer()) lib->synchronize();
    observer->after_layer(node);
  }
}

// A stage of more than one group: lane k runs groups k, k + lanes, ... with its share of the threads.
void Session::run_groups(const Stage& stage, const std::atomic<bool>* cancel) {
  const int lanes = std::min<int>(int(stage.groups.size()), config_.threads);
  team_here_ = 0;  // lane 0 sets its share on this thread (also when a lane throws)
  lanes_.run(lanes, [&](int lane) {
    for (std::size_t g = std::size_t(lane); g < stage.groups.size(); g += std::size_t(lanes)) {
      const OpKey key = key_of(stage, g);
      for (Backend* b : libs_) b->set_thread_team(key.team, true);
      for (int node : stage.groups[g]) {
        if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled();
        last_op_[std::size_t(node)] = &op_for_existing(node, key);
        run_node(node, nullptr);
      }
    }
  });
}

// A stage of more than one group on a device library: queued from this thread, group g on stream
// g mod streams, the streams forked from the library's own before and joined into it after.
void Session::run_streams(const Stage& stage, const std::atomic<bool>* cancel) {
  Backend* lib = libs_.front();
  const int n = std::min<int>(int(stage.groups.size()), device_streams_);
  lib->fork_streams(n);
  for (std::size_t g = 0; g < stage.groups.size(); ++g)
    for (int node : stage.groups[g]) {
      if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled();  // synchronize() waits for all streams
      last_op_[std::size_t(node)] = &op_for_existing(node, key_of(stage, g));
      run_node(node, nullptr);
    }
  lib->join_streams(n);
}

void Session::forward(LayerObserver* observer, const std::atomic<bool>* cancel) {
  enqueue_forward(observer, cancel);
  synchronize();
}

void Session::enqueue_forward(LayerObserver* observer, const std::atomic<bool>* cancel) {
  Backend* previous = nullptr;
  auto alone = [&](int node, OpKey key) {
    if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled();
    // Work queued by another library completes before this one reads (and reuses) its memory.
    Backend* lib = layer_libs_[std::size_t(node)];
    if (previous && previous != lib) previous->synchronize();
    previous = lib;
    if (key.team != team_here_) {
      set_team_here(key.team, false);
      team_here_ = key.team;
    }
    last_op_[std::size_t(node)] = &op_for_existing(node, key);
    run_node(node, observer, key.stream);
  };
  stage_ms_.assign(schedule_.stages.size(), 0.0);
  // On one device library the stages are timed by marks on its stream, read at synchronize().
  const bool marks = stage_timer_ && !observer;
  if (marks) {
    stage_timer_->clear();
    stage_timer_->mark();
  }
  stage_marks_pending_ = false;  // until every stage is marked (a cancelled pass leaves fewer marks)
  for (std::size_t s = 0; s < schedule_.stages.size(); ++s) {
    const Stage& stage = schedule_.stages[s];
    const auto t0 = std::chrono::steady_clock::now();
    if (stage.merged && !observer) {
      if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled();
      Backend* lib = layer_libs_[std::size_t(stage.groups[0][0])];
      if (previous && previous != lib) previous->synchronize();
      previous = lib;
      run_merged(*stage_merge_[s]);
      for (const auto& group : stage.groups)
        for (std::size_t k = 1; k < group.size(); ++k) alone(group[k], {config_.threads, 0});
    } else if (stage.groups.size() == 1 || observer) {
      for (std::size_t g = 0; g < stage.groups.size(); ++g)
        for (int node : stage.groups[g]) alone(node, key_of(stage, g));
    } else if (device_streams_ > 0) {
      run_streams(stage, cancel);
    } else {
      run_groups(stage, cancel);
      previous = nullptr;
    }
    if (marks) stage_timer_->mark();
    else if (!observer) stage_ms_[s] = ms_since(t0);
  }
  stage_marks_pending_ = marks;
  // This thread leaves the pass with the run's whole team, not a lane's share, whoever runs next on it.
  if (team_here_ != config_.threads) {
    set_team_here(config_.threads, false);
    team_here_ = config_.threads;
  }
}

void Session::prepare_stage(const Stage& stage) {
  if (auto why = concurrency_refusal(stage)) throw std::runtime_error(*why);
  for (std::size_t g = 0; g < stage.groups.size(); ++g)
    for (int node : stage.groups[g]) op_for(node, key_of(stage, g));
  if (stage.merged) merge_for(stage);
}

void Session::run_stage(const Stage& stage, const std::atomic<bool>* cancel) {
  if (stage.merged) {
    if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled();
    run_merged(merge_for(stage));  // found: prepare_stage made it
    for (const auto& group : stage.groups)
      for (std::size_t k = 1; k < group.size(); ++k) {
        last_op_[std::size_t(group[k])] = &op_for_existing(group[k], {config_.threads, 0});
        run_node(group[k], nullptr);
      }
    return;
  }
  if (stage.groups.size() > 1 && device_streams_ > 0) {
    run_streams(stage, cancel);
    return;
  }
  if (stage.groups.size() > 1) {
    run_groups(stage, cancel);
    set_team_here(config_.threads, false);  // as a pass leaves it
    team_here_ = config_.threads;
    return;
  }
  const OpKey key = key_of(stage, 0);
  if (key.team != team_here_) {
    set_team_here(key.team, false);
    team_here_ = key.team;
  }
  for (int node : stage.groups[0]) {
    if (cancel && cancel->load(std::memory_order_relaxed)) throw Cancelled();
    last_op_[std::size_t(node)] = &op_for_existing(node, key);
    run_node(node, nullptr);
  }
}

Op& Session::op_for_existing(int node, OpKey key) {
  for (auto& [k, op] : ops_[std::size_t(node)])
    if (k == key) return *op;
  assert(false && "prepare_stage() creates a stage's ops before it runs");
  std::abort();
}

void Session::synchronize() {
  for (Backend* b : libs_) b->synchronize();
  if (!stage_marks_pending_) return;
  stage_marks_pending_ = false;
  for (std::size_t s = 0; s < stage_ms_.size(); ++s) stage_ms_[s] = stage_timer_->elapsed_ms(int(s), int(s) + 1);
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
