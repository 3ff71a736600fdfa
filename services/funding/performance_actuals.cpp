#include "services/funding/performance_actuals.h"

#include "common/msgpack/builder.h"

namespace cedu::funding {
namespace {

using Answer = Result<msgpack::object_handle>;

// The integer at `path` (map keys) inside `root`.
Result<std::int64_t> int_at(const msgpack::object& root, std::initializer_list<std::string_view> path) {
  CEDU_ASSIGN_OR_RETURN(mp::MapView m, mp::MapView::of(root, "reply"));
  auto key = path.begin();
  while (std::next(key) != path.end()) {
    CEDU_ASSIGN_OR_RETURN(m, m.map(*key));
    ++key;
  }
  return m.int64(*key);
}

Actual from_answer(const Answer& a, std::string_view method,
                   std::initializer_list<std::string_view> path) {
  if (!a.ok()) return {std::nullopt, std::string(method) + ": " + a.status().to_string()};
  auto v = int_at(a->get(), path);
  if (!v.ok()) return {std::nullopt, std::string(method) + ": unexpected reply: " + v.status().to_string()};
  return {*v, std::string(method)};
}

Actual ratio_actual(std::optional<std::int64_t> bp, std::string_view what, std::string_view none) {
  if (!bp) return {std::nullopt, std::string(none)};
  return {*bp, std::string(what)};
}

// Every library answer an evaluation may need, each asked for once.
class Remote {
 public:
  Remote(const PerformanceScope& scope, const PeerCall& peer) : scope_(scope), peer_(peer) {}

  const Answer& activity() { return once(activity_, "course", "activity", params()); }
  const Answer& participants() { return once(participants_, "course", "participants", params()); }
  const Answer& projects() { return once(projects_, "project", "yearly", params()); }

  // Approved minutes of volunteer service in the scope and year, over every page.
  const Result<std::int64_t>& volunteer_minutes() {
    if (minutes_) return *minutes_;
    std::int64_t sum = 0, after = 0;
    while (true) {
      mp::MapBuilder p = params_builder();
      p.set("status", "approved").set("after", after).set("limit", 1000);
      Answer page = peer_("volunteer", "hours_entries", p.bytes());
      if (!page.ok()) return *(minutes_ = Result<std::int64_t>(page.status()));
      auto view = mp::MapView::of(page->get(), "reply");
      auto items = view.ok() ? view->array("items") : Result<const msgpack::object*>(view.status());
      if (!items.ok()) return *(minutes_ = Result<std::int64_t>(items.status()));
      for (std::uint32_t i = 0; i < (*items)->via.array.size; ++i) {
        auto entry = mp::MapView::of((*items)->via.array.ptr[i]);
        auto minutes = entry.ok() ? entry->int64("minutes") : Result<std::int64_t>(entry.status());
        if (!minutes.ok()) return *(minutes_ = Result<std::int64_t>(minutes.status()));
        sum += *minutes;
      }
      auto next = view->optional_int64("next_after");
      if (!next.ok()) return *(minutes_ = Result<std::int64_t>(next.status()));
      if (!*next) break;
      after = **next;
    }
    return *(minutes_ = Result<std::int64_t>(sum));
  }

 private:
  mp::MapBuilder params_builder() const {
    mp::MapBuilder b;
    b.set("year", scope_.year);
    if (scope_.town) b.set("town", *scope_.town);
    return b;
  }
  std::string params() const { return params_builder().bytes(); }
  const Answer& once(std::optional<Answer>& slot, std::string_view service, std::string_view method,
                     const std::string& p) {
    if (!slot) slot.emplace(peer_(service, method, p));
    return *slot;
  }

  const PerformanceScope& scope_;
  const PeerCall& peer_;
  std::optional<Answer> activity_, participants_, projects_;
  std::optional<Result<std::int64_t>> minutes_;
};

Actual actual_of(const PerformanceIndicator& ind, const PerformanceScope& scope, Remote& remote,
                 const std::map<std::string, std::int64_t>& manual) {
  switch (ind.measure) {
    case Measure::kExecutionRate:
      return ratio_actual(scope.totals.execution_bp(), "ledger: expenditures ÷ budgets",
                          "no budget in the year");
    case Measure::kCompleteness:
      return ratio_actual(scope.totals.completeness_bp(), "ledger: received ÷ issued disbursements",
                          "no disbursement issued in the year");
    case Measure::kPerResident:
      if (scope.residents <= 0) return {std::nullopt, "no residents in the network"};
      return {scope.totals.budget_fen / scope.residents, "ledger: budgets ÷ residents"};
    case Measure::kCostPerParticipant: {
      Actual people = from_answer(remote.participants(), "course.participants", {"total", "participants"});
      if (!people.value) return people;
      if (*people.value <= 0) return {std::nullopt, "course.participants: no participants in the year"};
      return {scope.totals.expenditure_fen / *people.value, "ledger expenditures ÷ course.participants"};
    }
    case Measure::kCoursesHeld: return from_answer(remote.activity(), "course.activity", {"courses"});
    case Measure::kSessionsHeld: return from_answer(remote.activity(), "course.activity", {"sessions"});
    case Measure::kParticipants:
      return from_answer(remote.participants(), "course.participants", {"total", "participants"});
    case Measure::kCompletions: return from_answer(remote.activity(), "course.activity", {"completions"});
    case Measure::kVolunteerHours: {
      const Result<std::int64_t>& minutes = remote.volunteer_minutes();
      if (!minutes.ok()) return {std::nullopt, "volunteer.hours_entries: " + minutes.status().to_string()};
      return {*minutes / 60, "volunteer.hours_entries: approved hours"};
    }
    case Measure::kProjectsConcluded:
      return from_answer(remote.projects(), "project.yearly", {"by_status", "concluded"});
    case Measure::kManual: {
      auto it = manual.find(ind.id);
      if (it == manual.end()) return {std::nullopt, "no value given (params.manual." + ind.id + ")"};
      return {it->second, "given"};
    }
  }
  return {std::nullopt, "unknown measure"};
}

}  // namespace

std::map<std::string, Actual> gather_actuals(const PerformanceConfig& config,
                                             const PerformanceScope& scope, const PeerCall& peer,
                                             const std::map<std::string, std::int64_t>& manual) {
  Remote remote(scope, peer);
  std::map<std::string, Actual> out;
  for (const PerformanceIndicator& ind : config.indicators) out[ind.id] = actual_of(ind, scope, remote, manual);
  return out;
}

}  // namespace cedu::funding
