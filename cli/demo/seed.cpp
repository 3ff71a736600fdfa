#include "cli/demo/seed.h"

#include <set>

#include "cli/demo/district.h"
#include "cli/demo/seed_steps.h"
#include "cli/demo/tables.h"
#include "cli/exit_codes.h"
#include "common/msgpack/fields.h"

namespace cedu::cli::demo {
namespace {

// The services that have at least one worker on the bus.
Result<std::set<std::string>> running_services(Client& client, const Context& context) {
  CallOptions o;
  o.timeout = context.timeout;
  CEDU_ASSIGN_OR_RETURN(Reply reply, client.call("bus", "services", std::string(1, '\x80'), o));
  CEDU_ASSIGN_OR_RETURN(auto view, mp::MapView::of(reply.result(), "reply"));
  CEDU_ASSIGN_OR_RETURN(const msgpack::object* list, view.array("services"));
  std::set<std::string> names;
  for (std::uint32_t i = 0; i < list->via.array.size; ++i) {
    CEDU_ASSIGN_OR_RETURN(auto s, mp::MapView::of(list->via.array.ptr[i], "services"));
    CEDU_ASSIGN_OR_RETURN(auto workers, s.array("workers"));
    if (workers->via.array.size > 0) names.insert(s.string("name").value_or(""));
  }
  return names;
}

}  // namespace

int seed_demo(Client& client, const Context& context, const config::Network& network,
              double scale, std::ostream& out, std::ostream& err) {
  auto running = running_services(client, context);
  if (!running.ok()) {
    err << "cedu: cannot list the bus's services: " << running.status().to_string() << std::endl;
    return kExitFailed;
  }
  const DemoSizes sizes = demo_sizes(scale);
  out << "demo data for " << network.district_name << " (" << network.towns.size() << " towns, "
      << network.station_count() << " stations), scale " << scale << std::endl;

  struct Library {
    std::string name;
    std::function<tabular::TextTable()> table;
    std::function<Result<std::string>()> after;  // may be empty
  };
  CourseData courses;
  ProjectData projects;
  const std::vector<Library> libraries = {
      {"teacher", [&] { return teacher_table(network, sizes.teachers); }, {}},
      {"volunteer", [&] { return volunteer_table(network, sizes.volunteers); }, {}},
      {"course",
       [&] {
         courses = course_data(network, sizes.courses);
         return courses.table;
       },
       [&] { return publish_courses(client, context, courses.published); }},
      {"project",
       [&] {
         projects = project_data(network, sizes.projects);
         return projects.table;
       },
       [&] { return move_projects(client, context, projects.steps); }},
  };

  std::vector<std::string> failed;
  for (const auto& lib : libraries) {
    if (running->count(lib.name) == 0) {
      err << lib.name << ": skipped — cedu-" << lib.name << " is not running on the bus" << std::endl;
      failed.push_back(lib.name);
      continue;
    }
    auto totals = import_table(client, context, lib.name, lib.table());
    if (!totals.ok()) {
      err << lib.name << ": " << totals.status().to_string() << std::endl;
      failed.push_back(lib.name);
      continue;
    }
    out << lib.name << ": " << totals->rows << " rows — " << totals->created << " created, "
        << totals->updated << " updated, " << totals->unchanged << " unchanged";
    if (lib.after) {
      auto done = lib.after();
      if (!done.ok()) {
        out << std::endl;
        err << lib.name << ": " << done.status().to_string() << std::endl;
        failed.push_back(lib.name);
        continue;
      }
      out << "; " << *done;
    }
    auto total = library_total(client, context, lib.name);
    if (total.ok()) out << "; " << *total << " in the library";
    out << std::endl;
  }
  if (!failed.empty()) {
    std::string names;
    for (const auto& f : failed) names += (names.empty() ? "" : ", ") + f;
    err << "cedu: demo data not (completely) loaded into: " << names << std::endl;
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace cedu::cli::demo
