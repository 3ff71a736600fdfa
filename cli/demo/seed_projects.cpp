// `cedu demo seed`: moving the projects along the steps they have been through.
#include <algorithm>

#include "cli/bulk_call.h"
#include "cli/demo/pipeline.h"
#include "cli/demo/seed_steps.h"
#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"

namespace cedu::cli::demo {

Result<std::string> move_projects(Client& client, const Context& context,
                                  const std::vector<ProjectSteps>& projects) {
  CEDU_ASSIGN_OR_RETURN(auto listed, list_by_title(client, context, "project"));
  // What is left to do for each project: the steps after its current status.
  struct StepsLeft {
    Listed record;
    std::vector<std::string> steps;
  };
  std::vector<StepsLeft> to_move;
  for (const auto& p : projects) {
    auto it = listed.find({p.town, p.title});
    if (it == listed.end() || p.steps.empty()) continue;
    const std::string& status = it->second.status;
    std::vector<std::string> left;
    if (status == "applied") {
      left = p.steps;
    } else {
      auto at = std::find(p.steps.begin(), p.steps.end(), status);
      if (at == p.steps.end()) continue;  // moved elsewhere by somebody: leave it
      left.assign(at + 1, p.steps.end());
    }
    if (!left.empty()) to_move.push_back({it->second, std::move(left)});
  }

  // Wave by wave: every project's next step in one pipelined batch.
  std::size_t moves = 0;
  for (std::size_t wave = 0;; ++wave) {
    std::vector<PlannedCall> calls;
    std::vector<StepsLeft*> who;
    for (auto& t : to_move) {
      if (wave >= t.steps.size()) continue;
      calls.push_back({"project", "transition",
                       mp::MapBuilder()
                           .set("id", t.record.id)
                           .set("version", t.record.version)
                           .set("to", t.steps[wave])
                           .set("note", "演示数据")
                           .bytes()});
      who.push_back(&t);
    }
    if (calls.empty()) break;
    auto results = run_pipelined(client, calls, 32, bulk_timeout(context));
    for (std::size_t i = 0; i < results.size(); ++i) {
      if (!results[i].ok()) {
        return Status(results[i].status().code(),
                      "project.transition: " + results[i].status().message(),
                      results[i].status().field());
      }
      auto view = mp::MapView::of(results[i]->result());
      if (view.ok()) who[i]->record.version = view->int64("version").value_or(who[i]->record.version);
      ++moves;
    }
  }
  return "moved " + std::to_string(to_move.size()) + " along " + std::to_string(moves) +
         " status steps";
}

}  // namespace cedu::cli::demo
