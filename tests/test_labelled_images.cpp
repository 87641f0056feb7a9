// IDX test sets (core/bench/labelled_images.h): gzip and plain files read into pixels / 255 and
// labels; every damaged file is one ModelError naming it; Debian's Fashion-MNIST test set when present.
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <zlib.h>

#include "core/bench/labelled_images.h"
#include "core/model/net_desc.h"

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

QString error_of(const std::string& images, const std::string& labels) {
  try {
    load_idx(images, labels, "t");
  } catch (const ModelError& e) {
    return e.what();
  }
  return {};
}

}  // namespace

class TestLabelledImages : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  std::string path(const char* name) { return dir_.filePath(name).toStdString(); }

 private slots:
  void readsGzipAndPlainFiles() {
    write_gz(path("img.gz"), images_idx(2, 1, 2, std::string("\x00\xff\x33\x66", 4)));
    write_plain(path("lab"), be32(2049) + be32(2) + std::string("\x07\x02", 2));
    const LabelledImages d = load_idx(path("img.gz"), path("lab"), "tiny");
    QCOMPARE(d.name, std::string("tiny"));
    QCOMPARE(d.count(), 2);
    QCOMPARE(d.image, (Shape{1, 1, 1, 2}));
    QCOMPARE(d.pixels, (std::vector<float>{0.f, 1.f, 0.2f, 0.4f}));
    QCOMPARE(d.labels, (std::vector<int>{7, 2}));
  }

  void damagedFilesAreOneSentence() {
    write_plain(path("good"), images_idx(2, 1, 2, "abcd"));
    write_plain(path("labels"), be32(2049) + be32(2) + "\x01\x02");
    write_plain(path("magic"), be32(2049) + be32(2) + be32(1) + be32(2) + "abcd");
    write_plain(path("short"), images_idx(2, 1, 2, "abc"));
    write_plain(path("absurd"), images_idx(1, 100000, 100000, ""));
    write_plain(path("fewer"), be32(2049) + be32(1) + "\x01");
    QVERIFY(error_of(path("magic"), path("labels")).contains("is not an IDX image file"));
    QVERIFY(error_of(path("short"), path("labels")).contains("is truncated"));
    QVERIFY(error_of(path("absurd"), path("labels")).contains("absurd sizes"));
    QVERIFY(error_of(path("good"), path("fewer")).contains("one label for each of the 2 images"));
    QVERIFY(error_of(path("good"), path("none")).contains("cannot read dataset file"));
  }

  void fashionMnistTestSet() {
    if (!std::filesystem::exists(kFashionMnistDir)) QSKIP("dataset-fashion-mnist is not installed");
    const LabelledImages d = load_fashion_mnist_test();
    QCOMPARE(d.count(), 10000);
    QCOMPARE(d.image, (Shape{1, 1, 28, 28}));
    QCOMPARE(*std::max_element(d.labels.begin(), d.labels.end()), 9);
    QCOMPARE(d.labels[0], 9);  // the first test image is an ankle boot
  }
};

QTEST_GUILESS_MAIN(TestLabelledImages)
#include "test_labelled_images.moc"
