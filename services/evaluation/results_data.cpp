#include "services/evaluation/results_data.h"

#include <map>
#include <set>

#include "services/evaluation/round_access.h"

namespace cedu::evaluation {
namespace {

// Every active organisation of `type`, page by page. Caller holds the lock.
Result<std::vector<library::Record>> active_of_type(library::Library& organisations,
                                                    const std::string& type) {
  std::vector<library::Record> records;
  library::ListQuery q;
  q.category = type;
  q.status = "active";
  q.limit = 1000;
  while (true) {
    CEDU_ASSIGN_OR_RETURN(library::Page page, organisations.store().list(q));
    for (library::Record& r : page.records) records.push_back(std::move(r));
    if (page.next_cursor.empty()) return records;
    q.cursor = page.next_cursor;
  }
}

}  // namespace

Result<std::unique_ptr<RoundResults>> load_round_results(library::Library& organisations,
                                                         const StandardCatalogue& catalogue,
                                                         const std::vector<std::string>& town_order,
                                                         std::int64_t round_id,
                                                         const std::string& field) {
  auto out = std::make_unique<RoundResults>();
  out->today = today_utc();
  auto guard = organisations.lock();
  sqlite::Database& db = organisations.store().db();
  CEDU_ASSIGN_OR_RETURN(out->round, get_round(db, round_id, field));
  out->standard = catalogue.get(out->round.standard, out->round.standard_version);
  if (out->standard == nullptr) {
    return Status::failed_precondition("standard " + out->round.standard + " version " +
                                           std::to_string(out->round.standard_version) +
                                           " of round " + std::to_string(round_id) +
                                           " is not loaded", field);
  }
  CEDU_ASSIGN_OR_RETURN(std::vector<library::Record> records,
                        active_of_type(organisations, out->round.org_type));
  CEDU_ASSIGN_OR_RETURN(auto rows, evaluations_of_round(db, round_id));
  std::map<std::int64_t, const EvaluationRow*> row_of;
  for (const EvaluationRow& row : rows) row_of.emplace(row.organisation_id, &row);
  // Archived organisations the round evaluated are ranked, not counted as registered.
  std::set<std::int64_t> listed;
  for (const library::Record& r : records) listed.insert(r.id);
  for (const EvaluationRow& row : rows) {
    if (listed.contains(row.organisation_id)) continue;
    CEDU_ASSIGN_OR_RETURN(library::Record r, organisations.store().get(row.organisation_id));
    records.push_back(std::move(r));
  }
  for (const library::Record& r : records) {
    ResultEntry e{r.id, r.text("name"), r.town, r.station, r.status != "archived", false, {}};
    if (auto it = row_of.find(r.id); it != row_of.end()) {
      e.evaluated = true;
      CEDU_ASSIGN_OR_RETURN(e.result, result_of(out->round, *out->standard, *it->second));
    }
    out->entries.push_back(std::move(e));
  }
  RectificationFilter f;
  f.round_id = round_id;
  CEDU_ASSIGN_OR_RETURN(auto tasks, list_rectifications(db, f));
  CEDU_ASSIGN_OR_RETURN(out->objections, objections_of_round(db, round_id, std::nullopt, std::nullopt));
  guard.unlock();
  out->summary = summarise(*out->standard, out->round.org_type, out->entries, town_order,
                           std::move(tasks), out->today);
  return out;
}

Result<std::unique_ptr<RoundResults>> load_year_results(library::Library& organisations,
                                                        const StandardCatalogue& catalogue,
                                                        const std::vector<std::string>& town_order,
                                                        int year, std::string_view type) {
  auto guard = organisations.lock();
  CEDU_ASSIGN_OR_RETURN(std::optional<Round> published,
                        newest_round(organisations.store().db(), year, std::string(type),
                                     Stage::kPublished));
  if (published) {
    guard.unlock();
    return load_round_results(organisations, catalogue, town_order, published->id, "");
  }
  auto out = std::make_unique<RoundResults>();
  out->today = today_utc();
  out->round.year = year;
  out->round.org_type = std::string(type);
  for (const Standard& s : catalogue.all()) {
    const bool newer = out->standard == nullptr || out->standard->version < s.version;
    if (org_type_name(s.org_type) == type && newer) out->standard = &s;
  }
  CEDU_ASSIGN_OR_RETURN(std::vector<library::Record> records,
                        active_of_type(organisations, std::string(type)));
  guard.unlock();
  for (const library::Record& r : records) {
    out->entries.push_back({r.id, r.text("name"), r.town, r.station, true, false, {}});
  }
  if (out->standard != nullptr) {
    out->summary = summarise(*out->standard, type, out->entries, town_order, {}, out->today);
  }
  return out;
}

}  // namespace cedu::evaluation
