// Library: import of staff spreadsheets (CSV) and export to CSV / XLSX.
#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include <spdlog/spdlog.h>

#include "common/sqlite/statement.h"
#include "common/sqlite/transaction.h"
#include "common/tabular/csv_reader.h"
#include "common/tabular/csv_writer.h"
#include "common/tabular/xlsx_writer.h"
#include "services/library/library.h"
#include "services/library/pii.h"

namespace cedu::library {
namespace {

using Packer = msgpack::packer<mp::StringStream>;

// Headers of the core columns, as staff write them and as export() writes them.
const std::vector<std::string> kTownHeaders = {"town", "所属镇街", "镇街", "所属镇(街)", "所属镇（街）",
                                               "镇(街)", "镇（街）", "所在镇街"};
const std::vector<std::string> kStationHeaders = {"station", "所属辅导站", "辅导站", "村居",
                                                  "所属村居", "所属村(居)", "村（居）辅导站"};
const std::vector<std::string> kOwnerHeaders = {"owner", "所属机构", "提供机构"};
// Columns of our own exports that an import reads past.
const std::vector<std::string> kIgnoredHeaders = {"id", "编号", "version", "版本", "status", "状态",
                                                  "created_at", "创建时间", "updated_at", "更新时间",
                                                  "created_by", "创建人", "updated_by", "更新人"};

// Header text without blanks and the "required" markers staff add: "手机号码（必填）", "姓名*".
std::string normalise_header(std::string h) {
  for (const std::string marker : {"（必填）", "(必填)", "*", "＊"}) {
    if (h.size() >= marker.size() && h.compare(h.size() - marker.size(), marker.size(), marker) == 0) {
      h.erase(h.size() - marker.size());
    }
  }
  std::string out;
  for (std::size_t i = 0; i < h.size(); ++i) {
    if (h[i] == ' ' || h[i] == '\t') continue;
    if (h.compare(i, 3, "\xE3\x80\x80") == 0) {  // full-width space
      i += 2;
      continue;
    }
    out.push_back(h[i] >= 'A' && h[i] <= 'Z' ? static_cast<char>(h[i] - 'A' + 'a') : h[i]);
  }
  return out;
}

bool among(const std::vector<std::string>& names, const std::string& h) {
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& n) { return normalise_header(n) == h; });
}

struct RowError {
  std::size_t row;
  std::string column;
  std::string reason;
};

// What each column of the file is.
struct ColumnMap {
  int town = -1, station = -1, owner = -1;
  std::vector<std::pair<int, const FieldSpec*>> fields;
  std::vector<std::string> unknown;
};

Result<ColumnMap> map_columns(const std::vector<std::string>& header, const LibrarySpec& spec) {
  ColumnMap m;
  std::map<std::string, std::string> taken;  // target → header that took it
  auto take = [&](const std::string& target, const std::string& h) -> Status {
    auto [it, fresh] = taken.emplace(target, h);
    if (!fresh) {
      return Status::invalid_argument("columns '" + it->second + "' and '" + h + "' both give " +
                                      target, "params.data");
    }
    return Status::ok();
  };
  for (int i = 0; i < static_cast<int>(header.size()); ++i) {
    const std::string h = normalise_header(header[static_cast<std::size_t>(i)]);
    const std::string& raw = header[static_cast<std::size_t>(i)];
    if (among(kTownHeaders, h)) {
      CEDU_RETURN_IF_ERROR(take("town", raw));
      m.town = i;
      continue;
    }
    if (among(kStationHeaders, h)) {
      CEDU_RETURN_IF_ERROR(take("station", raw));
      m.station = i;
      continue;
    }
    if (spec.owned && among(kOwnerHeaders, h)) {
      CEDU_RETURN_IF_ERROR(take("owner", raw));
      m.owner = i;
      continue;
    }
    const FieldSpec* found = nullptr;
    for (const auto& f : spec.fields) {
      if (normalise_header(f.name) == h || normalise_header(f.label) == h || among(f.aliases, h)) {
        found = &f;
        break;
      }
    }
    if (found != nullptr) {
      CEDU_RETURN_IF_ERROR(take(found->name, raw));
      m.fields.emplace_back(i, found);
    } else if (!among(kIgnoredHeaders, h)) {
      m.unknown.push_back(raw);
    }
  }
  if (m.town < 0) {
    return Status::invalid_argument("the file has no 所属镇街 (town) column", "params.data");
  }
  for (const auto& f : spec.fields) {
    if (f.required && taken.find(f.name) == taken.end()) {
      return Status::invalid_argument("the file has no column for " + f.label + " (" + f.name +
                                      "), which is required", "params.data");
    }
  }
  return m;
}

