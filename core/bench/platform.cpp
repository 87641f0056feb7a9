#include <sys/utsname.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <thread>

#include "core/backend_registry.h"
#include "core/bench/point.h"

namespace cnn {
namespace {

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0 || line.rfind("Model name", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(" \t", colon + 1));
    }
  }
  return "unknown CPU";
}

std::string os_name() {
  std::string pretty = "Linux";
  std::ifstream in("/etc/os-release");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("PRETTY_NAME=", 0) == 0) {
      pretty = line.substr(12);
      if (pretty.size() >= 2 && pretty.front() == '"') pretty = pretty.substr(1, pretty.size() - 2);
    }
  }
  utsname u{};
  if (uname(&u) == 0) pretty += std::string(", kernel ") + u.release + " " + u.machine;
  return pretty;
}

}  // namespace

std::string utc_now_iso8601() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Platform detect_platform() {
  Platform p;
  p.cpu = cpu_model();
  p.cores = int(std::thread::hardware_concurrency());
  p.os = os_name();
  p.compiler = CNN_COMPILER;
  p.version = CNN_EXPLORER_VERSION;
  p.started_at = utc_now_iso8601();
  return p;
}

Platform run_platform(const BackendRegistry& registry) {
  Platform platform = detect_platform();
  if (platform.started_at.empty()) platform.started_at = utc_now_iso8601();
  const auto add = [&](const std::string& key, const std::string& value) {
    const bool has = std::any_of(platform.libraries.begin(), platform.libraries.end(),
                                 [&](const auto& kv) { return kv.first == key; });
    if (!has) platform.libraries.emplace_back(key, value);
  };
  for (Backend* b : registry.all()) {
    const BackendInfo info = b->info();
    add(info.id, info.available ? info.name : info.name + " (unavailable: " + info.why_not + ")");
    for (const auto& [key, value] : info.details) add(key.rfind(info.id, 0) == 0 ? key : info.id + "." + key, value);
  }
  return platform;
}

}  // namespace cnn
