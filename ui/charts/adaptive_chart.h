#pragma once
// Chart 6: the ideal adaptive solution per model among the libraries the user ticks: a horizontal
// bar "adaptive" stacked by the time per image spent in each library, beside "<library> only" for
// the fastest single library (or for every ticked one), all at the adaptive batch size; the saving
// over the fastest single library at that batch is in the adaptive bar's label.
#include "ui/charts/chart_panel.h"

class QComboBox;

namespace cnn::ui {

class CheckList;

class AdaptiveChart : public ChartPanel {
  Q_OBJECT
 public:
  explicit AdaptiveChart(QWidget* parent = nullptr);

  // The label of a model's adaptive bar, e.g. "AlexNet adaptive (batch 8): saves 12.3%"; public
  // so tests can match what analysis computed.
  static QString adaptive_label(const QString& model, int batch, double saving_percent);

 protected:
  void update_controls(const ResultsSnapshot& results) override;
  QString rebuild(const ResultsSnapshot& results) override;

 private:
  CheckList* series_;    // the library set the adaptive solution chooses among
  CheckList* models_;    // the models shown
  QComboBox* compare_;   // "fastest": one "<lib> only" bar per model; "every": one per ticked library
};

}  // namespace cnn::ui
