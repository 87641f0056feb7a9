#pragma once
// The one place that lists the compiled-in libraries.
#include "core/backend_registry.h"

namespace cnn {

// Process-wide set-up some libraries need before they initialise (OpenBLAS reads its kernel
// choice from the environment at load time). Call first thing in main(); it may re-execute
// the program with the environment set.
void prepare_backends_for_process(char** argv);

// Adds every compiled-in backend, available or not, in a fixed order: reference first.
void register_backends(BackendRegistry& registry);

}  // namespace cnn
