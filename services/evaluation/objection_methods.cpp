#include "services/evaluation/objection_methods.h"

#include "common/sqlite/transaction.h"
#include "services/evaluation/objection_store.h"
#include "services/evaluation/round_access.h"
#include "services/evaluation/round_replies.h"
#include "services/evaluation/round_store.h"
#include "services/library/record.h"

namespace cedu::evaluation {
namespace {

// What subscribers see of an objection: not its text (residents' words may name people).
mp::MapBuilder objection_event(const Objection& o) {
  return mp::MapBuilder()
      .set("id", o.id)
      .set("round_id", o.round_id)
      .set("organisation_id", o.organisation_id)
      .set("status", o.status)
      .set("lodged_by", o.lodged_by);
}

}  // namespace

void ObjectionMethods::serve(Service& service) {
  service.handle("objection_lodge", [this](const Request& r) { return lodge(r); });
  service.handle("objection_answer", [this](const Request& r) { return answer(r); });
  service.handle("objection_list", [this](const Request& r) { return list(r); });
}

Result<std::string> ObjectionMethods::lodge(const Request& req) {
  constexpr std::string_view kMethod = "evaluation.objection_lodge";
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"round_id", "organisation_id", "text"}));
  Objection o;
  CEDU_ASSIGN_OR_RETURN(o.round_id, p.int64("round_id"));
  CEDU_ASSIGN_OR_RETURN(o.organisation_id, p.int64("organisation_id"));
  CEDU_ASSIGN_OR_RETURN(o.text, read_text(p, "text", 2000));
  const library::Caller caller = library::Caller::from(req);
  o.lodged_by = caller.principal;
  o.lodged_at = library::utc_now();

  auto guard = library_.lock();
  sqlite::Database& db = library_.store().db();
  CEDU_ASSIGN_OR_RETURN(Round round, get_round(db, o.round_id, p.path_of("round_id")));
  if (round.stage != Stage::kPublicity) {
    return Status::failed_precondition(
        "objections are lodged only during publication (公示); round " +
            std::to_string(round.id) + " is " + std::string(stage_name(round.stage)),
        p.path_of("round_id"));
  }
  CEDU_RETURN_IF_ERROR(
      evaluation_of(db, round.id, o.organisation_id, p.path_of("organisation_id")).status());
  CEDU_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::begin(db));
  CEDU_RETURN_IF_ERROR(insert_objection(db, o));
  CEDU_RETURN_IF_ERROR(audit_write(db, caller, kMethod, o.organisation_id,
                                   "round " + std::to_string(round.id) + " objection " +
                                       std::to_string(o.id)));
  CEDU_RETURN_IF_ERROR(tx.commit());
  guard.unlock();
  events_.publish("objection_lodged", objection_event(o).bytes());
  return objection_reply(o).bytes();
}

Result<std::string> ObjectionMethods::answer(const Request& req) {
  constexpr std::string_view kMethod = "evaluation.objection_answer";
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"id", "decision", "reply"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t id, p.int64("id"));
  CEDU_ASSIGN_OR_RETURN(std::string decision, p.string("decision"));
  if (decision != "upheld" && decision != "dismissed") {
    return Status::invalid_argument("must be upheld (成立) or dismissed (不成立)",
                                    p.path_of("decision"));
  }
  CEDU_ASSIGN_OR_RETURN(std::string reply, read_text(p, "reply", 2000));
  const library::Caller caller = library::Caller::from(req);
  CEDU_RETURN_IF_ERROR(district_only(library_, caller, kMethod));

  auto guard = library_.lock();
  sqlite::Database& db = library_.store().db();
  CEDU_ASSIGN_OR_RETURN(Objection o, get_objection(db, id, p.path_of("id")));
  CEDU_ASSIGN_OR_RETURN(Round round, get_round(db, o.round_id, p.path_of("id")));
  if (o.status != "open") {
    return Status::failed_precondition("objection " + std::to_string(id) + " was answered (" +
                                           o.status + ") already", p.path_of("id"));
  }
  o.status = decision;
  o.reply = reply;
  o.answered_by = caller.principal;
  o.answered_at = library::utc_now();
  std::optional<int> attempt;
  CEDU_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::begin(db));
  CEDU_RETURN_IF_ERROR(answer_objection(db, o, p.path_of("id")));
  if (decision == "upheld") {
    // An upheld objection is settled by evaluating the organisation again.
    CEDU_ASSIGN_OR_RETURN(EvaluationRow row,
                          evaluation_of(db, o.round_id, o.organisation_id, p.path_of("id")));
    CEDU_ASSIGN_OR_RETURN(attempt, open_reevaluation(db, round, row, "objection " +
                                                         std::to_string(id),
                                                     caller.principal, o.answered_at));
  }
  CEDU_RETURN_IF_ERROR(audit_write(db, caller, kMethod, o.organisation_id,
                                   "round " + std::to_string(o.round_id) + " objection " +
                                       std::to_string(id) + ": " + decision));
  CEDU_RETURN_IF_ERROR(tx.commit());
  guard.unlock();
  mp::MapBuilder event = objection_event(o);
  mp::MapBuilder out = objection_reply(o);
  if (attempt) {
    event.set("reevaluation_attempt", *attempt);
    out.set("reevaluation_attempt", *attempt);
  } else {
    event.set_nil("reevaluation_attempt");
    out.set_nil("reevaluation_attempt");
  }
  events_.publish("objection_answered", event.bytes());
  return out.bytes();
}

Result<std::string> ObjectionMethods::list(const Request& req) {
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"round_id", "organisation_id", "status"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t round_id, p.int64("round_id"));
  CEDU_ASSIGN_OR_RETURN(auto organisation_id, p.optional_int64("organisation_id"));
  CEDU_ASSIGN_OR_RETURN(auto status, p.optional_string("status"));
  if (status && *status != "open" && *status != "upheld" && *status != "dismissed") {
    return Status::invalid_argument("must be open, upheld or dismissed", p.path_of("status"));
  }
  auto guard = library_.lock();
  sqlite::Database& db = library_.store().db();
  CEDU_RETURN_IF_ERROR(get_round(db, round_id, p.path_of("round_id")).status());
  CEDU_ASSIGN_OR_RETURN(auto objections, objections_of_round(db, round_id, organisation_id, status));
  guard.unlock();
  mp::ArrayBuilder items;
  for (const Objection& o : objections) items.add(objection_reply(o));
  return mp::MapBuilder().set("items", items).bytes();
}

}  // namespace cedu::evaluation
