#pragma once
// A run's settings as the store keeps them (runs.settings, JSON): the Selection it was started with.
#include <string>

#include "core/bench/selection.h"

namespace cnn::store_settings {

std::string to_text(const Selection& selection);
// Throws std::runtime_error (or a JSON error) on unreadable text. Fields added by later versions
// (e.g. "graphs": a run before graph modes ran the Caffe graph only)
// take their defaults when missing; a run written before per-library precisions has every library
// in every precision it lists.
Selection from_text(const std::string& text);

}  // namespace cnn::store_settings
