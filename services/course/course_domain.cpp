#include "services/course/course_domain.h"

#include <memory>

#include <spdlog/spdlog.h>

#include "services/course/activity.h"
#include "services/course/catalogue.h"
#include "services/course/course_spec.h"
#include "services/course/course_tables.h"
#include "services/course/enrolments.h"
#include "services/course/params.h"
#include "services/course/participants.h"
#include "services/course/sessions.h"
#include "services/library/domain_methods.h"
#include "services/library/places.h"

namespace cedu::course {

Result<std::string> publish_course(CourseEnv& env, const Request& req) {
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"id", "version"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t id, read_id(p, "id"));
  CEDU_ASSIGN_OR_RETURN(std::int64_t version, p.int64("version"));
  const library::Caller caller = library::Caller::from(req);
  library::Library::WriteOptions o{"course.publish", id, version, "published", {}};
  auto r = env.library.write(caller, o, [&](const library::Record* before, library::Record& after) {
    if (before->status != "draft") {
      return Status::failed_precondition(describe_course(*before) + " is " + before->status +
                                             ": only a draft can be published",
                                         "status");
    }
    after.status = "published";
    return Status::ok();
  });
  if (!r.ok()) {
    const Status& s = r.status();
    if (s.code() == StatusCode::kNotFound) return Status::not_found(s.message(), "params.id");
    return s.field() == "status" ? s : library::in_params(s);
  }
  return env.library.reply(*r, caller);
}

const std::vector<std::pair<std::string, DomainMethod>>& domain_methods() {
  static const std::vector<std::pair<std::string, DomainMethod>> kMethods = {
      {"publish", &publish_course},
      {"add_session", &add_session},
      {"sessions", &list_sessions},
      {"cancel_session", &cancel_session},
      {"assign_volunteer", &assign_volunteer},
      {"enrol", &enrol},
      {"cancel_enrolment", &cancel_enrolment},
      {"enrolments", &list_enrolments},
      {"attend", &attend},
      {"complete", &complete},
      {"participants", &participants},
      {"activity", &activity},
      {"catalogue", &catalogue},
  };
  return kMethods;
}

PeerCheck make_peer_check(library::PeerCalls& peers) {
  return [&peers](const Request& req, std::string_view service, std::int64_t id,
                  const std::string& field) -> Status {
    mp::MapBuilder params;
    params.set("id", id);
    auto reply = peers.call(req, service, "get", params.bytes(), std::chrono::milliseconds(2000));
    const std::string what = std::string(service) + " " + std::to_string(id);
    if (!reply.ok()) {
      const Status& s = reply.status();
      if (s.code() == StatusCode::kNotFound) {
        return Status::not_found("there is no " + what, field);
      }
      // UNAVAILABLE, DEADLINE_EXCEEDED, PERMISSION_DENIED …: as they are, naming the field.
      return Status(s.code(), "cannot check " + what + ": " + s.message(), field);
    }
    auto record = mp::MapView::of(reply->result(), "reply");
    if (!record.ok()) return Status::internal(std::string(service) + ".get replied no map");
    auto status = record->optional_string("status");
    if (status.ok() && *status && **status == "archived") {
      return Status::failed_precondition(what + " is archived", field);
    }
    return Status::ok();
  };
}

library::LibraryServiceDef course_service() {
  library::LibraryServiceDef def;
  def.spec = &course_spec();
  def.migrations = course_migrations();
  def.setup = [](library::LibraryContext& context) -> Status {
    context.library.set_validator(&derive_course_fields);
    Service* service = &context.service;
    // Lives as long as the process: the handlers hold it.
    auto env = std::make_shared<CourseEnv>(CourseEnv{
        context.library, library::places_from(context.network), make_peer_check(context.peers),
        [service](std::string_view event, std::string payload) {
          service->publish(event, std::move(payload));
        }});
    context.library.set_after_write(
        [env](const library::Caller& caller, std::string_view method, const library::Record* before,
              const library::Record& after) {
          return fill_after_write(*env, caller, method, before, after);
        });
    library::serve_domain(context.service, env, domain_methods());
    spdlog::debug("course: {} domain methods", domain_methods().size());
    return Status::ok();
  };
  return def;
}

}  // namespace cedu::course
