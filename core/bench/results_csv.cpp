#include "core/bench/results_csv.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <ostream>

#include "core/analysis/noise.h"
#include "core/schedule/schedule_json.h"

namespace cnn {
namespace {

// Shortest text that reads back to the same double; empty for NaN / infinity.
std::string number(double v) {
  if (!std::isfinite(v)) return {};
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::string();
}

// The columns every row of a point starts with.
void write_key(std::ostream& out, const Point& p) {
  out << csv_field(p.model) << ',' << csv_field(p.lib) << ',' << to_string(p.precision) << ',' << to_string(p.graph)
      << ',' << to_string(p.scheduler) << ',' << p.batch << ',' << p.threads;
}

void write_memory(std::ostream& out, const MemoryUse& m) {
  out << ',' << m.weights_bytes << ',' << m.activations_bytes << ',' << m.activations_total_bytes << ','
      << m.workspace_bytes << ',' << m.measured_bytes << ',' << (m.tracked_bytes ? std::to_string(*m.tracked_bytes) : "");
}

std::string optional_number(const std::optional<double>& v) { return v ? number(*v) : std::string(); }

// The point's reading: empty fields where it was not recorded (older records) or cannot be computed.
void write_noise(std::ostream& out, const Point& p) {
  const analysis::Noise n = analysis::noise_of(p);
  const bool measured = n.n > 0;
  out << ',' << (p.visits > 0 ? std::to_string(p.visits) : "") << ',' << (p.visits > 0 ? (p.provisional ? "true" : "false") : "")
      << ',' << (measured ? number(n.cov) : "") << ',' << (measured ? number(n.median_ms) : "") << ','
      << (measured ? number(n.p90_ms) : "") << ',' << (measured ? number(n.p99_ms) : "") << ','
      << optional_number(n.layer_ratio) << ',' << (measured ? (n.noisy ? "true" : "false") : "") << ','
      << (n.layer_ratio ? (n.layers_off ? "true" : "false") : "") << ',' << optional_number(p.load_before) << ','
      << optional_number(p.load_after) << ',' << optional_number(p.noise_threshold);
}

// The measured top-1 (a fraction) and what it was measured on; empty fields where not measured.
void write_accuracy(std::ostream& out, const Point& p) {
  if (!p.accuracy) {
    out << ",,,,";
    return;
  }
  const AccuracyReading& a = *p.accuracy;
  out << ',' << (a.images > 0 ? number(a.top1()) : "") << ',' << csv_field(a.dataset) << ',' << a.images << ','
      << a.correct;
}

}  // namespace

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void write_points_csv(std::ostream& out, const std::vector<Point>& points) {
  out << "model,lib,precision,graph,scheduler,batch,threads,success,error,repetition,time_fw_ms,time_per_image_ms,"
         "weights_bytes,activations_bytes,activations_total_bytes,workspace_bytes,measured_bytes,tracked_bytes,"
         "visits,provisional,cov,median_ms,p90_ms,p99_ms,layer_sum_ratio,noisy,layer_sum_off,load_before,load_after,"
         "noise_threshold,top1,accuracy_dataset,accuracy_images,accuracy_correct,schedule\n";
  for (const auto& p : points) {
    const auto row = [&](const std::string& rep, const std::string& time, const std::string& per_image) {
      write_key(out, p);
      out << ',' << (p.success ? "true" : "false") << ',' << csv_field(p.error) << ',' << rep << ',' << time << ','
          << per_image;
      write_memory(out, p.memory);
      write_noise(out, p);
      write_accuracy(out, p);
      out << ',' << (p.schedule ? csv_field(schedule_to_json(*p.schedule)) : std::string());
      out << '\n';
    };
    if (p.time_fw_ms.empty()) {
      row({}, {}, {});
      continue;
    }
    for (std::size_t r = 0; r < p.time_fw_ms.size(); ++r) {
      const double t = p.time_fw_ms[r];
      row(std::to_string(r), number(t), p.batch > 0 ? number(t / p.batch) : std::string());
    }
  }
}

void write_layers_csv(std::ostream& out, const std::vector<Point>& points) {
  out << "model,lib,precision,graph,scheduler,batch,threads,index,name,type,repetition,time_ms,macs,params,bytes_in,bytes_out\n";
  for (const auto& p : points) {
    for (const auto& l : p.layers) {
      const auto row = [&](const std::string& rep, const std::string& time) {
        write_key(out, p);
        out << ',' << l.index << ',' << csv_field(l.name) << ',' << csv_field(l.type) << ',' << rep << ',' << time
            << ',' << l.macs << ',' << l.params << ',' << l.bytes_in << ',' << l.bytes_out << '\n';
      };
      if (l.time_ms.empty()) row({}, {});
      for (std::size_t r = 0; r < l.time_ms.size(); ++r) row(std::to_string(r), number(l.time_ms[r]));
    }
  }
}

std::filesystem::path layers_csv_path(const std::filesystem::path& points_csv) {
  std::filesystem::path out = points_csv;
  std::string ext = out.extension().string();
  for (char& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".csv") out.replace_extension();
  out += ".layers.csv";
  return out;
}

}  // namespace cnn