Result<std::string_view> bytes_param(const mp::MapView& p, std::string_view key) {
  const msgpack::object* o = p.find(key);
  if (o == nullptr) return Status::invalid_argument("is required", p.path_of(key));
  if (o->type == msgpack::type::BIN) return std::string_view(o->via.bin.ptr, o->via.bin.size);
  if (o->type == msgpack::type::STR) return std::string_view(o->via.str.ptr, o->via.str.size);
  return Status::invalid_argument("must be binary or a string, not " + std::string(mp::type_name(*o)),
                                  p.path_of(key));
}

bool same_fields(const Fields& a, const Fields& b) { return a == b; }

}  // namespace

Result<std::string> Library::do_import(const Request& req) {
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"format", "data", "mode", "dry_run"}));
  CEDU_ASSIGN_OR_RETURN(auto format, p.optional_string("format"));
  if (format && *format != "csv") return Status::invalid_argument("must be csv", p.path_of("format"));
  CEDU_ASSIGN_OR_RETURN(auto mode_param, p.optional_string("mode"));
  const std::string mode = mode_param.value_or("all-or-nothing");
  if (mode != "all-or-nothing" && mode != "valid-rows") {
    return Status::invalid_argument("must be all-or-nothing or valid-rows", p.path_of("mode"));
  }
  CEDU_ASSIGN_OR_RETURN(auto dry_run_param, p.optional_boolean("dry_run"));
  const bool dry_run = dry_run_param.value_or(false);
  CEDU_ASSIGN_OR_RETURN(std::string_view data, bytes_param(p, "data"));
  const Caller caller = Caller::from(req);
  const std::string method = full("import");

  tabular::Encoding encoding{};
  auto table = tabular::parse_csv_bytes(data, {}, &encoding);
  if (!table.ok()) return Status::invalid_argument(table.status().message(), "params.data");
  CEDU_ASSIGN_OR_RETURN(ColumnMap columns, map_columns(table->header, spec_));

  std::vector<RowError> errors;
  std::unordered_set<std::size_t> unreadable_rows;  // a set: a file may have a bad row per line
  for (const auto& problem : table->problems) {
    errors.push_back({problem.row_number, "column " + std::to_string(problem.column), problem.reason});
    unreadable_rows.insert(problem.row_number);
  }
  auto bad_row = [&](std::size_t row) { return unreadable_rows.count(row) > 0; };

  // Parse and check every row before anything is written.
  struct Parsed {
    std::size_t row;
    Record record;
    std::optional<std::string> key;  // its natural key, made once
  };
  std::vector<Parsed> parsed;
  parsed.reserve(table->rows.size());  // no copies of records as it grows
  std::unordered_map<std::string, std::size_t> seen_keys;  // natural key → row
  seen_keys.reserve(table->rows.size());
  for (const auto& row : table->rows) {
    Record r;
    bool ok = !bad_row(row.row_number);
    const std::string town_text = row.cells[static_cast<std::size_t>(columns.town)];
    auto town = places_.town ? places_.town(town_text) : std::optional<std::string>(town_text);
    if (!town) {
      errors.push_back({row.row_number, table->header[static_cast<std::size_t>(columns.town)],
                        town_text.empty() ? "is required" : "unknown town '" + town_text + "'"});
      ok = false;
    } else {
      r.town = *town;
    }
    if (columns.station >= 0 && ok) {
      const std::string text = row.cells[static_cast<std::size_t>(columns.station)];
      if (!text.empty()) {
        auto station = places_.station ? places_.station(r.town, text) : std::optional<std::string>(text);
        if (!station) {
          errors.push_back({row.row_number, table->header[static_cast<std::size_t>(columns.station)],
                            "no station '" + text + "' in town " + r.town});
          ok = false;
        } else {
          r.station = *station;
        }
      }
    }
    if (columns.owner >= 0) r.owner = row.cells[static_cast<std::size_t>(columns.owner)];
    for (const auto& [index, field] : columns.fields) {
      auto v = parse_cell(*field, row.cells[static_cast<std::size_t>(index)]);
      if (!v.ok()) {
        errors.push_back({row.row_number, table->header[static_cast<std::size_t>(index)],
                          v.status().message()});
        ok = false;
      } else if (!is_null(*v)) {
        r.fields[field->name] = std::move(v).value();
      }
    }
    if (!ok) continue;
    auto key = store_.natural_key(r);
    if (key) {
      auto [it, fresh] = seen_keys.emplace(*key, row.row_number);
      if (!fresh) {
        errors.push_back({row.row_number, spec_.field(spec_.natural_key.front())->label,
                          "same as row " + std::to_string(it->second)});
        continue;
      }
    }
    parsed.push_back({row.row_number, std::move(r), std::move(key)});
  }

  std::int64_t created = 0, updated = 0, unchanged = 0;
  bool committed = false;
  // Refusals by the row rules, audited after the import's transaction (which may roll back).
  std::vector<std::pair<std::optional<std::int64_t>, Status>> denials;
  {
    auto guard = lock();
    CEDU_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::begin(store_.db()));
    const std::string now = utc_now();
    for (auto& [row, incoming, key] : parsed) {
      std::optional<Record> existing;
      if (key) {
        CEDU_ASSIGN_OR_RETURN(existing, store_.find_by_natural_key(*key));
      }
      // A new record is the incoming one, moved: it is not read again.
      Record after = existing ? *existing : std::move(incoming);
      if (existing) {
        if (existing->status == "archived") {
          errors.push_back({row, "", spec_.name + " " + std::to_string(existing->id) +
                                         " is archived; it is not changed by an import"});
          continue;
        }
        for (const auto& [name, value] : incoming.fields) after.fields[name] = value;
        after.town = incoming.town;
        if (columns.station >= 0) after.station = incoming.station;
        if (columns.owner >= 0) after.owner = incoming.owner;
        if (same_fields(after.fields, existing->fields) && after.town == existing->town &&
            after.station == existing->station && after.owner == existing->owner) {
          ++unchanged;
          continue;
        }
      } else {
        after.status = spec_.initial_status();
        if (spec_.owned && after.owner.empty() && caller.kind == Caller::Kind::kOrg) {
          after.owner = caller.principal;
        }
      }
      // Every check runs before the row's first write, so a refused row writes nothing; a
      // failure while writing (the disk) fails the whole import, rolled back.
      const Record* prior = existing ? &*existing : nullptr;
      Status s = existing ? may_write(caller, existing->scope(), spec_.owned, method) : Status::ok();
      if (s.is_ok()) s = check_write(caller, method, prior, after);
      if (!s.is_ok()) {
        if (s.code() == StatusCode::kPermissionDenied) {
          denials.emplace_back(existing ? std::optional<std::int64_t>(existing->id) : std::nullopt, s);
        }
        std::string column;
        if (!s.field().empty()) {
          const FieldSpec* f = spec_.field(s.field());
          column = f != nullptr ? f->label : s.field();
        }
        errors.push_back({row, column, s.message()});
        continue;
      }
      CEDU_RETURN_IF_ERROR(store_write(caller, method, prior, after, "row " + std::to_string(row), now));
      ++(existing ? updated : created);
    }
    committed = !dry_run && (mode == "valid-rows" || errors.empty());
    if (committed) {
      CEDU_RETURN_IF_ERROR(tx.commit());
    } else {
      CEDU_RETURN_IF_ERROR(tx.rollback());
    }
    for (const auto& [id, why] : denials) audit_denied_locked(caller, method, id, why);
  }
  std::sort(errors.begin(), errors.end(), [](const RowError& a, const RowError& b) { return a.row < b.row; });
  if (committed && created + updated > 0) {
    mp::MapBuilder event;
    event.set("created", created).set("updated", updated).set("unchanged", unchanged)
        .set("principal", caller.principal);
    publish_payload("imported", event.bytes());  // on disk before it is announced
  }
  // A dry run reports what the import would do; a refused one that nothing was done.
  if (!committed && !dry_run) {
    created = updated = unchanged = 0;
  }

  std::string out;
  mp::StringStream stream(out);
  Packer pk(stream);
  pk.pack_map(10);
  pk.pack("committed"), pk.pack(committed);
  pk.pack("dry_run"), pk.pack(dry_run);
  pk.pack("mode"), pk.pack(mode);
  pk.pack("encoding"), pk.pack(std::string(tabular::encoding_name(encoding)));
  pk.pack("rows"), pk.pack(static_cast<std::uint64_t>(table->rows.size()));
  pk.pack("created"), pk.pack(created);
  pk.pack("updated"), pk.pack(updated);
  pk.pack("unchanged"), pk.pack(unchanged);
  pk.pack("errors");
  pk.pack_array(static_cast<std::uint32_t>(errors.size()));
  for (const auto& e : errors) {
    pk.pack_map(3);
    pk.pack("row"), pk.pack(static_cast<std::uint64_t>(e.row));
    pk.pack("column"), pk.pack(e.column);
    pk.pack("reason"), pk.pack(e.reason);
  }
  pk.pack("unknown_columns"), pk.pack(columns.unknown);
  return out;
}

}  // namespace cedu::library

