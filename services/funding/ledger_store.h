// LedgerStore: the SQLite tables of the funding ledger in cedu-funding's own database.
// `entries` is append-only — triggers refuse every UPDATE and DELETE — and a correction is
// a reversal row (negative amount) that references the entry it reverses, at most once
// (a unique index). `receipts` records when a disbursement arrived (到位), once;
// `closed_years` the fiscal years closed (with the request key that closed each); `audit` the library core's audit trail.
// Thread-safety: none; callers hold the Ledger's lock (ledger.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "common/sqlite/database.h"
#include "common/sqlite/migrations.h"
#include "services/funding/funding_terms.h"

namespace cedu::funding {

struct Entry {
  std::int64_t id = 0;
  Kind kind = Kind::kBudget;
  std::string unit;       // "nancun-01"
  std::string town;       // the unit's town ("nancun"); empty for the district centre
  int year = 0;           // fiscal year
  std::string category;   // funding_terms.h
  std::string source;
  std::optional<std::int64_t> project_id;  // an id of the project library
  std::int64_t amount_fen = 0;  // > 0; < 0 iff a reversal
  std::string date;       // YYYY-MM-DD of the document (a disbursement: issued on)
  std::string document;   // document reference: 番财教〔2026〕12号
  std::string note;
  std::string payer;      // a disbursement: the unit paying (the unit's parent)
  bool approved_overrun = false;  // an expenditure over its budget line, approved
  std::string overrun_approval;   // the approving document
  std::optional<std::int64_t> reverses;     // set iff this is a reversal
  std::optional<std::int64_t> reversed_by;  // the reversal of this entry, when there is one
  std::string principal, at;
  // A disbursement that arrived: the receipt.
  std::string received_on, received_by;
};

// Versions 1 and 2 of the funding database.
std::vector<sqlite::Migration> funding_migrations();

Status insert_entry(sqlite::Database& db, Entry& entry, const std::string& request_key);
Result<std::optional<Entry>> find_entry(sqlite::Database& db, std::int64_t id);
// The entry posted with `request_key` (a reversal included); nullopt when none.
Result<std::optional<Entry>> find_entry_by_key(sqlite::Database& db, const std::string& request_key);

// The disbursement received with `request_key`; nullopt when none.
Result<std::optional<std::int64_t>> find_receipt_by_key(sqlite::Database& db,
                                                        const std::string& request_key);
Status insert_receipt(sqlite::Database& db, std::int64_t disbursement_id,
                      const std::string& received_on, const std::string& document,
                      const std::string& principal, const std::string& at,
                      const std::string& request_key);

// A budget line: unit, year, category and source.
struct Line {
  std::string unit;
  int year = 0;
  std::string category, source;
};
// The net sum (reversals included) of the entries of `kind` on `line`.
Result<std::int64_t> line_sum(sqlite::Database& db, Kind kind, const Line& line);

Result<bool> year_closed(sqlite::Database& db, int year);
Status insert_closed_year(sqlite::Database& db, int year, const std::string& principal,
                          const std::string& at, const std::string& request_key);
// The year closed with `request_key`; nullopt when none.
Result<std::optional<int>> find_closed_year_by_key(sqlite::Database& db,
                                                   const std::string& request_key);
Result<std::vector<int>> closed_years(sqlite::Database& db);

struct EntryQuery {
  std::optional<int> year;
  std::optional<std::string> unit, town;  // town: the town and its stations
  std::optional<Kind> kind;
  std::optional<std::string> source;
  std::int64_t after = 0;  // entries with id > after
  std::size_t limit = 100;
};
// Entries matching `query`, by id.
Result<std::vector<Entry>> list_entries(sqlite::Database& db, const EntryQuery& query);

// The net sums of a year, per unit, kind, category and source; `received_fen` is the part
// of a disbursement sum that arrived (disbursements not reversed, with a receipt).
struct Sum {
  std::string unit;
  Kind kind = Kind::kBudget;
  std::string category, source;
  std::int64_t amount_fen = 0;
  std::int64_t received_fen = 0;
};
// With `town`, only the entries of the town and its stations (an indexed range).
Result<std::vector<Sum>> year_sums(sqlite::Database& db, int year,
                                   const std::optional<std::string>& town = std::nullopt);

// Disbursements of `year` issued, not reversed and not received, oldest first.
Result<std::vector<Entry>> outstanding_disbursements(sqlite::Database& db, std::optional<int> year);

// Canonical JSON of an entry's own columns (for audit digests).
std::string entry_json(const Entry& entry);

}  // namespace cedu::funding
