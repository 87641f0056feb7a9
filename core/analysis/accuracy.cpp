#include "core/analysis/accuracy.h"

#include <charconv>
#include <cmath>

namespace cnn::analysis {
namespace {

// 0.90834 -> "90.8 %" (whatever the C locale says).
std::string percent_text(double fraction) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, 100 * fraction, std::chars_format::fixed, 1);
  return (ec == std::errc() ? std::string(buf, end) : std::string("?")) + " %";
}

ShownAccuracy measured_figure(const AccuracyReading& r) {
  return {AccuracySource::Measured, r.top1(), r.dataset, r.images};
}

}  // namespace

std::optional<double> ShownAccuracy::standard_error() const {
  if (!measured() || images <= 0) return std::nullopt;
  return std::sqrt(top1 * (1 - top1) / images);
}

bool comparable(const ShownAccuracy& a, const ShownAccuracy& b) {
  return a.source == b.source && a.dataset == b.dataset;
}

PublishedTop1 published_top1(std::span<const ModelInfo> models) {
  PublishedTop1 out;
  for (const ModelInfo& m : models)
    if (m.top1 > 0) out[m.id] = m.top1;
  return out;
}

PublishedTop1 published_top1(const std::map<std::string, ModelInfo>& models) {
  PublishedTop1 out;
  for (const auto& [id, m] : models)
    if (m.top1 > 0) out[id] = m.top1;
  return out;
}

MeasuredAccuracy measured_accuracy(std::span<const Point> points) {
  MeasuredAccuracy out;
  for (const Point& p : points) {
    if (!p.accuracy || p.accuracy->images <= 0) continue;
    const auto [it, added] = out.try_emplace({p.model, series_of(p)}, *p.accuracy);
    if (!added && p.accuracy->images >= it->second.images) it->second = *p.accuracy;  // ties: the later
  }
  return out;
}

std::optional<ShownAccuracy> shown_accuracy(const MeasuredAccuracy& measured, const PublishedTop1& published,
                                            const std::string& model, const Series& series) {
  if (const auto it = measured.find({model, series}); it != measured.end()) return measured_figure(it->second);
  if (const auto it = published.find(model); it != published.end())
    return ShownAccuracy{AccuracySource::Published, it->second, std::string(kPublishedDataset), 0};
  return std::nullopt;
}

std::string accuracy_text(const std::optional<ShownAccuracy>& accuracy) {
  if (!accuracy) return "-";
  if (!accuracy->measured()) return percent_text(accuracy->top1) + " published";
  const int n = accuracy->images;
  return percent_text(accuracy->top1) + " (" + accuracy->dataset + ", " + std::to_string(n) + (n == 1 ? " image)" : " images)");
}

}  // namespace cnn::analysis
