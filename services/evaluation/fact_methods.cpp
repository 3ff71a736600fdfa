#include "services/evaluation/fact_methods.h"

#include "common/sqlite/statement.h"
#include "services/evaluation/results_data.h"
#include "services/evaluation/round_store.h"
#include "services/evaluation/standards_facts.h"
#include "services/library/places.h"
#include "services/library/record.h"

namespace cedu::evaluation {
namespace {

using Clock = std::chrono::steady_clock;

// The fact names the leaves of `standard` take.
FactNames facts_of(const Standard& standard) {
  FactNames names;
  for (const Indicator* leaf : standard.leaves()) {
    if (leaf->automatic()) names.insert(leaf->fact);
  }
  return names;
}

mp::MapBuilder fact_entry(const Fact& fact, const FactValue& v) {
  mp::MapBuilder m;
  m.set("fact", fact.name).set("name", fact.label).set("unit", fact.unit)
      .set("service", fact.service);
  if (v.value) return m.set("status", "OK").set("value", *v.value);
  return m.set("status", "UNAVAILABLE").set("reason", v.reason);
}

template <typename T>
void set_optional(mp::MapBuilder& m, std::string_view key, const std::optional<T>& v) {
  if (v) {
    m.set(key, *v);
  } else {
    m.set_nil(key);
  }
}

}  // namespace

void FactMethods::serve(Service& service) {
  service.handle("facts", [this](const Request& r) { return facts(r); });
  service.handle("round_facts", [this](const Request& r) { return round_facts(r); });
}

Clock::time_point FactMethods::deadline_for(const Request& req) const {
  // Keep a little of the caller's time for answering it.
  return std::min(req.deadline - std::chrono::milliseconds(100), Clock::now() + cap_);
}

FactValue FactMethods::star_station_share(const FactScope& town) {
  std::optional<std::int64_t> round_id;
  {
    auto guard = library_.lock();
    auto st = library_.store().db().prepare(
        "SELECT id FROM rounds WHERE org_type = 'station' AND year = ?1 AND stage = 'published'"
        " ORDER BY id DESC LIMIT 1");
    if (!st.ok()) return FactValue::unavailable(st.status().message());
    if (!st->bind(1, std::int64_t{town.year}).is_ok()) return FactValue::unavailable("bad year");
    auto row = st->step();
    if (row.ok() && *row) round_id = st->int64(0);
  }
  if (!round_id) {
    return FactValue::unavailable("no published station round for " + std::to_string(town.year) +
                                  " (星级辅导站 come from it)");
  }
  std::vector<std::string> town_order;
  for (const config::Town& t : network_->towns) town_order.push_back(t.slug);
  auto results = load_round_results(library_, catalogue_, town_order, *round_id, "round_id");
  if (!results.ok()) return FactValue::unavailable(results.status().message());
  for (const AreaSummary& area : (*results)->summary.towns) {
    if (area.town == town.town && area.registered > 0) {
      return FactValue::of(area.share_bp / 100.0);
    }
  }
  return FactValue::unavailable("station round " + std::to_string(*round_id) +
                                " has no stations of " + town.town);
}

Result<std::string> FactMethods::facts(const Request& req) {
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"organisation_id", "year", "facts"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t id, p.int64("organisation_id"));
  CEDU_ASSIGN_OR_RETURN(std::int64_t year, p.int64("year"));
  if (year < 2000 || year > 2100) {
    return Status::invalid_argument("must be 2000..2100", p.path_of("year"));
  }
  // Which facts: every known one, or those asked for (plugin facts included).
  std::vector<std::string> names;
  if (p.has("facts")) {
    CEDU_ASSIGN_OR_RETURN(const msgpack::object* asked, p.array("facts"));
    for (std::uint32_t i = 0; i < asked->via.array.size; ++i) {
      const msgpack::object& o = asked->via.array.ptr[i];
      const std::string field = p.path_of("facts") + "[" + std::to_string(i) + "]";
      if (o.type != msgpack::type::STR || !valid_fact(o.as<std::string>())) {
        return Status::invalid_argument("not a known fact nor plugin:<service>:<indicator>", field);
      }
      names.push_back(o.as<std::string>());
    }
  } else {
    for (const Fact& f : known_facts()) names.emplace_back(f.name);
  }
  Result<library::Record> org = [&] {
    auto guard = library_.lock();
    return library_.store().get(id);
  }();
  if (!org.ok()) {
    return Status(org.status().code(), org.status().message(), p.path_of("organisation_id"));
  }
  const FactScope scope = fact_scope_of(*org, *network_, static_cast<int>(year));
  FactValues values = gather_facts(source_, {scope}, FactNames(names.begin(), names.end()),
                                   deadline_for(req),
                                   [this](const FactScope& s) { return star_station_share(s); })
                          .at(0);
  mp::ArrayBuilder list;
  for (const std::string& name : names) {
    const Fact* known = find_fact(name);
    const std::string service = known != nullptr ? "" : plugin_fact(name)->service;
    const Fact plugin{name, name, "count", service};  // a plugin says no more of its figure
    list.add(fact_entry(known != nullptr ? *known : plugin, values[name]));
  }
  mp::MapBuilder out;
  out.set("organisation_id", id).set("type", scope.type).set("town", scope.town);
  library::set_place(out, "station", scope.station);
  out.set("year", year);
  set_optional(out, "residents", scope.residents);
  set_optional(out, "elderly_residents", scope.elderly_residents);
  return out.set("facts", list).bytes();
}

