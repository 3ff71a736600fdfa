#include "cli/demo/seed_evaluation_round.h"

#include <cmath>
#include <ctime>
#include <optional>

#include "cli/bulk_call.h"
#include "cli/demo/district.h"
#include "cli/demo/pipeline.h"
#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"

namespace cedu::cli::demo {
namespace {

// Each part of a district's evaluation gathers its figures over the bus inside the
// service: a few in flight keep its two threads busy without queueing past the timeout.
constexpr std::size_t kWindow = 8;

std::string today_utc() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

Result<mp::MapView> call(Client& client, const Context& context, const std::string& method,
                         const mp::MapBuilder& params, std::optional<Reply>& keep) {
  CEDU_ASSIGN_OR_RETURN(Reply reply, bulk_call(client, context, "evaluation", method, params.bytes()));
  keep.emplace(std::move(reply));
  auto view = mp::MapView::of(keep->result());
  if (!view.ok()) return Status(view.status().code(), "evaluation." + method + ": " + view.status().message());
  return view;
}

bool earns(const DemoValue& v) { return v.is_bool ? v.flag : v.number > 0; }

void set_value(mp::MapBuilder& values, const std::string& id, const DemoValue& v) {
  if (v.is_bool) {
    values.set(id, v.flag);
  } else if (v.number == std::floor(v.number)) {
    values.set(id, static_cast<std::int64_t>(v.number));
  } else {
    values.set(id, v.number);
  }
}

PlannedCall part_call(std::int64_t round_id, std::int64_t organisation, const DemoPart& part,
                      const std::map<std::string, bool>& evidence) {
  mp::MapBuilder p;
  p.set("round_id", round_id).set("organisation_id", organisation).set("evaluator", part.evaluator);
  if (part.evaluator == "residents") {
    p.set("satisfaction", static_cast<std::int64_t>(part.satisfaction));
    return {"evaluation", "round_score", p.bytes()};
  }
  mp::MapBuilder values;
  for (const auto& [id, v] : part.values) {
    const auto needs = evidence.find(id);
    if (needs != evidence.end() && needs->second && earns(v)) {
      mp::MapBuilder with;
      set_value(with, "value", v);
      with.set("evidence", std::vector<std::string>{id + "-佐证材料" + kSyntheticMark + ".pdf"});
      values.set(id, with);
    } else {
      set_value(values, id, v);
    }
  }
  p.set("values", values);
  return {"evaluation", "round_score", p.bytes()};
}

// The part's first fact the service could not gather, as "organisation N's district part:
// <reason>", or "" when the part is complete.
Result<std::string> incomplete(const Reply& reply) {
  CEDU_ASSIGN_OR_RETURN(mp::MapView e, mp::MapView::of(reply.result()));
  CEDU_ASSIGN_OR_RETURN(const msgpack::object* parts, e.array("parts"));
  for (std::uint32_t i = 0; i < parts->via.array.size; ++i) {
    CEDU_ASSIGN_OR_RETURN(mp::MapView part, mp::MapView::of(parts->via.array.ptr[i]));
    CEDU_ASSIGN_OR_RETURN(bool complete, part.boolean("complete"));
    if (complete) continue;
    std::string why = "an indicator has no value";
    if (const msgpack::object* un = e.find("unavailable"); un != nullptr && un->type == msgpack::type::ARRAY &&
                                                        un->via.array.size > 0) {
      CEDU_ASSIGN_OR_RETURN(mp::MapView first, mp::MapView::of(un->via.array.ptr[0]));
      CEDU_ASSIGN_OR_RETURN(std::string id, first.string("id"));
      CEDU_ASSIGN_OR_RETURN(std::string reason, first.string("reason"));
      why = id + ": " + reason;
    }
    CEDU_ASSIGN_OR_RETURN(std::int64_t org, e.int64("organisation_id"));
    CEDU_ASSIGN_OR_RETURN(std::string evaluator, part.string("evaluator"));
    return "organisation " + std::to_string(org) + "'s " + evaluator + " part is incomplete (" + why + ")";
  }
  return std::string();
}

struct Stage {
  std::string name;
  std::int64_t version = 0;
};

Result<Stage> stage_of(const mp::MapView& round) {
  Stage s;
  CEDU_ASSIGN_OR_RETURN(s.name, round.string("stage"));
  CEDU_ASSIGN_OR_RETURN(s.version, round.int64("version"));
  return s;
}

struct FoundRound {
  std::int64_t id = 0;
  Stage stage;
  std::string deadline;
};

// The round of `year` named `name` evaluating `type` (evaluation.round_list: the oldest,
// should an older seed have opened two), or nullopt. Asking by name and year finds a round
// a run left before its first part was entered, which no organisation's history shows.
Result<std::optional<FoundRound>> find_round(Client& client, const Context& context, const std::string& name,
                                             int year, const std::string& type) {
  std::optional<Reply> keep;
  CEDU_ASSIGN_OR_RETURN(mp::MapView got, call(client, context, "round_list",
                                              mp::MapBuilder().set("name", name).set("year", year)
                                                  .set("type", type).set("limit", 1),
                                              keep));
  CEDU_ASSIGN_OR_RETURN(const msgpack::object* items, got.array("items"));
  if (items->via.array.size == 0) return std::optional<FoundRound>();
  CEDU_ASSIGN_OR_RETURN(mp::MapView r, mp::MapView::of(items->via.array.ptr[0]));
  FoundRound found;
  CEDU_ASSIGN_OR_RETURN(found.id, r.int64("id"));
  CEDU_ASSIGN_OR_RETURN(found.stage, stage_of(r));
  CEDU_ASSIGN_OR_RETURN(found.deadline, r.string("deadline"));
  return std::optional<FoundRound>(std::move(found));
}

Result<Stage> advance(Client& client, const Context& context, std::int64_t id, const Stage& from,
                      const std::string& to) {
  std::optional<Reply> keep;
  CEDU_ASSIGN_OR_RETURN(mp::MapView r, call(client, context, "round_advance",
                                            mp::MapBuilder().set("id", id).set("version", from.version).set("to", to),
                                            keep));
  return stage_of(r);
}

Status enter_parts(Client& client, const Context& context, std::int64_t round_id, const DemoRound& round,
                   const std::vector<DemoLeaf>& leaves, const std::map<std::string, std::int64_t>& organisations) {
  std::map<std::string, bool> evidence;
  for (const DemoLeaf& l : leaves) evidence[l.id] = l.evidence;
  std::vector<PlannedCall> calls;
  for (const DemoEvaluation& e : round.evaluations) {
    const auto org = organisations.find(e.network_id);
    if (org == organisations.end()) {
      return Status::not_found("no organisation registered for " + e.network_id + " (configs/network.yaml)");
    }
    for (const DemoPart& part : e.parts) calls.push_back(part_call(round_id, org->second, part, evidence));
  }
  CEDU_ASSIGN_OR_RETURN(auto replies, run_all_or_first_error(client, calls, kWindow, bulk_timeout(context)));
  for (const Reply& r : replies) {
    CEDU_ASSIGN_OR_RETURN(std::string why, incomplete(r));
    if (!why.empty()) return Status::failed_precondition("round " + std::to_string(round_id) + ": " + why);
  }
  return Status::ok();
}

Status answer_objection(Client& client, const Context& context, std::int64_t round_id, const DemoRound& round,
                        std::int64_t organisation) {
  std::optional<Reply> listed, lodged, answered;
  CEDU_ASSIGN_OR_RETURN(mp::MapView list, call(client, context, "objection_list",
                                               mp::MapBuilder().set("round_id", round_id), listed));
  CEDU_ASSIGN_OR_RETURN(const msgpack::object* items, list.array("items"));
  std::int64_t id = 0;
  for (std::uint32_t i = 0; i < items->via.array.size && id == 0; ++i) {
    CEDU_ASSIGN_OR_RETURN(mp::MapView o, mp::MapView::of(items->via.array.ptr[i]));
    CEDU_ASSIGN_OR_RETURN(std::string status, o.string("status"));
    if (status != "open") return Status::ok();  // answered by a previous run
    CEDU_ASSIGN_OR_RETURN(id, o.int64("id"));
  }
  if (id == 0) {
    CEDU_ASSIGN_OR_RETURN(mp::MapView o, call(client, context, "objection_lodge",
                                              mp::MapBuilder().set("round_id", round_id)
                                                  .set("organisation_id", organisation)
                                                  .set("text", round.objection_text),
                                              lodged));
    CEDU_ASSIGN_OR_RETURN(id, o.int64("id"));
  }
  return call(client, context, "objection_answer",
              mp::MapBuilder().set("id", id).set("decision", "dismissed").set("reply", round.objection_reply),
              answered).status();
}

// Sets the round's task unless it has one. Returns whether it set it.
Result<bool> set_rectification(Client& client, const Context& context, std::int64_t round_id,
                               const DemoRound& round, std::int64_t organisation) {
  std::optional<Reply> listed, created;
  CEDU_ASSIGN_OR_RETURN(mp::MapView list, call(client, context, "rectification_list",
                                               mp::MapBuilder().set("round_id", round_id), listed));
  CEDU_ASSIGN_OR_RETURN(const msgpack::object* items, list.array("items"));
  if (items->via.array.size > 0) return false;
  CEDU_RETURN_IF_ERROR(call(client, context, "rectification_create",
                            mp::MapBuilder().set("round_id", round_id).set("organisation_id", organisation)
                                .set("owner", round.rectification_owner).set("task", round.rectification_task)
                                .set("deadline", round.rectification_deadline),
                            created).status());
  return true;
}

}  // namespace

Result<RoundOutcome> seed_round(Client& client, const Context& context, int year,
                                const DemoRound& round, const std::vector<DemoLeaf>& leaves,
                                const std::map<std::string, std::int64_t>& organisations) {
  auto org_of = [&](const std::string& network_id) -> Result<std::int64_t> {
    const auto it = organisations.find(network_id);
    if (it == organisations.end()) return Status::not_found("no organisation registered for " + network_id);
    return it->second;
  };
  if (round.evaluations.empty()) return Status::failed_precondition("the network has nothing to evaluate");
  CEDU_ASSIGN_OR_RETURN(std::int64_t objected, org_of(round.objection_on));
  CEDU_ASSIGN_OR_RETURN(std::int64_t rectified, org_of(round.rectification_on));

  RoundOutcome out;
  CEDU_ASSIGN_OR_RETURN(auto found, find_round(client, context, round.name, year, round.type));
  std::optional<Reply> keep;
  Stage stage;
  // Parts are refused after the deadline, and the year is past: the round is opened
  // until today and given its deadline once the parts are in.
  const std::string today = today_utc();
  if (!found) {
    mp::MapBuilder evaluators;
    for (const auto& [role, weight] : round.weights) evaluators.set(role, weight);
    CEDU_ASSIGN_OR_RETURN(mp::MapView r, call(client, context, "round_create",
                                              mp::MapBuilder().set("name", round.name).set("year", year)
                                                  .set("type", round.type).set("standard", round.standard)
                                                  .set("evaluators", evaluators).set("deadline", today),
                                              keep));
    CEDU_ASSIGN_OR_RETURN(out.round_id, r.int64("id"));
    CEDU_ASSIGN_OR_RETURN(stage, stage_of(r));
  } else {
    out.round_id = found->id;
    stage = found->stage;
    if (stage.name == "draft" && found->deadline < today) {
      // Opened by a run that stopped on an earlier day: reopen it until today.
      CEDU_ASSIGN_OR_RETURN(mp::MapView r, call(client, context, "round_update",
                                                mp::MapBuilder().set("id", out.round_id)
                                                    .set("version", stage.version).set("deadline", today),
                                                keep));
      CEDU_ASSIGN_OR_RETURN(stage, stage_of(r));
    }
  }
  const bool was_published = stage.name == "published";
  if (stage.name == "draft") {
    CEDU_RETURN_IF_ERROR(enter_parts(client, context, out.round_id, round, leaves, organisations));
    std::optional<Reply> updated;
    CEDU_ASSIGN_OR_RETURN(mp::MapView r, call(client, context, "round_update",
                                              mp::MapBuilder().set("id", out.round_id).set("version", stage.version)
                                                  .set("deadline", kEvaluationDemoDeadline),
                                              updated));
    CEDU_ASSIGN_OR_RETURN(stage, stage_of(r));
    CEDU_ASSIGN_OR_RETURN(stage, advance(client, context, out.round_id, stage, "submitted"));
  }
  if (stage.name == "submitted") {
    CEDU_ASSIGN_OR_RETURN(stage, advance(client, context, out.round_id, stage, "reviewed"));
  }
  if (stage.name == "reviewed") {
    CEDU_ASSIGN_OR_RETURN(stage, advance(client, context, out.round_id, stage, "publicity"));
  }
  if (stage.name == "publicity") {
    CEDU_RETURN_IF_ERROR(answer_objection(client, context, out.round_id, round, objected));
    CEDU_ASSIGN_OR_RETURN(stage, advance(client, context, out.round_id, stage, "published"));
  }
  CEDU_ASSIGN_OR_RETURN(bool task_set, set_rectification(client, context, out.round_id, round, rectified));
  out.unchanged = was_published && !task_set;
  return out;
}

}  // namespace cedu::cli::demo
