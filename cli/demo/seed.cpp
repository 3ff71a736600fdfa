#include "cli/demo/seed.h"

#include <functional>

#include "cli/bulk_call.h"
#include "cli/demo/district.h"
#include "cli/demo/seed_evaluation.h"
#include "cli/demo/seed_funding.h"
#include "cli/demo/seed_steps.h"
#include "cli/demo/tables.h"
#include "cli/demo/town_plugins.h"
#include "cli/exit_codes.h"

namespace cedu::cli::demo {

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
         follow_town_plugins(client, context, network, courses.table);
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
  // The funding year is optional: a deployment may run without cedu-funding.
  if (running->count("funding") == 0) {
    out << "funding: skipped — cedu-funding is not running on the bus" << std::endl;
  } else if (auto funding = seed_funding(client, context, network); funding.ok()) {
    out << "funding: " << *funding << std::endl;
  } else {
    err << "funding: " << funding.status().to_string() << std::endl;
    failed.push_back("funding");
  }
  // The evaluation year too; its rounds gather their automatic indicators from every other
  // service, so it needs them all.
  std::string missing;
  for (const char* s : kEvaluationFactServices) {
    if (running->count(s) == 0) missing += (missing.empty() ? "cedu-" : ", cedu-") + std::string(s);
  }
  if (running->count("evaluation") == 0) {
    out << "evaluation: skipped — cedu-evaluation is not running on the bus" << std::endl;
  } else if (!missing.empty()) {
    out << "evaluation: skipped — its automatic indicators need " << missing << ", not running on the bus"
        << std::endl;
  } else if (auto evaluation = seed_evaluation(client, context, network); evaluation.ok()) {
    out << "evaluation: " << *evaluation << std::endl;
  } else {
    err << "evaluation: " << evaluation.status().to_string() << std::endl;
    failed.push_back("evaluation");
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
