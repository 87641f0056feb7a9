#pragma once
// The built-in models: prototxt text and metadata from models/models.json, compiled into the library.

namespace cnn {

class ModelCatalog;

// Adds every built-in model to `catalog`, in models.json order (lenet, alexnet, ..., mobilenet-v1).
void add_builtin_models(ModelCatalog& catalog);

}  // namespace cnn
