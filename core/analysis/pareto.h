#pragma once
// Pareto fronts: the points no other point beats on both axes.
#include <cstddef>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "core/analysis/accuracy.h"
#include "core/analysis/noise.h"
#include "core/analysis/series.h"
#include "core/analysis/stats.h"

namespace cnn::analysis {

enum class Goal { Minimise, Maximise };

// Indices of the non-dominated (x[i], y[i]) in ascending index order. j dominates i when it is at
// least as good on both axes and better on one; equal points all stay. x and y have one size.
std::vector<std::size_t> pareto_indices(std::span<const double> x, Goal x_goal, std::span<const double> y,
                                        Goal y_goal);

// Which MemoryUse figure the time-memory front uses; Modelled: weights + activations + workspace.
enum class MemoryFigure { Measured, Weights, Activations, ActivationsTotal, Workspace, Modelled };

struct TimeMemoryPoint {
  std::string model;
  Series series;
  int batch = 0;
  double ms_per_image = 0;     // mean end-to-end time per image (ms)
  double bytes_per_image = 0;  // the chosen memory figure / batch (bytes)
};

// One candidate per usable point with at least one repetition, ordered by (model, series, batch).
std::vector<TimeMemoryPoint> time_memory_points(std::span<const Point> points, MemoryFigure figure);
// The candidates no other beats on both (both minimised), ordered by (ms_per_image,
// bytes_per_image, model, series, batch).
std::vector<TimeMemoryPoint> pareto_time_memory(std::span<const Point> points, MemoryFigure figure);

struct AccuracySpeedPoint {
  std::string model;
  Series series;
  int batch = 0;            // the best batch (end-to-end)
  ShownAccuracy accuracy;   // measured with this series, else the model's published top-1 (shown_accuracy)
  double images_per_s = 0;  // at the best batch
  Stats per_image;          // that batch's repetitions, ms per image: the spread of images_per_s
  Noise noise;              // how far that reading can be trusted
};

// One candidate per (model, series) with a best batch and an accuracy to show (measured on that
// series where a point carries one, else the model's in `published`), ordered by (model, series).
std::vector<AccuracySpeedPoint> accuracy_speed_points(std::span<const Point> points, const PublishedTop1& published);
// The candidates no comparable one beats on both (both maximised). Figures on different scales (another
// dataset, or published against measured) are never ranked against each other: the result is one front
// per scale, ordered by (source, dataset, images_per_s descending, top1, model, series).
std::vector<AccuracySpeedPoint> pareto_accuracy_speed(std::span<const Point> points, const PublishedTop1& published);

}  // namespace cnn::analysis
