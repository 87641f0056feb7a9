#include "ui/headless_export.h"

#include <QWidget>

#include <algorithm>
#include <ostream>

#include "ui/charts/all_charts.h"
#include "ui/charts/results_chart.h"
#include "ui/snapshot_sources.h"

namespace cnn::ui {
namespace {

// A sentence as one line of cnn-explorer: "The store 'x' is ...." -> "the store 'x' is ...".
std::string as_line(std::string sentence) {
  if (sentence.size() > 1 && sentence[0] >= 'A' && sentence[0] <= 'Z' && !(sentence[1] >= 'A' && sentence[1] <= 'Z'))
    sentence[0] = char(sentence[0] - 'A' + 'a');
  if (!sentence.empty() && sentence.back() == '.') sentence.pop_back();
  return sentence;
}

}  // namespace

std::optional<StoredRun> load_run_to_export(const HeadlessExportOptions& options, std::ostream& err) {
  const std::filesystem::path db = options.db.empty() ? default_store_path() : options.db;
  try {
    std::error_code ec;
    if (!std::filesystem::exists(db, ec))
      throw std::runtime_error("The results store '" + db.string() + "' does not exist.");
    const ResultsStore store(db);
    const std::vector<RunSummary> runs = store.list_runs();
    if (runs.empty()) throw std::runtime_error("The results store '" + db.string() + "' holds no runs yet.");
    const std::int64_t id = options.run.value_or(runs.front().id);
    if (std::none_of(runs.begin(), runs.end(), [&](const RunSummary& r) { return r.id == id; }))
      throw std::runtime_error("The results store '" + db.string() + "' has no run " + std::to_string(id) + ".");
    StoredRun run = store.load_run(id);
    prepare_export_folder(options.dir);
    return run;
  } catch (const std::exception& e) {
    err << "cnn-explorer: " << as_line(e.what()) << "\n";
    return std::nullopt;
  }
}

int write_run_charts(const ModelCatalog& catalog, StoredRun run, const HeadlessExportOptions& options,
                     std::ostream& out, std::ostream& err) {
  ResultsSnapshot snapshot = make_snapshot(catalog, std::move(run.points), options.show_published);
  snapshot.machine = run.machine;
  QWidget host;  // never shown: the charts' parent
  const std::vector<ResultsChart*> charts = create_all_charts(&host);
  for (ResultsChart* chart : charts) chart->refresh(snapshot);
  try {
    const QStringList files = export_charts(charts, options.dir, options.size);
    out << "cnn-explorer: wrote " << files.size() << " chart" << (files.size() == 1 ? "" : "s") << " of run "
        << run.summary.id << " (" << snapshot.points.size() << " points, " << options.size.width() << "x"
        << options.size.height() << ") to " << options.dir.toStdString() << "\n";
    for (const QString& f : files) out << "  " << f.toStdString() << "\n";
  } catch (const ExportError& e) {
    err << "cnn-explorer: " << as_line(e.what()) << "\n";
    return 1;
  }
  return 0;
}

}  // namespace cnn::ui
