#include "cli/import_command.h"

#include <iostream>

#include "cli/bulk_call.h"
#include "cli/exit_codes.h"
#include "cli/json_msgpack.h"
#include "cli/output.h"
#include "common/msgpack/builder.h"
#include "common/tabular/file_io.h"

namespace cedu::cli {
namespace {

// Files larger than this are refused before reading (the bus limit is checked after).
constexpr std::size_t kMaxFileBytes = 256u << 20;

Result<std::vector<std::string>> strings(const msgpack::object& array, const std::string& what) {
  if (array.type != msgpack::type::ARRAY) return Status::invalid_argument("must be an array", what);
  std::vector<std::string> out;
  for (std::uint32_t i = 0; i < array.via.array.size; ++i) {
    const auto& o = array.via.array.ptr[i];
    if (o.type != msgpack::type::STR) return Status::invalid_argument("must hold strings", what);
    out.emplace_back(o.via.str.ptr, o.via.str.size);
  }
  return out;
}

std::string plural(std::int64_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

int ImportReport::exit_code() const {
  if (!errors.empty()) return kExitFailed;
  return committed || dry_run ? kExitOk : kExitFailed;
}

Result<ImportReport> read_import_report(const mp::MapView& v) {
  ImportReport r;
  CEDU_ASSIGN_OR_RETURN(r.committed, v.boolean("committed"));
  CEDU_ASSIGN_OR_RETURN(auto dry_run, v.optional_boolean("dry_run"));
  r.dry_run = dry_run.value_or(false);
  CEDU_ASSIGN_OR_RETURN(auto mode, v.optional_string("mode"));
  r.mode = mode.value_or("");
  CEDU_ASSIGN_OR_RETURN(auto encoding, v.optional_string("encoding"));
  r.encoding = encoding.value_or("");
  CEDU_ASSIGN_OR_RETURN(r.rows, v.uint64("rows"));
  CEDU_ASSIGN_OR_RETURN(r.created, v.int64("created"));
  CEDU_ASSIGN_OR_RETURN(r.updated, v.int64("updated"));
  CEDU_ASSIGN_OR_RETURN(r.unchanged, v.int64("unchanged"));
  CEDU_ASSIGN_OR_RETURN(const msgpack::object* errors, v.array("errors"));
  for (std::uint32_t i = 0; i < errors->via.array.size; ++i) {
    CEDU_ASSIGN_OR_RETURN(auto e, mp::MapView::of(errors->via.array.ptr[i],
                                                  v.path_of("errors") + "[" + std::to_string(i) + "]"));
    ImportReport::RowError row;
    CEDU_ASSIGN_OR_RETURN(row.row, e.uint64("row"));
    CEDU_ASSIGN_OR_RETURN(auto column, e.optional_string("column"));
    row.column = column.value_or("");
    CEDU_ASSIGN_OR_RETURN(row.reason, e.string("reason"));
    r.errors.push_back(std::move(row));
  }
  if (const msgpack::object* unknown = v.find("unknown_columns")) {
    CEDU_ASSIGN_OR_RETURN(r.unknown_columns, strings(*unknown, v.path_of("unknown_columns")));
  }
  return r;
}

std::string describe_import(const ImportReport& r, const std::string& library,
                            const std::string& file) {
  std::string out = library + ".import " + file + ": " + plural(static_cast<std::int64_t>(r.rows), "row", "rows");
  if (!r.encoding.empty()) out += " (" + r.encoding + ")";
  if (r.committed) {
    out += ", " + std::to_string(r.created) + " created, " + std::to_string(r.updated) +
           " updated, " + std::to_string(r.unchanged) + " unchanged";
  }
  out += ", " + plural(static_cast<std::int64_t>(r.errors.size()), "row refused", "rows refused");
  if (r.committed) {
    out += r.errors.empty() ? " — committed\n" : " — the other rows were committed\n";
  } else if (r.dry_run) {
    out += r.errors.empty() ? " — dry run: the file is fine, nothing was written\n"
                            : " — dry run: nothing was written\n";
  } else {
    out += " — nothing was written (all-or-nothing: fix these rows and import again, or "
           "import the good rows with --mode valid-rows)\n";
  }
  for (const auto& e : r.errors) {
    out += "  第 " + std::to_string(e.row) + " 行";
    if (!e.column.empty()) out += ", " + e.column;
    out += ": " + e.reason + "\n";
  }
  if (!r.unknown_columns.empty()) {
    out += "  columns not read (unknown to " + library + "):";
    for (const auto& c : r.unknown_columns) out += " " + c;
    out += "\n";
  }
  return out;
}

int run_import(const Context& context, const ImportArgs& args) {
  auto data = tabular::read_file(args.file, kMaxFileBytes);
  if (!data.ok()) {
    print_usage_error("cannot read " + args.file + ": " + data.status().message());
    return kExitUsage;
  }
  if (Status s = check_message_size(context, data->size(), args.file); !s.is_ok()) {
    print_usage_error(s.message());
    return kExitUsage;
  }
  mp::MapBuilder params;
  params.set("format", "csv")
      .set("data", msgpack::type::raw_ref(data->data(), static_cast<std::uint32_t>(data->size())))
      .set("mode", args.mode)
      .set("dry_run", args.dry_run);

  auto reply = call_running_library(context, args.library, "import", params.bytes());
  if (!reply.ok()) {
    print_bus_error(reply.status());
    return kExitFailed;
  }
  auto view = mp::MapView::of(reply->result(), "reply");
  auto report = view.ok() ? read_import_report(*view) : Result<ImportReport>(view.status());
  if (!report.ok()) {
    print_bus_error(Status::internal(args.library + ".import replied in an unknown shape: " +
                                     report.status().field() + " " + report.status().message()));
    return kExitFailed;
  }
  if (args.json) {
    auto json = msgpack_to_json(reply->bytes());
    std::cout << (json.ok() ? render_json(*json, 2) : std::string("{}")) << std::endl;
  } else {
    std::cout << describe_import(*report, args.library, args.file) << std::flush;
  }
  return report->exit_code();
}

}  // namespace cedu::cli
