// The course service beyond the library core: course.publish, sessions, enrolments,
// attendance and completion, participation counts and the learning catalogue, wired onto
// the library's cedu::Service. course_service() is what cedu-course's main() runs;
// domain_methods() and make_peer_check() are exposed for tests.
// Thread-safety: the methods run on the service's handler threads; state lives in SQLite
// behind the Library's lock.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "services/course/course_env.h"
#include "services/library/library_main.h"

namespace cedu::course {

library::LibraryServiceDef course_service();

// course.publish {id, version}: draft → published (event course.published). FAILED_PRECONDITION
// naming "status" from any other status; CONFLICT naming params.version when stale.
Result<std::string> publish_course(CourseEnv& env, const Request& request);

using DomainMethod = Result<std::string> (*)(CourseEnv&, const Request&);
// Every domain method by name without the "course." prefix: "publish", "add_session", ….
const std::vector<std::pair<std::string, DomainMethod>>& domain_methods();

// The PeerCheck of the running service: `<service>.get {id}` over the bus, bounded by the
// request's deadline and at most 2 s.
PeerCheck make_peer_check(library::PeerCalls& peers);

}  // namespace cedu::course
