// cnn-bench accuracy: a classifier's top-1 on a labelled test set, per library, precision and graph
// mode, stored with a timed point.
#include <iostream>

#include "app/cnn_bench/commands.h"
#include "app/cnn_bench/selection.h"
#include "app/cnn_bench/store_access.h"
#include "app/cnn_bench/text_table.h"
#include "core/analysis/accuracy.h"
#include "core/analysis/stats.h"
#include "core/bench/accuracy.h"
#include "core/bench/runner.h"
#include "core/store/results_store.h"

namespace cnn::bench_cli {

const CommandSpec& accuracy_spec() {
  static const CommandSpec spec{
      "accuracy",
      "Classify a labelled test set (Fashion-MNIST) on each library and precision; store and print top-1.",
      "cnn-bench accuracy [--models LIST] [--libs LIST] [--precision LIST] [--graph MODES] [--batch N]\n"
      "                          [--data DIR] [--reps N] [--threads N] [--db FILE | --no-store] [--label TEXT]",
      {{"models", "LIST", "catalog ids or .onnx / .prototxt paths of 1x28x28 classifiers (default: lenet-fashion)"},
       {"libs", "LIST", "library ids, comma separated (default: every available library)"},
       {"precision", "LIST", "fp32 and/or fp16, comma separated (default: fp32)"},
       {"graph", "MODES", "caffe, fused or caffe,fused (default: caffe)"},
       {"batch", "N", "images per pass, for classifying and for the timed point (default: 100)"},
       {"data", "DIR", "folder with t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz\n"
                       "                  (default: /usr/share/datasets/fashion-mnist, Debian's dataset-fashion-mnist)"},
       {"reps", "N", "timed repetitions of the point beside the accuracy (default: 10)"},
       {"threads", "N", "CPU threads (default: every core)"},
       db_option(),
       {"no-store", "", "do not keep the run in the results store"},
       {"label", "TEXT", "a note stored with the run (default: \"accuracy\")"}},
      "Pixels are fed as value / 255, as models/tools/train_lenet_fashion.py trained lenet-fashion. Each\n"
      "(model, library, precision, graph) is one stored point: its time per image at --batch, and its\n"
      "top-1 over every test image, with its binomial standard error (\"±se\"). \"agrees\" is the share of\n"
      "images given the same class as the first library listed for the model.\n"
      "Exit status: 0, 1 when a library failed, 2 on a usage error.",
      ""};
  return spec;
}

int accuracy_command(const Context& context, std::span<char* const> args) {
  const Arguments a = parse_arguments(accuracy_spec(), args);
  if (a.has("help")) {
    std::cout << help_text(accuracy_spec());
    return 0;
  }
  if (a.has("no-store") && (a.has("db") || a.has("label")))
    throw UsageError("option '--no-store' cannot go with '--db' or '--label'");
  const std::vector<ModelInfo> models = select_models(context.models, a.get("models").value_or("lenet-fashion"));
  const std::vector<Precision> precisions = select_precisions(a.get("precision"));
  const std::vector<GraphMode> graphs = select_graphs(a.get("graph"));
  const std::vector<LibraryChoice> libs = select_libs(context.backends, a.get("libs"), precisions, "", std::cerr);
  if (libs.empty()) throw UsageError("no selected library is available");
  const int batch = a.get("batch") ? parse_int(*a.get("batch"), "batch", 1) : 100;
  const int reps = a.get("reps") ? parse_int(*a.get("reps"), "reps", 1) : 10;
  RunConfig config;
  if (const auto v = a.get("threads")) config.threads = parse_int(*v, "threads", 1);
  const LabelledImages data = a.get("data") ? load_fashion_mnist_test(*a.get("data")) : load_fashion_mnist_test();

  std::optional<ResultsStore> store;
  std::int64_t run_id = 0;
  if (!a.has("no-store")) {
    store = open_store(store_path(a));
    Selection selection;
    for (const ModelInfo& m : models) selection.models.push_back(m.id);
    selection.libs = libs;
    selection.batches = {batch};
    selection.graphs = graphs;
    selection.config = config;
    run_id = store->begin_run(run_platform(context.backends), selection, a.get("label").value_or("accuracy"));
  }

  using Align = TextTable::Align;
  TextTable table({{"model"}, {"lib"}, {"precision"}, {"graph"}, {"top-1", Align::Right}, {"±se", Align::Right},
                   {"images", Align::Right}, {"agrees", Align::Right}, {"ms/image", Align::Right}, {"±std", Align::Right}});
  Runner runner(context.models, context.backends);
  int failures = 0;
  for (const ModelInfo& model : models) {
    std::vector<int> first;  // the first library's classes, which the others are compared with
    for (const LibraryChoice& lib : libs)
      for (Precision precision : lib.precisions)
        for (GraphMode graph : graphs) {
          const PointSpec spec{model.id, lib.lib, precision, batch, graph, nullptr};
          std::cerr << "cnn-bench: classifying " << data.count() << " images with " << model.id << " on " << lib.lib
                    << " " << precision_text(precision, graph, Scheduler::Sequential) << "\n";
          Point point = runner.measure(spec, config, reps);
          std::vector<std::string> row{model.id, lib.lib, std::string(to_string(precision)), std::string(to_string(graph))};
          try {
            if (!point.success) throw std::runtime_error(point.error);
            const Classified c = classify(context.models, spec, *context.backends.find(lib.lib), config, data);
            point.accuracy = c.reading;
            if (first.empty()) first = c.predicted;
            const analysis::Stats t = analysis::point_stats(point).per_image;
            const analysis::ShownAccuracy shown{analysis::AccuracySource::Measured, c.reading.top1(), data.name,
                                                c.reading.images};
            table.add_row({row[0], row[1], row[2], row[3], percent(c.reading.top1(), 2),
                           percent(shown.standard_error().value_or(0), 2), std::to_string(c.reading.images),
                           percent(agreement(first, c.predicted), 2), fixed(t.mean, 4),
                           t.n > 1 ? fixed(t.std, 4) : "- (1 rep)"});
          } catch (const std::exception& e) {
            ++failures;
            point.success = false;
            point.error = e.what();
            table.add_row({row[0], row[1], row[2], row[3], "FAIL: " + std::string(e.what()), "-", "-", "-", "-", "-"});
          }
          if (store) store->add_point(run_id, point);
        }
  }
  if (store) store->finish_run(run_id, RunStatus::Finished);
  table.print(std::cout);
  if (store) std::cerr << "cnn-bench: stored as run " << run_id << " in " << store->path().string() << "\n";
  return failures == 0 ? 0 : 1;
}

}  // namespace cnn::bench_cli
