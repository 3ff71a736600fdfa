// SessionStore: the sessions (课次) of courses in the course database — when and where each
// takes place (venue, map position for the learning map), its teacher and volunteers —
// and the clash queries: a teacher, a volunteer or a venue of a town already booked in an
// overlapping session of a live (not archived) course. Two sessions overlap iff each
// starts before the other ends; one ending at 11:00 and one starting at 11:00 do not.
// Thread-safety: none; callers hold the Library's lock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/msgpack/builder.h"
#include "common/result.h"
#include "common/sqlite/database.h"

namespace cedu::course {

struct Session {
  std::int64_t id = 0;
  std::int64_t course_id = 0;
  std::string starts_at, ends_at;  // local times "2026-03-07T09:00"
  std::string venue;               // may be empty (online courses)
  std::optional<double> lat, lon;
  std::optional<std::int64_t> teacher_id;
  std::vector<std::int64_t> volunteer_ids;
  std::string status = "scheduled";  // scheduled | cancelled
  std::string note;                  // why it was cancelled
  std::string created_by, created_at, updated_by, updated_at;
};

// A booked session that overlaps a proposed one.
struct Clash {
  std::int64_t session_id = 0;
  std::int64_t course_id = 0;
  std::string course_title, starts_at, ends_at, venue;
};
// "书法入门 (course 3, session 12) 2026-03-07T09:00–11:00 at 南村文化站"
std::string describe(const Clash& clash);

// The form venues are compared in: blanks (ASCII and U+3000) removed, ASCII lower case,
// so "201 室" and "201室" are one room.
std::string venue_key(std::string_view venue);

// Canonical JSON of a session (audit digests).
std::string session_json(const Session& s);
// Packs a session as a map of its 15 fields (absent lat, lon, teacher_id are nil).
void pack_session(msgpack::packer<mp::StringStream>& pk, const Session& s);
std::string session_bytes(const Session& s);

class SessionStore {
 public:
  explicit SessionStore(sqlite::Database& db) : db_(db) {}

  // Inserts `s` (assigns its id); its volunteer_ids are ignored.
  Status insert(Session& s);
  // NOT_FOUND naming "session_id" iff there is no such session.
  Result<Session> get(std::int64_t id);
  // The sessions of `course_id` by start time; cancelled ones only if asked.
  Result<std::vector<Session>> of_course(std::int64_t course_id, bool include_cancelled);
  // Scheduled sessions starting on a day in [from, to] (dates "YYYY-MM-DD"; an empty bound
  // is open), by start time.
  Result<std::vector<Session>> starting_between(const std::string& from, const std::string& to);
  // Ids of the courses with at least one scheduled session.
  Result<std::vector<std::int64_t>> scheduled_courses();

  // The first scheduled session of a live course overlapping [starts_at, ends_at) with the
  // same teacher / the same venue in `town` / the same volunteer; `exclude` is left out.
  Result<std::optional<Clash>> teacher_clash(std::int64_t teacher_id, const std::string& starts_at,
                                             const std::string& ends_at, std::int64_t exclude = 0);
  Result<std::optional<Clash>> venue_clash(const std::string& town, const std::string& venue,
                                           const std::string& starts_at,
                                           const std::string& ends_at, std::int64_t exclude = 0);
  Result<std::optional<Clash>> volunteer_clash(std::int64_t volunteer_id,
                                               const std::string& starts_at,
                                               const std::string& ends_at,
                                               std::int64_t exclude = 0);

  // Stores the status, note and updated stamps of `s`.
  Status update_status(const Session& s);
  // Adds a volunteer to a session. ALREADY_EXISTS naming "volunteer_id" iff already there.
  Status add_volunteer(std::int64_t session_id, std::int64_t volunteer_id, const std::string& by,
                       const std::string& at);

 private:
  // Reads every row of `st` (a SELECT of kSessionColumns) with its volunteers.
  Result<std::vector<Session>> read_all(sqlite::Statement& st);
  // Runs a clash query (`st` bound except its last four parameters: starts_at, ends_at,
  // exclude — bound here from parameter `next` on).
  Result<std::optional<Clash>> first_clash(sqlite::Statement& st, int next,
                                           const std::string& starts_at,
                                           const std::string& ends_at, std::int64_t exclude);

  sqlite::Database& db_;
};

}  // namespace cedu::course
