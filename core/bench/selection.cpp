#include "core/bench/selection.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <stdexcept>

namespace cnn {
namespace {

int parse_positive(const std::string& text, const std::string& whole) {
  int v = 0;
  const auto* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || p != end || v <= 0)
    throw std::invalid_argument("bad batch sizes '" + whole + "': '" + text +
                                "' is not a positive whole number (use FROM:TO:STEP, a list like 1,4,8, or one number)");
  return v;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const auto pos = s.find(sep, start);
    parts.push_back(s.substr(start, pos - start));
    if (pos == std::string::npos) return parts;
    start = pos + 1;
  }
}

constexpr std::int64_t kMaxBatchSizes = 4096;

std::invalid_argument too_many(const std::string& text) {
  return std::invalid_argument("bad batch sizes '" + text + "': more than " + std::to_string(kMaxBatchSizes) + " sizes");
}

template <class T>
void add_once(std::vector<T>& list, const T& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

}  // namespace

std::vector<std::string> Selection::lib_ids() const {
  std::vector<std::string> out;
  for (const LibraryChoice& c : libs) add_once(out, c.lib);
  if (!adaptive.empty()) add_once(out, std::string(kAdaptiveLib));
  return out;
}

std::vector<Precision> Selection::precisions() const {
  std::vector<Precision> out;
  for (const LibraryChoice& c : libs)
    for (Precision p : c.precisions) add_once(out, p);
  for (const AdaptivePlan& a : adaptive) add_once(out, a.precision);
  return out;
}

std::vector<int> Selection::all_batches() const {
  std::vector<int> out;
  if (!libs.empty() || adaptive_at_batches) out = batches;
  if (!adaptive_at_batches)
    for (const AdaptivePlan& a : adaptive) add_once(out, a.batch);
  return out;
}

std::vector<PointSpec> points_of(const Selection& s) {
  std::vector<PointSpec> out;
  for (const std::string& model : s.models) {
    for (int batch : s.batches)
      for (const LibraryChoice& c : s.libs)
        for (Precision p : c.precisions)
          for (GraphMode g : s.graphs)
            for (Scheduler sc : s.schedulers) out.push_back({model, c.lib, p, batch, g, nullptr, sc});
    for (const AdaptivePlan& a : s.adaptive) {
      if (a.model != model) continue;
      const auto add = [&](int batch) {
        for (Scheduler sc : s.schedulers) out.push_back({model, std::string(kAdaptiveLib), a.precision, batch, a.graph, &a, sc});
      };
      if (s.adaptive_at_batches) {
        for (int batch : s.batches) add(batch);
      } else {
        add(a.batch);
      }
    }
  }
  return out;
}

std::vector<int> parse_batches(const std::string& text) {
  if (text.empty()) throw std::invalid_argument("bad batch sizes: empty");
  std::vector<int> out;
  if (text.find(':') != std::string::npos) {
    const auto parts = split(text, ':');
    if (parts.size() < 2 || parts.size() > 3)
      throw std::invalid_argument("bad batch range '" + text + "': use FROM:TO or FROM:TO:STEP");
    const int from = parse_positive(parts[0], text), to = parse_positive(parts[1], text);
    const int step = parts.size() == 3 ? parse_positive(parts[2], text) : 1;
    if (to < from) throw std::invalid_argument("bad batch range '" + text + "': TO is smaller than FROM");
    // Counted before any is made (a range up to INT_MAX would fill memory), and stepped in 64 bits
    // (b += step past INT_MAX would overflow and never end).
    const std::int64_t count = (std::int64_t(to) - from) / step + 1;
    if (count > kMaxBatchSizes) throw too_many(text);
    for (std::int64_t i = 0; i < count; ++i) out.push_back(int(from + i * step));
  } else {
    for (const auto& p : split(text, ',')) out.push_back(parse_positive(p, text));
  }
  if (out.size() > std::size_t(kMaxBatchSizes)) throw too_many(text);
  return out;
}

}  // namespace cnn
