#include "core/analysis/pareto.h"

#include <algorithm>
#include <cassert>
#include <tuple>

#include "core/analysis/best_batch.h"
#include "core/analysis/memory.h"
#include "core/analysis/stats.h"

namespace cnn::analysis {

namespace {

// Whether a is at least as good as b by `goal`.
bool no_worse(double a, double b, Goal goal) { return goal == Goal::Minimise ? a <= b : a >= b; }

double memory_figure(const MemoryPerImage& m, MemoryFigure figure) {
  switch (figure) {
    case MemoryFigure::Measured: return m.measured;
    case MemoryFigure::Weights: return m.weights;
    case MemoryFigure::Activations: return m.activations;
    case MemoryFigure::ActivationsTotal: return m.activations_total;
    case MemoryFigure::Workspace: return m.workspace;
    case MemoryFigure::Modelled: return m.weights + m.activations + m.workspace;
  }
  assert(false && "unknown MemoryFigure");
  return 0;
}

// The elements of `all` at `indices`.
template <typename T>
std::vector<T> pick(const std::vector<T>& all, const std::vector<std::size_t>& indices) {
  std::vector<T> out;
  for (std::size_t i : indices) out.push_back(all[i]);
  return out;
}

}  // namespace

std::vector<std::size_t> pareto_indices(std::span<const double> x, Goal x_goal, std::span<const double> y,
                                        Goal y_goal) {
  assert(x.size() == y.size());
  std::vector<std::size_t> front;
  for (std::size_t i = 0; i < x.size(); ++i) {
    bool dominated = false;
    for (std::size_t j = 0; j < x.size() && !dominated; ++j)
      dominated =
          no_worse(x[j], x[i], x_goal) && no_worse(y[j], y[i], y_goal) && (x[j] != x[i] || y[j] != y[i]);
    if (!dominated) front.push_back(i);
  }
  return front;
}

std::vector<TimeMemoryPoint> time_memory_points(std::span<const Point> points, MemoryFigure figure) {
  std::vector<TimeMemoryPoint> out;
  for (const Point* p : usable_points(points)) {
    if (p->time_fw_ms.empty()) continue;
    out.push_back({p->model, series_of(*p), p->batch, point_stats(*p).per_image.mean,
                   memory_figure(memory_per_image(*p), figure)});
  }
  return out;
}

std::vector<TimeMemoryPoint> pareto_time_memory(std::span<const Point> points, MemoryFigure figure) {
  const std::vector<TimeMemoryPoint> all = time_memory_points(points, figure);
  std::vector<double> x, y;
  for (const TimeMemoryPoint& p : all) {
    x.push_back(p.ms_per_image);
    y.push_back(p.bytes_per_image);
  }
  std::vector<TimeMemoryPoint> front = pick(all, pareto_indices(x, Goal::Minimise, y, Goal::Minimise));
  std::sort(front.begin(), front.end(), [](const TimeMemoryPoint& a, const TimeMemoryPoint& b) {
    return std::tie(a.ms_per_image, a.bytes_per_image, a.model, a.series, a.batch) <
           std::tie(b.ms_per_image, b.bytes_per_image, b.model, b.series, b.batch);
  });
  return front;
}

std::vector<AccuracySpeedPoint> accuracy_speed_points(std::span<const Point> points, const PublishedTop1& published) {
  const MeasuredAccuracy measured = measured_accuracy(points);
  std::vector<AccuracySpeedPoint> out;
  for (BestBatch& b : best_batches(points))
    if (auto shown = shown_accuracy(measured, published, b.model, b.series))
      out.push_back({b.model, b.series, b.batch, std::move(*shown), b.images_per_s, b.per_image, b.noise});
  return out;
}

std::vector<AccuracySpeedPoint> pareto_accuracy_speed(std::span<const Point> points, const PublishedTop1& published) {
  const std::vector<AccuracySpeedPoint> all = accuracy_speed_points(points, published);
  std::vector<AccuracySpeedPoint> front;
  std::vector<bool> done(all.size(), false);
  for (std::size_t i = 0; i < all.size(); ++i) {  // one scale at a time
    if (done[i]) continue;
    std::vector<std::size_t> scale;
    std::vector<double> x, y;
    for (std::size_t j = i; j < all.size(); ++j)
      if (!done[j] && comparable(all[j].accuracy, all[i].accuracy)) {
        done[j] = true;
        scale.push_back(j);
        x.push_back(all[j].accuracy.top1);
        y.push_back(all[j].images_per_s);
      }
    for (std::size_t k : pareto_indices(x, Goal::Maximise, y, Goal::Maximise)) front.push_back(all[scale[k]]);
  }
  std::sort(front.begin(), front.end(), [](const AccuracySpeedPoint& a, const AccuracySpeedPoint& b) {
    return std::tie(a.accuracy.source, a.accuracy.dataset, b.images_per_s, a.accuracy.top1, a.model, a.series) <
           std::tie(b.accuracy.source, b.accuracy.dataset, a.images_per_s, b.accuracy.top1, b.model, b.series);
  });
  return front;
}

}  // namespace cnn::analysis
