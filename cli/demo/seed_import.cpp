// `cedu demo seed`: importing a table in chunks, listing and counting a library.
#include "cli/bulk_call.h"
#include "cli/demo/seed_steps.h"
#include "cli/import_command.h"
#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"

namespace cedu::cli::demo {
namespace {

// Splits `table` into CSV files of at most about `budget` bytes each.
Result<std::vector<std::string>> csv_chunks(const tabular::TextTable& table, std::size_t budget) {
  std::vector<std::string> out;
  tabular::TextTable chunk{table.header, {}};
  std::size_t size = 0;
  auto flush = [&]() -> Status {
    if (chunk.rows.empty()) return Status::ok();
    CEDU_ASSIGN_OR_RETURN(std::string csv, tabular::to_csv(chunk));
    out.push_back(std::move(csv));
    chunk.rows.clear();
    size = 0;
    return Status::ok();
  };
  for (const auto& row : table.rows) {
    std::size_t row_size = 2;
    for (const auto& cell : row) row_size += cell.size() + 3;
    if (size + row_size > budget) CEDU_RETURN_IF_ERROR(flush());
    chunk.rows.push_back(row);
    size += row_size;
  }
  CEDU_RETURN_IF_ERROR(flush());
  return out;
}

Result<ImportReport> import_chunk(Client& client, const Context& context,
                                  const std::string& library, const std::string& csv,
                                  bool dry_run) {
  mp::MapBuilder params;
  params.set("format", "csv")
      .set("data", msgpack::type::raw_ref(csv.data(), static_cast<std::uint32_t>(csv.size())))
      .set("mode", "all-or-nothing")
      .set("dry_run", dry_run);
  CEDU_ASSIGN_OR_RETURN(Reply reply, bulk_call(client, context, library, "import", params.bytes()));
  CEDU_ASSIGN_OR_RETURN(auto view, mp::MapView::of(reply.result(), "reply"));
  return read_import_report(view);
}

}  // namespace

Result<ImportTotals> import_table(Client& client, const Context& context,
                                  const std::string& library, const tabular::TextTable& table) {
  const std::size_t budget = std::max<std::size_t>(16384, context.deployment.bus.max_message_bytes / 2);
  CEDU_ASSIGN_OR_RETURN(auto chunks, csv_chunks(table, budget));
  // Every chunk is checked before any is written.
  std::string refused;
  std::size_t first_row = 0;
  for (const auto& csv : chunks) {
    CEDU_ASSIGN_OR_RETURN(ImportReport dry, import_chunk(client, context, library, csv, true));
    for (std::size_t i = 0; i < dry.errors.size() && i < 5; ++i) {
      const auto& e = dry.errors[i];
      // Rows of a chunk count from 2 (its header is row 1); name them in the whole table.
      refused += "\n  第 " + std::to_string(first_row + e.row) + " 行" +
                 (e.column.empty() ? "" : ", " + e.column) + ": " + e.reason;
    }
    first_row += dry.rows;
  }
  if (!refused.empty()) {
    return Status::failed_precondition(library + " refused demo rows; nothing was written:" + refused);
  }
  ImportTotals totals;
  for (const auto& csv : chunks) {
    CEDU_ASSIGN_OR_RETURN(ImportReport r, import_chunk(client, context, library, csv, false));
    if (!r.committed || !r.errors.empty()) {
      return Status::failed_precondition(library + " refused a chunk it had accepted in the dry run" +
                                         (r.errors.empty() ? std::string() : ": " + r.errors[0].reason));
    }
    totals.rows += static_cast<std::int64_t>(r.rows);
    totals.created += r.created;
    totals.updated += r.updated;
    totals.unchanged += r.unchanged;
  }
  return totals;
}

Result<std::map<std::pair<std::string, std::string>, Listed>> list_by_title(
    Client& client, const Context& context, const std::string& library, const std::string& status) {
  std::map<std::pair<std::string, std::string>, Listed> out;
  std::string cursor;
  do {
    mp::MapBuilder params;
    params.set("limit", 1000);
    if (!status.empty()) params.set("status", status);
    if (!cursor.empty()) params.set("cursor", cursor);
    CEDU_ASSIGN_OR_RETURN(Reply reply, bulk_call(client, context, library, "list", params.bytes()));
    CEDU_ASSIGN_OR_RETURN(auto view, mp::MapView::of(reply.result(), "reply"));
    CEDU_ASSIGN_OR_RETURN(const msgpack::object* items, view.array("items"));
    for (std::uint32_t i = 0; i < items->via.array.size; ++i) {
      CEDU_ASSIGN_OR_RETURN(auto item, mp::MapView::of(items->via.array.ptr[i], "items"));
      Listed l;
      CEDU_ASSIGN_OR_RETURN(l.id, item.int64("id"));
      CEDU_ASSIGN_OR_RETURN(l.version, item.int64("version"));
      CEDU_ASSIGN_OR_RETURN(l.status, item.string("status"));
      CEDU_ASSIGN_OR_RETURN(std::string town, item.string("town"));
      CEDU_ASSIGN_OR_RETURN(std::string title, item.string("title"));
      out[{town, title}] = l;
    }
    CEDU_ASSIGN_OR_RETURN(auto next, view.optional_string("next_cursor"));
    cursor = next.value_or("");
  } while (!cursor.empty());
  return out;
}

Result<std::int64_t> library_total(Client& client, const Context& context,
                                   const std::string& library) {
  CEDU_ASSIGN_OR_RETURN(Reply reply, bulk_call(client, context, library, "count",
                                               mp::MapBuilder().set("group_by", "status").bytes()));
  CEDU_ASSIGN_OR_RETURN(auto view, mp::MapView::of(reply.result(), "reply"));
  return view.int64("total");
}

}  // namespace cedu::cli::demo
