#pragma once
// Small hand-written points for the analysis tests.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "core/analysis/series.h"
#include "core/bench/point.h"

namespace fixtures {

// A successful point; fw: whole-batch ms per repetition of the end-to-end pass.
inline cnn::Point point(std::string model, std::string lib, std::string precision, int batch,
                        std::vector<double> fw = {}, std::vector<cnn::LayerRecord> layers = {}) {
  cnn::Point p;
  p.model = std::move(model);
  p.lib = std::move(lib);
  p.precision = *cnn::parse_precision(precision);
  p.batch = batch;
  p.threads = 1;
  p.success = true;
  p.time_fw_ms = std::move(fw);
  p.layers = std::move(layers);
  return p;
}

// The same, failed: analysis must ignore it whatever numbers it carries.
inline cnn::Point failed(cnn::Point p) {
  p.success = false;
  p.error = "The fixture failed on purpose.";
  return p;
}

// times: whole-batch ms per repetition of the per-layer pass.
inline cnn::LayerRecord layer(int index, std::string name, std::string type, std::vector<double> times) {
  cnn::LayerRecord l;
  l.index = index;
  l.name = std::move(name);
  l.type = std::move(type);
  l.time_ms = std::move(times);
  return l;
}

inline cnn::analysis::Series series(const char* lib, const char* precision) {
  return {lib, *cnn::parse_precision(precision)};
}

// |a - b| <= 1e-9 * max(1, |b|): the expectations are hand-computed decimals.
inline bool close(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b)); }

inline std::string describe(double actual, double expected) {
  char text[96];
  std::snprintf(text, sizeof text, "actual %.17g, expected %.17g", actual, expected);
  return text;
}

}  // namespace fixtures

// CHECK that two doubles agree to 1e-9 (relative), printing both when they do not.
#define COMPARE_CLOSE(actual, expected)                                 \
  do {                                                                  \
    const double a_ = (actual), e_ = (expected);                        \
    CHECK_MESSAGE(fixtures::close(a_, e_), fixtures::describe(a_, e_)); \
  } while (false)
