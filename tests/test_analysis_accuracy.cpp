// Which accuracy is shown: the measured reading of a (model, series) where a point carries one (of
// several, the most images, then the latest), else the model's published ImageNet top-1, else none;
// its wording, its spread, and which figures may be ranked against each other.
#include <doctest/doctest.h>

#include <vector>

#include "analysis_fixtures.h"
#include "core/analysis/accuracy.h"
#include "tests/test_support.h"

using namespace cnn;
using namespace cnn::analysis;
using fixtures::failed;
using fixtures::point;
using fixtures::series;

namespace {

Point with_accuracy(Point p, const char* dataset, int images, int correct) {
  p.accuracy = AccuracyReading{dataset, images, correct};
  return p;
}

std::string text(const std::optional<ShownAccuracy>& a) { return std::string(accuracy_text(a)); }

ModelInfo model(const char* id, double top1) {
  ModelInfo m;
  m.id = id;
  m.top1 = top1;
  return m;
}

}  // namespace

// Per (model, series): the reading of the most images; of equals, the later one.
TEST_CASE("measuredReadingChosen") {
  const std::vector<Point> points = {
      with_accuracy(point("m", "a", "fp32", 1, {1}), "d", 1000, 900),
      with_accuracy(point("m", "a", "fp32", 2, {1}), "d", 10000, 9100),  // most images
      with_accuracy(point("m", "a", "fp32", 4, {1}), "d", 500, 499),
      with_accuracy(point("m", "b", "fp32", 1, {1}), "d", 100, 50),
      with_accuracy(point("m", "b", "fp32", 1, {1}), "d", 100, 60),      // as many: the later wins
      with_accuracy(point("m", "b", "fp16", 1, {1}), "d", 0, 0),         // no images: no reading
      failed(with_accuracy(point("n", "a", "fp32", 1, {1}), "d", 10, 7)),  // the timing failed, classifying did not
      point("n", "b", "fp32", 1, {1}),
  };
  const MeasuredAccuracy m = measured_accuracy(points);
  REQUIRE(m.size() == std::size_t(3));
  CHECK(m.at({"m", series("a", "fp32")}).correct == 9100);
  CHECK(m.at({"m", series("b", "fp32")}).correct == 60);
  CHECK(m.at({"n", series("a", "fp32")}).correct == 7);
  CHECK(!m.count({"m", series("b", "fp16")}));
}

TEST_CASE("measuredElsePublishedElseNone") {
  const std::vector<Point> points = {with_accuracy(point("m", "a", "fp32", 1, {1}), "fashion-mnist-test", 10000, 9083)};
  const MeasuredAccuracy measured = measured_accuracy(points);
  const PublishedTop1 published = {{"m", 0.568279}, {"p", 0.689299}};
  const auto own = shown_accuracy(measured, published, "m", series("a", "fp32"));
  CHECK((own && own->measured()));
  CHECK((own->top1) == test::fuzzy(0.9083));
  CHECK((own->images) == 10000);
  CHECK(std::string(own->dataset) == std::string("fashion-mnist-test"));
  CHECK(text(own) == std::string("90.8 % (fashion-mnist-test, 10000 images)"));
  // The same model on another series was not measured: its published figure.
  const auto other = shown_accuracy(measured, published, "m", series("b", "fp32"));
  CHECK((other && !other->measured()));
  CHECK((other->top1) == test::fuzzy(0.568279));
  CHECK(std::string(other->dataset) == std::string("imagenet"));
  CHECK(text(other) == std::string("56.8 % published"));
  CHECK(text(shown_accuracy(measured, published, "p", series("a", "fp32"))) == std::string("68.9 % published"));
  CHECK(!shown_accuracy(measured, published, "q", series("a", "fp32")));
  CHECK(text(std::nullopt) == std::string("-"));
}

struct WordingRow {
  std::string tag;
  int images;
  int correct;
  std::string expected;
};

std::vector<WordingRow> wording_rows() {
  std::vector<WordingRow> rows;
  rows.push_back({"one decimal", 1000, 908, "90.8 % (d, 1000 images)"});
  rows.push_back({"all right", 10, 10, "100.0 % (d, 10 images)"});
  rows.push_back({"none right", 3, 0, "0.0 % (d, 3 images)"});
  rows.push_back({"one image", 1, 1, "100.0 % (d, 1 image)"});
  rows.push_back({"two thirds", 3, 2, "66.7 % (d, 3 images)"});
  return rows;
}

TEST_CASE("wording") {
  auto [tag, images, correct, expected] = test::pick_row(wording_rows());
  const std::vector<Point> points = {with_accuracy(point("m", "a", "fp32", 1, {1}), "d", images, correct)};
  CHECK(text(shown_accuracy(measured_accuracy(points), {}, "m", series("a", "fp32"))) == expected);
}

// sqrt(0.9 * 0.1 / 10000) = 0.003; a published figure has no known spread.
TEST_CASE("standardError") {
  const ShownAccuracy measured{AccuracySource::Measured, 0.9, "d", 10000};
  CHECK(measured.standard_error());
  CHECK(std::abs(*measured.standard_error() - 0.003) < 1e-15);
  CHECK(!ShownAccuracy({AccuracySource::Published, 0.9, "imagenet", 0}).standard_error());
  CHECK(!ShownAccuracy({AccuracySource::Measured, 0.0, "d", 0}).standard_error());
}

TEST_CASE("comparableOnlyOnOneScale") {
  const ShownAccuracy a{AccuracySource::Measured, 0.9, "d", 100};
  CHECK(comparable(a, {AccuracySource::Measured, 0.5, "d", 7}));
  CHECK(!comparable(a, {AccuracySource::Measured, 0.9, "e", 100}));
  CHECK(!comparable(a, {AccuracySource::Published, 0.9, "d", 0}));
}

// Models with top1 0 (unknown, e.g. LeNet) have no published figure.
TEST_CASE("publishedFromModels") {
  const std::vector<ModelInfo> models = {model("alexnet", 0.568279), model("lenet", 0), model("r", 0.753)};
  const PublishedTop1 expected = {{"alexnet", 0.568279}, {"r", 0.753}};
  CHECK(published_top1(models) == expected);
  std::map<std::string, ModelInfo> by_id;
  for (const ModelInfo& m : models) by_id[m.id] = m;
  CHECK(published_top1(by_id) == expected);
}
