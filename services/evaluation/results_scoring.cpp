#include "services/evaluation/results_scoring.h"

#include "common/msgpack/builder.h"
#include "services/evaluation/evaluation_params.h"

namespace cedu::evaluation {
namespace {

// Scores a stored part's values again (they were stored as given, MessagePack).
Result<Evaluation> rescore(const Standard& standard, const EvaluationPart& part) {
  const std::string params = mp::MapBuilder().set("values", mp::Raw{part.inputs}).bytes();
  CEDU_ASSIGN_OR_RETURN(auto handle, mp::unpack(params, "params"));
  CEDU_ASSIGN_OR_RETURN(mp::MapView view, mp::MapView::of(handle.get(), "params"));
  CEDU_ASSIGN_OR_RETURN(Inputs inputs, read_inputs(view));
  Result<Evaluation> scored = score_standard(standard, inputs);
  if (!scored.ok()) {
    return Status::internal("the stored " + part.evaluator + " part no longer scores: " +
                            scored.status().to_string());
  }
  return scored;
}

}  // namespace

Result<OrganisationResult> result_of(const Round& round, const Standard& standard,
                                     const EvaluationRow& row) {
  OrganisationResult out;
  out.newest = row.newest().number;
  const Attempt* counted = nullptr;
  for (const Attempt& a : row.attempts) {
    if (attempt_complete(round, a)) counted = &a;
  }
  if (counted == nullptr) return out;
  out.attempt = counted->number;
  out.total = attempt_total(round, *counted);

  // The parts that score indicators, with their weights.
  std::vector<std::pair<int, Evaluation>> scored;
  int weights = 0;
  for (const EvaluatorWeight& e : round.evaluators) {
    if (e.role == "residents") continue;
    CEDU_ASSIGN_OR_RETURN(Evaluation ev, rescore(standard, *part_of(*counted, e.role)));
    scored.emplace_back(e.weight, std::move(ev));
    weights += e.weight;
  }
  Evaluation& c = out.combined;
  c.standard = &standard;
  c.total = out.total;
  if (scored.empty()) {
    // Only a satisfaction: no indicator was judged, so none counts as met.
    CEDU_ASSIGN_OR_RETURN(Evaluation blank, score_standard(standard, Inputs{}));
    for (const IndicatorScore& s : blank.scores) c.scores.push_back({s.indicator, 0, false});
  } else {
    c.scores = scored.front().second.scores;
    for (std::size_t i = 0; i < c.scores.size(); ++i) {
      CentiPoints sum = 0;
      for (const auto& [weight, ev] : scored) sum += weight * ev.scores[i].points;
      c.scores[i].points = sum / weights;  // rounded down: full iff every part is full
      c.scores[i].complete = true;
    }
  }
  for (const Scale& scale : standard.scales) c.scales.push_back(place_on_scale(scale, c));
  return out;
}

}  // namespace cedu::evaluation