namespace cedu::library {
namespace {

constexpr std::size_t kMaxExportRows = 200000;

}  // namespace

Result<std::string> Library::export_bytes(const std::string& format, const std::vector<Record>& records,
                                          bool pii) const {
  // Columns: the core ones staff recognise, then every domain field by its label.
  std::vector<std::string> header = {"编号", "所属镇街", "所属辅导站"};
  if (spec_.owned) header.push_back("所属机构");
  header.push_back("状态");
  for (const auto& f : spec_.fields) header.push_back(f.label);
  header.push_back("更新时间");

  auto status_label = [&](const std::string& status) {
    if (status == "archived") return std::string("已归档");
    for (const auto& s : spec_.statuses) {
      if (s.value == status) return s.label;
    }
    return status;
  };
  auto cell_text = [&](const FieldSpec& f, const Record& r) -> std::string {
    Value v = r.field(f.name);
    if (!pii) v = mask(f.pii, v);
    if (const auto* s = std::get_if<std::string>(&v); s != nullptr && f.type == FieldType::kEnum) {
      return enum_label(f, *s);
    }
    if (const auto* l = std::get_if<StringList>(&v); l != nullptr && f.type == FieldType::kEnumList) {
      std::string out;
      for (const auto& e : *l) out += (out.empty() ? "" : "、") + enum_label(f, e);
      return out;
    }
    return to_text(v);
  };
  auto town_name = [&](const std::string& t) { return places_.town_name ? places_.town_name(t) : t; };
  auto station_name = [&](const std::string& s) {
    return s.empty() ? s : (places_.station_name ? places_.station_name(s) : s);
  };

  if (format == "csv") {
    tabular::TextTable table;
    table.header = header;
    for (const auto& r : records) {
      std::vector<std::string> row = {std::to_string(r.id), town_name(r.town), station_name(r.station)};
      if (spec_.owned) row.push_back(r.owner);
      row.push_back(status_label(r.status));
      for (const auto& f : spec_.fields) row.push_back(cell_text(f, r));
      row.push_back(r.updated_at);
      table.rows.push_back(std::move(row));
    }
    return tabular::to_csv(table);
  }
  std::vector<std::vector<tabular::Cell>> rows;
  for (const auto& r : records) {
    std::vector<tabular::Cell> row = {tabular::Cell(r.id), tabular::Cell(town_name(r.town)),
                                      tabular::Cell(station_name(r.station))};
    if (spec_.owned) row.emplace_back(r.owner);
    row.emplace_back(status_label(r.status));
    for (const auto& f : spec_.fields) {
      const Value& v = r.field(f.name);
      if (const auto* n = std::get_if<std::int64_t>(&v)) {
        row.emplace_back(*n);
      } else if (const auto* d = std::get_if<double>(&v)) {
        row.emplace_back(*d);
      } else {
        row.emplace_back(cell_text(f, r));
      }
    }
    row.emplace_back(r.updated_at);
    rows.push_back(std::move(row));
  }
  return tabular::xlsx_bytes(spec_.display_name, header, rows);
}

Result<std::string> Library::do_export(const Request& req) {
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"format", "town", "station", "category", "status", "owner",
                                    "updated_since", "where", "sort"}));
  CEDU_ASSIGN_OR_RETURN(auto format_param, p.optional_string("format"));
  const std::string format = format_param.value_or("csv");
  if (format != "csv" && format != "xlsx") {
    return Status::invalid_argument("must be csv or xlsx", p.path_of("format"));
  }
  CEDU_ASSIGN_OR_RETURN(ListQuery q, read_list_query(p));
  q.limit = 1000;
  const Caller caller = Caller::from(req);
  std::vector<Record> records;
  {
    auto guard = lock();
    for (;;) {
      CEDU_ASSIGN_OR_RETURN(Page page, store_.list(q));
      for (auto& r : page.records) records.push_back(std::move(r));
      if (records.size() > kMaxExportRows) {
        return Status::resource_exhausted("more than " + std::to_string(kMaxExportRows) +
                                          " rows; narrow the filters");
      }
      if (page.next_cursor.empty()) break;
      q.cursor = page.next_cursor;
    }
  }
  CEDU_ASSIGN_OR_RETURN(std::string content, export_bytes(format, records, caller.pii));
  const std::string date = utc_now().substr(0, 10);
  mp::MapBuilder out;
  out.set("format", format)
      .set("filename", spec_.name + "-" + date + "." + format)
      .set("rows", static_cast<std::uint64_t>(records.size()))
      .set("content", msgpack::type::raw_ref(content.data(), static_cast<std::uint32_t>(content.size())));
  return out.bytes();
}

}  // namespace cedu::library
