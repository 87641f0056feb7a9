#include "app/cnn_bench/summary_table.h"

#include <algorithm>
#include <map>
#include <ostream>

#include "app/cnn_bench/text_table.h"
#include "core/analysis/best_batch.h"
#include "core/analysis/layers.h"

namespace cnn::bench_cli {
namespace {

using Align = TextTable::Align;

void print_best(std::ostream& out, const std::vector<analysis::BestBatch>& best) {
  out << "Best time per image (end-to-end pass, mean over repetitions)\n";
  TextTable table({{"model"}, {"lib"}, {"precision"}, {"ms/image", Align::Right}, {"batch", Align::Right},
                   {"images/s", Align::Right}, {"std ms/image", Align::Right}});
  for (const auto& b : best)
    table.add_row({b.model, b.series.lib, precision_text(b.series), fixed(b.ms_per_image, 3), std::to_string(b.batch),
                   fixed(b.images_per_s, 1), fixed(b.per_image.std, 3)});
  table.print(out, "  ");
}

// The per-layer pass of one best batch: its largest layers and the share of each layer type.
void print_where(std::ostream& out, const std::vector<Point>& points, const analysis::BestBatch& b,
                 int top_layers) {
  const analysis::Series series[] = {b.series};
  const int batches[] = {b.batch};
  const analysis::LayerTable layers =
      analysis::layer_times(points, b.model, series, batches, analysis::ShareRange{0.0, 1.0});
  if (layers.columns.empty() || layers.rows.empty()) return;
  const double total = layers.columns.front().total_ms_per_image;

  out << "\n" << b.model << " on " << b.series.label() << ", batch " << b.batch << ": per-layer pass "
      << fixed(total, 3) << " ms/image over " << layers.rows.size() << " layers\n";

  std::vector<const analysis::LayerRow*> rows;
  std::vector<std::pair<std::string, double>> by_type;  // in order of first appearance
  for (const auto& row : layers.rows) {
    const analysis::LayerCell& cell = row.cells.front();
    if (!cell.measured) continue;
    rows.push_back(&row);
    auto it = std::find_if(by_type.begin(), by_type.end(), [&](const auto& t) { return t.first == row.type; });
    if (it == by_type.end()) by_type.emplace_back(row.type, cell.share);
    else it->second += cell.share;
  }
  std::stable_sort(rows.begin(), rows.end(), [](const auto* x, const auto* y) {
    return x->cells.front().share > y->cells.front().share;
  });
  if (int(rows.size()) > top_layers) rows.resize(std::size_t(top_layers));

  TextTable table({{"layer"}, {"type"}, {"ms/image", Align::Right}, {"share", Align::Right}});
  for (const auto* row : rows)
    table.add_row({row->name, row->type, fixed(row->cells.front().ms_per_image, 3),
                   percent(row->cells.front().share)});
  table.print(out, "  ");

  std::stable_sort(by_type.begin(), by_type.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
  out << "  by type:";
  for (std::size_t i = 0; i < by_type.size(); ++i)
    out << (i == 0 ? " " : ", ") << by_type[i].first << " " << percent(by_type[i].second);
  out << "\n";
}

}  // namespace

void print_summary(std::ostream& out, const std::vector<Point>& points, int top_layers) {
  const std::vector<analysis::BestBatch> best = analysis::best_batches(points);
  if (!best.empty()) {
    print_best(out, best);
    out << "\nWhere the time goes (per-layer pass at the best batch; the " << top_layers
        << " largest layers by share)\n";
    for (const auto& b : best) print_where(out, points, b, top_layers);
  } else {
    out << "No point was measured successfully.\n";
  }

  std::vector<const Point*> failed;
  for (const auto& p : points)
    if (!p.success) failed.push_back(&p);
  if (failed.empty()) return;
  out << "\nFailed points\n";
  TextTable table({{"model"}, {"lib"}, {"precision"}, {"batch", Align::Right}, {"reason"}});
  for (const Point* p : failed) {
    std::string reason = p->error;  // one table line each
    std::replace(reason.begin(), reason.end(), '\n', ' ');
    table.add_row({p->model, p->lib, precision_text(analysis::series_of(*p)), std::to_string(p->batch), reason});
  }
  table.print(out, "  ");
}

}  // namespace cnn::bench_cli
