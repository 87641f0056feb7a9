#pragma once
// The rows of one point in the results store (points, repetitions, transfers, point_plans, layers,
// layer_times): written in the caller's transaction, and read back for a whole run.
#include <cstdint>
#include <string>
#include <vector>

#include "core/bench/point.h"
#include "core/store/sqlite_db.h"

namespace cnn::store_points {

// Inserts `point` into run `run_id`, as row `point_id` when it is not 0 (a point replaced in place,
// keeping its order); returns its id. Failures throw std::runtime_error naming `doing`.
std::int64_t insert(sqlite::Connection& db, std::int64_t run_id, const Point& point, std::int64_t point_id,
                    const std::string& doing);

// Every point of run `run_id` in the order they were first added.
std::vector<Point> read_run(sqlite::Connection& db, std::int64_t run_id, const std::string& doing);

}  // namespace cnn::store_points
