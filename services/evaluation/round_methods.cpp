#include "services/evaluation/round_methods.h"

#include <charconv>
#include <cmath>

#include "common/sqlite/transaction.h"
#include "services/evaluation/evaluation_params.h"
#include "services/evaluation/objection_store.h"
#include "services/evaluation/round_access.h"
#include "services/evaluation/round_replies.h"
#include "services/evaluation/round_store.h"
#include "services/evaluation/scoring.h"
#include "services/library/paging.h"
#include "services/library/record.h"
#include "services/library/schema.h"

namespace cedu::evaluation {
namespace {

using library::Caller;

Result<std::vector<EvaluatorWeight>> read_evaluators(const mp::MapView& p) {
  CEDU_ASSIGN_OR_RETURN(mp::MapView m, p.map("evaluators"));
  std::vector<EvaluatorWeight> out;
  // In the fixed role order, so that every round lists its evaluators alike.
  for (const std::string& key : m.keys()) {
    if (!is_evaluator_role(key)) {
      return Status::invalid_argument("unknown evaluator '" + key +
                                          "' (known: self, town, district, residents)",
                                      m.path_of(key));
    }
  }
  for (std::string_view role : kEvaluatorRoles) {
    if (!m.has(role)) continue;
    CEDU_ASSIGN_OR_RETURN(std::int64_t w, m.int64(role));
    out.push_back({std::string(role), w < 1 || w > 100 ? 0 : static_cast<int>(w)});
  }
  CEDU_RETURN_IF_ERROR(check_evaluators(out, p.path_of("evaluators")));
  return out;
}

// CONFLICT naming `field` unless `round` is still at `version`, the one the caller read.
Status check_version(const Round& round, std::int64_t version, const std::string& field) {
  if (round.version == version) return Status::ok();
  return Status::conflict("round " + std::to_string(round.id) + " is at version " +
                              std::to_string(round.version) + ", not " + std::to_string(version) +
                              ": reload it and retry", field);
}

// The filter of round_list; INVALID_ARGUMENT naming the field that is not one.
Result<RoundFilter> read_round_filter(const mp::MapView& p) {
  RoundFilter f;
  CEDU_ASSIGN_OR_RETURN(auto year, p.optional_int64("year"));
  if (year && (*year < 2000 || *year > 2100)) {
    return Status::invalid_argument("must be 2000..2100", p.path_of("year"));
  }
  if (year) f.year = static_cast<int>(*year);
  CEDU_ASSIGN_OR_RETURN(f.org_type, p.optional_string("type"));
  if (f.org_type && !org_type_from_name(*f.org_type)) {
    return Status::invalid_argument("'" + *f.org_type + "' is not an organisation type",
                                    p.path_of("type"));
  }
  CEDU_ASSIGN_OR_RETURN(auto stage, p.optional_string("stage"));
  if (stage) {
    f.stage = stage_from_name(*stage);
    if (!f.stage) {
      return Status::invalid_argument("'" + *stage + "' is not a stage (draft, submitted, "
                                      "reviewed, publicity, published)", p.path_of("stage"));
    }
  }
  CEDU_ASSIGN_OR_RETURN(f.name, p.optional_string("name"));
  return f;
}

// The id a round_list cursor goes on after: the decimal id of the previous page's last round.
Result<std::int64_t> read_round_cursor(const mp::MapView& p) {
  CEDU_ASSIGN_OR_RETURN(auto cursor, p.optional_string("cursor"));
  if (!cursor) return std::int64_t{0};
  std::int64_t after = 0;
  const char* end = cursor->data() + cursor->size();
  const auto [stop, error] = std::from_chars(cursor->data(), end, after);
  if (cursor->empty() || error != std::errc() || stop != end || after < 1) {
    return Status::invalid_argument("not a cursor of this listing", p.path_of("cursor"));
  }
  return after;
}

}  // namespace

void RoundMethods::serve(Service& service) {
  service.handle("round_create", [this](const Request& r) { return create(r); });
  service.handle("round_get", [this](const Request& r) { return get(r); });
  service.handle("round_score", [this](const Request& r) { return score(r); });
  service.handle("round_advance", [this](const Request& r) { return advance(r); });
  service.handle("round_update", [this](const Request& r) { return update(r); });
  service.handle("round_list", [this](const Request& r) { return list(r); });
}

Result<std::string> RoundMethods::create(const Request& req) {
  constexpr std::string_view kMethod = "evaluation.round_create";
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"name", "year", "type", "standard", "version", "evaluators",
                                    "deadline"}));
  Round round;
  CEDU_ASSIGN_OR_RETURN(round.name, p.string("name"));
  if (round.name.empty() || library::code_points(round.name) > 100) {
    return Status::invalid_argument("must be 1..100 characters", p.path_of("name"));
  }
  CEDU_ASSIGN_OR_RETURN(std::int64_t year, p.int64("year"));
  if (year < 2000 || year > 2100) {
    return Status::invalid_argument("must be 2000..2100", p.path_of("year"));
  }
  round.year = static_cast<int>(year);
  CEDU_ASSIGN_OR_RETURN(round.org_type, p.string("type"));
  if (!org_type_from_name(round.org_type)) {
    return Status::invalid_argument("'" + round.org_type + "' is not an organisation type",
                                    p.path_of("type"));
  }
  CEDU_ASSIGN_OR_RETURN(StandardRef ref, read_standard_ref(p));
  const Standard* standard = catalogue_.get(ref.id, ref.version);
  if (standard == nullptr) {
    return Status::not_found("no standard \"" + ref.id + "\"" +
                                 (ref.version ? " version " + std::to_string(*ref.version) : ""),
                             ref.version && catalogue_.get(ref.id) != nullptr
                                 ? p.path_of("version") : p.path_of("standard"));
  }
  if (org_type_name(standard->org_type) != round.org_type) {
    return Status::invalid_argument("standard " + standard->id + " evaluates " +
                                        std::string(org_type_name(standard->org_type)) +
                                        ", not " + round.org_type, p.path_of("standard"));
  }
  round.standard = standard->id;
  round.standard_version = standard->version;
  CEDU_ASSIGN_OR_RETURN(round.evaluators, read_evaluators(p));
  CEDU_ASSIGN_OR_RETURN(round.deadline, p.string("deadline"));
  if (!library::valid_date(round.deadline)) {
    return Status::invalid_argument("must be a date YYYY-MM-DD", p.path_of("deadline"));
  }
  const Caller caller = Caller::from(req);
  CEDU_RETURN_IF_ERROR(district_only(library_, caller, kMethod));
  round.created_by = caller.principal;
  round.created_at = library::utc_now();
  {
    auto guard = library_.lock();
    sqlite::Database& db = library_.store().db();
    CEDU_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::begin(db));
    CEDU_RETURN_IF_ERROR(insert_round(db, round));
    CEDU_RETURN_IF_ERROR(audit_write(db, caller, kMethod, std::nullopt,
                               "round " + std::to_string(round.id) + " " + round.name));
    CEDU_RETURN_IF_ERROR(tx.commit());
  }
  return round_reply(round).bytes();
}

