#pragma once
// ResultsSnapshot: what every chart and table draws from: the points so far, the models' metadata,
// the published reference, and the user's chart choices. Plain data, copied to the UI thread.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/bench/machine.h"
#include "core/bench/point.h"
#include "core/model/catalog.h"

namespace cnn::ui {

// One published figure (Jetson TX1, Caffe 2016): best ms/image at its best batch.
struct PublishedFigure {
  std::string model, lib;
  Precision precision = Precision::FP32;
  double ms_per_image = 0;
  int batch = 0;
};

struct ResultsSnapshot {
  std::vector<Point> points;                 // successful and failed, in measurement order
  std::map<std::string, ModelInfo> models;   // by model id: name, input, top-1/top-5
  std::vector<PublishedFigure> published;    // shown beside the run when show_published is set
  bool show_published = false;
  std::string hint;  // shown under "No results yet" while there are no points (e.g. how to start)
  // The ceilings measured on the results' machine (the newest record of its CPU); the roofline and
  // efficiency charts say how to measure them when absent.
  std::optional<MachineRecord> machine;
};

}  // namespace cnn::ui
