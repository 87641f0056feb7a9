#include "ui/snapshot_sources.h"

#include "core/model/catalog.h"
#include "resources/published_reference.h"

namespace cnn::ui {

std::map<std::string, ModelInfo> models_by_id(const ModelCatalog& catalog) {
  std::map<std::string, ModelInfo> out;
  for (ModelInfo m : catalog.all()) {
    m.prototxt.clear();
    out.emplace(m.id, std::move(m));
  }
  return out;
}

std::vector<PublishedFigure> published_tx1_figures() {
  std::vector<PublishedFigure> out;
  for (const auto& r : resources::jetson_tx1_reference().results)
    out.push_back({r.model, r.series.lib, r.series.precision, r.ms_per_image, r.batch});
  return out;
}

ResultsSnapshot make_snapshot(const ModelCatalog& catalog, std::vector<Point> points, bool show_published) {
  ResultsSnapshot s;
  s.points = std::move(points);
  s.models = models_by_id(catalog);
  s.published = published_tx1_figures();
  s.show_published = show_published;
  return s;
}

}  // namespace cnn::ui
