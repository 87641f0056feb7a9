#pragma once
// Tidy CSV (RFC 4180, pandas-readable) of measured points: one file of points, one of layers.
#include <filesystem>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "core/bench/point.h"

namespace cnn {

// Header: model,lib,precision,graph,scheduler,batch,threads,success,error,repetition,time_fw_ms,time_per_image_ms,
// weights_bytes,activations_bytes,activations_total_bytes,workspace_bytes,measured_bytes,tracked_bytes,
// visits,provisional,cov,median_ms,p90_ms,p99_ms,layer_sum_ratio,noisy,layer_sum_off,load_before,
// load_after,noise_threshold (the point's noise, repeated on each of its rows; empty where not recorded),
// top1,accuracy_dataset,accuracy_images,accuracy_correct (its measured top-1 as a fraction, and what it
// was measured on; empty where not measured), schedule (the schedule record as JSON, as "schedule" in a
// results document; empty where none was recorded).
// One row per point and repetition (0-based); a point without times (failed) gives one row
// with empty repetition and times. Times in milliseconds, whole batch / per image.
void write_points_csv(std::ostream& out, const std::vector<Point>& points);

// Header: model,lib,precision,graph,scheduler,batch,threads,index,name,type,repetition,time_ms,macs,params,bytes_in,bytes_out.
// One row per layer and repetition; a layer without times gives one row with empty repetition and time.
void write_layers_csv(std::ostream& out, const std::vector<Point>& points);

// The layer file that goes beside a points file: "results.csv" -> "results.layers.csv".
std::filesystem::path layers_csv_path(const std::filesystem::path& points_csv);

// One field quoted when it holds a comma, a quote, CR or LF (quotes doubled), else as is.
std::string csv_field(std::string_view text);

}  // namespace cnn
