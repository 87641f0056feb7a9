#include "core/analysis/published.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace cnn::analysis {
namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& what) {
  throw std::runtime_error("The published reference document " + what + ".");
}

const json& member(const json& j, const char* key, const std::string& where) {
  if (!j.is_object() || !j.contains(key)) bad("has no \"" + std::string(key) + "\"" + where);
  return j.at(key);
}

std::string text(const json& j, const char* key, const std::string& where = "") {
  const json& v = member(j, key, where);
  if (!v.is_string()) bad("has a non-text \"" + std::string(key) + "\"" + where);
  return v.get<std::string>();
}

double number(const json& j, const char* key, const std::string& where) {
  const json& v = member(j, key, where);
  if (!v.is_number()) bad("has a non-numeric \"" + std::string(key) + "\"" + where);
  return v.get<double>();
}

int positive_int(const json& j, const char* key, const std::string& where) {
  const json& v = member(j, key, where);
  if (!v.is_number_integer() || v.get<long long>() < 1 || v.get<long long>() > 1 << 30)
    bad("needs a positive whole \"" + std::string(key) + "\"" + where);
  return v.get<int>();
}

const json& array(const json& j, const char* key) {
  const json& v = member(j, key, "");
  if (!v.is_array()) bad("needs \"" + std::string(key) + "\" to be a list");
  return v;
}

}  // namespace

std::optional<PublishedResult> PublishedRun::find(const std::string& model, const Series& series) const {
  for (const auto& r : results)
    if (r.model == model && r.series == series) return r;
  return std::nullopt;
}

PublishedRun parse_published_run(std::string_view text_in) {
  const json doc = json::parse(text_in, nullptr, false);
  if (doc.is_discarded()) bad("is not valid JSON");
  if (!doc.is_object()) bad("is not a JSON object");
  if (text(doc, "schema") != kPublishedSchema)
    bad("has schema \"" + text(doc, "schema") + "\", not \"" + std::string(kPublishedSchema) + "\"");
  if (!member(doc, "published", "").is_boolean() || !doc.at("published").get<bool>())
    bad("is not marked \"published\": true");

  PublishedRun run;
  run.id = text(doc, "id");
  run.title = text(doc, "title");
  run.source = text(doc, "source");
  if (doc.contains("note")) run.note = text(doc, "note");
  run.platform = text(member(doc, "platform", ""), "description", " in \"platform\"");
  run.method = text(doc, "method");
  for (const auto& b : array(doc, "batch_sizes")) {
    if (!b.is_number_integer() || b.get<long long>() < 1) bad("has a batch size that is not a positive whole number");
    run.batch_sizes.push_back(b.get<int>());
  }
  run.repetitions = positive_int(doc, "repetitions", "");

  const json& results = array(doc, "results");
  for (std::size_t i = 0; i < results.size(); ++i) {
    const std::string where = " in results[" + std::to_string(i) + "]";
    const json& r = results[i];
    PublishedResult row;
    row.model = text(r, "model", where);
    const std::string precision = text(r, "precision", where);
    const std::optional<Precision> parsed = parse_precision(precision);
    if (!parsed) bad("has unknown precision \"" + precision + "\"" + where);
    row.series = {text(r, "lib", where), *parsed};
    row.tag = text(r, "tag", where);
    row.ms_per_image = number(r, "best_ms_per_image", where);
    if (!(row.ms_per_image > 0)) bad("needs a positive \"best_ms_per_image\"" + where);
    row.batch = positive_int(r, "best_batch", where);
    if (run.find(row.model, row.series)) bad("repeats " + row.model + " on " + row.series.label() + where);
    run.results.push_back(std::move(row));
  }
  const json& accuracy = array(doc, "accuracy");
  for (std::size_t i = 0; i < accuracy.size(); ++i) {
    const std::string where = " in accuracy[" + std::to_string(i) + "]";
    PublishedAccuracy a{text(accuracy[i], "model", where), text(accuracy[i], "name", where),
                        number(accuracy[i], "top1", where), number(accuracy[i], "top5", where)};
    if (a.top1 < 0 || a.top1 > 1 || a.top5 < 0 || a.top5 > 1) bad("has an accuracy outside [0, 1]" + where);
    run.accuracy.push_back(std::move(a));
  }
  return run;
}

}  // namespace cnn::analysis
