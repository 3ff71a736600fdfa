// funding.performance {year, town?, manual?}: the performance evaluation of special funds
// for the district (or one town) in a year — the ledger's figures and the libraries'
// actuals scored against configs/funding/performance.yaml (docs/funding.md).
#include "common/msgpack/builder.h"
#include "services/funding/funding_methods.h"
#include "services/funding/funding_params.h"
#include "services/funding/funding_replies.h"
#include "services/funding/performance_actuals.h"

namespace cedu::funding {

Result<std::map<std::string, std::int64_t>> read_manual(const mp::MapView& p,
                                                        const PerformanceConfig& config) {
  std::map<std::string, std::int64_t> out;
  CEDU_ASSIGN_OR_RETURN(auto manual, p.optional_map("manual"));
  if (!manual) return out;
  for (const std::string& key : manual->keys()) {
    const PerformanceIndicator* found = nullptr;
    for (const PerformanceIndicator& ind : config.indicators) {
      if (ind.id == key) found = &ind;
    }
    if (found == nullptr || found->measure != Measure::kManual) {
      return Status::invalid_argument("not a manual indicator of " + config.name,
                                      manual->path_of(key));
    }
    CEDU_ASSIGN_OR_RETURN(std::int64_t v, manual->int64(key));
    if (v < 0) return Status::invalid_argument("must be ≥ 0", manual->path_of(key));
    out[key] = v;
  }
  return out;
}

namespace {

mp::MapBuilder indicator_map(const IndicatorScore& s) {
  const PerformanceIndicator& ind = *s.indicator;
  mp::MapBuilder b;
  b.set("id", ind.id)
      .set("name", ind.name)
      .set("dimension", ind.dimension)
      .set("aspect", ind.aspect)
      .set("weight", ind.weight)
      .set("measure", measure_id(ind.measure))
      .set("target", ind.target)
      .set("better", ind.lower_is_better ? "lower" : "higher");
  if (s.actual.value) b.set("actual", *s.actual.value); else b.set_nil("actual");
  b.set("available", s.actual.value.has_value())
      .set("note", s.actual.note)
      .set("points_centi", s.points_centi)
      .set("points", static_cast<double>(s.points_centi) / 100.0);
  return b;
}

}  // namespace

PerformanceScore FundingMethods::evaluate(const Request& r, int year,
                                          const std::optional<std::string>& town,
                                          const YearFigures& figures,
                                          const std::map<std::string, std::int64_t>& manual) {
  const Units& units = ledger_.units();
  PerformanceScope scope{year, town, {}, 0};
  if (town) {
    scope.totals = figures.town(units, *town);
    scope.residents = units.network().town(*town)->population;
  } else {
    scope.totals = figures.district();
    scope.residents = units.network().population();
  }
  // A library that is down keeps a call waiting for its deadline: all the asking gets at
  // most 60 % of the time left (and 3 s), so the answer still leaves in time.
  using namespace std::chrono;
  Request bounded = r;
  const auto left = r.deadline - steady_clock::now();
  bounded.deadline = steady_clock::now() + std::min<steady_clock::duration>(left * 6 / 10, seconds(3));
  const PeerCall peer = [&](std::string_view service, std::string_view method, const std::string& params) {
    return bus_ ? bus_(bounded, service, method, params)
                : Result<msgpack::object_handle>(Status::unavailable("no bus to ask " + std::string(service)));
  };
  return score_performance(performance_, gather_actuals(performance_, scope, peer, manual));
}

Result<std::string> FundingMethods::performance(const Request& r) {
  const mp::MapView& p = r.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"year", "town", "manual"}));
  CEDU_ASSIGN_OR_RETURN(int year, read_fiscal_year(p, "year"));
  CEDU_ASSIGN_OR_RETURN(auto town, read_town(p, "town", ledger_.units()));
  CEDU_ASSIGN_OR_RETURN(auto manual, read_manual(p, performance_));
  CEDU_ASSIGN_OR_RETURN(YearFigures figures, year_figures(ledger_, year, town));
  const Unit unit = town ? *ledger_.units().find(*town) : ledger_.units().district();
  const PerformanceScore score = evaluate(r, year, town, figures, manual);

  mp::ArrayBuilder items;
  for (const IndicatorScore& s : score.items) items.add(indicator_map(s));
  mp::MapBuilder b = scope_map(unit, year);
  b.set("system", performance_.name)
      .set("system_version", performance_.version)
      .set("score_centi", score.score_centi)
      .set("score", static_cast<double>(score.score_centi) / 100.0)
      .set("complete", score.complete);
  if (score.band) {
    b.set("band", mp::MapBuilder().set("id", score.band->id).set("name", score.band->name));
  } else {
    b.set_nil("band");
  }
  b.set("indicators", items);
  return b.bytes();
}

}  // namespace cedu::funding
