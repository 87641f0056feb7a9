#include "ui/sweep_request.h"

namespace cnn::ui {

SweepRequest make_sweep(const std::vector<std::string>& models, const std::vector<LibraryChoice>& libs,
                        const std::vector<int>& batches, const RunConfig& config, const std::string& label,
                        const std::vector<GraphMode>& graphs, const std::vector<Scheduler>& schedulers) {
  SweepRequest request;
  request.label = label;
  request.selection.config = config;
  request.selection.batches = batches;
  request.selection.graphs = graphs;
  request.selection.schedulers = schedulers;
  if (models.empty() || batches.empty()) return request;
  request.selection.models = models;
  for (const LibraryChoice& lib : libs)
    if (!lib.precisions.empty()) request.selection.libs.push_back(lib);
  return request;
}

}  // namespace cnn::ui
