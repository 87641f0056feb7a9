#include "ui/sweep_request.h"

#include <algorithm>

namespace cnn::ui {

int SweepRequest::points() const {
  int n = 0;
  for (const auto& p : plans) n += int(p.models.size() * p.libs.size() * p.precisions.size() * p.batches.size());
  return n;
}

Plan SweepRequest::combined() const {
  if (plans.empty()) return {};
  Plan all = plans.front();
  all.libs.clear();
  all.precisions.clear();
  for (const auto& p : plans) {
    all.libs.insert(all.libs.end(), p.libs.begin(), p.libs.end());
    for (Precision x : p.precisions)
      if (std::find(all.precisions.begin(), all.precisions.end(), x) == all.precisions.end())
        all.precisions.push_back(x);
  }
  return all;
}

SweepRequest make_sweep(const std::vector<std::string>& models, const std::vector<LibraryChoice>& libs,
                        const std::vector<int>& batches, const RunConfig& config, const std::string& label) {
  SweepRequest request;
  request.label = label;
  if (models.empty() || batches.empty()) return request;
  for (const auto& lib : libs) {
    if (lib.precisions.empty()) continue;
    auto it = std::find_if(request.plans.begin(), request.plans.end(),
                           [&](const Plan& p) { return p.precisions == lib.precisions; });
    if (it == request.plans.end()) {
      Plan plan;
      plan.models = models;
      plan.precisions = lib.precisions;
      plan.batches = batches;
      plan.config = config;
      request.plans.push_back(std::move(plan));
      it = request.plans.end() - 1;
    }
    it->libs.push_back(lib.lib);
  }
  return request;
}

}  // namespace cnn::ui
