// Concurrent stages on a device library (core/session.h, Backend::streams): each group's ops created
// on its stream, the streams forked before a stage and joined after it, the per-layer pass forking
// around each op off the library's own stream, the outputs unchanged, and the sessions refused in one
// sentence: a device without streams, a device sharing the session, a merged stage on a device; and
// the IOS search measuring stages on the streams, or keeping sequential on a device without them.
// The device is the reference ops in memory the session must treat as a device's.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "backends/reference/reference_backend.h"
#include "core/model/graph.h"
#include "core/model/net_desc.h"
#include "core/schedule/schedule_search.h"
#include "core/session.h"
#include "tests/test_support.h"

using namespace cnn;

namespace {

// Three branches from the input, then their concat: a (0), b (1), c (2), cat (3).
const char* kThreeBranches = R"(name: "three"
input: "data" input_shape { dim: 2 dim: 3 dim: 6 dim: 6 }
layer { name: "a" type: "Convolution" bottom: "data" top: "a" convolution_param { num_output: 2 kernel_size: 3 pad: 1 } }
layer { name: "b" type: "Convolution" bottom: "data" top: "b" convolution_param { num_output: 3 kernel_size: 1 } }
layer { name: "c" type: "Pooling" bottom: "data" top: "c" pooling_param { pool: MAX kernel_size: 3 stride: 1 pad: 1 } }
layer { name: "cat" type: "Concat" bottom: "a" bottom: "b" bottom: "c" top: "cat" }
)";

// Reference ops on a pretend device with `streams` streams; logs what happens in order: "fork 3",
// "join 3", "a@1" (layer a run by its op made for stream 1).
class Device final : public Backend {
 public:
  explicit Device(int streams) : streams_(streams) {}
  BackendInfo info() const override {
    BackendInfo i = ref_.info();
    i.id = "device";
    return i;
  }
  bool supports(const LayerDesc& layer, Precision p) const override { return ref_.supports(layer, p); }
  std::unique_ptr<Op> create(const LayerDesc& layer, const Weights& w, const RunConfig& c) override {
    return std::make_unique<Logged>(ref_.create(layer, w, c), layer.name + "@" + std::to_string(stream_), log);
  }
  const void* memory_domain() const override { return this; }
  int streams() const override { return streams_; }
  void set_stream(int stream) override {
    REQUIRE(stream < streams_);
    stream_ = stream;
  }
  void fork_streams(int n) override { log.push_back("fork " + std::to_string(n)); }
  void join_streams(int n) override { log.push_back("join " + std::to_string(n)); }
  std::vector<std::string> log;

 private:
  class Logged final : public Op {
   public:
    Logged(std::unique_ptr<Op> op, std::string name, std::vector<std::string>& log)
        : op_(std::move(op)), name_(std::move(name)), log_(log) {}
    void forward(std::span<const Tensor* const> in, std::span<Tensor* const> out) override {
      log_.push_back(name_);
      op_->forward(in, out);
    }

   private:
    std::unique_ptr<Op> op_;
    std::string name_;
    std::vector<std::string>& log_;
  };
  ReferenceBackend ref_;
  int streams_, stream_ = 0;
};

std::string error_of(const Graph& g, const ModelWeights& w, std::vector<Backend*> libs, const Schedule& s) {
  try {
    RunConfig config;
    Session session(g, w, std::move(libs), config, {.schedule = &s});
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "no error";
}

class Order : public LayerObserver {
 public:
  void before_layer(int) override {}
  void after_layer(int) override {}
};

}  // namespace

