#include "services/teacher/trainings.h"

#include <nlohmann/json.hpp>

#include "services/library/hours.h"
#include "services/library/param_readers.h"
#include "services/library/side_write.h"

namespace cedu::teacher {

const char* const kTrainingsSchema =
    "CREATE TABLE teacher_trainings ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " teacher_id INTEGER NOT NULL REFERENCES records(id),"
    " date TEXT NOT NULL,"
    " kind TEXT NOT NULL CHECK (kind IN ('training', 'research')),"
    " title TEXT NOT NULL,"
    " minutes INTEGER NOT NULL CHECK (minutes > 0),"
    " created_by TEXT NOT NULL, created_at TEXT NOT NULL);"
    "CREATE INDEX teacher_trainings_teacher ON teacher_trainings(teacher_id, date);";

namespace {

constexpr double kMaxHours = 200;  // one course may run over several days

struct Training {
  std::int64_t id = 0, teacher_id = 0;
  std::string date, kind, title;
  std::int64_t minutes = 0;
  std::string created_by, created_at;
};

std::string kind_label(const std::string& kind) { return kind == "training" ? "培训" : "教研"; }

mp::MapBuilder training_map(const Training& t) {
  mp::MapBuilder b;
  b.set("id", t.id)
      .set("teacher_id", t.teacher_id)
      .set("date", t.date)
      .set("kind", t.kind)
      .set("kind_label", kind_label(t.kind))
      .set("title", t.title)
      .set("minutes", t.minutes)
      .set("hours", library::hours_of_minutes(t.minutes))
      .set("created_by", t.created_by)
      .set("created_at", t.created_at);
  return b;
}

std::string training_json(const Training& t) {
  nlohmann::json j;
  j["id"] = t.id;
  j["teacher_id"] = t.teacher_id;
  j["date"] = t.date;
  j["kind"] = t.kind;
  j["title"] = t.title;
  j["minutes"] = t.minutes;
  j["created_by"] = t.created_by;
  j["created_at"] = t.created_at;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

Result<std::string> add_training(Domain& d, const Request& r) {
  const mp::MapView& p = r.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"teacher_id", "date", "kind", "title", "hours"}));
  Training t;
  CEDU_ASSIGN_OR_RETURN(t.teacher_id, library::read_id(p, "teacher_id"));
  CEDU_ASSIGN_OR_RETURN(t.date, library::read_date(p, "date", true));
  CEDU_ASSIGN_OR_RETURN(std::string kind, p.string("kind"));
  if (kind == "training" || kind == "培训") {
    t.kind = "training";
  } else if (kind == "research" || kind == "教研") {
    t.kind = "research";
  } else {
    return Status::invalid_argument("must be training or research (培训/教研)", p.path_of("kind"));
  }
  CEDU_ASSIGN_OR_RETURN(t.title, library::read_text(p, "title", 200));
  CEDU_ASSIGN_OR_RETURN(t.minutes, library::read_hours(p, "hours", kMaxHours));
  const library::Caller caller = library::Caller::from(r);
  library::SideTarget target{"teacher.add_training", t.teacher_id, p.path_of("teacher_id"), false,
                             {}};
  auto teacher = library::write_side(d.library, caller, target,
                                     [&](sqlite::Database& db,
                                         const library::Record&) -> Result<library::SideChange> {
    t.created_by = caller.principal;
    t.created_at = library::utc_now();
    CEDU_ASSIGN_OR_RETURN(sqlite::Statement st,
                          db.prepare("INSERT INTO teacher_trainings (teacher_id, date, kind, title,"
                                     " minutes, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    CEDU_RETURN_IF_ERROR(st.bind(1, t.teacher_id));
    CEDU_RETURN_IF_ERROR(st.bind_text(2, t.date));
    CEDU_RETURN_IF_ERROR(st.bind_text(3, t.kind));
    CEDU_RETURN_IF_ERROR(st.bind_text(4, t.title));
    CEDU_RETURN_IF_ERROR(st.bind(5, t.minutes));
    CEDU_RETURN_IF_ERROR(st.bind_text(6, t.created_by));
    CEDU_RETURN_IF_ERROR(st.bind_text(7, t.created_at));
    CEDU_RETURN_IF_ERROR(st.run());
    t.id = db.last_insert_rowid();
    return library::SideChange::inserted("training " + std::to_string(t.id) + ": " +
                                             kind_label(t.kind) + " " + t.date + " " + t.title,
                                         training_json(t));
  });
  if (!teacher.ok()) return teacher.status();
  std::string reply = training_map(t).bytes();
  d.library.publish_payload("training_added", reply);  // no personal data in it
  return reply;
}

Result<std::string> trainings(Domain& d, const Request& r) {
  const mp::MapView& p = r.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"teacher_id", "year"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t teacher_id, library::read_id(p, "teacher_id"));
  CEDU_ASSIGN_OR_RETURN(std::optional<int> year, library::read_year(p, "year"));
  std::vector<Training> found;
  {
    auto guard = d.library.lock();
    CEDU_RETURN_IF_ERROR(
        library::load_parent(d.library, teacher_id, p.path_of("teacher_id")).status());
    CEDU_ASSIGN_OR_RETURN(
        sqlite::Statement st,
        d.library.store().db().prepare(
            "SELECT id, teacher_id, date, kind, title, minutes, created_by, created_at"
            " FROM teacher_trainings WHERE teacher_id = ? AND (? IS NULL OR substr(date, 1, 4) = ?)"
            " ORDER BY date, id"));
    CEDU_RETURN_IF_ERROR(st.bind(1, teacher_id));
    if (year) {
      CEDU_RETURN_IF_ERROR(st.bind_text(2, std::to_string(*year)));
      CEDU_RETURN_IF_ERROR(st.bind_text(3, std::to_string(*year)));
    } else {
      CEDU_RETURN_IF_ERROR(st.bind_null(2));
      CEDU_RETURN_IF_ERROR(st.bind_null(3));
    }
    for (;;) {
      CEDU_ASSIGN_OR_RETURN(bool row, st.step());
      if (!row) break;
      found.push_back({st.int64(0), st.int64(1), st.text(2), st.text(3), st.text(4), st.int64(5),
                       st.text(6), st.text(7)});
    }
  }
  std::int64_t training = 0, research = 0;
  mp::ArrayBuilder items;
  for (const auto& t : found) {
    items.add(training_map(t));
    (t.kind == "training" ? training : research) += t.minutes;
  }
  mp::MapBuilder b;
  b.set("teacher_id", teacher_id);
  if (year) {
    b.set("year", *year);
  } else {
    b.set_nil("year");
  }
  b.set("items", items)
      .set("training_hours", library::hours_of_minutes(training))
      .set("research_hours", library::hours_of_minutes(research))
      .set("total_hours", library::hours_of_minutes(training + research));
  return b.bytes();
}

}  // namespace cedu::teacher