Result<std::string> RoundMethods::get(const Request& req) {
  CEDU_RETURN_IF_ERROR(req.params.only_keys({"id"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t id, req.params.int64("id"));
  auto guard = library_.lock();
  CEDU_ASSIGN_OR_RETURN(Round round, get_round(library_.store().db(), id, "params.id"));
  CEDU_ASSIGN_OR_RETURN(auto rows, evaluations_of_round(library_.store().db(), id));
  // The automatic indicators each evaluation's parts were filled with (fact_store.h).
  std::vector<std::vector<StoredFact>> facts;
  for (const EvaluationRow& row : rows) {
    CEDU_ASSIGN_OR_RETURN(auto stored, facts_of_evaluation(library_.store().db(), row.id));
    facts.push_back(std::move(stored));
  }
  guard.unlock();
  const Standard* standard = catalogue_.get(round.standard, round.standard_version);
  mp::ArrayBuilder evaluations;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    CEDU_ASSIGN_OR_RETURN(mp::MapBuilder e, evaluation_row_reply(round, rows[i], standard));
    add_fact_lists(e, facts[i]);
    evaluations.add(e);
  }
  return mp::MapBuilder().set("round", round_reply(round)).set("evaluations", evaluations).bytes();
}

Result<std::string> RoundMethods::score(const Request& req) {
  constexpr std::string_view kMethod = "evaluation.round_score";
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"round_id", "organisation_id", "evaluator", "values",
                                    "satisfaction"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t round_id, p.int64("round_id"));
  CEDU_ASSIGN_OR_RETURN(std::int64_t organisation_id, p.int64("organisation_id"));
  CEDU_ASSIGN_OR_RETURN(std::string evaluator, p.string("evaluator"));
  const Caller caller = Caller::from(req);
  // Automatic indicators (fact: leaves) the evaluator left out, gathered over the bus before
  // the lock (fact_methods.h); they fill the inputs and are stored with the part.
  const PartFacts facts =
      part_facts_ ? part_facts_(req, round_id, organisation_id, evaluator) : PartFacts{};

  auto guard = library_.lock();
  sqlite::Database& db = library_.store().db();
  CEDU_ASSIGN_OR_RETURN(Round round, get_round(db, round_id, "params.round_id"));
  // Which attempt the part goes into: the round's own while it is a draft before its
  // deadline, or an open re-evaluation; nothing else changes an evaluation.
  std::optional<EvaluationRow> existing;
  if (auto row = evaluation_of(db, round.id, organisation_id, "params.organisation_id"); row.ok()) {
    existing = std::move(row).value();
  } else if (row.status().code() != StatusCode::kNotFound) {
    return row.status();
  }
  int attempt = 1;
  if (existing && existing->newest().number > 1 &&
      !attempt_complete(round, existing->newest())) {
    attempt = existing->newest().number;  // a re-evaluation: its own timing, no round deadline
  } else if (round.stage == Stage::kPublished) {
    return Status::failed_precondition(
        "round " + std::to_string(round.id) + " is published: nothing changes after "
        "publication except through a new evaluation (a re-evaluation opened by an upheld "
        "objection or an accepted rectification)", p.path_of("round_id"));
  } else if (round.stage != Stage::kDraft) {
    return Status::failed_precondition("round " + std::to_string(round.id) + " is " +
                                           std::string(stage_name(round.stage)) +
                                           ": parts are entered only while it is a draft",
                                       p.path_of("round_id"));
  } else if (const std::string today = today_utc(); today > round.deadline) {
    return Status::failed_precondition("the deadline of round " + std::to_string(round.id) +
                                           " was " + round.deadline + ": parts are refused "
                                           "unless the district extends it (round_update)",
                                       p.path_of("round_id"));
  }
  bool known = false;
  for (const EvaluatorWeight& e : round.evaluators) known = known || e.role == evaluator;
  if (!known) {
    std::string roles;
    for (const EvaluatorWeight& e : round.evaluators) {
      roles += (roles.empty() ? "" : ", ") + e.role;
    }
    return Status::invalid_argument("round " + std::to_string(round.id) + " has no evaluator '" +
                                        evaluator + "' (its evaluators: " + roles + ")",
                                    p.path_of("evaluator"));
  }
  Result<library::Record> org = library_.store().get(organisation_id);
  if (!org.ok()) {
    return Status(org.status().code(), org.status().message(), p.path_of("organisation_id"));
  }
  if (org->text("type") != round.org_type) {
    return Status::invalid_argument("organisation " + std::to_string(org->id) + " is a " +
                                        org->text("type") + "; round " + std::to_string(round.id) +
                                        " evaluates " + round.org_type,
                                    p.path_of("organisation_id"));
  }
  if (org->status == "archived") {
    return Status::failed_precondition("organisation " + std::to_string(org->id) + " is archived",
                                       p.path_of("organisation_id"));
  }
  // A self or town part: whoever may write the organisation; district and residents: the
  // district.
  Status allowed = Status::ok();
  if (evaluator == "self" || evaluator == "town") {
    allowed = library::may_write(caller, org->scope(), false, kMethod);
  } else if (!caller.unrestricted()) {
    allowed = Status::permission_denied("the " + evaluator + " part is the district's: " +
                                        caller.principal + " may not enter it");
  }
  if (!allowed.is_ok()) {
    guard.unlock();
    library_.audit_denied(caller, kMethod, organisation_id, allowed);
    return allowed;
  }

  const Standard* standard = catalogue_.get(round.standard, round.standard_version);
  EvaluationPart part;
  part.evaluator = evaluator;
  part.scored_by = caller.principal;
  part.scored_at = library::utc_now();
  if (evaluator == "residents") {
    // Residents' satisfaction (群众满意度) is a survey result in percent, not an indicator tree.
    if (p.has("values")) {
      return Status::invalid_argument("the residents' part is a satisfaction, not values",
                                      p.path_of("values"));
    }
    CEDU_ASSIGN_OR_RETURN(double satisfaction, p.number("satisfaction"));
    if (!std::isfinite(satisfaction) || satisfaction < 0 || satisfaction > 100) {
      return Status::invalid_argument("must be 0..100 (percent)", p.path_of("satisfaction"));
    }
    part.total = static_cast<CentiPoints>(std::llround(satisfaction * 100));
    part.complete = true;
  } else {
    if (p.has("satisfaction")) {
      return Status::invalid_argument("only the residents' part is a satisfaction",
                                      p.path_of("satisfaction"));
    }
    if (!p.has("values")) return Status::invalid_argument("is required", p.path_of("values"));
    if (standard == nullptr) {
      return Status::failed_precondition("standard " + round.standard + " version " +
                                         std::to_string(round.standard_version) +
                                         " of round " + std::to_string(round.id) + " is not loaded");
    }
    CEDU_ASSIGN_OR_RETURN(Inputs inputs, read_inputs(p));
    facts.add_to(inputs);
    Result<Evaluation> scored = score_standard(*standard, inputs);
    if (!scored.ok()) return in_params(scored.status());
    part.total = scored->total;
    part.complete = scored->complete();
    part.missing = static_cast<int>(scored->missing.size());
  }
  if (const msgpack::object* given = p.find(evaluator == "residents" ? "satisfaction" : "values")) {
    // With what was gathered: the results score the stored part again.
    part.inputs = facts.pack_with(*given);
  }

  CEDU_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::begin(db));
  CEDU_ASSIGN_OR_RETURN(std::int64_t evaluation_id, evaluation_for(db, round, organisation_id));
  CEDU_RETURN_IF_ERROR(put_part(db, evaluation_id, attempt, part));
  CEDU_RETURN_IF_ERROR(store_part_facts(db, evaluation_id, attempt, evaluator, facts));
  CEDU_RETURN_IF_ERROR(audit_write(db, caller, kMethod, organisation_id,
                                   "round " + std::to_string(round.id) +
                                       (attempt > 1 ? " attempt " + std::to_string(attempt) : "") +
                                       " " + evaluator + ": " + points_text(part.total)));
  CEDU_RETURN_IF_ERROR(tx.commit());
  CEDU_ASSIGN_OR_RETURN(EvaluationRow row, evaluation_of(db, round.id, organisation_id, ""));
  CEDU_ASSIGN_OR_RETURN(auto stored_facts, facts_of_evaluation(db, row.id));
  guard.unlock();
  CEDU_ASSIGN_OR_RETURN(mp::MapBuilder reply, evaluation_row_reply(round, row, standard));
  add_fact_lists(reply, stored_facts);
  return reply.bytes();
}

