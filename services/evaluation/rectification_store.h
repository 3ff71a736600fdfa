// Rectification tasks (整改) the district sets an organisation after a round: who answers
// for it (owner), what is to be done, by when (YYYY-MM-DD), and its status — open 整改中 →
// submitted 已提交 → accepted 已验收, or rejected (退回), which sends it back to open.
// A task is overdue iff it is not accepted and its deadline has passed. Kept beside the
// rounds in the evaluation database (migration 3), with a version for optimistic
// concurrency; never deleted.
// Thread-safety: the store functions need the organisations Library's lock; the status
// functions are pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/sqlite/database.h"

namespace cedu::evaluation {

struct Rectification {
  std::int64_t id = 0;
  std::int64_t round_id = 0;
  std::int64_t organisation_id = 0;
  std::string town, station;     // the organisation's, when the task was set (for lists)
  std::string owner;             // 责任人: who answers for it, free text
  std::string task;              // 整改内容
  std::string deadline;          // YYYY-MM-DD
  std::string status = "open";   // open, submitted, accepted
  std::string note;              // the organisation's report on submitting
  std::string reply;             // the district's word on accepting or rejecting
  std::int64_t version = 0;
  std::string created_by, created_at, updated_by, updated_at;
};

// 整改中, 已提交, 已验收; the name itself when unknown.
std::string_view rectification_status_label(std::string_view status);

// What may happen to a task: submit (open → submitted), accept (submitted → accepted),
// reject (submitted → open). Returns the new status, or FAILED_PRECONDITION naming `field`
// ("an accepted task cannot be submitted", "only a submitted task can be accepted").
Result<std::string> rectification_step(std::string_view status, std::string_view action,
                                       const std::string& field);

// Returns true iff the task is not accepted and `today` (YYYY-MM-DD) is after its deadline.
bool rectification_overdue(const Rectification& task, std::string_view today);

// The CREATE TABLE statements of migration 3 for rectification tasks.
std::string rectification_tables_sql();

// Inserts `task` (id and version 1 assigned, status open).
Status insert_rectification(sqlite::Database& db, Rectification& task);
// NOT_FOUND naming `field` iff there is no task `id`.
Result<Rectification> get_rectification(sqlite::Database& db, std::int64_t id,
                                        const std::string& field);
// Writes status, note, reply and updated stamps iff the stored version is
// `expected_version`, then bumps task.version; CONFLICT naming `field` when stale.
Status update_rectification(sqlite::Database& db, Rectification& task,
                            std::int64_t expected_version, const std::string& field);

struct RectificationFilter {
  std::optional<std::int64_t> round_id, organisation_id;
  std::optional<std::string> town, status;
};
// The tasks matching every given filter, by id.
Result<std::vector<Rectification>> list_rectifications(sqlite::Database& db,
                                                        const RectificationFilter& filter);

}  // namespace cedu::evaluation