Result<std::string> FactMethods::round_facts(const Request& req) {
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"round_id"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t round_id, p.int64("round_id"));
  std::vector<library::Record> orgs;
  Round round;
  {
    auto guard = library_.lock();
    CEDU_ASSIGN_OR_RETURN(round, get_round(library_.store().db(), round_id, p.path_of("round_id")));
    library::ListQuery q;
    q.category = round.org_type;
    q.status = "active";
    q.limit = 1000;
    while (true) {
      CEDU_ASSIGN_OR_RETURN(library::Page page, library_.store().list(q));
      for (library::Record& r : page.records) orgs.push_back(std::move(r));
      if (page.next_cursor.empty()) break;
      q.cursor = page.next_cursor;
    }
  }
  const Standard* standard = catalogue_.get(round.standard, round.standard_version);
  if (standard == nullptr) {
    return Status::failed_precondition("standard " + round.standard + " of round " +
                                       std::to_string(round_id) + " is not loaded",
                                       p.path_of("round_id"));
  }
  std::vector<FactScope> scopes;
  for (const library::Record& r : orgs) scopes.push_back(fact_scope_of(r, *network_, round.year));
  const FactNames wanted = facts_of(*standard);
  const auto started = Clock::now();
  std::vector<FactValues> values =
      wanted.empty() ? std::vector<FactValues>(scopes.size())
                     : gather_facts(source_, scopes, wanted, deadline_for(req),
                                    [this](const FactScope& s) { return star_station_share(s); });
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  mp::ArrayBuilder items;
  int unavailable_count = 0;
  for (std::size_t i = 0; i < orgs.size(); ++i) {
    mp::MapBuilder facts, unavailable_list;
    mp::ArrayBuilder unavailable;
    for (const auto& [name, v] : values[i]) {
      if (v.value) {
        facts.set(name, *v.value);
      } else {
        facts.set_nil(name);
        unavailable.add(mp::MapBuilder().set("fact", name).set("reason", v.reason));
        ++unavailable_count;
      }
    }
    items.add(mp::MapBuilder()
                  .set("organisation_id", orgs[i].id)
                  .set("name", orgs[i].text("name"))
                  .set("town", orgs[i].town)
                  .set("station", orgs[i].station)
                  .set("facts", facts)
                  .set("unavailable", unavailable));
  }
  return mp::MapBuilder()
      .set("round_id", round_id)
      .set("year", round.year)
      .set("type", round.org_type)
      .set("facts", std::vector<std::string>(wanted.begin(), wanted.end()))
      .set("organisations", items)
      .set("unavailable_count", unavailable_count)
      .set("gather_ms", took.count())
      .bytes();
}

PartFacts FactMethods::part_facts(const Request& req, std::int64_t round_id,
                                  std::int64_t organisation_id, const std::string& evaluator) {
  PartFacts out;
  auto values = req.params.optional_map("values");
  if (evaluator == "residents" || !values.ok() || !values->has_value()) return out;
  // Both are read under the lock below; a Result holds a value or an error, never "ok".
  Result<Round> round = Status::internal("round not read");
  Result<library::Record> org = Status::internal("organisation not read");
  {
    auto guard = library_.lock();
    round = get_round(library_.store().db(), round_id, "params.round_id");
    org = library_.store().get(organisation_id);
  }
  if (!round.ok() || !org.ok()) return out;  // round_score says why
  const Standard* standard = catalogue_.get(round->standard, round->standard_version);
  if (standard == nullptr) return out;
  // The automatic leaves the evaluator left out, by the fact they take.
  std::vector<const Indicator*> leaves;
  FactNames wanted;
  for (const Indicator* leaf : standard->leaves()) {
    if (leaf->automatic() && !(*values)->has(leaf->id)) {
      leaves.push_back(leaf);
      wanted.insert(leaf->fact);
    }
  }
  if (leaves.empty()) return out;
  const FactScope scope = fact_scope_of(*org, *network_, round->year);
  FactValues gathered = gather_facts(source_, {scope}, wanted, deadline_for(req),
                                     [this](const FactScope& s) { return star_station_share(s); })
                            .at(0);
  out.gathered_at = library::utc_now();
  for (const Indicator* leaf : leaves) {
    const FactValue& v = gathered[leaf->fact];
    out.items.push_back({leaf->id, leaf->fact, v.value, v.reason});
  }
  return out;
}

}  // namespace cedu::evaluation
