#include "core/store/store_points.h"

#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <unordered_map>

#include "core/bench/results_json.h"
#include "core/schedule/schedule_json.h"

namespace cnn::store_points {
namespace {

using sqlite::Statement;

// INTEGER columns are signed 64-bit: unsigned counts are stored as their two's-complement bits.
std::int64_t as_stored(std::uint64_t v) { return std::int64_t(v); }
std::uint64_t as_count(std::int64_t v) { return std::uint64_t(v); }

std::string dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void bind_optional(Statement& s, int i, const std::optional<double>& v) {
  if (v) s.bind_real(i, *v);
  else s.bind_null(i);
}

std::optional<double> optional_real(const Statement& s, int col) {
  return s.is_null(col) ? std::nullopt : std::optional<double>(s.real(col));
}

// A point's precision, graph mode or scheduler (`what`) read back with `parse`; an unknown name throws.
template <class Parse>
auto stored_name(const sqlite::Connection& db, std::int64_t run_id, const char* what, const std::string& text,
                 Parse parse) {
  const auto parsed = parse(text);
  if (!parsed)
    throw std::runtime_error("The results store '" + db.file() + "' holds a point of run " + std::to_string(run_id) +
                             " with unknown " + what + " '" + text + "'.");
  return *parsed;
}

}  // namespace

std::int64_t insert(sqlite::Connection& db, std::int64_t run_id, const Point& point, std::int64_t point_id,
                    const std::string& doing) {
  Statement insert(db,
                   "INSERT INTO points (id, run_id, model, lib, precision, batch, threads, success, error, "
                   "weights_bytes, activations_bytes, activations_total_bytes, workspace_bytes, measured_bytes, "
                   "visits, provisional, load_before, load_after, noise_threshold, tracked_bytes, graph, "
                   "accuracy_dataset, accuracy_images, accuracy_correct, scheduler, schedule) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   doing);
  const MemoryUse& m = point.memory;
  if (point_id > 0) insert.bind_int(1, point_id);
  else insert.bind_null(1);
  insert.bind_int(2, run_id)
      .bind_text(3, point.model)
      .bind_text(4, point.lib)
      .bind_text(5, to_string(point.precision))
      .bind_int(6, point.batch)
      .bind_int(7, point.threads)
      .bind_int(8, point.success ? 1 : 0)
      .bind_text(9, point.error)
      .bind_int(10, as_stored(m.weights_bytes))
      .bind_int(11, as_stored(m.activations_bytes))
      .bind_int(12, as_stored(m.activations_total_bytes))
      .bind_int(13, as_stored(m.workspace_bytes))
      .bind_int(14, as_stored(m.measured_bytes))
      .bind_int(15, point.visits)
      .bind_int(16, point.provisional ? 1 : 0);
  bind_optional(insert, 17, point.load_before);
  bind_optional(insert, 18, point.load_after);
  bind_optional(insert, 19, point.noise_threshold);
  if (m.tracked_bytes) insert.bind_int(20, as_stored(*m.tracked_bytes));
  else insert.bind_null(20);
  insert.bind_text(21, to_string(point.graph));
  if (const auto& a = point.accuracy) {
    insert.bind_text(22, a->dataset).bind_int(23, a->images).bind_int(24, a->correct);
  } else {
    for (int i : {22, 23, 24}) insert.bind_null(i);
  }
  insert.bind_text(25, to_string(point.scheduler));
  if (point.schedule) insert.bind_text(26, schedule_to_json(*point.schedule));
  else insert.bind_null(26);
  insert.run();
  const std::int64_t id = db.last_insert_id();

  Statement rep(db, "INSERT INTO repetitions (point_id, pass, repetition, time_ms) VALUES (?, 'fw', ?, ?)", doing);
  for (std::size_t i = 0; i < point.time_fw_ms.size(); ++i)
    rep.bind_int(1, id).bind_int(2, std::int64_t(i)).bind_real(3, point.time_fw_ms[i]).run();
  Statement transfer(db, "INSERT INTO transfers (point_id, direction, repetition, time_ms) VALUES (?, ?, ?, ?)", doing);
  for (const auto& [direction, times] : {std::pair{"in", &point.transfer_in_ms}, std::pair{"out", &point.transfer_out_ms}})
    for (std::size_t i = 0; i < times->size(); ++i)
      transfer.bind_int(1, id).bind_text(2, direction).bind_int(3, std::int64_t(i)).bind_real(4, (*times)[i]).run();

  if (point.plan) {
    nlohmann::ordered_json plan = *point.plan;
    Statement(db, "INSERT INTO point_plans (point_id, plan) VALUES (?, ?)", doing).bind_int(1, id).bind_text(2, dump(plan)).run();
  }

  Statement layer(db,
                  "INSERT INTO layers (point_id, position, layer_index, name, type, macs, params, bytes_in, "
                  "bytes_out, flops) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  doing);
  Statement time(db, "INSERT INTO layer_times (point_id, position, repetition, time_ms) VALUES (?, ?, ?, ?)", doing);
  for (std::size_t pos = 0; pos < point.layers.size(); ++pos) {
    const LayerRecord& l = point.layers[pos];
    layer.bind_int(1, id)
        .bind_int(2, std::int64_t(pos))
        .bind_int(3, l.index)
        .bind_text(4, l.name)
        .bind_text(5, l.type)
        .bind_int(6, as_stored(l.macs))
        .bind_int(7, as_stored(l.params))
        .bind_int(8, as_stored(l.bytes_in))
        .bind_int(9, as_stored(l.bytes_out));
    if (l.flops) layer.bind_int(10, as_stored(*l.flops));
    else layer.bind_null(10);
    layer.run();
    for (std::size_t r = 0; r < l.time_ms.size(); ++r)
      time.bind_int(1, id).bind_int(2, std::int64_t(pos)).bind_int(3, std::int64_t(r)).bind_real(4, l.time_ms[r]).run();
  }
  return id;
}

std::vector<Point> read_run(sqlite::Connection& db, std::int64_t run_id, const std::string& doing) {
  std::vector<Point> out;
  std::unordered_map<std::int64_t, std::size_t> slot;  // point id -> index in out
  Statement points(db,
                   "SELECT id, model, lib, precision, batch, threads, success, error, weights_bytes, "
                   "activations_bytes, activations_total_bytes, workspace_bytes, measured_bytes, "
                   "visits, provisional, load_before, load_after, noise_threshold, tracked_bytes, graph, "
                   "accuracy_dataset, accuracy_images, accuracy_correct, scheduler, schedule FROM points "
                   "WHERE run_id = ? ORDER BY id",
                   doing);
  points.bind_int(1, run_id);
  while (points.step()) {
    Point p;
    p.model = points.text(1);
    p.lib = points.text(2);
    p.precision = stored_name(db, run_id, "precision", points.text(3), parse_precision);
    p.batch = int(points.int_at(4));
    p.threads = int(points.int_at(5));
    p.success = points.int_at(6) != 0;
    p.error = points.text(7);
    p.memory = {as_count(points.int_at(8)), as_count(points.int_at(9)), as_count(points.int_at(10)),
                as_count(points.int_at(11)), as_count(points.int_at(12)), std::nullopt};
    p.visits = points.is_null(13) ? 0 : int(points.int_at(13));
    p.provisional = !points.is_null(14) && points.int_at(14) != 0;
    p.load_before = optional_real(points, 15);
    p.load_after = optional_real(points, 16);
    p.noise_threshold = optional_real(points, 17);
    if (!points.is_null(18)) p.memory.tracked_bytes = as_count(points.int_at(18));
    // NULL: a point recorded before schema version 5, which ran the Caffe graph.
    p.graph = points.is_null(19) ? GraphMode::Caffe : stored_name(db, run_id, "graph mode", points.text(19), parse_graph_mode);
    // NULL: no accuracy measured (always so before schema version 6).
    if (!points.is_null(20))
      p.accuracy = AccuracyReading{points.text(20), int(points.int_at(21)), int(points.int_at(22))};
    // 'sequential' in points recorded before schema version 8; their schedule NULL.
    p.scheduler = stored_name(db, run_id, "scheduler", points.text(23), parse_scheduler);
    if (!points.is_null(24)) {
      try {
        p.schedule = schedule_from_json(points.text(24));
      } catch (const std::exception& e) {
        throw std::runtime_error("The results store '" + db.file() + "' holds an unreadable schedule in run " +
                                 std::to_string(run_id) + " (" + e.what() + ").");
      }
    }
    slot.emplace(points.int_at(0), out.size());
    out.push_back(std::move(p));
  }
  // Each record below is joined to a point of the run; only a damaged file (a point id of another type
  // than the points' own, say) can hold one whose point the list above lacks.
  const auto point_of = [&](std::int64_t id) -> Point& {
    const auto it = slot.find(id);
    if (it == slot.end())
      throw std::runtime_error("The results store '" + db.file() + "' is damaged: run " + std::to_string(run_id) +
                               " has records of a point it does not list.");
    return out[it->second];
  };
  Statement reps(db,
                 "SELECT r.point_id, r.time_ms FROM repetitions r JOIN points p ON p.id = r.point_id "
                 "WHERE p.run_id = ? AND r.pass = 'fw' ORDER BY r.point_id, r.repetition",
                 doing);
  reps.bind_int(1, run_id);
  while (reps.step()) point_of(reps.int_at(0)).time_fw_ms.push_back(reps.real(1));

  Statement transfers(db,
                      "SELECT t.point_id, t.direction, t.time_ms FROM transfers t JOIN points p ON p.id = t.point_id "
                      "WHERE p.run_id = ? ORDER BY t.point_id, t.direction, t.repetition",
                      doing);
  transfers.bind_int(1, run_id);
  while (transfers.step()) {
    Point& p = point_of(transfers.int_at(0));
    (transfers.text(1) == "in" ? p.transfer_in_ms : p.transfer_out_ms).push_back(transfers.real(2));
  }

  Statement plans(db,
                  "SELECT x.point_id, x.plan FROM point_plans x JOIN points p ON p.id = x.point_id WHERE p.run_id = ?",
                  doing);
  plans.bind_int(1, run_id);
  while (plans.step()) {
    try {
      Point& p = point_of(plans.int_at(0));
      p.plan = nlohmann::ordered_json::parse(plans.text(1)).get<AdaptivePlan>();
    } catch (const std::exception& e) {
      throw std::runtime_error("The results store '" + db.file() + "' holds an unreadable plan in run " +
                               std::to_string(run_id) + " (" + e.what() + ").");
    }
  }

  std::map<std::pair<std::int64_t, std::int64_t>, std::pair<std::size_t, std::size_t>> layer_slot;
  Statement layers(db,
                   "SELECT l.point_id, l.position, l.layer_index, l.name, l.type, l.macs, l.params, l.bytes_in, "
                   "l.bytes_out, l.flops FROM layers l JOIN points p ON p.id = l.point_id "
                   "WHERE p.run_id = ? ORDER BY l.point_id, l.position",
                   doing);
  layers.bind_int(1, run_id);
  while (layers.step()) {
    LayerRecord l;
    l.index = int(layers.int_at(2));
    l.name = layers.text(3);
    l.type = layers.text(4);
    l.macs = as_count(layers.int_at(5));
    l.params = as_count(layers.int_at(6));
    l.bytes_in = as_count(layers.int_at(7));
    l.bytes_out = as_count(layers.int_at(8));
    if (!layers.is_null(9)) l.flops = as_count(layers.int_at(9));
    auto& owner = point_of(layers.int_at(0)).layers;
    layer_slot[{layers.int_at(0), layers.int_at(1)}] = {slot.at(layers.int_at(0)), owner.size()};
    owner.push_back(std::move(l));
  }

  Statement times(db,
                  "SELECT t.point_id, t.position, t.time_ms FROM layer_times t JOIN points p ON p.id = t.point_id "
                  "WHERE p.run_id = ? ORDER BY t.point_id, t.position, t.repetition",
                  doing);
  times.bind_int(1, run_id);
  while (times.step()) {
    // The schema's foreign key keeps every time with its layer; only a damaged file has one without.
    const auto it = layer_slot.find({times.int_at(0), times.int_at(1)});
    if (it == layer_slot.end())
      throw std::runtime_error("The results store '" + db.file() + "' is damaged: run " + std::to_string(run_id) +
                               " has per-layer times of a layer it does not list.");
    const auto [point, layer] = it->second;
    out[point].layers[layer].time_ms.push_back(times.real(2));
  }
  return out;
}

}  // namespace cnn::store_points
