#pragma once
// The published reference runs compiled into the binaries. Read-only: they describe other machines
// and are shown beside measured runs, never written to the results store.
#include <string_view>

#include "core/analysis/published.h"

namespace cnn::resources {

// resources/reference/jetson-tx1-caffe-2016.json as it was at build time.
std::string_view jetson_tx1_reference_json();

// "Benchmarking Caffe on NVIDIA Jetson TX1" (dividiti, 2016): 24 best times per image, parsed once.
const analysis::PublishedRun& jetson_tx1_reference();

}  // namespace cnn::resources
