#include "services/teacher/appraisals.h"

#include <array>
#include <map>

#include <nlohmann/json.hpp>

#include "services/library/paging.h"
#include "services/library/param_readers.h"
#include "services/library/places.h"
#include "services/library/side_write.h"

namespace cedu::teacher {

const char* const kAppraisalsSchema =
    "CREATE TABLE teacher_appraisals ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " teacher_id INTEGER NOT NULL REFERENCES records(id),"
    " year INTEGER NOT NULL,"
    " grade TEXT NOT NULL CHECK (grade IN ('excellent', 'competent', 'basic', 'incompetent')),"
    " comment TEXT NOT NULL DEFAULT '',"
    " town TEXT NOT NULL,"
    " created_by TEXT NOT NULL, created_at TEXT NOT NULL,"
    " UNIQUE (teacher_id, year));"
    "CREATE INDEX teacher_appraisals_year ON teacher_appraisals(year, town);";

namespace {

struct Grade {
  std::string_view value, label;
};
constexpr std::array<Grade, 4> kGrades = {
    {{"excellent", "优秀"}, {"competent", "合格"}, {"basic", "基本合格"}, {"incompetent", "不合格"}}};

std::string grade_label(std::string_view grade) {
  for (const auto& g : kGrades) {
    if (g.value == grade) return std::string(g.label);
  }
  return std::string(grade);
}

struct Appraisal {
  std::int64_t id = 0, teacher_id = 0;
  std::string teacher_name;
  int year = 0;
  std::string grade, comment, town, created_by, created_at;
};

constexpr const char* kSelect =
    "SELECT a.id, a.teacher_id, coalesce(json_extract(r.body, '$.name'), ''), a.year, a.grade,"
    " a.comment, a.town, a.created_by, a.created_at"
    " FROM teacher_appraisals a JOIN records r ON r.id = a.teacher_id";

Appraisal read_row(const sqlite::Statement& st) {
  return {st.int64(0), st.int64(1), st.text(2), static_cast<int>(st.int64(3)), st.text(4),
          st.text(5), st.text(6), st.text(7), st.text(8)};
}

mp::MapBuilder appraisal_map(const Appraisal& a) {
  mp::MapBuilder b;
  b.set("id", a.id)
      .set("teacher_id", a.teacher_id)
      .set("teacher_name", a.teacher_name)
      .set("year", a.year)
      .set("grade", a.grade)
      .set("grade_label", grade_label(a.grade));
  if (a.comment.empty()) {
    b.set_nil("comment");
  } else {
    b.set("comment", a.comment);
  }
  b.set("town", a.town).set("created_by", a.created_by).set("created_at", a.created_at);
  return b;
}

std::string appraisal_json(const Appraisal& a) {
  nlohmann::json j;
  j["id"] = a.id;
  j["teacher_id"] = a.teacher_id;
  j["year"] = a.year;
  j["grade"] = a.grade;
  j["comment"] = a.comment;
  j["town"] = a.town;
  j["created_by"] = a.created_by;
  j["created_at"] = a.created_at;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::optional<std::string> appraisal_grade(std::string_view text) {
  for (const auto& g : kGrades) {
    if (text == g.value || text == g.label) return std::string(g.value);
  }
  return std::nullopt;
}

Result<std::string> appraise(Domain& d, const Request& r) {
  const mp::MapView& p = r.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"teacher_id", "year", "grade", "comment"}));
  Appraisal a;
  CEDU_ASSIGN_OR_RETURN(a.teacher_id, library::read_id(p, "teacher_id"));
  CEDU_RETURN_IF_ERROR(p.int64("year").status());  // required
  CEDU_ASSIGN_OR_RETURN(std::optional<int> year, library::read_year(p, "year"));
  a.year = *year;
  CEDU_ASSIGN_OR_RETURN(std::string grade_text, p.string("grade"));
  auto grade = appraisal_grade(grade_text);
  if (!grade) {
    return Status::invalid_argument(
        "must be excellent, competent, basic or incompetent (优秀/合格/基本合格/不合格)",
        p.path_of("grade"));
  }
  a.grade = *grade;
  CEDU_ASSIGN_OR_RETURN(auto comment, library::read_optional_text(p, "comment", 1000));
  a.comment = comment.value_or("");
  const library::Caller caller = library::Caller::from(r);
  library::SideTarget target{"teacher.appraise", a.teacher_id, p.path_of("teacher_id"), false, {}};
  auto teacher = library::write_side(d.library, caller, target,
                                     [&](sqlite::Database& db, const library::Record& parent)
                                         -> Result<library::SideChange> {
    {
      CEDU_ASSIGN_OR_RETURN(sqlite::Statement st,
                            db.prepare(std::string(kSelect) + " WHERE a.teacher_id = ? AND a.year = ?"));
      CEDU_RETURN_IF_ERROR(st.bind(1, a.teacher_id));
      CEDU_RETURN_IF_ERROR(st.bind(2, a.year));
      CEDU_ASSIGN_OR_RETURN(bool row, st.step());
      if (row) {
        const Appraisal old = read_row(st);
        return Status::already_exists("teacher " + std::to_string(a.teacher_id) +
                                          " already has an appraisal for " + std::to_string(a.year) +
                                          " (" + grade_label(old.grade) + ", by " + old.created_by +
                                          " at " + old.created_at + ")",
                                      p.path_of("year"));
      }
    }
    a.teacher_name = parent.text("name");
    a.town = parent.town;
    a.created_by = caller.principal;
    a.created_at = library::utc_now();
    CEDU_ASSIGN_OR_RETURN(sqlite::Statement st,
                          db.prepare("INSERT INTO teacher_appraisals (teacher_id, year, grade, comment,"
                                     " town, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    CEDU_RETURN_IF_ERROR(st.bind(1, a.teacher_id));
    CEDU_RETURN_IF_ERROR(st.bind(2, a.year));
    CEDU_RETURN_IF_ERROR(st.bind_text(3, a.grade));
    CEDU_RETURN_IF_ERROR(st.bind_text(4, a.comment));
    CEDU_RETURN_IF_ERROR(st.bind_text(5, a.town));
    CEDU_RETURN_IF_ERROR(st.bind_text(6, a.created_by));
    CEDU_RETURN_IF_ERROR(st.bind_text(7, a.created_at));
    CEDU_RETURN_IF_ERROR(st.run());
    a.id = db.last_insert_rowid();
    return library::SideChange::inserted("appraisal " + std::to_string(a.id) + ": " +
                                             std::to_string(a.year) + " " + grade_label(a.grade),
                                         appraisal_json(a));
  });
  if (!teacher.ok()) return teacher.status();
  std::string reply = appraisal_map(a).bytes();
  d.library.publish_payload("appraised", reply);  // no personal data in it
  return reply;
}

Result<std::string> appraisals(Domain& d, const Request& r) {
  const mp::MapView& p = r.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"teacher_id", "year", "town", "grade", "after", "limit"}));
  CEDU_ASSIGN_OR_RETURN(auto teacher_id, library::read_optional_id(p, "teacher_id"));
  CEDU_ASSIGN_OR_RETURN(auto year, library::read_year(p, "year"));
  CEDU_ASSIGN_OR_RETURN(auto town, library::read_optional_text(p, "town", 50));
  if (town) {
    town = library::town_slug(*d.network, *town);
    if (!town) return Status::invalid_argument("not a town of " + d.network->district_name, p.path_of("town"));
  }
  CEDU_ASSIGN_OR_RETURN(auto grade_text, library::read_optional_text(p, "grade", 20));
  std::optional<std::string> grade;
  if (grade_text) {
    grade = appraisal_grade(*grade_text);
    if (!grade) return Status::invalid_argument("not a grade", p.path_of("grade"));
  }
  CEDU_ASSIGN_OR_RETURN(library::PageParams page, library::read_page(p, 500));

  std::string where = " WHERE 1";
  if (teacher_id) where += " AND a.teacher_id = ?";
  if (year) where += " AND a.year = ?";
  if (town) where += " AND a.town = ?";
  auto bind_filters = [&](sqlite::Statement& st) -> Result<int> {
    int i = 1;
    if (teacher_id) CEDU_RETURN_IF_ERROR(st.bind(i++, *teacher_id));
    if (year) CEDU_RETURN_IF_ERROR(st.bind(i++, *year));
    if (town) CEDU_RETURN_IF_ERROR(st.bind_text(i++, *town));
    return i;
  };
  std::vector<Appraisal> found;
  std::map<std::string, std::int64_t> counts;
  {
    auto guard = d.library.lock();
    sqlite::Database& db = d.library.store().db();
    CEDU_ASSIGN_OR_RETURN(sqlite::Statement st,
                          db.prepare(std::string(kSelect) + where + (grade ? " AND a.grade = ?" : "") +
                                     " AND a.id > ? ORDER BY a.id LIMIT ?"));
    CEDU_ASSIGN_OR_RETURN(int i, bind_filters(st));
    if (grade) CEDU_RETURN_IF_ERROR(st.bind_text(i++, *grade));
    CEDU_RETURN_IF_ERROR(st.bind(i++, page.after));
    CEDU_RETURN_IF_ERROR(st.bind(i++, page.limit));
    for (;;) {
      CEDU_ASSIGN_OR_RETURN(bool row, st.step());
      if (!row) break;
      found.push_back(read_row(st));
    }
    // Grades over everything the filters match (not only this page, not the grade filter).
    CEDU_ASSIGN_OR_RETURN(sqlite::Statement c,
                          db.prepare("SELECT a.grade, count(*) FROM teacher_appraisals a" + where +
                                     " GROUP BY a.grade"));
    CEDU_RETURN_IF_ERROR(bind_filters(c).status());
    for (;;) {
      CEDU_ASSIGN_OR_RETURN(bool row, c.step());
      if (!row) break;
      counts[c.text(0)] = c.int64(1);
    }
  }
  mp::ArrayBuilder items;
  for (const auto& a : found) items.add(appraisal_map(a));
  mp::MapBuilder grades;
  for (const auto& g : kGrades) {
    auto it = counts.find(std::string(g.value));
    grades.set(g.value, it == counts.end() ? std::int64_t{0} : it->second);
  }
  mp::MapBuilder b;
  b.set("items", items)
      .set("grades", grades)
      .set("next_after", library::next_after(found, static_cast<std::size_t>(page.limit)));
  return b.bytes();
}

}  // namespace cedu::teacher
