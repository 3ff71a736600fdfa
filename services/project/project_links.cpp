#include "services/project/project_links.h"

#include "common/msgpack/builder.h"
#include "common/sqlite/statement.h"
#include "services/library/side_write.h"
#include "services/project/project_params.h"

namespace cedu::project {
namespace {

using library::Caller;
using library::Record;

// The packed links of `project` (caller holds the library's lock).
Result<std::string> links_reply(sqlite::Database& db, const Record& project) {
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement st,
                        db.prepare("SELECT target, target_id, label, linked_at, linked_by"
                                   " FROM project_links WHERE project_id = ?"
                                   " ORDER BY target, linked_at, target_id"));
  CEDU_RETURN_IF_ERROR(st.bind(1, project.id));
  mp::ArrayBuilder courses, teachers;
  for (;;) {
    CEDU_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    const std::string target = st.text(0);
    const LinkTarget& t = target == "course" ? course_target() : teacher_target();
    mp::MapBuilder link;
    link.set(t.param, st.int64(1))
        .set(t.label_field, st.text(2))
        .set("linked_at", st.text(3))
        .set("linked_by", st.text(4));
    (target == "course" ? courses : teachers).add(link);
  }
  mp::MapBuilder out;
  out.set("id", project.id).set("version", project.version).set("courses", courses)
      .set("teachers", teachers);
  return out.bytes();
}

Status archived_refused(const Record& project) {
  return Status::failed_precondition(
      "project " + std::to_string(project.id) + " is archived; its links cannot change", "params.id");
}

}  // namespace

const LinkTarget& course_target() {
  static const LinkTarget kTarget{"course", "course_id", "title"};
  return kTarget;
}

const LinkTarget& teacher_target() {
  static const LinkTarget kTarget{"teacher", "teacher_id", "name"};
  return kTarget;
}

sqlite::Migration ProjectLinks::migration() {
  return {2, "project links to courses and teachers",
          "CREATE TABLE project_links ("
          " project_id INTEGER NOT NULL,"
          " target TEXT NOT NULL CHECK (target IN ('course', 'teacher')),"
          " target_id INTEGER NOT NULL,"
          " label TEXT NOT NULL,"
          " linked_at TEXT NOT NULL,"
          " linked_by TEXT NOT NULL,"
          " PRIMARY KEY (project_id, target, target_id));"
          "CREATE INDEX project_links_target ON project_links(target, target_id);",
          {}};
}

Result<bool> ProjectLinks::linked(std::int64_t project_id, const LinkTarget& target,
                                  std::int64_t target_id) {
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement st,
                        library_.store().db().prepare(
                            "SELECT 1 FROM project_links WHERE project_id = ? AND target = ?"
                            " AND target_id = ?"));
  CEDU_RETURN_IF_ERROR(st.bind(1, project_id));
  CEDU_RETURN_IF_ERROR(st.bind_text(2, target.service));
  CEDU_RETURN_IF_ERROR(st.bind(3, target_id));
  return st.step();
}

Result<std::string> ProjectLinks::check_peer(const LinkTarget& target, const Request& req,
                                             std::int64_t target_id) {
  const std::string field = req.params.path_of(target.param);
  auto reply = peer_(req, target.service, "get", mp::MapBuilder().set("id", target_id).bytes());
  if (!reply.ok()) {
    if (reply.status().code() == StatusCode::kNotFound) {
      return Status::not_found("no " + target.service + " with id " + std::to_string(target_id),
                               field);
    }
    return reply.status();  // UNAVAILABLE, DEADLINE_EXCEEDED, … as the peer call ended
  }
  auto peer = mp::MapView::of(reply->result(), target.service);
  if (!peer.ok()) return Status::internal(target.service + ".get replied " + peer.status().message());
  if (peer->string("status").value_or("") == "archived") {
    return Status::failed_precondition(
        target.service + " " + std::to_string(target_id) + " is archived", field);
  }
  return peer->string(target.label_field).value_or("");
}

void ProjectLinks::announce(std::string_view event, const Record& project, const LinkTarget& target,
                            std::int64_t target_id) {
  if (!publish_) return;
  publish_(event, mp::MapBuilder()
                      .set("id", project.id)
                      .set("version", project.version)
                      .set(target.param, target_id)
                      .bytes());
}

