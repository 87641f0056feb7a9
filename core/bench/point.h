#pragma once
// Point: what one measured (model, library, precision, batch) stores. JSON names in comments.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/backend.h"
#include "core/bench/adaptive_plan.h"
#include "core/schedule/schedule.h"

namespace cnn {

class BackendRegistry;

struct LayerRecord {
  int index = 0;                // graph node index
  std::string name, type;       // "name", "type" (Caffe type name, or kReorderType / kTransferType
                                // for a step recorded after its layer, with the layer's index)
  std::vector<double> time_ms;  // "time_ms": per repetition, whole batch
  std::uint64_t macs = 0, params = 0, bytes_in = 0, bytes_out = 0;  // whole batch
  std::optional<std::uint64_t> flops;  // "flops": whole batch (LayerStats::flops); absent in older records
};

// Whether the record is a reorder or transfer step rather than a layer of the model.
inline bool is_stage(const LayerRecord& record) {
  return record.type == kReorderType || record.type == kTransferType;
}

// Top-1 classification accuracy measured on a labelled dataset (cnn-bench accuracy) with a point's
// library, precision and graph mode.
struct AccuracyReading {
  std::string dataset;  // "dataset": e.g. "fashion-mnist-test"
  int images = 0;       // "images": how many were classified
  int correct = 0;      // "correct": how many the top-scoring class got right
  double top1() const { return images > 0 ? double(correct) / images : 0; }
  bool operator==(const AccuracyReading&) const = default;
};

struct Point {
  std::string model, lib;
  Precision precision = Precision::FP32;  // "precision": "fp32" / "fp16"
  GraphMode graph = GraphMode::Caffe;     // "graph": "caffe" / "fused"; absent in older records: caffe
  // "scheduler": "sequential" / "greedy" / "ios"; absent in older records: sequential.
  Scheduler scheduler = Scheduler::Sequential;
  int batch = 0, threads = 0;
  bool success = false;
  std::string error;               // one sentence when !success
  std::vector<double> time_fw_ms;  // "time_fw_ms": end-to-end pass, per repetition, whole batch
  // Device libraries only (empty on the host): the end-to-end pass's host -> device input copy and
  // device -> host output copy, per repetition, outside time_fw_ms. "transfer_in_ms", "transfer_out_ms".
  std::vector<double> transfer_in_ms, transfer_out_ms;
  std::vector<LayerRecord> layers; // per-layer pass
  MemoryUse memory;                // "memory"
  // lib "adaptive" only: the plan that ran ("plan"); its layers' libraries, predicted time and
  // best single library.
  std::optional<AdaptivePlan> plan;
  // "schedule": the schedule that ran and each stage's times (core/schedule/schedule_json.h); absent
  // in sequential points measured before schedules were recorded, may be present for any scheduler.
  std::optional<ScheduleRecord> schedule;

  // How the reading was taken; absent (0 / nullopt) in records made before these existed.
  int visits = 0;                   // "visits": in how many rounds of the sweep it was measured
  bool provisional = false;         // "provisional": recorded before its last visit (the sweep went on,
                                    // or was stopped before the point's reading was complete)
  std::optional<double> load_before, load_after;  // "load_before", "load_after": the 1-minute load
                                                  // average at its first visit's start and last visit's end
  std::optional<double> noise_threshold;          // "noise_threshold": the run's CoV threshold (0.05 = 5 %)
  std::optional<AccuracyReading> accuracy;        // "accuracy": measured, where a dataset was classified
};

// Where the run happened; recorded once per run.
struct Platform {
  std::string cpu, os, compiler, version;  // version: cnn-explorer's
  int cores = 0;
  std::string started_at;                  // ISO 8601 UTC
  std::vector<std::pair<std::string, std::string>> libraries;  // from BackendInfo::details, plus "blas_kernel" etc.
};

Platform detect_platform();  // CPU model, cores, OS, compiler; libraries left to the caller
// detect_platform() with started_at = now and, per registered library, "<id>": its name (with the
// reason when unavailable) and "<id>.<key>": each of its details.
Platform run_platform(const BackendRegistry& registry);
std::string utc_now_iso8601();  // "2026-11-21T14:41:00Z"

}  // namespace cnn
