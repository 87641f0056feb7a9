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
  const auto add = [](auto& to, const auto& from) {
    for (const auto& x : from)
      if (std::find(to.begin(), to.end(), x) == to.end()) to.push_back(x);
  };
  Plan all = plans.front();
  all.models.clear();
  all.libs.clear();
  all.precisions.clear();
  all.batches.clear();
  all.adaptive.clear();
  for (const auto& p : plans) {
    add(all.models, p.models);
    add(all.libs, p.libs);
    add(all.precisions, p.precisions);
    add(all.batches, p.batches);
    all.adaptive.insert(all.adaptive.end(), p.adaptive.begin(), p.adaptive.end());
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
