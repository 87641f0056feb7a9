// libFuzzer: opening a results store from any bytes (a foreign, damaged or hand-edited file), bringing
// it up to date and reading every run and the machine record. Contract: the store's data, or
// std::runtime_error with one sentence naming the file; never a crash, a leak, a hang or another
// exception. The file lives on tmpfs (/dev/shm when there is one) and is removed after each input.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "core/store/results_store.h"

namespace {

std::filesystem::path folder() {
  static const std::filesystem::path dir = [] {
    std::error_code ec;
    const std::filesystem::path base = std::filesystem::exists("/dev/shm", ec) ? "/dev/shm" : std::filesystem::temp_directory_path();
    const std::filesystem::path d = base / ("cnn-fuzz-store-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::filesystem::path file = folder() / "results.sqlite";
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
  }
  try {
    cnn::ResultsStore store(file);
    for (const cnn::RunSummary& run : store.list_runs()) (void)store.load_run(run.id);
    (void)store.latest_machine();
  } catch (const std::runtime_error&) {
  }
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(file.string() + suffix, ec);
  return 0;
}
