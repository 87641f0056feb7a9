#pragma once
// The default sweep without a window (cnn-explorer on a machine with no display): runs it on the
// calling thread with progress lines, stores it, and writes every chart of it as PNG.
#include <QString>

#include <filesystem>
#include <iosfwd>

#include "ui/sweep_request.h"

namespace cnn {
class BackendRegistry;
class ModelCatalog;
}  // namespace cnn

namespace cnn::ui {

inline constexpr const char* kDefaultBatches = "2:16:2";

// Every model of the catalog on every available library in its first precision, batch 2..16 step 2,
// the default repetitions and warm-up.
SweepRequest default_sweep(const ModelCatalog& catalog, const BackendRegistry& backends);

// Runs default_sweep() (Ctrl-C stops after the current layer, keeping the finished points), stores it
// in `db` (not stored when empty), and writes its charts to `dir` at 1920x1080, saying where.
// Returns 0, or 1 when the sweep failed or the charts could not be written (one line on `err`).
int run_default_sweep_headless(const ModelCatalog& catalog, const BackendRegistry& backends,
                               const std::filesystem::path& db, const QString& dir, std::ostream& out,
                               std::ostream& err);

}  // namespace cnn::ui
