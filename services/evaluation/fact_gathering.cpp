#include "services/evaluation/fact_gathering.h"

#include <cmath>
#include <variant>

#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"
#include "services/evaluation/standards_facts.h"

namespace cedu::evaluation {
namespace {

// What a fact of a scope needs: a bus call, or nothing because its value (or the reason
// there is none) is known without asking.
using Need = std::variant<FactCall, FactValue>;

double rounded(double v, double places) {
  const double scale = std::pow(10.0, places);
  return std::round(v * scale) / scale;
}

// {town, station?} of the scope.
mp::MapBuilder place(const FactScope& s) {
  mp::MapBuilder b;
  b.set("town", s.town);
  if (!s.station.empty()) b.set("station", s.station);
  return b;
}

FactCall yearly_call(const FactScope& s, std::string service, std::string method) {
  return {std::move(service), std::move(method), place(s).set("year", s.year).bytes()};
}

FactCall project_count(const FactScope& s, const char* kind, bool this_year) {
  mp::MapBuilder b = place(s);
  b.set("group_by", "status").set("category", kind);
  if (this_year) b.set("where", mp::MapBuilder().set("year", s.year));
  return {"project", "count", b.bytes()};
}

Need need_of(std::string_view fact, const FactScope& s) {
  if (!s.no_figures.empty()) return FactValue::unavailable(s.no_figures);
  const bool town_wide = s.type == "town";
  if (auto plugin = plugin_fact(fact)) {
    return FactCall{plugin->service, "indicator",
                    place(s).set("name", plugin->indicator).set("year", s.year).bytes()};
  }
  if (fact == "learners" || fact == "elderly_participants") {
    return yearly_call(s, "course", "participants");
  }
  if (fact == "participation_rate" || fact == "elderly_participation_rate") {
    if (!s.residents) return FactValue::unavailable(s.no_residents);
    if (fact == "elderly_participation_rate" && (!s.elderly_residents || *s.elderly_residents == 0)) {
      return FactValue::unavailable("no elderly residents (aged 60+) known for " + s.town);
    }
    return yearly_call(s, "course", "participants");
  }
  if (fact == "courses_held" || fact == "local_courses") return yearly_call(s, "course", "activity");
  if (fact == "teachers") {
    return FactCall{"teacher", "count", place(s).set("group_by", "status").bytes()};
  }
  if (fact == "volunteer_hours") return yearly_call(s, "volunteer", "yearly");
  if (fact == "volunteers_per_thousand") {
    // A town: the volunteer library's own figure; below the town: over the members.
    if (town_wide) return FactCall{"volunteer", "per_thousand", mp::MapBuilder().bytes()};
    if (!s.residents) return FactValue::unavailable(s.no_residents);
    return yearly_call(s, "volunteer", "yearly");
  }
  if (fact == "research_projects") return project_count(s, "research", true);
  if (fact == "activity_brands") return project_count(s, "brand", false);
  if (fact == "funding_per_resident") {
    if (!town_wide) return FactValue::unavailable("funding per resident is reported per town");
    return FactCall{"funding", "per_resident", mp::MapBuilder().set("year", s.year).bytes()};
  }
  if (fact == "star_station_share") {
    return FactValue::unavailable(town_wide ? "computed by the evaluation service"
                                            : "only a town has star stations");
  }
  return FactValue::unavailable("unknown fact " + std::string(fact));
}

// The entry of `array_key` whose `town` is the scope's town.
Result<mp::MapView> town_entry(const mp::MapView& reply, const char* array_key,
                               const std::string& town) {
  CEDU_ASSIGN_OR_RETURN(const msgpack::object* items, reply.array(array_key));
  for (std::uint32_t i = 0; i < items->via.array.size; ++i) {
    CEDU_ASSIGN_OR_RETURN(mp::MapView item, mp::MapView::of(items->via.array.ptr[i], array_key));
    auto slug = item.string("town");
    if (slug.ok() && *slug == town) return item;
  }
  return Status::not_found("no figure for town " + town);
}

// Established projects (立项, 中期检查, 结题) among the status groups of a count.
Result<double> established(const mp::MapView& reply) {
  CEDU_ASSIGN_OR_RETURN(mp::MapView groups, reply.map("groups"));
  std::int64_t n = 0;
  for (const char* status : {"approved", "midterm", "concluded"}) {
    CEDU_ASSIGN_OR_RETURN(auto count, groups.optional_int64(status));
    n += count.value_or(0);
  }
  return static_cast<double>(n);
}

Result<double> percent_of(std::int64_t part, std::int64_t whole) {
  return rounded(static_cast<double>(part) * 100.0 / static_cast<double>(whole), 2);
}

// The value of `fact` from the reply of the call need_of() named.
Result<double> value_of(std::string_view fact, const FactScope& s, const mp::MapView& r) {
  if (fact == "learners" || fact == "elderly_participants" || fact == "participation_rate" ||
      fact == "elderly_participation_rate") {
    CEDU_ASSIGN_OR_RETURN(mp::MapView total, r.map("total"));
    CEDU_ASSIGN_OR_RETURN(std::int64_t people, total.int64("participants"));
    CEDU_ASSIGN_OR_RETURN(std::int64_t elderly, total.int64("elderly"));
    if (fact == "learners") return static_cast<double>(people);
    if (fact == "elderly_participants") return static_cast<double>(elderly);
    if (fact == "participation_rate") return percent_of(people, *s.residents);
    return percent_of(elderly, *s.elderly_residents);
  }
  if (plugin_fact(fact)) return r.number("value");
  if (fact == "courses_held") return r.number("sessions");
  if (fact == "local_courses") return r.number("local_courses");
  if (fact == "teachers") return r.number("total");
  if (fact == "volunteer_hours") return r.number("approved_hours");
  if (fact == "volunteers_per_thousand") {
    if (s.type == "town") {
      CEDU_ASSIGN_OR_RETURN(mp::MapView town, town_entry(r, "towns", s.town));
      return town.number("per_thousand");
    }
    CEDU_ASSIGN_OR_RETURN(std::int64_t volunteers, r.int64("volunteers"));
    return rounded(static_cast<double>(volunteers) * 1000.0 / static_cast<double>(*s.residents), 3);
  }
  if (fact == "research_projects" || fact == "activity_brands") return established(r);
  if (fact == "funding_per_resident") {
    CEDU_ASSIGN_OR_RETURN(mp::MapView town, town_entry(r, "towns", s.town));
    return town.number("per_resident_fen");
  }
  return Status::internal("no computation for fact " + std::string(fact));
}

std::string call_name(const FactCall& c) { return c.service + "." + c.method; }

}  // namespace

std::vector<FactValues> gather_facts(FactSource& source, const std::vector<FactScope>& scopes,
                                     const FactNames& wanted,
                                     std::chrono::steady_clock::time_point deadline,
                                     const LocalFact& star_station_share) {
  FactNames names = wanted;
  if (names.empty()) {
    for (const Fact& f : known_facts()) names.insert(std::string(f.name));
  }
  // Plan: every distinct call once, and per scope and fact the index of its call.
  std::vector<FactCall> calls;
  std::map<std::string, std::size_t, std::less<>> index_of;  // service, method, params → index
  std::vector<FactValues> out(scopes.size());
  std::vector<std::map<std::string, std::size_t, std::less<>>> call_of(scopes.size());
  for (std::size_t i = 0; i < scopes.size(); ++i) {
    for (const std::string& fact : names) {
      if (fact == "star_station_share" && star_station_share && scopes[i].type == "town" &&
          scopes[i].no_figures.empty()) {
        out[i][fact] = star_station_share(scopes[i]);
        continue;
      }
      Need need = need_of(fact, scopes[i]);
      if (auto* known = std::get_if<FactValue>(&need)) {
        out[i][fact] = std::move(*known);
        continue;
      }
      FactCall& call = std::get<FactCall>(need);
      std::string key = call.service + '\n' + call.method + '\n' + call.params;
      auto [it, added] = index_of.try_emplace(std::move(key), calls.size());
      if (added) calls.push_back(std::move(call));
      call_of[i][fact] = it->second;
    }
  }

  std::vector<Result<std::string>> answers = source.call_all(calls, deadline);
  // Each answer unpacked once; a failed call or a reply that is no map explains itself.
  std::vector<std::optional<msgpack::object_handle>> replies(calls.size());
  std::vector<std::string> failures(calls.size());
  for (std::size_t c = 0; c < calls.size(); ++c) {
    const Result<std::string>& a = c < answers.size()
                                       ? answers[c]
                                       : Result<std::string>(Status::internal("no answer"));
    if (!a.ok()) {
      failures[c] = call_name(calls[c]) + " answered " +
                    std::string(code_name(a.status().code())) + ": " + a.status().message();
      continue;
    }
    auto handle = mp::unpack(*a, "reply");
    if (!handle.ok() || handle->get().type != msgpack::type::MAP) {
      failures[c] = call_name(calls[c]) + " answered something that is not a map";
      continue;
    }
    replies[c] = std::move(handle).value();
  }
  for (std::size_t i = 0; i < scopes.size(); ++i) {
    for (const auto& [fact, c] : call_of[i]) {
      if (!replies[c]) {
        out[i][fact] = FactValue::unavailable(failures[c]);
        continue;
      }
      const mp::MapView reply = mp::MapView::of(replies[c]->get(), "reply").value();
      Result<double> v = value_of(fact, scopes[i], reply);
      if (v.ok() && std::isfinite(*v) && *v >= 0) {
        out[i][fact] = FactValue::of(*v);
      } else {
        std::string why = "a negative or infinite value";
        if (!v.ok()) {
          why = v.status().message();
          if (!v.status().field().empty()) why += " (" + v.status().field() + ")";
        }
        out[i][fact] = FactValue::unavailable(call_name(calls[c]) + " gave no usable figure: " + why);
      }
    }
  }
  return out;
}

}  // namespace cedu::evaluation
