#include "ui/charts/model_series_bars.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "ui/charts/chart_data.h"
#include "ui/charts/library_colors.h"

namespace cnn::ui {
namespace {

using SeriesKey = std::pair<bool, analysis::Series>;  // (published, series): measured first

std::vector<std::string> models_of(const std::vector<ModelSeriesValue>& values) {
  std::vector<std::pair<bool, std::string>> sorted;
  for (const ModelSeriesValue& v : values) sorted.emplace_back(v.published, v.model);
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::string> models;
  for (const auto& [published, model] : sorted) index_in(models, model);
  return models;
}

std::vector<SeriesKey> series_keys_of(const std::vector<ModelSeriesValue>& values) {
  std::vector<SeriesKey> keys;
  for (const ModelSeriesValue& v : values) keys.emplace_back(v.published, v.series);
  std::sort(keys.begin(), keys.end(), [](const SeriesKey& a, const SeriesKey& b) {
    return a.first != b.first ? a.first < b.first : LibraryColors::before(a.second, b.second);
  });
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

QString name_of(const SeriesKey& key) {
  return key.first ? published_name(key.second) : LibraryColors::series_name(key.second);
}

int position(const std::vector<std::string>& models, const std::string& model) {
  return static_cast<int>(std::find(models.begin(), models.end(), model) - models.begin());
}

int position(const std::vector<SeriesKey>& keys, const SeriesKey& key) {
  return static_cast<int>(std::find(keys.begin(), keys.end(), key) - keys.begin());
}

}  // namespace

BarTable bars_by_model(const ResultsSnapshot& results, const std::vector<ModelSeriesValue>& values) {
  const std::vector<std::string> models = models_of(values);
  const std::vector<SeriesKey> keys = series_keys_of(values);
  BarTable table;
  for (const std::string& m : models) table.categories << model_name(results, m);
  for (const SeriesKey& key : keys) {
    const QColor color = LibraryColors::color(key.second);
    table.sets.push_back({name_of(key), key.first ? LibraryColors::published_brush(key.second) : LibraryColors::brush(key.second),
                          color, std::vector<double>(models.size(), kNoValue),
                          std::vector<double>(models.size(), kNoValue), std::vector<bool>(models.size(), false)});
  }
  for (const ModelSeriesValue& v : values) {
    BarSetData& set = table.sets[position(keys, {v.published, v.series})];
    set.values[position(models, v.model)] = v.value;
    set.errors[position(models, v.model)] = v.error;
    set.flagged[position(models, v.model)] = v.flagged;
  }
  return table;
}

BarTable bars_by_series(const ResultsSnapshot& results, const std::vector<ModelSeriesValue>& values) {
  const std::vector<std::string> models = models_of(values);
  const std::vector<SeriesKey> keys = series_keys_of(values);
  BarTable table;
  for (const SeriesKey& key : keys) table.categories << name_of(key);
  for (std::size_t i = 0; i < models.size(); ++i) {
    const QColor color = LibraryColors::model_color(static_cast<int>(i));
    table.sets.push_back({model_name(results, models[i]), QBrush(color), color,
                          std::vector<double>(keys.size(), kNoValue), std::vector<double>(keys.size(), kNoValue),
                          std::vector<bool>(keys.size(), false)});
  }
  for (const ModelSeriesValue& v : values) {
    BarSetData& set = table.sets[position(models, v.model)];
    set.values[position(keys, {v.published, v.series})] = v.value;
    set.errors[position(keys, {v.published, v.series})] = v.error;
    set.flagged[position(keys, {v.published, v.series})] = v.flagged;
  }
  return table;
}

}  // namespace cnn::ui
