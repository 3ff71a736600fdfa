#include "services/evaluation/round_replies.h"

#include "services/evaluation/evaluation_replies.h"

namespace cedu::evaluation {
namespace {

double points(CentiPoints centi) { return static_cast<double>(centi) / 100.0; }

// The parts of one attempt, in the round's evaluator order.
mp::ArrayBuilder parts_reply(const Round& round, const Attempt& a) {
  mp::ArrayBuilder parts;
  for (const EvaluatorWeight& e : round.evaluators) {
    for (const EvaluationPart& p : a.parts) {
      if (p.evaluator != e.role) continue;
      parts.add(mp::MapBuilder()
                    .set("evaluator", p.evaluator)
                    .set("label", std::string(evaluator_label(p.evaluator)))
                    .set("weight", e.weight)
                    .set("total", points(p.total))
                    .set("complete", p.complete)
                    .set("missing", p.missing)
                    .set("scored_by", p.scored_by)
                    .set("scored_at", p.scored_at));
    }
  }
  return parts;
}

void set_total(mp::MapBuilder& m, const Round& round, const Attempt& a) {
  if (attempt_complete(round, a)) {
    m.set("total", points(attempt_total(round, a)));
  } else {
    m.set_nil("total");
  }
}

}  // namespace

mp::MapBuilder round_reply(const Round& r) {
  mp::ArrayBuilder evaluators;
  for (const EvaluatorWeight& e : r.evaluators) {
    evaluators.add(mp::MapBuilder()
                       .set("role", e.role)
                       .set("label", std::string(evaluator_label(e.role)))
                       .set("weight", e.weight));
  }
  return mp::MapBuilder()
      .set("id", r.id)
      .set("name", r.name)
      .set("year", r.year)
      .set("type", r.org_type)
      .set("standard", r.standard)
      .set("standard_version", r.standard_version)
      .set("evaluators", evaluators)
      .set("deadline", r.deadline)
      .set("stage", std::string(stage_name(r.stage)))
      .set("stage_label", std::string(stage_label(r.stage)))
      .set("version", r.version)
      .set("created_by", r.created_by)
      .set("created_at", r.created_at)
      .set("updated_by", r.updated_by)
      .set("updated_at", r.updated_at);
}

Result<mp::MapBuilder> evaluation_row_reply(const Round& round, const EvaluationRow& row,
                                            const Standard* standard, bool with_round) {
  const Attempt& newest = row.newest();
  mp::MapBuilder m;
  m.set("id", row.id)
      .set("round_id", row.round_id)
      .set("organisation_id", row.organisation_id)
      .set("standard", row.standard)
      .set("standard_version", row.standard_version)
      .set("attempt", newest.number);
  if (newest.number > 1) {
    m.set("reevaluation", mp::MapBuilder()
                              .set("reason", newest.reason)
                              .set("opened_by", newest.opened_by)
                              .set("opened_at", newest.opened_at));
  } else {
    m.set_nil("reevaluation");
  }
  m.set("parts", parts_reply(round, newest)).set("complete", attempt_complete(round, newest));
  set_total(m, round, newest);
  if (with_round) {
    m.set("round_name", round.name)
        .set("year", round.year)
        .set("stage", std::string(stage_name(round.stage)))
        .set("stage_label", std::string(stage_label(round.stage)));
  }
  OrganisationResult result;
  if (standard != nullptr) {
    CEDU_ASSIGN_OR_RETURN(result, result_of(round, *standard, row));
  }
  if (result.attempt == 0) {
    m.set_nil("result");
  } else {
    m.set("result", mp::MapBuilder()
                        .set("attempt", result.attempt)
                        .set("total", points(result.total))
                        .set("levels", scale_results_reply(result.combined.scales))
                        .set("indicators", first_level_reply(result.combined)));
  }
  mp::ArrayBuilder superseded;
  for (std::size_t i = 0; i + 1 < row.attempts.size(); ++i) {
    const Attempt& a = row.attempts[i];
    mp::MapBuilder s;
    s.set("attempt", a.number).set("reason", a.reason).set("complete", attempt_complete(round, a));
    set_total(s, round, a);
    superseded.add(s.set("parts", parts_reply(round, a)));
  }
  return std::move(m.set("superseded", superseded));
}

mp::ArrayBuilder first_level_reply(const Evaluation& combined) {
  mp::ArrayBuilder indicators;
  for (const IndicatorScore& s : combined.scores) {
    if (s.indicator->level != 1) continue;
    indicators.add(mp::MapBuilder()
                       .set("id", s.indicator->id)
                       .set("name", s.indicator->name)
                       .set("weight", s.indicator->weight)
                       .set("points", points(s.points)));
  }
  return indicators;
}

mp::MapBuilder objection_reply(const Objection& o) {
  return mp::MapBuilder()
      .set("id", o.id)
      .set("round_id", o.round_id)
      .set("organisation_id", o.organisation_id)
      .set("text", o.text)
      .set("status", o.status)
      .set("status_label", std::string(objection_status_label(o.status)))
      .set("reply", o.reply)
      .set("lodged_by", o.lodged_by)
      .set("lodged_at", o.lodged_at)
      .set("answered_by", o.answered_by)
      .set("answered_at", o.answered_at);
}

mp::MapBuilder rectification_reply(const Rectification& t, std::string_view today) {
  return mp::MapBuilder()
      .set("id", t.id)
      .set("round_id", t.round_id)
      .set("organisation_id", t.organisation_id)
      .set("town", t.town)
      .set("station", t.station)
      .set("owner", t.owner)
      .set("task", t.task)
      .set("deadline", t.deadline)
      .set("status", t.status)
      .set("status_label", std::string(rectification_status_label(t.status)))
      .set("overdue", rectification_overdue(t, today))
      .set("note", t.note)
      .set("reply", t.reply)
      .set("version", t.version)
      .set("created_by", t.created_by)
      .set("created_at", t.created_at)
      .set("updated_by", t.updated_by)
      .set("updated_at", t.updated_at);
}

}  // namespace cedu::evaluation
