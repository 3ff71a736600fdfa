#include "services/evaluation/rectification_methods.h"

#include "common/sqlite/transaction.h"
#include "services/evaluation/rectification_store.h"
#include "services/evaluation/round_access.h"
#include "services/evaluation/round_replies.h"
#include "services/evaluation/round_store.h"
#include "services/library/record.h"
#include "services/library/schema.h"

namespace cedu::evaluation {
namespace {

// What subscribers see of a task (no free text: it may name people).
std::string task_event(const Rectification& t) {
  return mp::MapBuilder()
      .set("id", t.id)
      .set("round_id", t.round_id)
      .set("organisation_id", t.organisation_id)
      .set("town", t.town)
      .set("deadline", t.deadline)
      .set("status", t.status)
      .set("version", t.version)
      .bytes();
}

}  // namespace

void RectificationMethods::serve(Service& service) {
  service.handle("rectification_create", [this](const Request& r) { return create(r); });
  service.handle("rectification_submit", [this](const Request& r) { return submit(r); });
  service.handle("rectification_review", [this](const Request& r) { return review(r); });
  service.handle("rectification_list", [this](const Request& r) { return list(r); });
}

Result<std::string> RectificationMethods::create(const Request& req) {
  constexpr std::string_view kMethod = "evaluation.rectification_create";
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"round_id", "organisation_id", "owner", "task", "deadline"}));
  Rectification t;
  CEDU_ASSIGN_OR_RETURN(t.round_id, p.int64("round_id"));
  CEDU_ASSIGN_OR_RETURN(t.organisation_id, p.int64("organisation_id"));
  CEDU_ASSIGN_OR_RETURN(t.owner, read_text(p, "owner", 100));
  CEDU_ASSIGN_OR_RETURN(t.task, read_text(p, "task", 2000));
  CEDU_ASSIGN_OR_RETURN(t.deadline, p.string("deadline"));
  if (!library::valid_date(t.deadline)) {
    return Status::invalid_argument("must be a date YYYY-MM-DD", p.path_of("deadline"));
  }
  const library::Caller caller = library::Caller::from(req);
  CEDU_RETURN_IF_ERROR(district_only(library_, caller, kMethod, t.organisation_id));
  t.created_by = caller.principal;
  t.created_at = library::utc_now();

  auto guard = library_.lock();
  sqlite::Database& db = library_.store().db();
  CEDU_ASSIGN_OR_RETURN(Round round, get_round(db, t.round_id, p.path_of("round_id")));
  if (round.stage == Stage::kDraft) {
    return Status::failed_precondition("round " + std::to_string(round.id) +
                                           " is still a draft: rectification follows results",
                                       p.path_of("round_id"));
  }
  CEDU_RETURN_IF_ERROR(
      evaluation_of(db, round.id, t.organisation_id, p.path_of("organisation_id")).status());
  CEDU_ASSIGN_OR_RETURN(library::Record org, library_.store().get(t.organisation_id));
  t.town = org.town;
  t.station = org.station;
  CEDU_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::begin(db));
  CEDU_RETURN_IF_ERROR(insert_rectification(db, t));
  CEDU_RETURN_IF_ERROR(audit_write(db, caller, kMethod, t.organisation_id,
                                   "round " + std::to_string(round.id) + " rectification " +
                                       std::to_string(t.id) + " by " + t.deadline));
  CEDU_RETURN_IF_ERROR(tx.commit());
  guard.unlock();
  events_.publish("rectification_created", task_event(t));
  return rectification_reply(t, today_utc()).bytes();
}

Result<std::string> RectificationMethods::submit(const Request& req) {
  constexpr std::string_view kMethod = "evaluation.rectification_submit";
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"id", "version", "note"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t id, p.int64("id"));
  CEDU_ASSIGN_OR_RETURN(std::int64_t version, p.int64("version"));
  CEDU_ASSIGN_OR_RETURN(auto note, p.optional_string("note"));
  if (note && library::code_points(*note) > 2000) {
    return Status::invalid_argument("must be at most 2000 characters", p.path_of("note"));
  }
  const library::Caller caller = library::Caller::from(req);

  auto guard = library_.lock();
  sqlite::Database& db = library_.store().db();
  CEDU_ASSIGN_OR_RETURN(Rectification t, get_rectification(db, id, p.path_of("id")));
  // Whoever may write the organisation reports its rectification done.
  if (Status allowed = library::may_write(caller, {t.town, t.station, ""}, false, kMethod);
      !allowed.is_ok()) {
    guard.unlock();
    library_.audit_denied(caller, kMethod, t.organisation_id, allowed);
    return allowed;
  }
  CEDU_ASSIGN_OR_RETURN(t.status, rectification_step(t.status, "submit", p.path_of("id")));
  t.note = note.value_or("");
  t.updated_by = caller.principal;
  t.updated_at = library::utc_now();
  CEDU_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::begin(db));
  CEDU_RETURN_IF_ERROR(update_rectification(db, t, version, p.path_of("version")));
  CEDU_RETURN_IF_ERROR(audit_write(db, caller, kMethod, t.organisation_id,
                                   "rectification " + std::to_string(id) + ": submitted"));
  CEDU_RETURN_IF_ERROR(tx.commit());
  guard.unlock();
  events_.publish("rectification_submitted", task_event(t));
  return rectification_reply(t, today_utc()).bytes();
}

