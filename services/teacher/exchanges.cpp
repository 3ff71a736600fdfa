#include "services/teacher/exchanges.h"

#include <nlohmann/json.hpp>

#include "services/library/paging.h"
#include "services/library/param_readers.h"
#include "services/library/places.h"
#include "services/library/side_write.h"

namespace cedu::teacher {

const char* const kExchangesSchema =
    "CREATE TABLE teacher_exchanges ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " teacher_id INTEGER NOT NULL REFERENCES records(id),"
    " from_town TEXT NOT NULL, to_town TEXT NOT NULL,"
    " start_date TEXT NOT NULL, end_date TEXT NOT NULL,"
    " note TEXT NOT NULL DEFAULT '',"
    " created_by TEXT NOT NULL, created_at TEXT NOT NULL,"
    " CHECK (start_date <= end_date), CHECK (from_town <> to_town));"
    "CREATE INDEX teacher_exchanges_teacher ON teacher_exchanges(teacher_id, start_date);"
    "CREATE INDEX teacher_exchanges_to ON teacher_exchanges(to_town);"
    "CREATE INDEX teacher_exchanges_from ON teacher_exchanges(from_town);";

namespace {

struct Exchange {
  std::int64_t id = 0, teacher_id = 0;
  std::string teacher_name, from_town, to_town, start_date, end_date, note, created_by, created_at;
};

constexpr const char* kSelect =
    "SELECT x.id, x.teacher_id, coalesce(json_extract(r.body, '$.name'), ''), x.from_town,"
    " x.to_town, x.start_date, x.end_date, x.note, x.created_by, x.created_at"
    " FROM teacher_exchanges x JOIN records r ON r.id = x.teacher_id";

Exchange read_row(const sqlite::Statement& st) {
  return {st.int64(0), st.int64(1), st.text(2), st.text(3), st.text(4),
          st.text(5),  st.text(6),  st.text(7), st.text(8), st.text(9)};
}

mp::MapBuilder exchange_map(const Exchange& x, const config::Network& network) {
  auto name = [&](const std::string& slug) {
    const config::Town* t = network.town(slug);
    return t != nullptr ? t->name : slug;
  };
  mp::MapBuilder b;
  b.set("id", x.id)
      .set("teacher_id", x.teacher_id)
      .set("teacher_name", x.teacher_name)
      .set("from_town", x.from_town)
      .set("from_town_name", name(x.from_town))
      .set("to_town", x.to_town)
      .set("to_town_name", name(x.to_town))
      .set("start_date", x.start_date)
      .set("end_date", x.end_date);
  if (x.note.empty()) {
    b.set_nil("note");
  } else {
    b.set("note", x.note);
  }
  b.set("created_by", x.created_by).set("created_at", x.created_at);
  return b;
}

std::string exchange_json(const Exchange& x) {
  nlohmann::json j;
  j["id"] = x.id;
  j["teacher_id"] = x.teacher_id;
  j["from_town"] = x.from_town;
  j["to_town"] = x.to_town;
  j["start_date"] = x.start_date;
  j["end_date"] = x.end_date;
  j["note"] = x.note;
  j["created_by"] = x.created_by;
  j["created_at"] = x.created_at;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

Result<std::string> assign_exchange(Domain& d, const Request& r) {
  const mp::MapView& p = r.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"teacher_id", "to_town", "start_date", "end_date", "note"}));
  Exchange x;
  CEDU_ASSIGN_OR_RETURN(x.teacher_id, library::read_id(p, "teacher_id"));
  CEDU_ASSIGN_OR_RETURN(std::string to_town, library::read_text(p, "to_town", 50));
  auto slug = library::town_slug(*d.network, to_town);
  if (!slug) {
    return Status::invalid_argument("'" + to_town + "' is not a town of " + d.network->district_name +
                                        " (configs/network.yaml)",
                                    p.path_of("to_town"));
  }
  x.to_town = *slug;
  CEDU_ASSIGN_OR_RETURN(x.start_date, library::read_date(p, "start_date", false));
  CEDU_ASSIGN_OR_RETURN(x.end_date, library::read_date(p, "end_date", false));
  if (x.end_date < x.start_date) {
    return Status::invalid_argument("must not be before start_date " + x.start_date, p.path_of("end_date"));
  }
  CEDU_ASSIGN_OR_RETURN(auto note, library::read_optional_text(p, "note", 500));
  x.note = note.value_or("");
  const library::Caller caller = library::Caller::from(r);
  library::SideTarget target{"teacher.assign_exchange", x.teacher_id, p.path_of("teacher_id"),
                             false, {}};
  auto teacher = library::write_side(d.library, caller, target,
                                     [&](sqlite::Database& db, const library::Record& parent)
                                         -> Result<library::SideChange> {
    if (parent.town == x.to_town) {
      return Status::invalid_argument("teacher " + std::to_string(x.teacher_id) + " already belongs to " +
                                          x.to_town + ": an exchange goes to another town",
                                      p.path_of("to_town"));
    }
    {
      CEDU_ASSIGN_OR_RETURN(sqlite::Statement st,
                            db.prepare(std::string(kSelect) +
                                       " WHERE x.teacher_id = ? AND x.start_date <= ? AND x.end_date >= ?"
                                       " ORDER BY x.start_date LIMIT 1"));
      CEDU_RETURN_IF_ERROR(st.bind(1, x.teacher_id));
      CEDU_RETURN_IF_ERROR(st.bind_text(2, x.end_date));
      CEDU_RETURN_IF_ERROR(st.bind_text(3, x.start_date));
      CEDU_ASSIGN_OR_RETURN(bool row, st.step());
      if (row) {
        const Exchange clash = read_row(st);
        return Status::failed_precondition(
            "overlaps exchange " + std::to_string(clash.id) + " of teacher " +
                std::to_string(x.teacher_id) + " to " + clash.to_town + " from " + clash.start_date +
                " to " + clash.end_date,
            p.path_of("start_date"));
      }
    }
    x.teacher_name = parent.text("name");
    x.from_town = parent.town;
    x.created_by = caller.principal;
    x.created_at = library::utc_now();
    CEDU_ASSIGN_OR_RETURN(
        sqlite::Statement st,
        db.prepare("INSERT INTO teacher_exchanges (teacher_id, from_town, to_town, start_date,"
                   " end_date, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    CEDU_RETURN_IF_ERROR(st.bind(1, x.teacher_id));
    CEDU_RETURN_IF_ERROR(st.bind_text(2, x.from_town));
    CEDU_RETURN_IF_ERROR(st.bind_text(3, x.to_town));
    CEDU_RETURN_IF_ERROR(st.bind_text(4, x.start_date));
    CEDU_RETURN_IF_ERROR(st.bind_text(5, x.end_date));
    CEDU_RETURN_IF_ERROR(st.bind_text(6, x.note));
    CEDU_RETURN_IF_ERROR(st.bind_text(7, x.created_by));
    CEDU_RETURN_IF_ERROR(st.bind_text(8, x.created_at));
    CEDU_RETURN_IF_ERROR(st.run());
    x.id = db.last_insert_rowid();
    return library::SideChange::inserted("exchange " + std::to_string(x.id) + ": " + x.from_town +
                                             " → " + x.to_town + " " + x.start_date + ".." +
                                             x.end_date,
                                         exchange_json(x));
  });
  if (!teacher.ok()) return teacher.status();
  std::string reply = exchange_map(x, *d.network).bytes();
  d.library.publish_payload("exchange_assigned", reply);  // no personal data in it
  return reply;
}

Result<std::string> exchanges(Domain& d, const Request& r) {
  const mp::MapView& p = r.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"teacher_id", "town", "after", "limit"}));
  CEDU_ASSIGN_OR_RETURN(auto teacher_id, library::read_optional_id(p, "teacher_id"));
  CEDU_ASSIGN_OR_RETURN(auto town, library::read_optional_text(p, "town", 50));
  if (town) {
    town = library::town_slug(*d.network, *town);
    if (!town) return Status::invalid_argument("not a town of " + d.network->district_name, p.path_of("town"));
  }
  CEDU_ASSIGN_OR_RETURN(library::PageParams page, library::read_page(p, 500));
  std::string sql = std::string(kSelect) + " WHERE x.id > ?";
  if (teacher_id) sql += " AND x.teacher_id = ?";
  if (town) sql += " AND (x.from_town = ? OR x.to_town = ?)";
  sql += " ORDER BY x.id LIMIT ?";
  std::vector<Exchange> found;
  {
    auto guard = d.library.lock();
    CEDU_ASSIGN_OR_RETURN(sqlite::Statement st, d.library.store().db().prepare(sql));
    int i = 1;
    CEDU_RETURN_IF_ERROR(st.bind(i++, page.after));
    if (teacher_id) CEDU_RETURN_IF_ERROR(st.bind(i++, *teacher_id));
    if (town) {
      CEDU_RETURN_IF_ERROR(st.bind_text(i++, *town));
      CEDU_RETURN_IF_ERROR(st.bind_text(i++, *town));
    }
    CEDU_RETURN_IF_ERROR(st.bind(i++, page.limit));
    for (;;) {
      CEDU_ASSIGN_OR_RETURN(bool row, st.step());
      if (!row) break;
      found.push_back(read_row(st));
    }
  }
  mp::ArrayBuilder items;
  for (const auto& x : found) items.add(exchange_map(x, *d.network));
  mp::MapBuilder b;
  b.set("items", items)
      .set("next_after", library::next_after(found, static_cast<std::size_t>(page.limit)));
  return b.bytes();
}

}  // namespace cedu::teacher
