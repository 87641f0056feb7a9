#pragma once
// LabelledImages: a classification test set in memory, read from IDX files as MNIST and
// Fashion-MNIST ship them (gzip-compressed or plain).
#include <filesystem>
#include <string>
#include <vector>

#include "core/tensor.h"

namespace cnn {

struct LabelledImages {
  std::string name;           // "fashion-mnist-test"
  Shape image;                // one image: 1 x C x H x W
  std::vector<float> pixels;  // every image, NCHW, each pixel / 255
  std::vector<int> labels;    // one class per image
  int count() const { return int(labels.size()); }
};

// Where Debian's dataset-fashion-mnist installs the files.
inline const std::filesystem::path kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

// An IDX image file (magic 2051: count x rows x columns of unsigned bytes) and its label file (magic
// 2049). Throws ModelError with one sentence naming the file when it is missing, not IDX, truncated,
// or when the counts differ.
LabelledImages load_idx(const std::filesystem::path& images, const std::filesystem::path& labels, std::string name);

// Fashion-MNIST's 10,000 test images from `dir` (t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz).
LabelledImages load_fashion_mnist_test(const std::filesystem::path& dir = kFashionMnistDir);

}  // namespace cnn
