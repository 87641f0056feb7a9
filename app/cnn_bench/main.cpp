// cnn-bench: the command-line benchmark. Commands: list, run, verify, runs, report, import, export, plan,
// accuracy, conformance, machine, schedule.
#include <cstring>
#include <exception>
#include <iostream>
#include <new>
#include <span>
#include <stdexcept>

#include "app/cnn_bench/commands.h"
#include "backends/backend_registration.h"
#include "models/builtin_models.h"

#ifndef CNN_EXPLORER_VERSION
#define CNN_EXPLORER_VERSION "unknown"
#endif

namespace {

using namespace cnn::bench_cli;

void print_help(std::ostream& out) {
  out << "Usage: cnn-bench <command> [options]\n\n"
         "Measures CNN inference time per layer across math libraries.\n\n"
         "Commands:\n";
  for (const CommandSpec* c : {&list_spec(), &run_spec(), &verify_spec(), &runs_spec(), &report_spec(),
                               &import_spec(), &export_spec(), &plan_spec(), &accuracy_spec(), &conformance_spec(),
                               &machine_spec(), &schedule_spec()})
    out << "  " << c->name << std::string(13 - c->name.size(), ' ') << c->summary << "\n";
  out << "\nOptions:\n"
         "  --help     show this help ('cnn-bench <command> --help' for a command's options)\n"
         "  --version  show the version\n\n"
         "Examples:\n"
         "  cnn-bench list\n"
         "  cnn-bench run --models alexnet,googlenet --libs reference,openblas --batch 2:16:2 --out results.json\n"
         "  cnn-bench run --models resnet-50 --libs onednn --graph caffe,fused\n"
         "  cnn-bench verify --models lenet,alexnet\n"
         "  cnn-bench runs\n"
         "  cnn-bench report --reference\n"
         "  cnn-bench export --run 3 --format csv --out run3.csv\n"
         "  cnn-bench plan --run 3 --libs openblas,onednn --out plans.json\n"
         "  cnn-bench run --libs adaptive --plan plans.json\n"
         "  cnn-bench accuracy --models lenet-fashion --libs reference,openblas,onednn\n"
         "  cnn-bench machine --threads 2\n"
         "  cnn-bench schedule --model googlenet --lib onednn --batch 1 --threads 2 --compare 7\n"
         "  cnn-bench conformance /usr/share/libonnx-testdata/data/node --libs reference,openblas,onednn\n";
}

int dispatch(int argc, char** argv) {
  if (argc < 2) throw UsageError("no command given (use list, run, verify, runs, report, import, export, plan, accuracy, conformance, machine or schedule; see 'cnn-bench --help')");
  const std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    print_help(std::cout);
    return 0;
  }
  if (command == "--version") {
    std::cout << "cnn-bench " << CNN_EXPLORER_VERSION << "\n";
    return 0;
  }

  using Command = int (*)(const Context&, std::span<char* const>);
  Command run = nullptr;
  if (command == "list") run = list_command;
  else if (command == "run") run = run_command;
  else if (command == "verify") run = verify_command;
  else if (command == "runs") run = runs_command;
  else if (command == "report") run = report_command;
  else if (command == "import") run = import_command;
  else if (command == "export") run = export_command;
  else if (command == "plan") run = plan_command;
  else if (command == "conformance") run = conformance_command;
  else if (command == "accuracy") run = accuracy_command;
  else if (command == "machine") run = machine_command;
  else if (command == "schedule") run = schedule_command;
  else if (command.rfind("-", 0) == 0) throw UsageError("unknown option '" + command + "' (see 'cnn-bench --help')");
  else throw UsageError("unknown command '" + command + "' (use list, run, verify, runs, report, import, export, plan, accuracy, conformance, machine or schedule)");

  cnn::BackendRegistry backends;
  cnn::register_backends(backends);
  cnn::ModelCatalog models;
  cnn::add_builtin_models(models);
  const Context context{backends, models};
  return run(context, std::span<char* const>(argv + 2, std::size_t(argc - 2)));
}

}  // namespace

int main(int argc, char** argv) {
  cnn::prepare_backends_for_process(argv);
  try {
    return dispatch(argc, argv);
  } catch (const UsageError& e) {
    std::cerr << "cnn-bench: " << e.what() << "\n";
  } catch (const cnn::ModelError& e) {
    std::cerr << "cnn-bench: " << e.what() << "\n";
  } catch (const std::invalid_argument& e) {
    std::cerr << "cnn-bench: " << e.what() << "\n";
  } catch (const std::bad_alloc&) {
    std::cerr << "cnn-bench: out of memory\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "cnn-bench: " << e.what() << "\n";
    return 1;
  }
  return 2;
}
