#include "services/volunteer/trainings.h"

#include <array>

#include <nlohmann/json.hpp>

#include "services/library/hours.h"
#include "services/library/param_readers.h"
#include "services/library/side_write.h"

namespace cedu::volunteer {

const char* const kTrainingsSchema =
    "CREATE TABLE volunteer_trainings ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " volunteer_id INTEGER NOT NULL REFERENCES records(id),"
    " level TEXT NOT NULL CHECK (level IN ('basic', 'intermediate', 'advanced')),"
    " date TEXT NOT NULL, title TEXT NOT NULL,"
    " minutes INTEGER NOT NULL CHECK (minutes > 0),"
    " created_by TEXT NOT NULL, created_at TEXT NOT NULL);"
    "CREATE INDEX volunteer_trainings_volunteer ON volunteer_trainings(volunteer_id, date);";

namespace {

constexpr double kMaxTrainingHours = 200;  // one course may run over several days

struct Level {
  std::string_view value, label;
};
constexpr std::array<Level, 3> kLevels = {{{"basic", "初级"}, {"intermediate", "中级"}, {"advanced", "高级"}}};

struct Training {
  std::int64_t id = 0, volunteer_id = 0;
  std::string level, date, title;
  std::int64_t minutes = 0;
  std::string created_by, created_at;
};

mp::MapBuilder training_map(const Training& t) {
  mp::MapBuilder b;
  b.set("id", t.id)
      .set("volunteer_id", t.volunteer_id)
      .set("level", t.level)
      .set("level_label", level_label(t.level))
      .set("date", t.date)
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
  j["volunteer_id"] = t.volunteer_id;
  j["level"] = t.level;
  j["date"] = t.date;
  j["title"] = t.title;
  j["minutes"] = t.minutes;
  j["created_by"] = t.created_by;
  j["created_at"] = t.created_at;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::optional<std::string> training_level(std::string_view text) {
  for (const auto& l : kLevels) {
    if (text == l.value || text == l.label) return std::string(l.value);
  }
  return std::nullopt;
}

std::string level_label(std::string_view level) {
  for (const auto& l : kLevels) {
    if (level == l.value) return std::string(l.label);
  }
  return std::string(level);
}

Result<std::string> add_training(Domain& d, const Request& r) {
  const mp::MapView& p = r.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"volunteer_id", "level", "date", "title", "hours"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t volunteer_id, library::read_id(p, "volunteer_id"));
  CEDU_ASSIGN_OR_RETURN(std::string level_text, p.string("level"));
  auto level = training_level(level_text);
  if (!level) {
    return Status::invalid_argument("must be basic, intermediate or advanced (初级/中级/高级)",
                                    p.path_of("level"));
  }
  CEDU_ASSIGN_OR_RETURN(std::string date, library::read_date(p, "date", true));
  CEDU_ASSIGN_OR_RETURN(std::string title, library::read_text(p, "title", 200));
  CEDU_ASSIGN_OR_RETURN(std::int64_t minutes, library::read_hours(p, "hours", kMaxTrainingHours));
  const library::Caller caller = library::Caller::from(r);

  Training t;
  library::SideTarget target{"volunteer.add_training", volunteer_id, p.path_of("volunteer_id"),
                             false, {}};
  auto volunteer = library::write_side(
      d.library, caller, target,
      [&](sqlite::Database& db, const library::Record&) -> Result<library::SideChange> {
        t.volunteer_id = volunteer_id;
        t.level = *level;
        t.date = date;
        t.title = title;
        t.minutes = minutes;
        t.created_by = caller.principal;
        t.created_at = library::utc_now();
        CEDU_ASSIGN_OR_RETURN(
            sqlite::Statement st,
            db.prepare("INSERT INTO volunteer_trainings (volunteer_id, level, date, title, minutes,"
                       " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
        CEDU_RETURN_IF_ERROR(st.bind(1, t.volunteer_id));
        CEDU_RETURN_IF_ERROR(st.bind_text(2, t.level));
        CEDU_RETURN_IF_ERROR(st.bind_text(3, t.date));
        CEDU_RETURN_IF_ERROR(st.bind_text(4, t.title));
        CEDU_RETURN_IF_ERROR(st.bind(5, t.minutes));
        CEDU_RETURN_IF_ERROR(st.bind_text(6, t.created_by));
        CEDU_RETURN_IF_ERROR(st.bind_text(7, t.created_at));
        CEDU_RETURN_IF_ERROR(st.run());
        t.id = db.last_insert_rowid();
        return library::SideChange::inserted("training " + std::to_string(t.id) + ": " +
                                                 level_label(t.level) + " " + t.date + " " + t.title,
                                             training_json(t));
      });
  if (!volunteer.ok()) return volunteer.status();
  return training_map(t).bytes();
}

Result<std::string> trainings(Domain& d, const Request& r) {
  const mp::MapView& p = r.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"volunteer_id"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t volunteer_id, library::read_id(p, "volunteer_id"));
  std::vector<Training> found;
  {
    auto guard = d.library.lock();
    CEDU_RETURN_IF_ERROR(
        library::load_parent(d.library, volunteer_id, p.path_of("volunteer_id")).status());
    CEDU_ASSIGN_OR_RETURN(
        sqlite::Statement st,
        d.library.store().db().prepare(
            "SELECT id, volunteer_id, level, date, title, minutes, created_by, created_at"
            " FROM volunteer_trainings WHERE volunteer_id = ? ORDER BY date, id"));
    CEDU_RETURN_IF_ERROR(st.bind(1, volunteer_id));
    for (;;) {
      CEDU_ASSIGN_OR_RETURN(bool row, st.step());
      if (!row) break;
      found.push_back({st.int64(0), st.int64(1), st.text(2), st.text(3), st.text(4), st.int64(5),
                       st.text(6), st.text(7)});
    }
  }
  std::int64_t total = 0;
  int highest = -1;
  mp::ArrayBuilder items;
  for (const auto& t : found) {
    items.add(training_map(t));
    total += t.minutes;
    for (int i = 0; i < static_cast<int>(kLevels.size()); ++i) {
      if (kLevels[static_cast<std::size_t>(i)].value == t.level && i > highest) highest = i;
    }
  }
  mp::MapBuilder b;
  b.set("volunteer_id", volunteer_id).set("items", items);
  b.set("total_minutes", total).set("total_hours", library::hours_of_minutes(total));
  if (highest >= 0) {
    b.set("highest_level", std::string(kLevels[static_cast<std::size_t>(highest)].value));
  } else {
    b.set_nil("highest_level");
  }
  return b.bytes();
}

}  // namespace cedu::volunteer
