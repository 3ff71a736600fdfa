// Objections (异议) lodged against an organisation's evaluation while its round is in
// publication (公示), and the district's answers: upheld (成立: the organisation is
// re-evaluated) or dismissed (不成立), each with a reply. Kept beside the rounds in the
// evaluation database (migration 3); never deleted.
// Thread-safety: none; callers hold the organisations Library's lock around every call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/sqlite/database.h"

namespace cedu::evaluation {

struct Objection {
  std::int64_t id = 0;
  std::int64_t round_id = 0;
  std::int64_t organisation_id = 0;
  std::string text;              // what the objection says, 1..2000 characters
  std::string status = "open";   // open 待答复, upheld 成立, dismissed 不成立
  std::string reply;             // the district's answer; empty while open
  std::string lodged_by, lodged_at, answered_by, answered_at;
};

// 待答复, 成立, 不成立; the name itself when unknown.
std::string_view objection_status_label(std::string_view status);

// The CREATE TABLE statements of migration 3 for objections.
std::string objection_tables_sql();

// Inserts `objection` (id assigned, status open).
Status insert_objection(sqlite::Database& db, Objection& objection);
// NOT_FOUND naming `field` iff there is no objection `id`.
Result<Objection> get_objection(sqlite::Database& db, std::int64_t id, const std::string& field);
// Stores the answer (status, reply, answered_by/at) iff the objection is still open;
// FAILED_PRECONDITION naming `field` when it was answered already.
Status answer_objection(sqlite::Database& db, const Objection& answered, const std::string& field);
// The objections of a round, oldest first; only those of `organisation_id` / in `status`
// when given.
Result<std::vector<Objection>> objections_of_round(sqlite::Database& db, std::int64_t round_id,
                                                   std::optional<std::int64_t> organisation_id,
                                                   std::optional<std::string> status);

}  // namespace cedu::evaluation
