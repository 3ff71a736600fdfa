#include "services/project/project_domain.h"

#include <memory>

#include "services/project/project_links.h"
#include "services/project/project_spec.h"
#include "services/project/project_transition.h"
#include "services/project/project_yearly.h"

namespace cedu::project {

Status validate_project(const library::Record*, library::Record& after) {
  const std::string start = after.text("start_date"), end = after.text("end_date");
  if (!start.empty() && !end.empty() && end < start) {
    return Status::invalid_argument("ends (" + end + ") before it starts (" + start + ")",
                                    "end_date");
  }
  return Status::ok();
}

library::LibraryServiceDef project_service() {
  library::LibraryServiceDef def;
  def.spec = &project_spec();
  def.migrations = {ProjectLinks::migration()};
  def.setup = [](library::LibraryContext& context) {
    library::Library& library = context.library;
    library.set_validator(validate_project);
    Service& service = context.service;
    library::PeerCalls& peers = context.peers;
    auto links = std::make_shared<ProjectLinks>(
        library,
        [&peers](const Request& r, std::string_view svc, std::string_view method,
                 std::string_view params) { return peers.call(r, svc, method, params); },
        [&service](std::string_view event, std::string payload) {
          service.publish(event, std::move(payload));
        });
    auto network = context.network;
    service.handle("transition", [&library](const Request& r) { return transition(library, r); });
    service.handle("link_course",
                   [links](const Request& r) { return links->link(course_target(), r); });
    service.handle("unlink_course",
                   [links](const Request& r) { return links->unlink(course_target(), r); });
    service.handle("link_teacher",
                   [links](const Request& r) { return links->link(teacher_target(), r); });
    service.handle("unlink_teacher",
                   [links](const Request& r) { return links->unlink(teacher_target(), r); });
    service.handle("links", [links](const Request& r) { return links->links(r); });
    service.handle("yearly", [&library, network](const Request& r) {
      return yearly(library, r, [&network](const std::string& town) {
        return network->town(town) != nullptr;
      });
    });
    return Status::ok();
  };
  return def;
}

}  // namespace cedu::project
