// `cedu demo seed`: the courses that are published, with their weekly sessions.
#include <set>

#include "cli/bulk_call.h"
#include "cli/demo/pipeline.h"
#include "cli/demo/seed_steps.h"
#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"

namespace cedu::cli::demo {
namespace {

constexpr std::size_t kWindow = 32;

Status first_error(const std::vector<Result<Reply>>& results, const std::vector<PlannedCall>& calls) {
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (!results[i].ok()) {
      const Status& s = results[i].status();
      return Status(s.code(), calls[i].service + "." + calls[i].method + ": " + s.message(), s.field());
    }
  }
  return Status::ok();
}

}  // namespace

Result<std::string> publish_courses(Client& client, const Context& context,
                                    const std::vector<CourseToPublish>& courses) {
  CEDU_ASSIGN_OR_RETURN(auto drafts, list_by_title(client, context, "course", "draft"));
  std::vector<const CourseToPublish*> unpublished;
  std::vector<Listed> records;
  for (const auto& c : courses) {
    auto it = drafts.find({c.town, c.title});
    if (it == drafts.end()) continue;  // published already (or gone)
    unpublished.push_back(&c);
    records.push_back(it->second);
  }
  if (unpublished.empty()) return std::string("published 0 (the chosen courses are published already)");

  // The sessions each draft has already (a run stopped half-way added some).
  std::vector<PlannedCall> ask;
  for (const auto& r : records) {
    ask.push_back({"course", "sessions", mp::MapBuilder().set("course_id", r.id).bytes()});
  }
  auto existing = run_pipelined(client, ask, kWindow, bulk_timeout(context));
  CEDU_RETURN_IF_ERROR(first_error(existing, ask));

  std::vector<PlannedCall> add;
  for (std::size_t i = 0; i < unpublished.size(); ++i) {
    std::set<std::string> have;
    auto view = mp::MapView::of(existing[i]->result(), "reply");
    if (view.ok()) {
      if (auto items = view->array("items"); items.ok()) {
        for (std::uint32_t k = 0; k < (*items)->via.array.size; ++k) {
          auto s = mp::MapView::of((*items)->via.array.ptr[k]);
          if (s.ok()) have.insert(s->string("starts_at").value_or(""));
        }
      }
    }
    for (const auto& [starts, ends] : unpublished[i]->sessions) {
      if (have.count(starts) > 0) continue;
      mp::MapBuilder p;
      p.set("course_id", records[i].id).set("starts_at", starts).set("ends_at", ends);
      if (!unpublished[i]->venue.empty()) p.set("venue", unpublished[i]->venue);
      add.push_back({"course", "add_session", p.bytes()});
    }
  }
  auto added = run_pipelined(client, add, kWindow, bulk_timeout(context));
  CEDU_RETURN_IF_ERROR(first_error(added, add));

  std::vector<PlannedCall> publish;
  for (const auto& r : records) {
    publish.push_back({"course", "publish",
                       mp::MapBuilder().set("id", r.id).set("version", r.version).bytes()});
  }
  auto published = run_pipelined(client, publish, kWindow, bulk_timeout(context));
  CEDU_RETURN_IF_ERROR(first_error(published, publish));
  return "published " + std::to_string(publish.size()) + " with " + std::to_string(add.size()) +
         " new sessions";
}

}  // namespace cedu::cli::demo
