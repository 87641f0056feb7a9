#pragma once
// Deterministic points, platforms and plans for the results-store tests and store_writer,
// an exact comparison (doubles bit for bit) that says what differs, and raw SQL on a store file.
#include <sqlite3.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/bench/selection.h"
#include "core/bench/point.h"

namespace store_fixtures {

// Point number i of a sweep: every 7th one failed (no timings, no layers), the others carry
// `layers` layers with `reps` per-layer timings each. Times are inexact binary fractions on purpose.
inline cnn::Point make_point(int i, int layers = 8, int reps = 5) {
  cnn::Point p;
  p.model = i % 2 ? "alexnet" : "googlenet";
  p.lib = i % 3 ? "openblas" : "reference";
  p.precision = i % 4 == 3 ? cnn::Precision::FP16 : cnn::Precision::FP32;
  p.graph = i % 8 == 5 ? cnn::GraphMode::Fused : cnn::GraphMode::Caffe;
  p.batch = 1 + i % 16;
  p.threads = 1 + i % 4;
  p.success = i % 7 != 6;
  if (!p.success) {
    p.error = "Layer 'conv" + std::to_string(i) + "' (Convolution) is not supported by " + p.lib + " in fp16.";
    p.memory.weights_bytes = 1000u + std::uint64_t(i);
    return p;
  }
  for (int r = 0; r < reps; ++r) p.time_fw_ms.push_back(10.0 / (3 + i + r) + 0.1 * r);
  for (int l = 0; l < layers; ++l) {
    cnn::LayerRecord rec;
    rec.index = l + 1;
    rec.name = "layer_" + std::to_string(l);
    rec.type = l % 2 ? "ReLU" : "Convolution";
    for (int r = 0; r < reps; ++r) rec.time_ms.push_back(1.0 / (7 + 3 * l + r + i));
    rec.macs = std::uint64_t(105415200) * std::uint64_t(l + 1) + std::uint64_t(i);
    rec.params = 34944u + std::uint64_t(l);
    rec.bytes_in = 618348u * std::uint64_t(p.batch);
    rec.bytes_out = 1161600u * std::uint64_t(p.batch);
    p.layers.push_back(std::move(rec));
  }
  p.memory = {243860896u + std::uint64_t(i), 4718592, 9437184, 1024u * std::uint64_t(i), 52428800, std::nullopt};
  if (i % 3 != 2) {  // how the reading was taken; the others as in a record made before these fields
    p.memory.tracked_bytes = 253000000u + std::uint64_t(i);
    p.visits = 1 + i % 4;
    p.provisional = i % 4 == 1;
    p.load_before = 0.25 * i;
    if (i % 2) p.load_after = 1.0 / (i + 3);
    p.noise_threshold = 0.05;
  }
  if (i % 8 == 3) {  // scheduled by IOS (stages of concurrent groups), with its schedule record
    p.scheduler = cnn::Scheduler::Ios;
    cnn::ScheduleRecord r;
    r.scheduler = cnn::Scheduler::Ios;
    r.schedule.stages = {cnn::Stage{{{1}}}, cnn::Stage{{{2, 3}, {4}}}, cnn::Stage{{{5, 6, 7, 8}}}};
    r.search_s = 0.5 + i;
    r.stages_measured = 3 + i;
    for (int s = 0; s < 3; ++s) r.stage_ms.push_back({1.0 / (3 + s + i), 1.0 / (5 + s + i)});
    p.schedule = r;
  } else if (i % 8 == 7) {
    p.scheduler = cnn::Scheduler::Greedy;  // no record: as a point the lead's runner may store
  }
  if (i % 6 == 1)  // top-1 measured on a labelled dataset (cnn-bench accuracy)
    p.accuracy = cnn::AccuracyReading{"fashion-mnist-test", 10000, 9000 + i};
  if (i % 5 == 4) {  // an executed adaptive plan, stored with its plan
    p.lib = "adaptive";
    cnn::AdaptivePlan plan;
    plan.model = p.model;
    plan.graph = p.graph = i % 10 == 9 ? cnn::GraphMode::Fused : cnn::GraphMode::Caffe;  // the plan's mode
    plan.batch = p.batch;
    plan.predicted_ms_per_image = 1.0 / (3 + i);
    plan.best_single = {"openblas", 1 + i % 3, 1.0 / (2 + i)};
    plan.source_run = i;
    for (const auto& rec : p.layers) plan.layers.push_back({rec.index, rec.name, rec.type, rec.index % 2 ? "onednn" : "openblas"});
    p.plan = plan;
  }
  return p;
}

inline cnn::Platform make_platform() {
  cnn::Platform p;
  p.cpu = "Intel(R) Xeon(R) Test CPU @ 2.20GHz";
  p.os = "Debian GNU/Linux 12 (bookworm), kernel 6.1.0 x86_64";
  p.compiler = "GNU 12.2.0";
  p.version = "0.1.0";
  p.cores = 16;
  p.started_at = "2026-11-21T14:41:00Z";
  p.libraries = {{"openblas", "0.3.21"}, {"blas_kernel", "Haswell"}, {"cudnn", "9.1.0"}};  // not alphabetical
  return p;
}

inline cnn::Selection make_selection() {
  cnn::Selection s;
  s.models = {"alexnet", "googlenet", "/tmp/models/my net.prototxt"};
  s.libs = {{"reference", {cnn::Precision::FP32}}, {"openblas", {cnn::Precision::FP32, cnn::Precision::FP16}}};
  s.batches = {1, 2, 4, 8};
  s.graphs = {cnn::GraphMode::Caffe, cnn::GraphMode::Fused};
  s.schedulers = {cnn::Scheduler::Sequential, cnn::Scheduler::Ios};
  s.config.threads = 3;
  s.config.warmup = 1;
  s.config.reps.min_reps = 7;
  s.config.reps.min_time_s = 0.25;
  s.config.reps.max_reps = 21;
  s.config.reps.rounds = 4;
  s.config.reps.noise_threshold = 0.075;
  s.config.allow_tf32 = true;
  s.config.seed = 0xFFFFFFFFFFFFFFF0ull;
  return s;
}

// Empty when equal; otherwise the first difference, for QVERIFY2.
inline std::string same_times(const std::vector<double>& a, const std::vector<double>& b, const std::string& what) {
  if (a.size() != b.size()) return what + ": " + std::to_string(a.size()) + " vs " + std::to_string(b.size()) + " times";
  for (std::size_t i = 0; i < a.size(); ++i) {
    const bool both_nan = std::isnan(a[i]) && std::isnan(b[i]);
    if (!both_nan && std::bit_cast<std::uint64_t>(a[i]) != std::bit_cast<std::uint64_t>(b[i]))
      return what + "[" + std::to_string(i) + "]: " + std::to_string(a[i]) + " vs " + std::to_string(b[i]);
  }
  return {};
}

inline std::string same_point(const cnn::Point& a, const cnn::Point& b) {
  if (a.model != b.model || a.lib != b.lib || a.precision != b.precision) return "model/lib/precision";
  if (a.graph != b.graph) return "graph";
  if (a.scheduler != b.scheduler || a.schedule != b.schedule) return "scheduler/schedule";
  if (a.batch != b.batch || a.threads != b.threads) return "batch/threads";
  if (a.success != b.success || a.error != b.error) return "success/error";
  const auto& m = a.memory;
  const auto& n = b.memory;
  if (m.weights_bytes != n.weights_bytes || m.activations_bytes != n.activations_bytes ||
      m.activations_total_bytes != n.activations_total_bytes || m.workspace_bytes != n.workspace_bytes ||
      m.measured_bytes != n.measured_bytes || m.tracked_bytes != n.tracked_bytes)
    return "memory";
  if (a.visits != b.visits || a.provisional != b.provisional) return "visits/provisional";
  if (a.load_before != b.load_before || a.load_after != b.load_after) return "load";
  if (a.noise_threshold != b.noise_threshold) return "noise_threshold";
  if (a.accuracy != b.accuracy) return "accuracy";
  if (auto d = same_times(a.time_fw_ms, b.time_fw_ms, "time_fw_ms"); !d.empty()) return d;
  if (a.plan != b.plan) return "plan";
  if (a.layers.size() != b.layers.size()) return "number of layers";
  for (std::size_t i = 0; i < a.layers.size(); ++i) {
    const auto& x = a.layers[i];
    const auto& y = b.layers[i];
    const std::string at = "layer " + std::to_string(i);
    if (x.index != y.index || x.name != y.name || x.type != y.type) return at + " index/name/type";
    if (x.macs != y.macs || x.params != y.params || x.bytes_in != y.bytes_in || x.bytes_out != y.bytes_out)
      return at + " counts";
    if (auto d = same_times(x.time_ms, y.time_ms, at + " time_ms"); !d.empty()) return d;
  }
  return {};
}

// Runs SQL on its own raw connection to `file`; returns the first column of the first row as text.
inline std::string raw_sql(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(file.c_str(), &db);
  std::string out;
  sqlite3_exec(
      db, sql.c_str(),
      [](void* o, int n, char** v, char**) {
        auto* s = static_cast<std::string*>(o);
        if (s->empty() && n > 0 && v[0]) *s = v[0];
        return 0;
      },
      &out, nullptr);
  sqlite3_close(db);
  return out;
}

}  // namespace store_fixtures