Result<std::string> RectificationMethods::review(const Request& req) {
  constexpr std::string_view kMethod = "evaluation.rectification_review";
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"id", "version", "decision", "reply"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t id, p.int64("id"));
  CEDU_ASSIGN_OR_RETURN(std::int64_t version, p.int64("version"));
  CEDU_ASSIGN_OR_RETURN(std::string decision, p.string("decision"));
  if (decision != "accepted" && decision != "rejected") {
    return Status::invalid_argument("must be accepted (验收) or rejected (退回)",
                                    p.path_of("decision"));
  }
  CEDU_ASSIGN_OR_RETURN(auto reply, p.optional_string("reply"));
  if (reply && library::code_points(*reply) > 2000) {
    return Status::invalid_argument("must be at most 2000 characters", p.path_of("reply"));
  }
  const library::Caller caller = library::Caller::from(req);
  CEDU_RETURN_IF_ERROR(district_only(library_, caller, kMethod));

  auto guard = library_.lock();
  sqlite::Database& db = library_.store().db();
  CEDU_ASSIGN_OR_RETURN(Rectification t, get_rectification(db, id, p.path_of("id")));
  CEDU_ASSIGN_OR_RETURN(t.status, rectification_step(t.status,
                                                     decision == "accepted" ? "accept" : "reject",
                                                     p.path_of("decision")));
  t.reply = reply.value_or("");
  t.updated_by = caller.principal;
  t.updated_at = library::utc_now();
  std::optional<int> attempt;
  CEDU_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::begin(db));
  CEDU_RETURN_IF_ERROR(update_rectification(db, t, version, p.path_of("version")));
  if (decision == "accepted") {
    // The rectification done, the organisation is evaluated again: a new attempt that
    // supersedes the old one in the results once complete.
    CEDU_ASSIGN_OR_RETURN(Round round, get_round(db, t.round_id, p.path_of("id")));
    CEDU_ASSIGN_OR_RETURN(EvaluationRow row,
                          evaluation_of(db, t.round_id, t.organisation_id, p.path_of("id")));
    CEDU_ASSIGN_OR_RETURN(attempt, open_reevaluation(db, round, row,
                                                     "rectification " + std::to_string(id),
                                                     caller.principal, t.updated_at));
  }
  CEDU_RETURN_IF_ERROR(audit_write(db, caller, kMethod, t.organisation_id,
                                   "rectification " + std::to_string(id) + ": " + decision));
  CEDU_RETURN_IF_ERROR(tx.commit());
  guard.unlock();
  events_.publish(decision == "accepted" ? "rectification_accepted" : "rectification_rejected",
                  task_event(t));
  mp::MapBuilder out = rectification_reply(t, today_utc());
  if (attempt) {
    out.set("reevaluation_attempt", *attempt);
  } else {
    out.set_nil("reevaluation_attempt");
  }
  return out.bytes();
}

Result<std::string> RectificationMethods::list(const Request& req) {
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"round_id", "organisation_id", "town", "status", "overdue"}));
  RectificationFilter f;
  CEDU_ASSIGN_OR_RETURN(f.round_id, p.optional_int64("round_id"));
  CEDU_ASSIGN_OR_RETURN(f.organisation_id, p.optional_int64("organisation_id"));
  CEDU_ASSIGN_OR_RETURN(auto town, p.optional_string("town"));
  if (town) {
    f.town = places_.town ? places_.town(*town) : town;
    if (!f.town) {
      return Status::invalid_argument("'" + *town + "' is not a town of the network",
                                      p.path_of("town"));
    }
  }
  CEDU_ASSIGN_OR_RETURN(f.status, p.optional_string("status"));
  if (f.status && *f.status != "open" && *f.status != "submitted" && *f.status != "accepted") {
    return Status::invalid_argument("must be open, submitted or accepted", p.path_of("status"));
  }
  CEDU_ASSIGN_OR_RETURN(auto overdue_only, p.optional_boolean("overdue"));
  auto guard = library_.lock();
  CEDU_ASSIGN_OR_RETURN(auto tasks, list_rectifications(library_.store().db(), f));
  guard.unlock();
  const std::string today = today_utc();
  mp::ArrayBuilder items;
  std::int64_t overdue = 0;
  for (const Rectification& t : tasks) {
    const bool late = rectification_overdue(t, today);
    if (overdue_only.value_or(false) && !late) continue;
    overdue += late ? 1 : 0;
    items.add(rectification_reply(t, today));
  }
  return mp::MapBuilder().set("items", items).set("overdue", overdue).bytes();
}

}  // namespace cedu::evaluation
