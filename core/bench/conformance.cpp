#include "core/bench/conformance.h"

#include <algorithm>
#include <cmath>

#include "core/model/graph.h"
#include "core/model/onnx/onnx_model.h"
#include "core/session.h"

namespace cnn {
namespace {

namespace fs = std::filesystem;

struct DataSet {
  std::vector<OnnxTensor> inputs, outputs;
};

std::vector<OnnxTensor> read_numbered(const fs::path& dir, const std::string& stem) {
  std::vector<OnnxTensor> out;
  for (int k = 0; fs::exists(dir / (stem + "_" + std::to_string(k) + ".pb")); ++k)
    out.push_back(load_onnx_tensor(dir / (stem + "_" + std::to_string(k) + ".pb")));
  return out;
}

std::vector<DataSet> read_data_sets(const fs::path& dir) {
  std::vector<DataSet> sets;
  for (int n = 0; fs::is_directory(dir / ("test_data_set_" + std::to_string(n))); ++n) {
    const fs::path set = dir / ("test_data_set_" + std::to_string(n));
    sets.push_back(DataSet{read_numbered(set, "input"), read_numbered(set, "output")});
  }
  if (sets.empty()) throw ModelError("'" + dir.string() + "' has no test_data_set_0");
  return sets;
}

// The latest value holding `blob`.
int value_of(const Graph& graph, const std::string& blob) {
  for (int v = int(graph.values().size()) - 1; v >= 0; --v)
    if (graph.values()[std::size_t(v)].blob == blob) return v;
  throw ModelError("no value holds '" + blob + "'");
}

// One data set through a session of `lib`; the worst scaled error over its outputs.
double run_data_set(const ImportedModel& model, const std::vector<std::string>& names, const DataSet& set, Backend& lib,
                    Precision precision, ConformanceTolerance tol) {
  std::vector<const OnnxTensor*> data_inputs;
  for (const std::string& blob : model.inputs) {
    const auto k = std::find(names.begin(), names.end(), blob) - names.begin();
    if (std::size_t(k) >= set.inputs.size()) throw ModelError("the data set has no tensor for input '" + blob + "'");
    data_inputs.push_back(&set.inputs[std::size_t(k)]);
  }
  if (set.outputs.size() != model.outputs.size())
    throw ModelError("the data set has " + std::to_string(set.outputs.size()) + " outputs, the model " +
                     std::to_string(model.outputs.size()));
  const OnnxTensor& first = *data_inputs.front();
  const int batch = first.dims.empty() ? 1 : int(first.dims[0]);
  const Graph graph(model.net, batch);
  RunConfig config;
  config.precision = precision;
  config.threads = 1;
  Session session(graph, weights_by_layer(graph, model.weights), lib, config, SessionOptions{.keep_all_values = true});
  for (std::size_t i = 0; i < data_inputs.size(); ++i) {
    Tensor& in = session.input(int(i));
    if (in.count() != data_inputs[i]->count() || !data_inputs[i]->is_float)
      throw ModelError("input '" + model.inputs[i] + "' of the data set has dims " + data_inputs[i]->dims_str() +
                       ", not the model's " + in.shape().str());
    std::copy(data_inputs[i]->f.begin(), data_inputs[i]->f.end(), in.f32());
  }
  session.upload_inputs();
  session.forward();
  double worst = 0;
  for (std::size_t o = 0; o < model.outputs.size(); ++o) {
    const Tensor ours = session.host_value(value_of(graph, model.outputs[o]));
    const OnnxTensor& want = set.outputs[o];
    if (ours.count() != want.count() || !want.is_float)
      throw ModelError("output " + std::to_string(o) + " has " + std::to_string(ours.count()) + " values, the data set " +
                       want.dims_str());
    const float* p = ours.f32();
    for (std::size_t i = 0; i < want.count(); ++i) {
      const double e = want.f[i], diff = std::fabs(double(p[i]) - e);
      if (std::isnan(p[i]) != std::isnan(e)) return INFINITY;
      if (std::isnan(e) || (std::isinf(e) && p[i] == e)) continue;
      worst = std::max(worst, diff / (tol.atol + tol.rtol * std::fabs(e)));
    }
  }
  return worst;
}

}  // namespace

ConformanceResult run_conformance_test(const fs::path& dir, Backend& lib, Precision precision,
                                       ConformanceTolerance tolerance) {
  ConformanceResult r;
  r.test = dir.filename().string();
  r.lib = lib.info().id;
  if (precision == Precision::FP16) tolerance.rtol = std::max(tolerance.rtol, 2e-2);
  try {
    // The model first, so a test of something this program does not run (an integer type, an optional
    // value) is reported as unsupported rather than as tensors it cannot read. Inputs that only feed
    // parameters (weights) are bound from the first data set.
    const fs::path model_path = dir / "model.onnx";
    const std::vector<std::string> names = onnx_input_names(model_path);
    std::map<std::string, OnnxTensor> bound;
    for (std::size_t k = 0; k < names.size(); ++k) {
      const fs::path file = dir / "test_data_set_0" / ("input_" + std::to_string(k) + ".pb");
      try {
        bound[names[k]] = load_onnx_tensor(file);
      } catch (const ModelError&) {  // not a parameter this program reads; the import says why
      }
    }
    const ImportedModel model = load_onnx(model_path, bound);
    const std::vector<DataSet> sets = read_data_sets(dir);
    for (const DataSet& set : sets) r.worst = std::max(r.worst, run_data_set(model, names, set, lib, precision, tolerance));
    r.outcome = r.worst <= 1.0 ? ConformanceOutcome::Pass : ConformanceOutcome::Fail;
  } catch (const OnnxUnsupported& e) {
    r.outcome = ConformanceOutcome::Unsupported;
    r.reason = e.what();
  } catch (const UnsupportedLayer& e) {
    r.outcome = ConformanceOutcome::Unsupported;
    r.reason = e.what();
  } catch (const std::exception& e) {
    r.outcome = ConformanceOutcome::Fail;
    r.reason = e.what();
  }
  return r;
}

std::vector<fs::path> conformance_tests(const fs::path& root) {
  if (fs::exists(root / "model.onnx")) return {root};
  std::vector<fs::path> dirs;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(root, ec))
    if (e.is_directory() && fs::exists(e.path() / "model.onnx")) dirs.push_back(e.path());
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

}  // namespace cnn
