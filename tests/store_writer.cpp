// store_writer <store file> <layers per point>: begins a run and adds store_fixtures::make_point(i)
// for i = 0, 1, ... until killed. Prints "run <id>" first, then after each committed point the number
// of points committed so far, one per line, unbuffered. test_store SIGKILLs it mid-loop.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "core/store/results_store.h"
#include "tests/store_fixtures.h"

namespace {

void say(const std::string& line) {
  const std::string text = line + "\n";
  if (::write(STDOUT_FILENO, text.data(), text.size()) != ssize_t(text.size())) std::_Exit(3);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: store_writer <store file> <layers per point>\n");
    return 2;
  }
  try {
    cnn::ResultsStore store(argv[1]);
    const int layers = std::atoi(argv[2]);
    const auto run = store.begin_run(store_fixtures::make_platform(), store_fixtures::make_selection(), "killed");
    say("run " + std::to_string(run));
    for (int i = 0; i < 1000000; ++i) {
      store.add_point(run, store_fixtures::make_point(i, layers));
      say(std::to_string(i + 1));
    }
    store.finish_run(run, cnn::RunStatus::Finished);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
  return 0;
}
