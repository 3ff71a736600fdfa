#include "services/course/catalogue.h"

#include <map>
#include <set>

#include "services/course/local_time.h"
#include "services/course/params.h"
#include "services/course/session_store.h"

namespace cedu::course {
namespace {

using library::Record;

// The value of the enum field `name` written `text` (its value or its Chinese label).
Result<std::optional<std::string>> enum_param(const mp::MapView& p, std::string_view key,
                                              const library::LibrarySpec& spec,
                                              std::string_view field) {
  CEDU_ASSIGN_OR_RETURN(auto text, read_optional_text(p, key, 50));
  if (!text) return text;
  std::string allowed;
  for (const auto& v : spec.field(field)->values) {
    if (*text == v.value || *text == v.label) return std::optional<std::string>(v.value);
    allowed += (allowed.empty() ? "" : ", ") + v.value;
  }
  return Status::invalid_argument("'" + clip(*text) + "' is not one of: " + allowed, p.path_of(key));
}

struct Entry {
  const Record* course;
  std::vector<const Session*> sessions;
};

}  // namespace

Result<std::string> catalogue(CourseEnv& env, const Request& req) {
  const mp::MapView& p = req.params;
  const library::LibrarySpec& spec = env.library.spec();
  CEDU_RETURN_IF_ERROR(
      p.only_keys({"town", "category", "audience", "from", "to", "unscheduled", "limit"}));
  library::ListQuery q;
  q.status = "published";
  q.limit = 1000;
  CEDU_ASSIGN_OR_RETURN(auto town, read_optional_text(p, "town", 50));
  if (town) {
    q.town = env.places.town ? env.places.town(*town) : town;
    if (!q.town) {
      return Status::invalid_argument("'" + clip(*town) + "' is not a town of the district",
                                      p.path_of("town"));
    }
  }
  CEDU_ASSIGN_OR_RETURN(q.category, enum_param(p, "category", spec, "category"));
  CEDU_ASSIGN_OR_RETURN(auto audience, enum_param(p, "audience", spec, "audiences"));
  if (audience) q.where.push_back({"audiences", *audience});
  CEDU_ASSIGN_OR_RETURN(auto from, read_optional_date(p, "from"));
  CEDU_ASSIGN_OR_RETURN(auto to, read_optional_date(p, "to"));
  if (!from) from = local_today();
  if (to && *to < *from) {
    return Status::invalid_argument("must not be before from (" + *from + ")", p.path_of("to"));
  }
  CEDU_ASSIGN_OR_RETURN(auto unscheduled, p.optional_boolean("unscheduled"));
  CEDU_ASSIGN_OR_RETURN(auto limit, p.optional_int64("limit"));
  if (limit && (*limit < 1 || *limit > 500)) {
    return Status::invalid_argument("must be 1..500", p.path_of("limit"));
  }
  const std::size_t max_items = static_cast<std::size_t>(limit.value_or(100));
  const bool pii = library::Caller::from(req).pii;

  std::map<std::int64_t, Record> courses;
  std::vector<Session> sessions;
  std::vector<std::int64_t> scheduled;
  {
    auto guard = env.library.lock();
    for (;;) {
      CEDU_ASSIGN_OR_RETURN(library::Page page, env.library.store().list(q));
      for (auto& r : page.records) courses.emplace(r.id, std::move(r));
      if (page.next_cursor.empty()) break;
      q.cursor = page.next_cursor;
    }
    SessionStore store(env.library.store().db());
    CEDU_ASSIGN_OR_RETURN(sessions, store.starting_between(*from, to.value_or("")));
    if (unscheduled.value_or(false)) {
      CEDU_ASSIGN_OR_RETURN(scheduled, store.scheduled_courses());
    }
  }

  // Sessions come by start time, so courses line up by their next session.
  std::vector<Entry> entries;
  std::map<std::int64_t, std::size_t> at;
  for (const auto& s : sessions) {
    auto c = courses.find(s.course_id);
    if (c == courses.end()) continue;
    auto [it, fresh] = at.emplace(s.course_id, entries.size());
    if (fresh) entries.push_back({&c->second, {}});
    entries[it->second].sessions.push_back(&s);
  }
  if (unscheduled.value_or(false)) {
    const std::set<std::int64_t> busy(scheduled.begin(), scheduled.end());
    for (const auto& [id, course] : courses) {
      if (!busy.count(id)) entries.push_back({&course, {}});
    }
  }
  const bool more = entries.size() > max_items;
  if (more) entries.resize(max_items);

  std::string out;
  mp::StringStream stream(out);
  msgpack::packer<mp::StringStream> pk(stream);
  pk.pack_map(4);
  pk.pack("items");
  pk.pack_array(static_cast<std::uint32_t>(entries.size()));
  for (const auto& e : entries) {
    pk.pack_map(3);
    pk.pack("course");
    library::pack_record(pk, *e.course, spec, pii);
    pk.pack("next_session");
    if (e.sessions.empty()) {
      pk.pack_nil();
    } else {
      pk.pack(e.sessions.front()->starts_at);
    }
    pk.pack("sessions");
    pk.pack_array(static_cast<std::uint32_t>(e.sessions.size()));
    for (const Session* s : e.sessions) pack_session(pk, *s);
  }
  pk.pack("from"), pk.pack(*from);
  pk.pack("to");
  if (to) {
    pk.pack(*to);
  } else {
    pk.pack_nil();
  }
  pk.pack("more"), pk.pack(more);
  return out;
}

}  // namespace cedu::course
