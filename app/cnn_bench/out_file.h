#pragma once
// --out: where run writes its results, as JSON (.json) or CSV (.csv, plus <stem>.layers.csv).
#include <filesystem>
#include <string>
#include <vector>

#include "core/bench/machine.h"
#include "core/bench/point.h"

namespace cnn::bench_cli {

struct OutTarget {
  enum class Format { Json, Csv };
  std::filesystem::path path;
  Format format = Format::Json;
  std::vector<std::filesystem::path> files() const;  // every file written: one JSON, or two CSVs
};

// Checks the name and that each file can be written, before anything runs (a file that did not
// exist is not left behind). Throws UsageError with one sentence naming the path.
OutTarget check_out_path(const std::string& text);

// Writes the document; throws UsageError naming the path when a write fails.
// `machine` (may be null): the ceilings measured on the run's machine, written into a JSON document.
void write_results(const OutTarget& target, const Platform& platform, const std::vector<Point>& points,
                   const MachineRecord* machine = nullptr);

}  // namespace cnn::bench_cli