Result<std::string> RoundMethods::advance(const Request& req) {
  constexpr std::string_view kMethod = "evaluation.round_advance";
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"id", "version", "to"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t id, p.int64("id"));
  CEDU_ASSIGN_OR_RETURN(std::int64_t version, p.int64("version"));
  CEDU_ASSIGN_OR_RETURN(std::string to_name, p.string("to"));
  std::optional<Stage> to = stage_from_name(to_name);
  if (!to) {
    return Status::invalid_argument("unknown stage '" + to_name + "' (draft, submitted, "
                                    "reviewed, publicity, published)", p.path_of("to"));
  }
  const Caller caller = Caller::from(req);
  CEDU_RETURN_IF_ERROR(district_only(library_, caller, kMethod));

  auto guard = library_.lock();
  sqlite::Database& db = library_.store().db();
  CEDU_ASSIGN_OR_RETURN(Round round, get_round(db, id, p.path_of("id")));
  CEDU_RETURN_IF_ERROR(check_version(round, version, p.path_of("version")));
  CEDU_RETURN_IF_ERROR(check_transition(round.stage, *to, p.path_of("to")));
  if (*to == Stage::kSubmitted) {
    // Submitting needs every evaluator's complete part for every organisation scored.
    CEDU_ASSIGN_OR_RETURN(auto rows, evaluations_of_round(db, id));
    if (rows.empty()) {
      return Status::failed_precondition("round " + std::to_string(id) +
                                         " has no evaluations to submit", p.path_of("to"));
    }
    for (const EvaluationRow& row : rows) {
      for (const EvaluatorWeight& e : round.evaluators) {
        const EvaluationPart* part = nullptr;
        if (const EvaluationPart* found = part_of(row.newest(), e.role)) part = found;
        const std::string who = "organisation " + std::to_string(row.organisation_id);
        if (part == nullptr) {
          return Status::failed_precondition(who + " has no " + e.role + " part (" +
                                             std::string(evaluator_label(e.role)) + ")",
                                             p.path_of("to"));
        }
        if (!part->complete) {
          return Status::failed_precondition(who + "'s " + e.role + " part lacks " +
                                             std::to_string(part->missing) + " indicators",
                                             p.path_of("to"));
        }
      }
    }
  }
  if (*to == Stage::kPublished) CEDU_RETURN_IF_ERROR(check_publishable(round, p));
  const Stage from = round.stage;
  round.stage = *to;
  round.updated_by = caller.principal;
  round.updated_at = library::utc_now();
  CEDU_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::begin(db));
  CEDU_RETURN_IF_ERROR(update_round(db, round, version, p.path_of("version")));
  CEDU_RETURN_IF_ERROR(audit_write(db, caller, kMethod, std::nullopt,
                             "round " + std::to_string(id) + ": " + std::string(stage_name(from)) +
                                 " → " + std::string(stage_name(*to))));
  CEDU_RETURN_IF_ERROR(tx.commit());
  guard.unlock();
  events_.publish("round_advanced", round_reply(round)
                                        .set("from", std::string(stage_name(from)))
                                        .bytes());
  if (round.stage == Stage::kPublished) events_.publish("published", round_reply(round).bytes());
  return round_reply(round).bytes();
}

