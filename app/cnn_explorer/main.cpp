// cnn-explorer: the desktop explorer. With no options it opens the window (built-in models, every
// available library, batch 2..16 step 2, the default results store) on the newest stored run;
// --export-charts writes every chart of a stored run as PNG without a display; with no display at
// all it runs the default sweep headless and writes its charts to a folder.
#include <QApplication>
#include <QTimer>

#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include "backends/backend_registration.h"
#include "core/store/results_store.h"
#include "models/builtin_models.h"
#include "ui/headless_export.h"
#include "ui/headless_sweep.h"
#include "ui/main_window.h"

#ifndef CNN_EXPLORER_VERSION
#define CNN_EXPLORER_VERSION "unknown"
#endif

namespace {

constexpr const char* kHelp =
    "Usage: cnn-explorer [--db PATH]\n"
    "       cnn-explorer --export-charts DIR [--db PATH] [--run N] [--size WxH] [--published]\n\n"
    "Explores CNN inference time per layer across math libraries: pick models, libraries and batch\n"
    "sizes, run them in the background and watch every chart update live. The window opens on the\n"
    "newest stored run.\n\n"
    "Options:\n"
    "  --db PATH             the results store (default: " "$XDG_DATA_HOME/cnn-explorer/results.sqlite)\n"
    "  --export-charts DIR   write every chart of a stored run as DIR/<chart>.png and exit (no display needed)\n"
    "  --run N               with --export-charts: the stored run (default: the newest)\n"
    "  --size WxH            with --export-charts: image size in pixels (default: 1920x1080)\n"
    "  --published           with --export-charts: draw the published Jetson TX1 figures beside the run\n"
    "  --help                show this help\n"
    "  --version             show the version\n\n"
    "With no display (no DISPLAY or WAYLAND_DISPLAY) and no options, the default sweep runs headless,\n"
    "is stored, and its charts are written to ./cnn-explorer-charts.\n"
    "Exit status: 0 on success, 1 when the store, the run or the folder cannot be used, 2 on a usage error.\n";

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Options {
  std::map<std::string, std::string> values;  // flags map to ""
  bool has(const std::string& k) const { return values.count(k) != 0; }
};

Options parse(int argc, char** argv) {
  static const std::map<std::string, bool> known = {{"db", true},    {"export-charts", true}, {"run", true},
                                                    {"size", true},  {"published", false},    {"help", false},
                                                    {"version", false}};
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-h") arg = "--help";
    if (arg.rfind("--", 0) != 0) throw UsageError("unexpected argument '" + arg + "' (see 'cnn-explorer --help')");
    std::string name = arg.substr(2), value;
    const auto eq = name.find('=');
    const bool inline_value = eq != std::string::npos;
    if (inline_value) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    const auto it = known.find(name);
    if (it == known.end()) throw UsageError("unknown option '--" + name + "' (see 'cnn-explorer --help')");
    if (it->second && !inline_value) {
      if (i + 1 >= argc) throw UsageError("option '--" + name + "' needs a value");
      value = argv[++i];
    }
    if (!it->second && inline_value) throw UsageError("option '--" + name + "' takes no value");
    o.values[name] = value;
  }
  if (!o.has("export-charts"))
    for (const char* k : {"run", "size", "published"})
      if (o.has(k)) throw UsageError("option '--" + std::string(k) + "' goes with '--export-charts DIR'");
  return o;
}

cnn::ui::HeadlessExportOptions export_options(const Options& o) {
  cnn::ui::HeadlessExportOptions e;
  e.dir = QString::fromStdString(o.values.at("export-charts"));
  if (e.dir.isEmpty()) throw UsageError("option '--export-charts' needs a folder");
  if (o.has("db")) e.db = o.values.at("db");
  if (o.has("run")) {
    const std::string& v = o.values.at("run");
    std::size_t used = 0;
    long long id = 0;
    try {
      id = std::stoll(v, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != v.size() || id < 1) throw UsageError("option '--run' needs a run number such as 3, not '" + v + "'");
    e.run = id;
  }
  if (o.has("size")) {
    e.size = cnn::ui::parse_size(QString::fromStdString(o.values.at("size")));
    if (!e.size.isValid())
      throw UsageError("option '--size' needs WIDTHxHEIGHT in pixels such as 1920x1080, not '" + o.values.at("size") + "'");
  }
  e.show_published = o.has("published");
  return e;
}

// A platform that shows windows: X11, Wayland, or one the user names (other than offscreen/minimal).
bool has_display() {
  const auto value = [](const char* name) { const char* v = std::getenv(name); return std::string(v ? v : ""); };
  const std::string platform = value("QT_QPA_PLATFORM");
  if (!platform.empty()) return platform != "offscreen" && platform != "minimal";
  return !value("DISPLAY").empty() || !value("WAYLAND_DISPLAY").empty();
}

}  // namespace

int main(int argc, char** argv) {
  cnn::prepare_backends_for_process(argv);
  Options options;
  std::optional<cnn::ui::HeadlessExportOptions> headless;
  try {
    options = parse(argc, argv);
    if (options.has("export-charts")) headless = export_options(options);
  } catch (const UsageError& e) {
    std::cerr << "cnn-explorer: " << e.what() << "\n";
    return 2;
  }
  if (options.has("help")) {
    std::cout << kHelp;
    return 0;
  }
  if (options.has("version")) {
    std::cout << "cnn-explorer " << CNN_EXPLORER_VERSION << "\n";
    return 0;
  }
  std::optional<cnn::StoredRun> run_to_export;
  if (headless) {  // checked before Qt starts, so a mistake is one line
    run_to_export = cnn::ui::load_run_to_export(*headless, std::cerr);
    if (!run_to_export) return 1;
  }
  const bool sweep_headless = !headless && !has_display();
  if (headless || sweep_headless) qputenv("QT_QPA_PLATFORM", "offscreen");  // before QApplication

  QApplication app(argc, argv);
  QApplication::setOrganizationName("cnn-explorer");
  QApplication::setApplicationName("cnn-explorer");
  QApplication::setApplicationVersion(CNN_EXPLORER_VERSION);

  cnn::ModelCatalog models;
  cnn::add_builtin_models(models);
  if (headless) return cnn::ui::write_run_charts(models, std::move(*run_to_export), *headless, std::cout, std::cerr);

  cnn::BackendRegistry backends;
  cnn::register_backends(backends);
  const std::filesystem::path db = options.has("db") ? std::filesystem::path(options.values.at("db")) : cnn::default_store_path();
  if (sweep_headless) {
    std::cerr << "cnn-explorer: no display found; running the default sweep headless instead of opening the window\n";
    return cnn::ui::run_default_sweep_headless(models, backends, db, "cnn-explorer-charts", std::cout, std::cerr);
  }
  cnn::ui::MainWindow window(models, backends, db);
  window.show();
  // Once the window is up: the newest stored run (or, with none, how to start).
  QTimer::singleShot(0, &window, [&window] { window.open_newest_run(); });
  return app.exec();
}
