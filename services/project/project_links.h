// Links of a project to the courses and teachers of the other libraries:
//   project.link_course {id, course_id}     project.unlink_course {id, course_id}
//   project.link_teacher {id, teacher_id}   project.unlink_teacher {id, teacher_id}
//   project.links {id} → {id, courses: [...], teachers: [...]}
// A link is checked over the bus first (course.get / teacher.get, within the request's
// deadline): a peer that is down gives UNAVAILABLE and nothing is written; an unknown id
// gives NOT_FOUND naming params.course_id / params.teacher_id; an archived course or
// teacher FAILED_PRECONDITION; a link that exists ALREADY_EXISTS. Linking and unlinking are
// writes of the project (Library::write: row-level rules, version + 1, audit) and publish
// project.linked / project.unlinked {id, version, course_id | teacher_id}.
// The links live in the side table project_links (migration 2), written only inside
// write()'s transaction.
// Thread-safety: the handlers may run on several threads (the library's lock guards the
// database; the peer call runs without it).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "bus/client/client.h"
#include "bus/runtime/service.h"
#include "common/sqlite/migrations.h"
#include "services/library/library.h"

namespace cedu::project {

// Asks another service on behalf of a request (PeerCalls::call in the service; a fake in
// unit tests).
using PeerCall = std::function<Result<Reply>(const Request& request, std::string_view service,
                                             std::string_view method, std::string_view params)>;
// Publishes <lib>.<event> with a packed payload (Service::publish; may be empty).
using Publish = std::function<void(std::string_view event, std::string payload)>;

// What a project links to: "course" (its title is kept with the link) or "teacher" (name).
struct LinkTarget {
  std::string service;      // "course"
  std::string param;        // "course_id"
  std::string label_field;  // "title": the peer's field kept as the link's label
};
const LinkTarget& course_target();
const LinkTarget& teacher_target();

class ProjectLinks {
 public:
  ProjectLinks(library::Library& library, PeerCall peer, Publish publish)
      : library_(library), peer_(std::move(peer)), publish_(std::move(publish)) {}

  // The side table (schema version 2 of the project database).
  static sqlite::Migration migration();

  Result<std::string> link(const LinkTarget& target, const Request& request);
  Result<std::string> unlink(const LinkTarget& target, const Request& request);
  Result<std::string> links(const Request& request);

 private:
  // The label of `target_id` as the peer has it, after checking it exists and is live.
  Result<std::string> check_peer(const LinkTarget& target, const Request& request,
                                 std::int64_t target_id);
  // Whether `project_id` links to `target_id` (caller holds the library's lock).
  Result<bool> linked(std::int64_t project_id, const LinkTarget& target, std::int64_t target_id);
  // OK iff the link exists exactly when `present`; else ALREADY_EXISTS / NOT_FOUND naming
  // `field` (caller holds the library's lock).
  Status expect_link(std::int64_t id, const LinkTarget& target, std::int64_t target_id,
                     bool present, const std::string& field);
  // Adds the link (with `label`) or, when `label` is null, removes it, as one write of the
  // project: rules, version + 1, audit, then project.linked / project.unlinked.
  Result<std::string> write_link(const library::Caller& caller, const LinkTarget& target,
                                 std::int64_t id, std::int64_t target_id,
                                 const std::string& field, const std::string* label);
  void announce(std::string_view event, const library::Record& project, const LinkTarget& target,
                std::int64_t target_id);

  library::Library& library_;
  PeerCall peer_;
  Publish publish_;
};

}  // namespace cedu::project
