#pragma once
// A small hand-built run for the chart tests: 2 models x 2 libraries x 3 batch sizes with per-layer
// records and memory, plus one failed point, and the models' metadata; adaptive points that ran the
// fixture's ideal adaptive plans; and a branchy model run with each scheduler. Reusable by other UI tests.
#include <QAbstractBarSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "core/analysis/adaptive_plans.h"
#include "ui/results_snapshot.h"

namespace ui_fixture {

// Per-image ms of each layer on one library at batch size 1 (made-up but plausible).
struct LayerCost {
  const char* name;
  const char* type;
  double reference_ms, openblas_ms;
};

inline const std::vector<LayerCost>& layers_of(const std::string& model) {
  // The reference loops win on the cheap layers (ReLU, Softmax): the adaptive solution gains there.
  static const std::vector<LayerCost> alexnet{{"conv1", "Convolution", 20.0, 4.0},
                                              {"relu1", "ReLU", 0.2, 0.3},
                                              {"conv2", "Convolution", 35.0, 6.0},
                                              {"fc6", "InnerProduct", 5.0, 3.0},
                                              {"prob", "Softmax", 0.03, 0.05}};
  static const std::vector<LayerCost> squeezenet{{"conv1", "Convolution", 9.0, 1.5},
                                                 {"fire2/squeeze1x1", "Convolution", 5.0, 0.8},
                                                 {"fire2/relu", "ReLU", 0.1, 0.15},
                                                 {"conv10", "Convolution", 4.0, 0.7},
                                                 {"pool10", "Pooling", 0.01, 0.02}};
  return model == "alexnet" ? alexnet : squeezenet;
}

// Repetition r (0..2) of a whole-batch time: per-image ms x batch x the batch's efficiency x jitter.
inline double whole_batch_ms(double per_image_ms, int batch, int r) {
  static const double jitter[] = {0.97, 1.0, 1.03};
  return per_image_ms * batch * (1.0 + 0.8 / batch) * jitter[r];
}

inline cnn::Point make_point(const std::string& model, const std::string& lib, int batch) {
  cnn::Point p;
  p.model = model;
  p.lib = lib;
  p.precision = cnn::Precision::FP32;
  p.batch = batch;
  p.threads = 2;
  p.success = true;
  int index = 0;
  for (const LayerCost& cost : layers_of(model)) {
    cnn::LayerRecord layer;
    layer.index = index++;
    layer.name = cost.name;
    layer.type = cost.type;
    const double ms = lib == "reference" ? cost.reference_ms : cost.openblas_ms;
    for (int r = 0; r < 3; ++r) layer.time_ms.push_back(whole_batch_ms(ms, batch, r));
    // Costs for the roofline: convolutions 1e9 FLOPs over 1e6 bytes per image (intensity 1000), inner
    // products 1e8 over 1e8 (1), every other layer 1e6 over 1e7 (0.1).
    const bool conv = layer.type == "Convolution", fc = layer.type == "InnerProduct";
    layer.flops = static_cast<std::uint64_t>((conv ? 1e9 : fc ? 1e8 : 1e6) * batch);
    layer.bytes_in = static_cast<std::uint64_t>((conv ? 1e6 : fc ? 1e8 : 1e7) * batch);
    p.layers.push_back(layer);
  }
  for (int r = 0; r < 3; ++r) {
    double sum = 0;
    for (const cnn::LayerRecord& layer : p.layers) sum += layer.time_ms[r];
    p.time_fw_ms.push_back(sum * 1.02);  // the end-to-end pass costs a little more
  }
  const double weights = model == "alexnet" ? 244e6 : 5e6;
  p.memory.weights_bytes = static_cast<std::uint64_t>(weights);
  p.memory.activations_bytes = static_cast<std::uint64_t>(batch * (model == "alexnet" ? 4e6 : 9e6));
  p.memory.activations_total_bytes = static_cast<std::uint64_t>(batch * (model == "alexnet" ? 9e6 : 25e6));
  p.memory.workspace_bytes = lib == "openblas" ? static_cast<std::uint64_t>(batch * 3.5e6) : 0;
  p.memory.measured_bytes = static_cast<std::uint64_t>(weights + batch * 14e6);
  return p;
}

inline cnn::ModelInfo model_info(const std::string& id, const std::string& name, double top1, double top5) {
  cnn::ModelInfo info;
  info.id = id;
  info.name = name;
  info.top1 = top1;
  info.top5 = top5;
  return info;
}

// The run: alexnet and squeezenet-1.1 on reference and openblas at batch 2, 4 and 8, and a failed
// openblas point at batch 16.
inline cnn::ui::ResultsSnapshot snapshot() {
  cnn::ui::ResultsSnapshot s;
  for (const char* model : {"alexnet", "squeezenet-1.1"})
    for (const char* lib : {"reference", "openblas"})
      for (int batch : {2, 4, 8}) s.points.push_back(make_point(model, lib, batch));
  cnn::Point failed = make_point("alexnet", "openblas", 16);
  failed.success = false;
  failed.error = "The fixture failed on purpose.";
  failed.time_fw_ms = {0.001};  // would be the best by far if it counted
  s.points.push_back(failed);
  // The machine's ceilings: OpenBLAS's GEMM peak 100 GFLOP/s (median of 95, 100, 105), triad 10 GB/s.
  cnn::MachineRecord m;
  m.measured_at = "2026-12-07T08:00:00Z";
  m.cpu = "Test CPU";
  m.threads = 2;
  m.libraries = {{"reference", cnn::MemorySpace::Host}, {"openblas", cnn::MemorySpace::Host}};
  m.ceilings = {{cnn::CeilingKind::Compute, cnn::MemorySpace::Host, "openblas", cnn::Precision::FP32, {95, 100, 105}, "sgemm"},
                {cnn::CeilingKind::Bandwidth, cnn::MemorySpace::Host, "triad", cnn::Precision::FP32, {10}, "triad"}};
  s.machine = m;
  s.models["alexnet"] = model_info("alexnet", "AlexNet (BVLC)", 0.5720, 0.8020);
  s.models["squeezenet-1.1"] = model_info("squeezenet-1.1", "SqueezeNet 1.1", 0.5810, 0.8042);
  s.published = {{"alexnet", "openblas", cnn::Precision::FP32, 124.327292, 16},
                 {"alexnet", "cudnn", cnn::Precision::FP32, 7.413354, 16},
                 {"alexnet", "cudnn", cnn::Precision::FP16, 5.064858, 16}};
  return s;
}

// The fixture's adaptive plan of `model` over reference and openblas fp32 (from analysis).
inline cnn::AdaptivePlan adaptive_plan(const std::vector<cnn::Point>& points, const std::string& model) {
  const std::vector<cnn::analysis::Series> chosen{{"openblas", cnn::Precision::FP32}, {"reference", cnn::Precision::FP32}};
  for (const cnn::analysis::AdaptiveResult& a : cnn::analysis::ideal_adaptive(points, chosen))
    if (a.model == model && a.ok()) return cnn::analysis::to_plan(a, 7);
  throw std::runtime_error("the fixture has no adaptive plan for " + model);
}

// A point of lib "adaptive" that ran `plan`: each layer `factor` times its time on the plan's
// library at the plan's batch, and after the first layer a reorder step of `step_ms` per image.
inline cnn::Point adaptive_point(const cnn::AdaptivePlan& plan, double factor, double step_ms) {
  cnn::Point p;
  p.model = plan.model;
  p.lib = "adaptive";
  p.precision = plan.precision;
  p.batch = plan.batch;
  p.threads = 2;
  p.success = true;
  p.plan = plan;
  for (const cnn::PlannedLayer& planned : plan.layers) {
    const cnn::Point single = make_point(plan.model, planned.lib, plan.batch);
    cnn::LayerRecord layer = single.layers[std::size_t(planned.index)];
    for (double& t : layer.time_ms) t *= factor;
    p.layers.push_back(layer);
    if (planned.index == 0 && step_ms > 0) {
      cnn::LayerRecord step;
      step.index = 0;
      step.name = planned.name + " reorder in";
      step.type = "Reorder";
      step.time_ms = {step_ms * plan.batch, step_ms * plan.batch, step_ms * plan.batch};
      p.layers.push_back(step);
    }
  }
  for (int r = 0; r < 3; ++r) {
    double sum = 0;
    for (const cnn::LayerRecord& layer : p.layers) sum += layer.time_ms[std::size_t(r)];
    p.time_fw_ms.push_back(sum);
  }
  return p;
}

// A small branchy model on OpenBLAS: conv1, then two branches (b1 -> b1_relu, and b2), then concat
// and fc. Per-image ms of each layer (the per-layer pass), in node order.
inline const std::vector<LayerCost>& branchy_layers() {
  static const std::vector<LayerCost> layers{{"conv1", "Convolution", 0, 4.0}, {"b1", "Convolution", 0, 2.0},
                                             {"b1_relu", "ReLU", 0, 0.5},       {"b2", "Convolution", 0, 3.0},
                                             {"concat", "Concat", 0, 0.2},      {"fc", "InnerProduct", 0, 1.0}};
  return layers;
}

// Its schedule with `scheduler`, and each stage's per-image median ms: sequential every layer
// alone; greedy every ready layer at once (b1 beside b2); IOS three stages: conv1, then the branch
// b1 -> b1_relu beside b2, then concat -> fc.
inline std::pair<cnn::Schedule, std::vector<double>> branchy_schedule(cnn::Scheduler scheduler) {
  using cnn::Stage;
  switch (scheduler) {
    case cnn::Scheduler::Sequential:
      return {{{Stage{{{0}}}, Stage{{{1}}}, Stage{{{2}}}, Stage{{{3}}}, Stage{{{4}}}, Stage{{{5}}}}},
              {4.0, 2.0, 0.5, 3.0, 0.2, 1.0}};
    case cnn::Scheduler::Greedy:
      return {{{Stage{{{0}}}, Stage{{{1}, {3}}}, Stage{{{2}}}, Stage{{{4}}}, Stage{{{5}}}}}, {4.0, 3.6, 0.5, 0.2, 1.0}};
    case cnn::Scheduler::Ios: break;
  }
  return {{{Stage{{{0}}}, Stage{{{1, 2}, {3}}}, Stage{{{4, 5}}}}}, {4.0, 3.2, 1.2}};
}

// The branchy model's point with `scheduler` at `batch` (per image 0.75 times as long at batch 4
// as at 1): its schedule record, each stage timed in three repetitions (x 0.97, 1, 1.03), the
// end-to-end pass their sum.
inline cnn::Point branchy_point(cnn::Scheduler scheduler, int batch) {
  static const double jitter[] = {0.97, 1.0, 1.03};
  const double scale = batch * (batch == 1 ? 1.0 : 0.75);
  cnn::Point p;
  p.model = "branchy";
  p.lib = "openblas";
  p.batch = batch;
  p.threads = 2;
  p.success = true;
  p.scheduler = scheduler;
  int index = 0;
  for (const LayerCost& cost : branchy_layers()) {
    cnn::LayerRecord layer;
    layer.index = index++;
    layer.name = cost.name;
    layer.type = cost.type;
    for (double j : jitter) layer.time_ms.push_back(cost.openblas_ms * scale * j);
    p.layers.push_back(layer);
  }
  cnn::ScheduleRecord record;
  record.scheduler = scheduler;
  std::vector<double> stage_ms;
  std::tie(record.schedule, stage_ms) = branchy_schedule(scheduler);
  for (double ms : stage_ms) {
    record.stage_ms.emplace_back();
    for (double j : jitter) record.stage_ms.back().push_back(ms * scale * j);
  }
  for (std::size_t r = 0; r < 3; ++r) {
    double sum = 0;
    for (const std::vector<double>& stage : record.stage_ms) sum += stage[r];
    p.time_fw_ms.push_back(sum);
  }
  p.schedule = record;
  return p;
}

// The fixture run with the branchy model on OpenBLAS with each scheduler at batch 1 and 4.
inline cnn::ui::ResultsSnapshot snapshot_with_schedules() {
  cnn::ui::ResultsSnapshot s = snapshot();
  for (int batch : {1, 4})
    for (cnn::Scheduler scheduler : {cnn::Scheduler::Sequential, cnn::Scheduler::Greedy, cnn::Scheduler::Ios})
      s.points.push_back(branchy_point(scheduler, batch));
  s.models["branchy"] = model_info("branchy", "Branchy (test)", 0, 0);
  return s;
}

// Every bar set of a chart, series by series.
inline QList<QBarSet*> bar_sets(QChart* chart) {
  QList<QBarSet*> sets;
  for (QAbstractSeries* s : chart->series())
    if (auto* bars = qobject_cast<QAbstractBarSeries*>(s)) sets << bars->barSets();
  return sets;
}

// The categories of a chart's bar category axis; empty when it has none.
inline QStringList categories(QChart* chart) {
  for (QAbstractAxis* axis : chart->axes())
    if (auto* c = qobject_cast<QBarCategoryAxis*>(axis)) return c->categories();
  return {};
}

}  // namespace ui_fixture
