// The seven built-in models: each parses, its Graph has the published cost and output shape,
// its metadata agrees with its prototxt; the catalog resolves ids and files and rejects the rest.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/model/catalog.h"
#include "core/model/graph.h"
#include "core/model/onnx/onnx_model.h"
#include "models/builtin_models.h"
#include "tests/test_support.h"

using namespace cnn;

namespace {

ModelCatalog builtin_catalog() {
  ModelCatalog catalog;
  add_builtin_models(catalog);
  return catalog;
}

// |actual - expected| <= 1% of expected.
bool within_one_percent(double actual, double expected) {
  return actual >= expected * 0.99 && actual <= expected * 1.01;
}

// The message of the ModelError `f` throws; empty when it throws nothing.
template <typename F>
std::string model_error(F&& f) {
  try {
    f();
  } catch (const ModelError& e) {
    return std::string(e.what());
  }
  return {};
}

const char* kTinyNet = R"(name: "tiny"
input: "data"
input_shape { dim: 4 dim: 2 dim: 8 dim: 6 }
layer { name: "conv" type: "Convolution" bottom: "data" top: "conv"
        convolution_param { num_output: 3 kernel_size: 3 } }
layer { name: "prob" type: "Softmax" bottom: "conv" top: "prob" }
)";

}  // namespace

TEST_CASE("catalogListsTheBuiltInModels") {
  const ModelCatalog catalog = builtin_catalog();
  std::vector<std::string> ids;
  for (const ModelInfo& m : catalog.all()) ids.push_back(m.id);
  CHECK(ids == (std::vector<std::string>{"lenet", "alexnet", "googlenet", "squeezenet-1.0", "squeezenet-1.1",
                             "resnet-50", "mobilenet-v1", "lenet-fashion"}));
  REQUIRE(catalog.find("alexnet") != nullptr);
  CHECK(catalog.find("vgg-16") == nullptr);
}

struct CostsAndShapesRow {
  std::string tag;
  std::string id;
  double macs_millions;
  double params_millions;
  int classes;
};

std::vector<CostsAndShapesRow> costs_and_shapes_rows() {
  std::vector<CostsAndShapesRow> rows;

  rows.push_back({"lenet", "lenet", 2.29, 0.431, 10});
  rows.push_back({"alexnet", "alexnet", 724.0, 60.97, 1000});
  rows.push_back({"googlenet", "googlenet", 1583.0, 7.00, 1000});
  rows.push_back({"squeezenet-1.0", "squeezenet-1.0", 861.0, 1.248, 1000});
  rows.push_back({"squeezenet-1.1", "squeezenet-1.1", 388.0, 1.235, 1000});
  rows.push_back({"resnet-50", "resnet-50", 3858.0, 25.6, 1000});
  rows.push_back({"mobilenet-v1", "mobilenet-v1", 569.0, 4.25, 1000});
  return rows;
}

TEST_CASE("costsAndShapes") {
  auto [tag, id, macs_millions, params_millions, classes] = test::pick_row(costs_and_shapes_rows());

  const ModelCatalog catalog = builtin_catalog();
  const ModelInfo* model = catalog.find(id);
  REQUIRE(model != nullptr);
  const NetDesc net = catalog.parse(*model);

  const Graph one(net, 1);
  const Graph three(net, 3);
  CHECK_MESSAGE(within_one_percent(one.total_macs() / 1e6, macs_millions),
                "MACs per image " << one.total_macs() / 1e6 << " M, expected " << macs_millions << " M");
  CHECK_MESSAGE(within_one_percent(one.total_params() / 1e6, params_millions),
                "params " << one.total_params() / 1e6 << " M, expected " << params_millions << " M");
  CHECK(three.total_macs() == 3 * one.total_macs());
  CHECK(three.total_params() == one.total_params());

  for (const Graph* g : {&one, &three}) {
    REQUIRE((g->outputs().size()) == std::size_t(1));
    const Graph::Value& out = g->values()[g->outputs().front()];
    CHECK(std::string(out.blob) == std::string("prob"));
    CHECK(out.shape == (Shape{g->batch(), classes, 1, 1}));
    CHECK(std::string(g->nodes().back().desc.name) == std::string("prob"));
    CHECK((g->nodes().back().desc.type) == LayerType::Softmax);
  }
}

struct MetadataRow {
  std::string tag;
  std::string id;
};

std::vector<MetadataRow> metadata_rows() {
  std::vector<MetadataRow> rows;
  const ModelCatalog catalog = builtin_catalog();
  for (const ModelInfo& m : catalog.all()) rows.push_back({m.id, m.id});
  return rows;
}

TEST_CASE("metadata") {
  auto [tag, id] = test::pick_row(metadata_rows());
  const ModelCatalog catalog = builtin_catalog();
  const ModelInfo* model = catalog.find(id);
  REQUIRE(model != nullptr);
  CHECK(!model->name.empty());
  CHECK(!model->source.empty());
  CHECK(!model->accuracy_source.empty());
  // A prototxt compiled in, or a file with its own weights (lenet-fashion.onnx) that exists.
  CHECK(model->prototxt.empty() != model->file.empty());
  if (!model->file.empty()) CHECK(std::filesystem::is_regular_file(model->file));
  CHECK((model->top1 >= 0 && model->top1 <= 1));
  CHECK((model->top5 >= model->top1 && model->top5 <= 1));
  if (!id.starts_with("lenet")) CHECK(model->top1 > 0.5);  // ImageNet classifiers with published figures

  if (!model->file.empty() && !onnx_available()) {
    MESSAGE("skipped the rest: this build reads no ONNX files");
    return;
  }
  // The declared input is the prototxt's input, for one image.
  const NetDesc net = catalog.parse(*model);
  REQUIRE(net.inputs.size() == std::size_t(1));
  Shape declared = net.inputs.front().shape;
  declared.n = 1;
  CHECK((model->input) == declared);

  // A catalog id resolves to the same entry.
  const ModelInfo resolved = catalog.resolve(model->id);
  CHECK(resolved.name == (model->name));
  CHECK(resolved.prototxt == (model->prototxt));
}

