#pragma once
// Turning --models / --libs / --precision into what a command runs; shared by run and verify.
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "core/backend_registry.h"
#include "core/bench/selection.h"
#include "core/model/catalog.h"

namespace cnn::bench_cli {

// Catalog ids or .prototxt / .onnx paths, resolved now; all built-in models when `list` is absent.
// Throws UsageError for an unknown id or a bad file.
std::vector<ModelInfo> select_models(const ModelCatalog& catalog, const std::optional<std::string>& list);

// fp32 when absent; throws UsageError for an unknown precision.
std::vector<Precision> select_precisions(const std::optional<std::string>& list);

// --graph: caffe when absent; "caffe,fused" runs both. Throws UsageError for an unknown mode.
std::vector<GraphMode> select_graphs(const std::optional<std::string>& list);

// --schedule: sequential when absent; "sequential,ios" runs both. Throws UsageError for an unknown name.
std::vector<Scheduler> select_schedulers(const std::optional<std::string>& list);

// The named libraries (all registered when `list` is absent), minus `exclude`. Throws UsageError
// for an id that is not compiled in. A library that is unavailable or lacks a wanted precision is
// skipped with one line on `err`. May return an empty list.
// Each library with the wanted precisions it has, in the order asked.
std::vector<LibraryChoice> select_libs(const BackendRegistry& registry, const std::optional<std::string>& list,
                                   const std::vector<Precision>& wanted, const std::string& exclude,
                                   std::ostream& err);


}  // namespace cnn::bench_cli
