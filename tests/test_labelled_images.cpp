// IDX test sets (core/bench/labelled_images.h): gzip and plain files read into pixels / 255 and
// labels; every damaged file is one ModelError naming it; Debian's Fashion-MNIST test set when present.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <zlib.h>

#include "core/bench/labelled_images.h"
#include "core/model/net_desc.h"
#include "tests/test_support.h"

using namespace cnn;

namespace {

std::string be32(std::uint32_t v) { return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)}; }

std::string images_idx(std::uint32_t count, std::uint32_t rows, std::uint32_t cols, const std::string& pixels) {
  return be32(2051) + be32(count) + be32(rows) + be32(cols) + pixels;
}

void write_plain(const std::string& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

void write_gz(const std::string& path, const std::string& bytes) {
  gzFile f = gzopen(path.c_str(), "wb");
  gzwrite(f, bytes.data(), unsigned(bytes.size()));
  gzclose(f);
}

std::string error_of(const std::string& images, const std::string& labels) {
  try {
    load_idx(images, labels, "t");
  } catch (const ModelError& e) {
    return e.what();
  }
  return {};
}

}  // namespace

// A fresh directory for each test's files.
struct TestLabelledImages {
  test::TempDir dir_;
  std::string path(const char* name) { return dir_.file(name).string(); }
};

TEST_CASE_FIXTURE(TestLabelledImages, "readsGzipAndPlainFiles") {
  write_gz(path("img.gz"), images_idx(2, 1, 2, std::string("\x00\xff\x33\x66", 4)));
  write_plain(path("lab"), be32(2049) + be32(2) + std::string("\x07\x02", 2));
  const LabelledImages d = load_idx(path("img.gz"), path("lab"), "tiny");
  CHECK(d.name == std::string("tiny"));
  REQUIRE(d.count() == 2);
  CHECK(d.image == (Shape{1, 1, 1, 2}));
  CHECK(d.pixels == (std::vector<float>{0.f, 1.f, 0.2f, 0.4f}));
  CHECK(d.labels == (std::vector<int>{7, 2}));
}

TEST_CASE_FIXTURE(TestLabelledImages, "damagedFilesAreOneSentence") {
  write_plain(path("good"), images_idx(2, 1, 2, "abcd"));
  write_plain(path("labels"), be32(2049) + be32(2) + "\x01\x02");
  write_plain(path("magic"), be32(2049) + be32(2) + be32(1) + be32(2) + "abcd");
  write_plain(path("short"), images_idx(2, 1, 2, "abc"));
  write_plain(path("absurd"), images_idx(1, 100000, 100000, ""));
  write_plain(path("fewer"), be32(2049) + be32(1) + "\x01");
  CHECK(test::contains(error_of(path("magic"), path("labels")), "is not an IDX image file"));
  CHECK(test::contains(error_of(path("short"), path("labels")), "is truncated"));
  CHECK(test::contains(error_of(path("absurd"), path("labels")), "absurd sizes"));
  CHECK(test::contains(error_of(path("good"), path("fewer")), "one label for each of the 2 images"));
  CHECK(test::contains(error_of(path("good"), path("none")), "cannot read dataset file"));
}

TEST_CASE_FIXTURE(TestLabelledImages, "fashionMnistTestSet") {
  if (!std::filesystem::exists(kFashionMnistDir)) {
    MESSAGE("skipped: dataset-fashion-mnist is not installed");
    return;
  }
  const LabelledImages d = load_fashion_mnist_test();
  REQUIRE(d.count() == 10000);
  CHECK(d.image == (Shape{1, 1, 28, 28}));
  CHECK(*std::max_element(d.labels.begin(), d.labels.end()) == 9);
  CHECK(d.labels[0] == 9);  // the first test image is an ankle boot
}
