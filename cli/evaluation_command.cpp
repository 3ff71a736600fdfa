#include "cli/evaluation_command.h"

#include <iostream>
#include <optional>

#include "cli/bulk_call.h"
#include "cli/exit_codes.h"
#include "cli/export_command.h"
#include "cli/json_msgpack.h"
#include "cli/output.h"
#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"

namespace cedu::cli {
namespace {

// Asks evaluation.export with `params` and writes the content of its reply to `output`.
int write_export(const Context& context, std::int64_t round_id, const mp::MapBuilder& params,
                 const std::string& output, const std::string& what) {
  return save_reply_content(
      context, "evaluation", "export", params.bytes(), output,
      [&](const mp::MapView& reply, std::size_t bytes) {
        std::cout << "wrote " << what << " of round " << round_id << " ("
                  << reply.int64("rows").value_or(0) << " rows) to " << output << " (" << bytes
                  << " bytes)" << std::endl;
      });
}

// evaluation.`method` with `params` as JSON; a bus error or a reply that is no MessagePack
// is printed and nullopt returned.
std::optional<Json> call_as_json(const Context& context, const std::string& method,
                                 const mp::MapBuilder& params) {
  auto reply = call_running_library(context, "evaluation", method, params.bytes());
  if (!reply.ok()) {
    print_bus_error(reply.status());
    return std::nullopt;
  }
  auto json = msgpack_to_json(reply->bytes());
  if (!json.ok()) {
    print_bus_error(Status::internal("the reply body " + json.status().message()));
    return std::nullopt;
  }
  return std::move(json).value();
}

}  // namespace

int run_evaluation_results(const Context& context, const EvaluationArgs& args) {
  mp::MapBuilder params;
  if (args.year != 0) {
    params.set("year", args.year);
  } else {
    params.set("round_id", args.round_id);
  }
  const std::optional<Json> json = call_as_json(context, "results", params);
  if (!json) return kExitFailed;
  std::cout << render_json(*json, 2) << std::endl;
  return kExitOk;
}

int run_evaluation_rounds(const Context& context, const EvaluationArgs& args) {
  Json rounds = Json::array();
  std::string cursor;
  do {  // every page, as the service gives them
    mp::MapBuilder params;
    params.set("limit", 1000);
    if (args.year != 0) params.set("year", args.year);
    if (!args.type.empty()) params.set("type", args.type);
    if (!args.stage.empty()) params.set("stage", args.stage);
    if (!cursor.empty()) params.set("cursor", cursor);
    const std::optional<Json> page = call_as_json(context, "round_list", params);
    if (!page) return kExitFailed;
    for (const Json& round : page->at("items")) rounds.push_back(round);
    const Json& next = page->at("next_cursor");
    cursor = next.is_string() ? next.get<std::string>() : std::string();
  } while (!cursor.empty());
  std::cout << render_json(rounds, 2) << std::endl;
  return kExitOk;
}

int run_evaluation_report(const Context& context, const EvaluationArgs& args) {
  return write_export(context, args.round_id,
                      mp::MapBuilder().set("round_id", args.round_id).set("format", "markdown"),
                      args.output, "the report");
}

int run_evaluation_export(const Context& context, const EvaluationArgs& args) {
  ExportArgs as_export;
  as_export.format = args.format;
  as_export.output = args.output;
  const std::string format = export_format(as_export);
  if (format != "csv" && format != "xlsx") {
    print_usage_error("--format must be csv or xlsx, not '" + format + "'");
    return kExitUsage;
  }
  if (!args.table.empty() && args.table != "ranking" && args.table != "towns") {
    print_usage_error("--table must be ranking or towns, not '" + args.table + "'");
    return kExitUsage;
  }
  mp::MapBuilder params;
  params.set("round_id", args.round_id).set("format", format);
  if (!args.table.empty()) params.set("table", args.table);
  return write_export(context, args.round_id, params, args.output,
                      args.table == "towns" ? "the towns' table" : "the ranking");
}

}  // namespace cedu::cli
