// CourseEnv: what the course's domain methods work with — the Library (its records, lock,
// row rules and audit trail), the district's places, the check that a teacher or volunteer
// exists in its own library, and the event publisher — and the helpers they share for
// loading a course and auditing a write to a domain table (a refusal is library::refuse,
// services/library/side_write.h).
//
// The service builds one CourseEnv whose checks go over the bus (PeerCalls) and whose
// events go to the broker; tests build one with fakes.
// Thread-safety: shared by the handler threads; peer_exists and publish must be
// thread-safe. Helpers marked "caller holds the lock" REQUIRE library.lock().
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "bus/runtime/service.h"
#include "services/library/library.h"
#include "services/library/side_write.h"

namespace cedu::course {

// OK iff record `id` of the library served as `service` ("teacher", "volunteer") exists and
// is not archived: NOT_FOUND / FAILED_PRECONDITION naming `field` otherwise; UNAVAILABLE or
// DEADLINE_EXCEEDED, within `request`'s deadline, when that service cannot be asked.
using PeerCheck = std::function<Status(const Request& request, std::string_view service,
                                       std::int64_t id, const std::string& field)>;
// Publishes the event course.<event> with a packed MessagePack payload.
using Publisher = std::function<void(std::string_view event, std::string payload)>;

struct CourseEnv {
  library::Library& library;
  library::Places places;
  PeerCheck peer_exists;
  Publisher publish;
};

// The course `id` (caller holds the lock). NOT_FOUND naming `field` iff there is none.
Result<library::Record> load_course(CourseEnv& env, std::int64_t id, const std::string& field);

// Appends the audit entry of a write to a domain table (caller holds the lock, inside the
// write's transaction): `before`/`after` are the canonical JSON of the row (empty when it
// did not exist), stored as SHA-256 digests like the core's. `detail` must hold no
// personal data: the audit trail is readable without the pii right.
Status audit_write(CourseEnv& env, const library::Caller& caller, std::string_view method,
                   std::int64_t course_id, std::string detail, std::string_view before,
                   std::string_view after);

// Title of `course` for messages: "书法入门 (course 3)".
std::string describe_course(const library::Record& course);

}  // namespace cedu::course
