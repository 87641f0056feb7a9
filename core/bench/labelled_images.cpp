#include "core/bench/labelled_images.h"

#include <cstdint>
#include <memory>

#include <zlib.h>

#include "core/model/net_desc.h"

namespace cnn {
namespace {

constexpr std::uint32_t kImagesMagic = 2051, kLabelsMagic = 2049;
constexpr std::uint32_t kMaxItems = 10'000'000, kMaxSide = 4096;

// Reads a whole gzip-compressed or plain file (zlib reads both).
std::vector<unsigned char> read_all(const std::filesystem::path& path) {
  const std::unique_ptr<gzFile_s, int (*)(gzFile)> f(gzopen(path.c_str(), "rb"), gzclose);
  if (!f) throw ModelError("cannot read dataset file '" + path.string() + "'");
  std::vector<unsigned char> bytes;
  unsigned char chunk[1 << 16];
  int n = 0;
  while ((n = gzread(f.get(), chunk, sizeof chunk)) > 0) bytes.insert(bytes.end(), chunk, chunk + n);
  if (n < 0) throw ModelError("dataset file '" + path.string() + "' is damaged (its gzip stream does not decode)");
  return bytes;
}

std::uint32_t big_endian(const std::vector<unsigned char>& b, std::size_t at) {
  return std::uint32_t(b[at]) << 24 | std::uint32_t(b[at + 1]) << 16 | std::uint32_t(b[at + 2]) << 8 | b[at + 3];
}

}  // namespace

LabelledImages load_idx(const std::filesystem::path& images, const std::filesystem::path& labels, std::string name) {
  const std::vector<unsigned char> im = read_all(images), lb = read_all(labels);
  if (im.size() < 16 || big_endian(im, 0) != kImagesMagic)
    throw ModelError("dataset file '" + images.string() + "' is not an IDX image file");
  if (lb.size() < 8 || big_endian(lb, 0) != kLabelsMagic)
    throw ModelError("dataset file '" + labels.string() + "' is not an IDX label file");
  const std::uint32_t count = big_endian(im, 4), rows = big_endian(im, 8), cols = big_endian(im, 12);
  if (count > kMaxItems || rows == 0 || cols == 0 || rows > kMaxSide || cols > kMaxSide)
    throw ModelError("dataset file '" + images.string() + "' declares absurd sizes");
  const std::size_t per_image = std::size_t(rows) * cols;
  if (im.size() != 16 + std::size_t(count) * per_image)
    throw ModelError("dataset file '" + images.string() + "' is truncated: it declares " + std::to_string(count) +
                     " images of " + std::to_string(rows) + "x" + std::to_string(cols));
  if (big_endian(lb, 4) != count || lb.size() != 8 + std::size_t(count))
    throw ModelError("dataset file '" + labels.string() + "' does not hold one label for each of the " +
                     std::to_string(count) + " images");
  LabelledImages out;
  out.name = std::move(name);
  out.image = Shape{1, 1, int(rows), int(cols)};
  out.pixels.resize(std::size_t(count) * per_image);
  for (std::size_t i = 0; i < out.pixels.size(); ++i) out.pixels[i] = float(im[16 + i]) / 255.f;
  out.labels.assign(lb.begin() + 8, lb.end());
  return out;
}

LabelledImages load_fashion_mnist_test(const std::filesystem::path& dir) {
  return load_idx(dir / "t10k-images-idx3-ubyte.gz", dir / "t10k-labels-idx1-ubyte.gz", "fashion-mnist-test");
}

}  // namespace cnn
