#pragma once
// LibraryColors: the one fixed colour per library (and per library/precision series) that every chart
// uses, from the colour-blind-friendly Okabe-Ito palette, so a library looks the same everywhere.
#include <QBrush>
#include <QColor>
#include <QString>

#include <string>

#include "core/analysis/series.h"

namespace cnn::ui {

class LibraryColors {
 public:
  // The library's own colour: fixed for known ids ("reference", "openblas", "onednn", "cublas",
  // "cudnn", "libdnn", "adaptive"), a stable palette pick for any other id.
  static QColor color(const std::string& lib);
  // A series: the library's colour, darker for fp16 (and other non-fp32 precisions), and paler
  // (blended 45% towards white) for the fused graph, so a library's two graph modes sit side by
  // side in one hue.
  static QColor color(const analysis::Series& series);
  // Bars of a measured series: its colour; a fused series' also striped with its Caffe colour, a
  // greedy series' dotted once per tile and an IOS series' twice, in a darker shade of it.
  static QBrush brush(const analysis::Series& series);
  // Bars of a published (another machine's) figure: the series' colour, hatched.
  static QBrush published_brush(const analysis::Series& series);
  // Models (when bars are grouped by library): a second palette (Paul Tol "muted"), by position.
  static QColor model_color(int index);
  // The order of series in legends and groups: known libraries from the plainest to the most
  // specialised (reference, openblas, onednn, cublas, cudnn, libdnn), then others by id; fp32 first,
  // the Caffe graph before the fused one, sequential before greedy before IOS.
  static bool before(const analysis::Series& a, const analysis::Series& b);
  // People's name of a library: "openblas" -> "OpenBLAS"; unknown ids as they are.
  static QString library_name(const std::string& lib);
  // "OpenBLAS fp32"; "oneDNN fp32, fused" for the fused graph, "oneDNN fp32, fused, ios" scheduled by IOS.
  static QString series_name(const analysis::Series& series);
};

}  // namespace cnn::ui
