#include "resources/published_reference.h"

namespace cnn::resources {

const analysis::PublishedRun& jetson_tx1_reference() {
  // The document is checked by the tests; a parse error here is a programming error and throws.
  static const analysis::PublishedRun run = analysis::parse_published_run(jetson_tx1_reference_json());
  return run;
}

}  // namespace cnn::resources
