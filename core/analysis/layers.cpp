#include "core/analysis/layers.h"

#include <algorithm>
#include <map>
#include <utility>

namespace cnn::analysis {

LayerTable layer_times(std::span<const Point> points, const std::string& model,
                       std::span<const Series> series, std::span<const int> batches, ShareRange range) {
  std::map<std::pair<Series, int>, const Point*> found;
  for (const Point* p : usable_points(points))
    if (p->model == model && !p->layers.empty()) found[{series_of(*p), p->batch}] = p;

  LayerTable table;
  std::vector<const Point*> sources;  // the point of each column
  for (const Series& s : series)
    for (int batch : batches) {
      const auto it = found.find({s, batch});
      if (it == found.end()) continue;
      const LayerColumn column{s, batch, layer_pass_ms(*it->second) / batch};
      if (std::find(table.columns.begin(), table.columns.end(), column) != table.columns.end()) continue;
      table.columns.push_back(column);
      sources.push_back(it->second);
    }

  std::map<std::pair<int, std::string>, LayerRow> rows;
  for (std::size_t c = 0; c < sources.size(); ++c) {
    const LayerColumn& column = table.columns[c];
    for (const LayerRecord& layer : sources[c]->layers) {
      LayerRow& row = rows[{layer.index, layer.name}];
      if (row.cells.empty()) {
        row.index = layer.index;
        row.name = layer.name;
        row.type = layer.type;
        row.cells.resize(sources.size());
      }
      LayerCell& cell = row.cells[c];
      cell.measured = true;
      cell.ms_per_image = mean_of(layer.time_ms) / column.batch;
      cell.share = column.total_ms_per_image > 0 ? cell.ms_per_image / column.total_ms_per_image : 0;
    }
  }

  for (auto& [key, row] : rows) {
    const bool kept = std::any_of(row.cells.begin(), row.cells.end(), [&](const LayerCell& cell) {
      return cell.measured && cell.share >= range.lower && cell.share <= range.upper;
    });
    if (kept) table.rows.push_back(std::move(row));
  }
  return table;
}

}  // namespace cnn::analysis
