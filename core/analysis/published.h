#pragma once
// A published reference run: figures from a paper or notebook about another machine. Only the best
// time per image at the best batch size was published, so it is kept as its own small record and
// never turned into Points (which would fake repetitions, layers and memory).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/analysis/series.h"

namespace cnn::analysis {

inline constexpr std::string_view kPublishedSchema = "cnn-explorer-published/1";

// One published row: a model on a library in one precision.
struct PublishedResult {
  std::string model;            // our catalog id: "alexnet"
  Series series;                // our library id and precision: {"cudnn", "fp16"}
  std::string tag;              // the publication's own name for the library: "nvidia-fp16-cudnn"
  double ms_per_image = 0;      // the published best time per image (ms)
  int batch = 0;                // the batch size it was reached at
};

// Published ImageNet validation accuracy of one model (fractions in [0, 1]).
struct PublishedAccuracy {
  std::string model, name;      // catalog id and the publication's name
  double top1 = 0, top5 = 0;
};

struct PublishedRun {
  std::string id, title, source, note;   // source: the citation
  std::string platform;                  // the publication's description of the machine
  std::string method;                    // how the figures were measured, in words
  std::vector<int> batch_sizes;          // the batch sizes swept
  int repetitions = 0;                   // repetitions per point
  std::vector<PublishedResult> results;  // in the publication's order
  std::vector<PublishedAccuracy> accuracy;

  // The row of (model, series); nullopt when not published.
  std::optional<PublishedResult> find(const std::string& model, const Series& series) const;
};

// Parses a document of schema kPublishedSchema with "published": true. Throws std::runtime_error
// with one sentence naming the field on malformed JSON, another schema or a bad field.
PublishedRun parse_published_run(std::string_view json);

}  // namespace cnn::analysis
