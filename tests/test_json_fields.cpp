// Reading JSON documents with one-sentence errors (core/bench/json_fields.h), and the three readers
// that use it: a number beyond a double's range (found by fuzz_results_json and fuzz_plan_json; the
// inputs are in tests/fuzz/*/regression-number-overflow.json) is a sentence, not an uncaught exception.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "core/bench/adaptive_plan.h"
#include "core/bench/json_fields.h"
#include "core/bench/machine_json.h"
#include "core/bench/results_json.h"

using namespace cnn;

namespace {

template <class F>
std::string error_of(F&& read) {
  try {
    read();
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return {};
}

}  // namespace

TEST_CASE("parse_document: syntax errors name the byte, overflowing numbers say so") {
  using J = nlohmann::ordered_json;
  CHECK(json_fields::parse_document<J>("{\"a\": [1, 2]}", "the doc")["a"][1] == 2);
  CHECK(error_of([] { json_fields::parse_document<J>("{\"a\": ", "the doc"); }) ==
        "the doc is not valid JSON (error near byte 7)");
  CHECK(error_of([] { json_fields::parse_document<J>("1E3333333333", "the doc"); }) ==
        "the doc is not valid JSON (a number out of range)");
}

TEST_CASE("the readers turn an overflowing number into their sentence") {
  const std::string overflow = "{\"schema\": 1e999}";
  CHECK(error_of([&] { results_from_json(overflow); }) == "the results document is not valid JSON (a number out of range)");
  CHECK(error_of([&] { plans_from_json(overflow); }) == "the plan file is not valid JSON (a number out of range)");
  CHECK(error_of([&] { machine_from_json(overflow); }) == "the machine record is not valid JSON (a number out of range)");
}