TEST_CASE("resolveUnknownIdNamesIt") {
  const ModelCatalog catalog = builtin_catalog();
  const std::string message = model_error([&] { catalog.resolve("vgg-16"); });
  CHECK_MESSAGE(test::contains(message, "unknown model 'vgg-16'"), message);
  CHECK_MESSAGE((test::contains(message, "alexnet") && test::contains(message, "mobilenet-v1")), message);
  CHECK_MESSAGE(test::contains(message, ".prototxt"), message);
}

TEST_CASE("resolveMissingFileNamesThePath") {
  const ModelCatalog catalog = builtin_catalog();
  const test::TempDir dir;
  const std::string path = dir.file("absent.prototxt").string();
  const std::string message = model_error([&] { catalog.resolve(path); });
  CHECK_MESSAGE(test::contains(message, std::string(path)), message);
  CHECK_MESSAGE(test::contains(message, "does not exist"), message);
}

TEST_CASE("resolveUserFile") {
  const ModelCatalog catalog = builtin_catalog();
  const test::TempDir dir;
  const std::string path = dir.file("tiny.prototxt").string();
  std::ofstream(path) << kTinyNet;

  const ModelInfo model = catalog.resolve(path);
  CHECK(model.id == path);
  CHECK(model.name == std::string("tiny"));
  CHECK(model.input == (Shape{1, 2, 8, 6}));
  CHECK(model.prototxt == std::string(kTinyNet));
  const Graph graph(catalog.parse(model), 2);
  CHECK(graph.values()[graph.outputs().front()].shape == (Shape{2, 3, 6, 4}));
}

TEST_CASE("resolveBadFileNamesThePath") {
  const ModelCatalog catalog = builtin_catalog();
  const test::TempDir dir;
  const std::string path = dir.file("broken.prototxt").string();
  std::ofstream(path) << "name: \"broken\"\nlayer { name: \"x\" \n";
  const std::string message = model_error([&] { catalog.resolve(path); });
  CHECK_MESSAGE(!message.empty(), "a truncated prototxt is a ModelError");
  CHECK_MESSAGE(test::contains(message, std::string(path)), message);
}

// lenet-fashion's file through a path: read once, its own weights (not seeded ones) for every graph.
TEST_CASE("resolveOnnxFileRunsWithItsOwnWeights") {
  if (!onnx_available()) {
    MESSAGE("skipped: this build reads no ONNX files");
    return;
  }
  const ModelCatalog catalog = builtin_catalog();
  const std::string path = catalog.find("lenet-fashion")->file;
  const ModelInfo model = catalog.resolve(path);
  CHECK(model.id == path);
  CHECK(model.name == std::string("lenet-fashion"));
  CHECK(model.input == (Shape{1, 1, 28, 28}));
  REQUIRE(model.imported != nullptr);
  CHECK(catalog.resolve(path).imported.get() == model.imported.get());       // read once
  CHECK(catalog.resolve("lenet-fashion").imported.get() == model.imported.get());  // by id too
  const Graph graph(catalog.parse(model), 3);
  const ModelWeights own = ModelCatalog::weights(model, graph, 1), again = ModelCatalog::weights(model, graph, 2);
  const ModelWeights seeded = generate_weights(graph, 1);
  CHECK(graph.nodes().front().desc.type == LayerType::Convolution);
  const Tensor& w = own.front().blobs.at(0);
  CHECK(w.shape() == (Shape{20, 1, 5, 5}));
  CHECK(std::memcmp(w.data(), again.front().blobs.at(0).data(), w.bytes()) == 0);  // the seed plays no part
  // A copy made for the session (its memory is tracked as a framework reading the file), not the cache's.
  const Tensor& cached = model.imported->weights.at(graph.nodes().front().desc.name).blobs.at(0);
  CHECK((w.data() != cached.data() && w.data() != again.front().blobs.at(0).data()));
  CHECK(std::memcmp(w.data(), cached.data(), w.bytes()) == 0);
  CHECK(std::memcmp(w.data(), seeded.front().blobs.at(0).data(), w.bytes()) != 0);
}

TEST_CASE("resolveBadOnnxFileNamesThePath") {
  if (!onnx_available()) {
    MESSAGE("skipped: this build reads no ONNX files");
    return;
  }
  const ModelCatalog catalog = builtin_catalog();
  const test::TempDir dir;
  const std::string path = dir.file("cut.onnx").string();
  std::ifstream whole(catalog.find("lenet-fashion")->file, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(whole)), std::istreambuf_iterator<char>());
  std::ofstream(path, std::ios::binary) << bytes.substr(0, bytes.size() / 3);
  for (int attempt = 0; attempt < 2; ++attempt) {  // a failed read is not remembered as a model
    const std::string message = model_error([&] { catalog.resolve(path); });
    CHECK_MESSAGE((test::contains(message, std::string(path)) && test::contains(message, "not an ONNX model")),
                  message);
  }
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;  // written again, whole: read again
  CHECK(catalog.resolve(path).input == (Shape{1, 1, 28, 28}));
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes.substr(0, 100);  // and cut again: not the
  CHECK(!model_error([&] { catalog.resolve(path); }).empty());               // model read before
}
