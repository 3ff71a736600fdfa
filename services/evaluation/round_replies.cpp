#include "services/evaluation/round_replies.h"

namespace cedu::evaluation {
namespace {

double points(CentiPoints centi) { return static_cast<double>(centi) / 100.0; }

const EvaluationPart* part_of(const EvaluationRow& row, const std::string& evaluator) {
  for (const EvaluationPart& p : row.parts) {
    if (p.evaluator == evaluator) return &p;
  }
  return nullptr;
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

bool evaluation_complete(const Round& round, const EvaluationRow& row) {
  for (const EvaluatorWeight& e : round.evaluators) {
    const EvaluationPart* p = part_of(row, e.role);
    if (p == nullptr || !p->complete) return false;
  }
  return true;
}

mp::MapBuilder evaluation_row_reply(const Round& round, const EvaluationRow& row,
                                    bool with_round) {
  mp::ArrayBuilder parts;
  std::vector<CentiPoints> totals;
  for (const EvaluatorWeight& e : round.evaluators) {
    const EvaluationPart* p = part_of(row, e.role);
    if (p == nullptr) continue;
    totals.push_back(p->total);
    parts.add(mp::MapBuilder()
                  .set("evaluator", p->evaluator)
                  .set("label", std::string(evaluator_label(p->evaluator)))
                  .set("weight", e.weight)
                  .set("total", points(p->total))
                  .set("complete", p->complete)
                  .set("missing", p->missing)
                  .set("scored_by", p->scored_by)
                  .set("scored_at", p->scored_at));
  }
  const bool complete = evaluation_complete(round, row);
  mp::MapBuilder m;
  m.set("id", row.id)
      .set("round_id", row.round_id)
      .set("organisation_id", row.organisation_id)
      .set("standard", row.standard)
      .set("standard_version", row.standard_version)
      .set("parts", parts)
      .set("complete", complete);
  if (with_round) {
    m.set("round_name", round.name)
        .set("year", round.year)
        .set("stage", std::string(stage_name(round.stage)))
        .set("stage_label", std::string(stage_label(round.stage)));
  }
  if (complete) {
    m.set("total", points(weighted_total(round.evaluators, totals)));
  } else {
    m.set_nil("total");
  }
  return m;
}

}  // namespace cedu::evaluation
