#include "core/bench/plan.h"

#include <charconv>
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

}  // namespace

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
    for (int b = from; b <= to; b += step) out.push_back(b);
  } else {
    for (const auto& p : split(text, ',')) out.push_back(parse_positive(p, text));
  }
  if (out.size() > 4096) throw std::invalid_argument("bad batch sizes '" + text + "': more than 4096 sizes");
  return out;
}

}  // namespace cnn