TEST_CASE("groupsRunOnTheirStreamsBetweenAForkAndAJoin") {
  const Graph graph(parse_prototxt(kThreeBranches, "three"), 2);
  const ModelWeights w = generate_weights(graph, 1);
  const Schedule greedy = greedy_schedule(graph);
  REQUIRE(greedy.stages.size() == 2);  // a, b, c at once; then cat
  ReferenceBackend reference;
  RunConfig config;
  Session plain(graph, w, reference, config);
  fill_input(plain.input(), 4);
  plain.forward();
  for (int streams : {3, 2}) {
    CAPTURE(streams);
    Device device(streams);
    Session session(graph, w, device, config, {.schedule = &greedy});
    fill_input(session.input(), 4);
    session.upload_inputs();
    device.log.clear();
    session.forward();
    session.download_outputs();
    // Group g on stream g mod streams; cat on the library's own stream after the join.
    const std::vector<std::string> expected =
        streams == 3 ? std::vector<std::string>{"fork 3", "a@0", "b@1", "c@2", "join 3", "cat@0"}
                     : std::vector<std::string>{"fork 2", "a@0", "b@1", "c@0", "join 2", "cat@0"};
    CHECK(device.log == expected);
    for (std::size_t i = 0; i < plain.output().count(); ++i)
      REQUIRE(session.output().f32()[i] == test::fuzzy(plain.output().f32()[i]));
    CHECK(session.stage_ms().size() == 2);
    // A per-layer pass runs each layer alone; one off the library's own stream between a fork and a
    // join, so that marks on the own stream enclose it.
    device.log.clear();
    Order observer;
    session.forward(&observer);
    const std::vector<std::string> alone =
        streams == 3 ? std::vector<std::string>{"a@0", "fork 2", "b@1", "join 2", "fork 3", "c@2", "join 3", "cat@0"}
                     : std::vector<std::string>{"a@0", "fork 2", "b@1", "join 2", "c@0", "cat@0"};
    CHECK(device.log == alone);
  }
}

TEST_CASE("devicesRefuseWhatTheyCannotRunInOneSentence") {
  const Graph graph(parse_prototxt(kThreeBranches, "three"), 1);
  const ModelWeights w = generate_weights(graph, 1);
  const Schedule greedy = greedy_schedule(graph);
  Device without(1), with(3);
  ReferenceBackend host;
  const std::size_t n = graph.nodes().size();
  CHECK(error_of(graph, w, std::vector<Backend*>(n, &without), greedy) ==
        "a schedule with concurrent stages runs host libraries, or one device library with streams alone, and device has no streams");
  CHECK(error_of(graph, w, {&with, &with, &with, &host}, greedy) ==
        "a schedule with concurrent stages runs host libraries, or one device library with streams alone, and device shares "
        "this session with others");
  Schedule merged;
  merged.stages = {{{{0}, {1}}, true}, {{{2}}}, {{{3}}}};
  REQUIRE_FALSE(schedule_error(graph, merged));
  CHECK(error_of(graph, w, std::vector<Backend*>(n, &with), merged) ==
        "a schedule with merged stages runs host libraries only, and device runs on a device");
  const Schedule sequential = sequential_schedule(graph);
  CHECK(error_of(graph, w, std::vector<Backend*>(n, &without), sequential) == "no error");
}

TEST_CASE("iosSearchesOnStreamsAndWithoutThemStaysSequential") {
  const Graph graph(parse_prototxt(kThreeBranches, "three"), 1);
  const ModelWeights w = generate_weights(graph, 1);
  const std::size_t n = graph.nodes().size();
  RunConfig config;
  SearchSettings settings;
  settings.runs = 1;
  Device without(1), with(3);
  // Without streams every stage of groups at once is refused, so the search keeps sequential.
  const ScheduleRecord alone = choose_schedule(Scheduler::Ios, graph, w, std::vector<Backend*>(n, &without), config, settings);
  CHECK(alone.schedule == sequential_schedule(graph));
  CHECK(std::none_of(without.log.begin(), without.log.end(), [](const std::string& e) { return e.starts_with("fork"); }));
  // With them the candidate stages are measured on the streams.
  const ScheduleRecord streamed = choose_schedule(Scheduler::Ios, graph, w, std::vector<Backend*>(n, &with), config, settings);
  CHECK_FALSE(schedule_error(graph, streamed.schedule));
  CHECK(std::count(with.log.begin(), with.log.end(), "fork 3") > 0);
  CHECK(std::count(with.log.begin(), with.log.end(), "c@2") > 0);
}
