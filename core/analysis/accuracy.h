#pragma once
// Which top-1 accuracy to show for a model on one series (library, precision, graph mode): the one
// measured with that series on a labelled dataset (cnn-bench accuracy), where a point carries it, else
// the model's published ImageNet top-1, marked as published. One wording for every front end.
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "core/analysis/series.h"
#include "core/model/catalog.h"

namespace cnn::analysis {

enum class AccuracySource { Measured, Published };

// The dataset of every published figure: the ImageNet 2012 validation set.
inline constexpr std::string_view kPublishedDataset = "imagenet";

struct ShownAccuracy {
  AccuracySource source = AccuracySource::Published;
  double top1 = 0;      // a fraction in [0, 1]
  std::string dataset;  // measured: the reading's dataset ("fashion-mnist-test"); published: kPublishedDataset
  int images = 0;       // measured: how many images were classified; published: 0 (not known here)
  bool measured() const { return source == AccuracySource::Measured; }
  // The spread of a measured top-1 over its images: the binomial standard error sqrt(p (1 - p) / n)
  // (a fraction); nullopt for a published figure or a reading of no images.
  std::optional<double> standard_error() const;
  bool operator==(const ShownAccuracy&) const = default;
};

// Two figures on one scale (the same source and dataset): only these may be ranked against each other.
bool comparable(const ShownAccuracy& a, const ShownAccuracy& b);

// Published ImageNet top-1 by model id (fractions); a model whose top1 is 0 (unknown) is left out.
using PublishedTop1 = std::map<std::string, double>;
PublishedTop1 published_top1(std::span<const ModelInfo> models);
PublishedTop1 published_top1(const std::map<std::string, ModelInfo>& models);

// The measured reading of each (model, series) among the points carrying one of at least one image
// (successful or not: the timing may fail where classifying did not). Of several, the one of the most
// images wins; of those, the last in `points` (the latest measured).
using MeasuredAccuracy = std::map<std::pair<std::string, Series>, AccuracyReading>;
MeasuredAccuracy measured_accuracy(std::span<const Point> points);

// What to show for `model` on `series`: its measured reading, else the model's published top-1, else
// nullopt (nothing known).
std::optional<ShownAccuracy> shown_accuracy(const MeasuredAccuracy& measured, const PublishedTop1& published,
                                            const std::string& model, const Series& series);

// "90.8 % (fashion-mnist-test, 10000 images)" when measured, "56.8 % published" for a published
// ImageNet figure, "-" for none.
std::string accuracy_text(const std::optional<ShownAccuracy>& accuracy);

}  // namespace cnn::analysis
