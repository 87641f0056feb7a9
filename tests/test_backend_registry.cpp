// BackendRegistry: lookup, order, and the default selection (the oracle only when nothing else runs).
#include <doctest/doctest.h>

#include "core/backend_registry.h"
#include "tests/test_support.h"

using namespace cnn;

namespace {

class FakeLibrary : public Backend {
 public:
  FakeLibrary(std::string id, bool available, bool oracle)
      : id_(std::move(id)), available_(available), oracle_(oracle) {}
  BackendInfo info() const override {
    BackendInfo i;
    i.id = id_;
    i.available = available_;
    i.oracle = oracle_;
    i.precisions = {Precision::FP32};
    return i;
  }
  bool supports(const LayerDesc&, Precision) const override { return false; }
  std::unique_ptr<Op> create(const LayerDesc&, const Weights&, const RunConfig&) override { return nullptr; }

 private:
  std::string id_;
  bool available_, oracle_;
};

std::vector<std::string> ids(const std::vector<Backend*>& list) {
  std::vector<std::string> out;
  for (Backend* b : list) out.push_back(b->info().id);
  return out;
}

}  // namespace

struct DefaultSelectionRow {
  std::string tag;
  bool fastAvailable;
  bool gpuAvailable;
  std::vector<std::string> expected;
};

std::vector<DefaultSelectionRow> default_selection_rows() {
  std::vector<DefaultSelectionRow> rows;
  rows.push_back({"cpu and gpu", true, true, {"fast", "gpu"}});
  rows.push_back({"no gpu: still listed, so callers can say why", true, false, {"fast", "gpu"}});
  rows.push_back({"only the oracle runs", false, false, {"oracle"}});
  return rows;
}

TEST_CASE("defaultSelection") {
  auto [tag, fastAvailable, gpuAvailable, expected] = test::pick_row(default_selection_rows());
  BackendRegistry r;
  r.add(std::make_unique<FakeLibrary>("oracle", true, true));
  r.add(std::make_unique<FakeLibrary>("fast", fastAvailable, false));
  r.add(std::make_unique<FakeLibrary>("gpu", gpuAvailable, false));
  std::vector<std::string> got;
  for (const auto& id : ids(r.default_selection())) got.push_back(id);
  CHECK(got == expected);
}

TEST_CASE("findAndOrder") {
  BackendRegistry r;
  r.add(std::make_unique<FakeLibrary>("a", true, false));
  r.add(std::make_unique<FakeLibrary>("b", true, false));
  CHECK(r.ids() == (std::vector<std::string>{"a", "b"}));
  REQUIRE(r.find("b") != nullptr);
  CHECK(r.find("c") == nullptr);
}
