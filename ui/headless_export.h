#pragma once
// Headless chart export (cnn-explorer --export-charts): every chart of a stored run as PNG, with no
// window shown. The run and the folder are checked first, before any QApplication exists, so a
// mistake is reported as one line; drawing needs a QApplication (the offscreen platform will do).
#include <QSize>
#include <QString>

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>

#include "core/store/results_store.h"
#include "ui/chart_exporter.h"

namespace cnn {
class ModelCatalog;
}

namespace cnn::ui {

struct HeadlessExportOptions {
  QString dir;                       // where the PNGs go (created when missing)
  std::filesystem::path db;          // the results store; default_store_path() when empty
  std::optional<std::int64_t> run;   // the newest run when absent
  QSize size = kSlideSize;
  bool show_published = false;       // draw the published Jetson TX1 figures beside the run
};

// The run to draw, with the folder created; nullopt after one line on `err` for a store that is
// missing or cannot be opened, an unknown run, or a folder that cannot be written.
std::optional<StoredRun> load_run_to_export(const HeadlessExportOptions& options, std::ostream& err);

// Writes <dir>/<file_stem>.png for every chart of `run` and lists the files on `out`. Returns 0, or
// 1 after one line on `err` when a file cannot be written.
int write_run_charts(const ModelCatalog& catalog, StoredRun run, const HeadlessExportOptions& options,
                     std::ostream& out, std::ostream& err);

}  // namespace cnn::ui
