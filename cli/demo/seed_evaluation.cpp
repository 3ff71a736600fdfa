#include "cli/demo/seed_evaluation.h"

#include <cstdio>
#include <set>
#include <tuple>

#include "cli/bulk_call.h"
#include "cli/demo/evaluation_leaves.h"
#include "cli/demo/evaluation_plan.h"
#include "cli/demo/pipeline.h"
#include "cli/demo/seed_evaluation_round.h"
#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"

namespace cedu::cli::demo {
namespace {

constexpr std::size_t kWindow = 32;

struct Listed {
  std::int64_t id = 0, version = 0, members = 0;
  std::string town, name, network_id;
};

// Every organisation of `type` not archived.
Result<std::vector<Listed>> list_type(Client& client, const Context& context, const std::string& type) {
  std::vector<Listed> out;
  std::string cursor;
  do {
    mp::MapBuilder q;
    q.set("type", type).set("limit", 1000);
    if (!cursor.empty()) q.set("cursor", cursor);
    CEDU_ASSIGN_OR_RETURN(Reply reply, bulk_call(client, context, "evaluation", "org_list", q.bytes()));
    CEDU_ASSIGN_OR_RETURN(mp::MapView page, mp::MapView::of(reply.result()));
    CEDU_ASSIGN_OR_RETURN(const msgpack::object* items, page.array("items"));
    for (std::uint32_t i = 0; i < items->via.array.size; ++i) {
      CEDU_ASSIGN_OR_RETURN(mp::MapView o, mp::MapView::of(items->via.array.ptr[i]));
      Listed l;
      CEDU_ASSIGN_OR_RETURN(l.id, o.int64("id"));
      CEDU_ASSIGN_OR_RETURN(l.version, o.int64("version"));
      CEDU_ASSIGN_OR_RETURN(l.town, o.string("town"));
      CEDU_ASSIGN_OR_RETURN(l.name, o.string("name"));
      CEDU_ASSIGN_OR_RETURN(auto members, o.optional_int64("members"));
      l.members = members.value_or(0);
      CEDU_ASSIGN_OR_RETURN(auto network_id, o.optional_string("network_id"));
      l.network_id = network_id.value_or("");
      out.push_back(std::move(l));
    }
    CEDU_ASSIGN_OR_RETURN(auto next, page.optional_string("next_cursor"));
    cursor = next.value_or("");
  } while (!cursor.empty());
  return out;
}

// Creates the plan's organisations that are not there (by type, town and name). Returns
// how many it created.
Result<std::size_t> create_organisations(Client& client, const Context& context, const EvaluationPlan& plan) {
  std::set<std::tuple<std::string, std::string, std::string>> have;
  for (const std::string type : {"community", "family", "association"}) {
    CEDU_ASSIGN_OR_RETURN(auto listed, list_type(client, context, type));
    for (const Listed& l : listed) have.insert({type, l.town, l.name});
  }
  std::vector<PlannedCall> calls;
  for (const DemoOrganisation& o : plan.organisations) {
    if (have.count({o.type, o.town, o.name}) > 0) continue;
    mp::MapBuilder p;
    p.set("type", o.type).set("name", o.name).set("town", o.town).set("contact", o.contact)
        .set("members", o.members).set("note", o.note);
    if (!o.station.empty()) p.set("station", o.station);
    if (!o.founded.empty()) p.set("founded", o.founded);
    calls.push_back({"evaluation", "org_create", p.bytes()});
  }
  CEDU_RETURN_IF_ERROR(run_all_or_first_error(client, calls, kWindow, bulk_timeout(context)).status());
  return calls.size();
}

// Network id → organisation id of the network's towns and stations; stations' residents
// (成员人数) set where they differ from the plan. Returns how many it set.
Result<std::size_t> network_organisations(Client& client, const Context& context, const EvaluationPlan& plan,
                                          std::map<std::string, std::int64_t>& ids) {
  CEDU_ASSIGN_OR_RETURN(auto towns, list_type(client, context, "town"));
  CEDU_ASSIGN_OR_RETURN(auto stations, list_type(client, context, "station"));
  std::vector<PlannedCall> calls;
  for (const auto* list : {&towns, &stations}) {
    for (const Listed& l : *list) ids[l.network_id] = l.id;
  }
  for (const Listed& s : stations) {
    const auto members = plan.station_members.find(s.network_id);
    if (members == plan.station_members.end() || members->second == s.members) continue;
    calls.push_back({"evaluation", "org_update",
                     mp::MapBuilder().set("id", s.id).set("version", s.version).set("members", members->second).bytes()});
  }
  CEDU_RETURN_IF_ERROR(run_all_or_first_error(client, calls, kWindow, bulk_timeout(context)).status());
  return calls.size();
}

// The area's share as "21.13 %".
Result<std::string> percent(const mp::MapView& area) {
  CEDU_ASSIGN_OR_RETURN(double share, area.number("share"));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f %%", share);
  return std::string(buf);
}

// "71 of 336 stations rated (21.13 %), 9 of 16 towns at the 20 % target" from
// evaluation.results {round_id}.
Result<std::string> round_figures(Client& client, const Context& context, std::int64_t round_id,
                                  const std::string& what, bool per_town, std::int64_t& objections, std::int64_t& tasks) {
  CEDU_ASSIGN_OR_RETURN(Reply reply, bulk_call(client, context, "evaluation", "results",
                                               mp::MapBuilder().set("round_id", round_id).bytes()));
  CEDU_ASSIGN_OR_RETURN(mp::MapView r, mp::MapView::of(reply.result()));
  CEDU_ASSIGN_OR_RETURN(mp::MapView district, r.map("district"));
  CEDU_ASSIGN_OR_RETURN(std::int64_t rated, district.int64("rated"));
  CEDU_ASSIGN_OR_RETURN(std::int64_t registered, district.int64("registered"));
  CEDU_ASSIGN_OR_RETURN(std::int64_t target, r.int64("target_percent"));
  CEDU_ASSIGN_OR_RETURN(std::string share, percent(district));
  std::string out = std::to_string(rated) + " of " + std::to_string(registered) + " " + what + " (" +
                    share + ", target " + std::to_string(target) + " %)";
  CEDU_ASSIGN_OR_RETURN(const msgpack::object* towns, r.array("towns"));
  std::int64_t met = 0, measured = 0;
  for (std::uint32_t i = 0; i < towns->via.array.size; ++i) {
    CEDU_ASSIGN_OR_RETURN(mp::MapView t, mp::MapView::of(towns->via.array.ptr[i]));
    CEDU_ASSIGN_OR_RETURN(auto meets, t.optional_boolean("meets_target"));
    if (!meets) continue;
    ++measured;
    met += *meets ? 1 : 0;
  }
  if (per_town) out += ", " + std::to_string(met) + " of " + std::to_string(measured) + " towns at target";
  CEDU_ASSIGN_OR_RETURN(mp::MapView o, r.map("objections"));
  CEDU_ASSIGN_OR_RETURN(std::int64_t upheld, o.int64("upheld"));
  CEDU_ASSIGN_OR_RETURN(std::int64_t dismissed, o.int64("dismissed"));
  objections += upheld + dismissed;
  CEDU_ASSIGN_OR_RETURN(const msgpack::object* open, r.array("open_rectifications"));
  tasks += open->via.array.size;
  return out;
}

}  // namespace

Result<std::string> seed_evaluation(Client& client, const Context& context, const config::Network& network) {
  CEDU_ASSIGN_OR_RETURN(auto station_leaves, standard_leaves(client, context, "station"));
  CEDU_ASSIGN_OR_RETURN(auto town_leaves, standard_leaves(client, context, "town"));
  const EvaluationPlan plan = evaluation_plan(network, station_leaves, town_leaves);
  CEDU_ASSIGN_OR_RETURN(std::size_t created, create_organisations(client, context, plan));
  std::map<std::string, std::int64_t> ids;
  CEDU_ASSIGN_OR_RETURN(std::size_t members_set, network_organisations(client, context, plan, ids));

  std::string out = std::to_string(plan.year) + ": " + std::to_string(plan.organisations.size()) +
                    " communities, families and associations — " + std::to_string(created) + " created, " +
                    std::to_string(plan.organisations.size() - created) + " unchanged; " +
                    std::to_string(members_set) + " stations' residents set";
  std::int64_t objections = 0, tasks = 0;
  struct Step {
    const DemoRound& round;
    const std::vector<DemoLeaf>& leaves;
    std::string what;
    bool per_town;
  };
  for (const Step& step : {Step{plan.stations, station_leaves, "stations starred", true},
                           Step{plan.towns, town_leaves, "towns at demonstration standard", false}}) {
    CEDU_ASSIGN_OR_RETURN(RoundOutcome r, seed_round(client, context, plan.year, step.round, step.leaves, ids));
    CEDU_ASSIGN_OR_RETURN(std::string figures, round_figures(client, context, r.round_id, step.what, step.per_town, objections, tasks));
    out += "; " + step.round.type + " round " + std::to_string(r.round_id) +
           (r.unchanged ? " unchanged" : " published") + ": " + figures;
  }
  return out + "; " + std::to_string(objections) + " objections answered, " + std::to_string(tasks) +
         " rectification tasks open";
}

}  // namespace cedu::cli::demo
