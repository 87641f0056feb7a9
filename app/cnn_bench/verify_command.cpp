// cnn-bench verify: every library's forward pass against the reference library's.
#include <iostream>

#include "app/cnn_bench/commands.h"
#include "app/cnn_bench/selection.h"
#include "app/cnn_bench/text_table.h"
#include "core/bench/selection.h"
#include "core/bench/verify.h"

namespace cnn::bench_cli {
namespace {

constexpr const char* kReference = "reference";

}  // namespace

const CommandSpec& verify_spec() {
  static const CommandSpec spec{
      "verify",
      "Check every library other than reference against reference, value by value, on seeded weights and input.",
      "cnn-bench verify [--models LIST] [--libs LIST] [--batch SIZES] [--precision LIST] [--graph MODES]\n"
      "                        [--schedule SCHEDULERS] [--threads N]",
      {{"models", "LIST", "catalog ids or .prototxt / .onnx paths, comma separated (default: every built-in model)"},
       {"libs", "LIST", "library ids to check, comma separated (default: every available library)"},
       {"batch", "SIZES", "batch size, or sizes as for run (default: 2)"},
       {"precision", "LIST", "fp32 and/or fp16, comma separated (default: fp32)"},
       {"graph", "MODES", "caffe (the model's layers one by one), fused (BatchNorm/Scale folded, activations and\n"
                          "                  sums fused into their producers) or caffe,fused (default: caffe); the\n"
                          "                  fused candidate is compared with the reference's unfused values"},
       {"schedule", "SCHEDULERS", "sequential (default), greedy and/or ios: with greedy or ios the candidate\n"
                                  "                  also runs the schedule it chooses, buffers reused as in a timed run,\n"
                                  "                  and its outputs count in the output error"},
       {"threads", "N", "CPU threads (default: every core)"}},
      "Errors are max |candidate - reference| / max |reference|: over the network outputs, and the worst\n"
      "over every intermediate value. A check passes when the output error is within the tolerance\n"
      "(1e-4 for fp32, 2e-2 for fp16).\n"
      "Exit status: 0 when every check passed, 1 when any failed, 2 on a usage error.",
      ""};
  return spec;
}

int verify_command(const Context& context, std::span<char* const> args) {
  const Arguments a = parse_arguments(verify_spec(), args);
  if (a.has("help")) {
    std::cout << help_text(verify_spec());
    return 0;
  }
  const std::vector<ModelInfo> models = select_models(context.models, a.get("models"));
  const std::vector<Precision> precisions = select_precisions(a.get("precision"));
  const std::vector<GraphMode> graphs = select_graphs(a.get("graph"));
  const std::vector<Scheduler> schedulers = select_schedulers(a.get("schedule"));
  std::vector<int> batches = {2};
  if (const auto b = a.get("batch")) {
    try {
      batches = parse_batches(*b);
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
  }
  RunConfig config;
  if (const auto v = a.get("threads")) config.threads = parse_int(*v, "threads", 1);

  Backend* reference = context.backends.find(kReference);
  if (!reference || !reference->info().available)
    throw UsageError("cannot verify: the reference library is not available");
  const std::vector<LibraryChoice> libs =
      select_libs(context.backends, a.get("libs"), precisions, kReference, std::cerr);
  if (libs.empty()) throw UsageError("nothing to verify: no library other than reference is selected and available");

  using Align = TextTable::Align;
  TextTable table({{"model"}, {"lib"}, {"precision"}, {"graph"}, {"schedule"}, {"batch", Align::Right}, {"output error", Align::Right},
                   {"worst error", Align::Right}, {"worst layer"}, {"tolerance", Align::Right}, {"result"}});
  int checks = 0, failures = 0;
  for (const auto& model : models) {
    const NetDesc net = context.models.parse(model);
    for (const auto& lib : libs)
      for (Precision precision : lib.precisions)
        for (GraphMode graph : graphs)
          for (Scheduler scheduler : schedulers)
          for (int batch : batches) {
            std::cerr << "cnn-bench: verifying " << model.id << " on " << lib.lib << " "
                      << precision_text(precision, graph, scheduler) << " batch " << batch << "\n";
            const VerifyResult r =
                verify_model(model.id, net, *context.backends.find(lib.lib), *reference, precision, batch, config, graph,
                             model.imported.get(), scheduler);
            ++checks;
            if (!r.passed()) ++failures;
            const std::string mode(to_string(r.graph)), schedule(to_string(r.scheduler));
            if (!r.ran) {
              table.add_row({r.model, r.lib, r.precision, mode, schedule, std::to_string(r.batch), "-", "-", "-",
                             scientific(r.tolerance), "FAIL: " + r.error});
              continue;
            }
            table.add_row({r.model, r.lib, r.precision, mode, schedule, std::to_string(r.batch), scientific(r.output_error),
                           scientific(r.worst_error), r.worst_layer.empty() ? "-" : r.worst_layer,
                           scientific(r.tolerance), r.passed() ? "PASS" : "FAIL"});
          }
  }
  table.print(std::cout);
  std::cout << "\n" << (checks - failures) << " of " << checks << " checks passed\n";
  return failures == 0 ? 0 : 1;
}

}  // namespace cnn::bench_cli
