// EnrolmentStore: the enrolments (报名) of residents in courses, their waitlist and their
// attendance, in the course database. Until learner accounts exist an enrolment records
// the resident itself: name, phone (personal data), town, station and year of birth. A
// phone has at most one active (not cancelled) enrolment per course. The waitlist is kept
// in enrolment order (id); positions and attendance counts are computed when read.
// Thread-safety: none; callers hold the Library's lock.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/msgpack/builder.h"
#include "common/result.h"
#include "common/sqlite/database.h"

namespace cedu::course {

struct Enrolment {
  std::int64_t id = 0;
  std::int64_t course_id = 0;
  std::string name, phone, town, station;
  std::int64_t birth_year = 0;
  std::string status;  // enrolled | waitlisted | cancelled | completed
  std::string enrolled_at, promoted_at, cancelled_at, completed_at;  // "" when not (yet)
  std::string note;    // why it was cancelled
  std::string created_by, updated_by, updated_at;
  // Computed when read: 1-based place on the waitlist (0 unless waitlisted), sessions
  // attended (present).
  std::int64_t position = 0;
  std::int64_t attended = 0;
};

inline constexpr const char* kEnrolmentStatuses[] = {"enrolled", "waitlisted", "cancelled",
                                                     "completed"};

// Canonical JSON of the stored fields (audit digests).
std::string enrolment_json(const Enrolment& e);
// Packs an enrolment as a map of 17 keys; the phone is masked unless `pii`; position is
// nil unless waitlisted.
void pack_enrolment(msgpack::packer<mp::StringStream>& pk, const Enrolment& e, bool pii);
std::string enrolment_bytes(const Enrolment& e, bool pii);

struct EnrolmentQuery {
  std::int64_t course_id = 0;
  std::optional<std::string> status, town, station;
  std::int64_t after = 0;  // only ids > after
  std::size_t limit = 500;
};

// Distinct participants of a town in a year (by phone), and those aged 60 or more.
struct Participation {
  std::int64_t participants = 0;
  std::int64_t elderly = 0;
};

class EnrolmentStore {
 public:
  explicit EnrolmentStore(sqlite::Database& db) : db_(db) {}

  // Inserts `e` (assigns its id).
  Status insert(Enrolment& e);
  // NOT_FOUND naming "enrolment_id" iff there is none.
  Result<Enrolment> get(std::int64_t id);
  // Stores status, the stamps and the note of `e`.
  Status update(const Enrolment& e);
  // The enrolment of `phone` in `course_id` that is not cancelled, if any.
  Result<std::optional<Enrolment>> active_by_phone(std::int64_t course_id, const std::string& phone);
  Result<std::int64_t> count(std::int64_t course_id, const std::string& status);
  // The first on the waitlist of `course_id`, if any.
  Result<std::optional<Enrolment>> first_waitlisted(std::int64_t course_id);
  // Enrolments by id.
  Result<std::vector<Enrolment>> list(const EnrolmentQuery& q);

  // Records (or corrects) whether enrolment `enrolment_id` was present at `session_id`.
  Status set_attendance(std::int64_t enrolment_id, std::int64_t session_id, bool present,
                        const std::string& by, const std::string& at);
  // Whether it was recorded present at the session; nullopt when nothing was recorded.
  Result<std::optional<bool>> attendance(std::int64_t enrolment_id, std::int64_t session_id);

  // Participation in `year` per town (only `town` when given, only residents of `station`
  // when given): enrolments enrolled or completed in a course with a scheduled session that
  // year — or, for a course without sessions, enrolled that year (local time). Elderly:
  // year − birth_year ≥ 60.
  Result<std::map<std::string, Participation>> participation(std::int64_t year,
                                                             const std::string& town,
                                                             const std::string& station = "");
  // The same over all towns (a person enrolled from two towns counts once).
  Result<Participation> participation_total(std::int64_t year, const std::string& town,
                                            const std::string& station = "");

 private:
  Result<std::vector<Enrolment>> read_all(sqlite::Statement& st);

  sqlite::Database& db_;
};

}  // namespace cedu::course