Status ProjectLinks::expect_link(std::int64_t id, const LinkTarget& target, std::int64_t target_id,
                                 bool present, const std::string& field) {
  CEDU_ASSIGN_OR_RETURN(bool exists, linked(id, target, target_id));
  if (exists == present) return Status::ok();
  const std::string what = target.service + " " + std::to_string(target_id);
  if (exists) {
    return Status::already_exists(what + " is already linked to project " + std::to_string(id),
                                  field);
  }
  return Status::not_found(what + " is not linked to project " + std::to_string(id), field);
}

Result<std::string> ProjectLinks::write_link(const Caller& caller, const LinkTarget& target,
                                             std::int64_t id, std::int64_t target_id,
                                             const std::string& field, const std::string* label) {
  const bool adding = label != nullptr;
  const std::string what = target.service + " " + std::to_string(target_id);
  const std::string method = std::string(adding ? "project.link_" : "project.unlink_") + target.service;
  library::Library::WriteOptions o{method, id, std::nullopt, {},
                                   (adding ? "link " : "unlink ") + what};
  std::string reply;
  auto written = library_.write(
      caller, o,
      [&](const Record* before, Record&) -> Status {
        // Checked again when linking: the lock was released for the peer call.
        if (before->status == "archived") return archived_refused(*before);
        return expect_link(id, target, target_id, /*present=*/!adding, field);
      },
      [&](Record& after) -> Status {
        sqlite::Database& db = library_.store().db();
        CEDU_ASSIGN_OR_RETURN(
            sqlite::Statement st,
            db.prepare(adding ? "INSERT INTO project_links (project_id, target, target_id, label,"
                                " linked_at, linked_by) VALUES (?, ?, ?, ?, ?, ?)"
                              : "DELETE FROM project_links WHERE project_id = ? AND target = ?"
                                " AND target_id = ?"));
        CEDU_RETURN_IF_ERROR(st.bind(1, id));
        CEDU_RETURN_IF_ERROR(st.bind_text(2, target.service));
        CEDU_RETURN_IF_ERROR(st.bind(3, target_id));
        if (adding) {
          CEDU_RETURN_IF_ERROR(st.bind_text(4, *label));
          CEDU_RETURN_IF_ERROR(st.bind_text(5, after.updated_at));
          CEDU_RETURN_IF_ERROR(st.bind_text(6, caller.principal));
        }
        CEDU_RETURN_IF_ERROR(st.run());
        CEDU_ASSIGN_OR_RETURN(reply, links_reply(db, after));
        return Status::ok();
      });
  if (!written.ok()) return library::in_params(written.status());
  announce(adding ? "linked" : "unlinked", *written, target, target_id);
  return reply;
}

Result<std::string> ProjectLinks::link(const LinkTarget& target, const Request& req) {
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"id", target.param}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t id, positive_id(p, "id"));
  CEDU_ASSIGN_OR_RETURN(std::int64_t target_id, positive_id(p, target.param));
  const Caller caller = Caller::from(req);
  const std::string method = "project.link_" + target.service;
  const std::string field = p.path_of(target.param);

  // The checks that need no peer first: a refused or pointless link costs no bus call.
  {
    auto guard = library_.lock();
    auto project = library_.store().get(id);
    if (!project.ok()) return library::in_params(project.status());
    if (project->status == "archived") return archived_refused(*project);
    if (Status allowed = library::may_write(caller, project->scope(), true, method);
        !allowed.is_ok()) {
      return library::refuse(library_, guard, caller, method, id, allowed);
    }
    CEDU_RETURN_IF_ERROR(expect_link(id, target, target_id, /*present=*/false, field));
  }

  CEDU_ASSIGN_OR_RETURN(std::string label, check_peer(target, req, target_id));
  return write_link(caller, target, id, target_id, field, &label);
}

Result<std::string> ProjectLinks::unlink(const LinkTarget& target, const Request& req) {
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"id", target.param}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t id, positive_id(p, "id"));
  CEDU_ASSIGN_OR_RETURN(std::int64_t target_id, positive_id(p, target.param));
  return write_link(Caller::from(req), target, id, target_id, p.path_of(target.param), nullptr);
}

Result<std::string> ProjectLinks::links(const Request& req) {
  CEDU_RETURN_IF_ERROR(req.params.only_keys({"id"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t id, positive_id(req.params, "id"));
  auto guard = library_.lock();
  auto project = library_.store().get(id);
  if (!project.ok()) return library::in_params(project.status());
  return links_reply(library_.store().db(), *project);
}

}  // namespace cedu::project
