#pragma once
// Accuracy: a model classifies a labelled test set on one library, precision and graph mode.
#include <atomic>
#include <vector>

#include "core/bench/labelled_images.h"
#include "core/bench/point.h"
#include "core/bench/selection.h"
#include "core/model/catalog.h"

namespace cnn {

struct Classified {
  AccuracyReading reading;
  std::vector<int> predicted;  // per image: the class with the highest score
};

// Runs every image of `data` through `model` (its own weights, or seeded ones) on `lib` at
// spec.precision in spec.graph mode, spec.batch images per pass (the last pass padded with zeros),
// and counts the images whose highest-scoring output is their label. Throws ModelError when the
// model's input is not the dataset's image shape or its output has fewer classes than the labels
// name; UnsupportedLayer when the library declines a layer; Cancelled between passes.
Classified classify(const ModelCatalog& catalog, const PointSpec& spec, Backend& lib, RunConfig config,
                    const LabelledImages& data, const std::atomic<bool>* cancel = nullptr);

// The fraction of images two runs gave the same class (equal lengths; 1 when both are empty).
double agreement(const std::vector<int>& a, const std::vector<int>& b);

}  // namespace cnn