Status RoundMethods::check_publishable(const Round& round, const mp::MapView& p) {
  sqlite::Database& db = library_.store().db();
  CEDU_ASSIGN_OR_RETURN(auto open, objections_of_round(db, round.id, std::nullopt, "open"));
  if (!open.empty()) {
    return Status::failed_precondition(
        "round " + std::to_string(round.id) + " has " + std::to_string(open.size()) +
            " open objection(s), the first objection " + std::to_string(open.front().id) +
            " about organisation " + std::to_string(open.front().organisation_id) +
            ": answer them before publishing", p.path_of("to"));
  }
  CEDU_ASSIGN_OR_RETURN(auto rows, evaluations_of_round(db, round.id));
  for (const EvaluationRow& row : rows) {
    if (row.newest().number > 1 && !attempt_complete(round, row.newest())) {
      return Status::failed_precondition(
          "organisation " + std::to_string(row.organisation_id) + "'s re-evaluation (attempt " +
              std::to_string(row.newest().number) + ", " + row.newest().reason +
              ") is not complete", p.path_of("to"));
    }
  }
  return Status::ok();
}

Result<std::string> RoundMethods::update(const Request& req) {
  constexpr std::string_view kMethod = "evaluation.round_update";
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"id", "version", "deadline", "name"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t id, p.int64("id"));
  CEDU_ASSIGN_OR_RETURN(std::int64_t version, p.int64("version"));
  CEDU_ASSIGN_OR_RETURN(auto deadline, p.optional_string("deadline"));
  if (deadline && !library::valid_date(*deadline)) {
    return Status::invalid_argument("must be a date YYYY-MM-DD", p.path_of("deadline"));
  }
  CEDU_ASSIGN_OR_RETURN(auto name, p.optional_string("name"));
  if (name && (name->empty() || library::code_points(*name) > 100)) {
    return Status::invalid_argument("must be 1..100 characters", p.path_of("name"));
  }
  const Caller caller = Caller::from(req);
  CEDU_RETURN_IF_ERROR(district_only(library_, caller, kMethod));

  auto guard = library_.lock();
  sqlite::Database& db = library_.store().db();
  CEDU_ASSIGN_OR_RETURN(Round round, get_round(db, id, p.path_of("id")));
  if (round.stage == Stage::kPublished) {
    return Status::failed_precondition("round " + std::to_string(id) + " is published and "
                                       "does not change", p.path_of("id"));
  }
  CEDU_RETURN_IF_ERROR(check_version(round, version, p.path_of("version")));
  std::string detail = "round " + std::to_string(id) + ":";
  if (deadline) {
    detail += " deadline " + round.deadline + " → " + *deadline;
    round.deadline = *deadline;
  }
  if (name) {
    detail += " name " + round.name + " → " + *name;
    round.name = *name;
  }
  round.updated_by = caller.principal;
  round.updated_at = library::utc_now();
  CEDU_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::begin(db));
  CEDU_RETURN_IF_ERROR(update_round(db, round, version, p.path_of("version")));
  CEDU_RETURN_IF_ERROR(audit_write(db, caller, kMethod, std::nullopt, detail));
  CEDU_RETURN_IF_ERROR(tx.commit());
  guard.unlock();
  return round_reply(round).bytes();
}

Result<std::string> RoundMethods::list(const Request& req) {
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"year", "type", "stage", "name", "limit", "cursor"}));
  CEDU_ASSIGN_OR_RETURN(RoundFilter filter, read_round_filter(p));
  CEDU_ASSIGN_OR_RETURN(library::PageParams page, library::read_page(p, 50));
  CEDU_ASSIGN_OR_RETURN(page.after, read_round_cursor(p));
  auto guard = library_.lock();
  CEDU_ASSIGN_OR_RETURN(std::vector<Round> rounds,
                        list_rounds(library_.store().db(), filter, page.after, page.limit));
  guard.unlock();
  mp::ArrayBuilder items;
  for (const Round& round : rounds) items.add(round_reply(round));
  mp::MapBuilder out;
  out.set("items", items);
  if (auto last = library::next_after(rounds, static_cast<std::size_t>(page.limit))) {
    out.set("next_cursor", std::to_string(*last));
  } else {
    out.set_nil("next_cursor");
  }
  return out.bytes();
}

}  // namespace cedu::evaluation
