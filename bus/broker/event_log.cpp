#include "bus/broker/event_log.h"

#include <vector>

#include "common/sqlite/migrations.h"
#include "common/sqlite/transaction.h"

namespace cedu::bus {
namespace {

const std::vector<sqlite::Migration>& migrations() {
  static const std::vector<sqlite::Migration> kMigrations = {
      {1, "event log",
       "CREATE TABLE events ("
       "  seq INTEGER PRIMARY KEY,"
       "  topic TEXT NOT NULL,"
       "  publisher TEXT NOT NULL,"
       "  time_ms INTEGER NOT NULL,"
       "  payload BLOB NOT NULL);",
       nullptr},
  };
  return kMigrations;
}

}  // namespace

Result<std::unique_ptr<EventLog>> EventLog::open(const std::string& path, std::uint64_t retain,
                                                 const std::string& synchronous) {
  if (retain == 0) return Status::invalid_argument("must be at least 1", "bus.events.retain");
  sqlite::OpenOptions opts;
  opts.synchronous = synchronous;
  CEDU_ASSIGN_OR_RETURN(sqlite::Database db, sqlite::Database::open(path, opts));
  CEDU_RETURN_IF_ERROR(sqlite::migrate(db, migrations()));
  std::unique_ptr<EventLog> log(new EventLog(std::move(db), retain));
  CEDU_RETURN_IF_ERROR(log->load_bounds());
  return log;
}

Status EventLog::load_bounds() {
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement* st,
                        db_.cached("SELECT COALESCE(MIN(seq),0), COALESCE(MAX(seq),0) FROM events"));
  CEDU_ASSIGN_OR_RETURN(bool row, st->step());
  if (row) {
    oldest_ = static_cast<std::uint64_t>(st->int64(0));
    head_ = static_cast<std::uint64_t>(st->int64(1));
  }
  st->reset();
  return Status::ok();
}

Status EventLog::insert_and_prune(std::uint64_t seq, std::string_view topic,
                                  std::string_view publisher, std::uint64_t time_ms,
                                  std::string_view payload, std::uint64_t& new_oldest) {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement* ins,
      db_.cached("INSERT INTO events(seq, topic, publisher, time_ms, payload) VALUES(?,?,?,?,?)"));
  CEDU_RETURN_IF_ERROR(ins->bind(1, static_cast<std::int64_t>(seq)));
  CEDU_RETURN_IF_ERROR(ins->bind_text(2, topic));
  CEDU_RETURN_IF_ERROR(ins->bind_text(3, publisher));
  CEDU_RETURN_IF_ERROR(ins->bind(4, static_cast<std::int64_t>(time_ms)));
  CEDU_RETURN_IF_ERROR(ins->bind_blob(5, payload));
  CEDU_RETURN_IF_ERROR(ins->run());
  ins->reset();
  new_oldest = oldest_ == 0 ? seq : oldest_;
  if (seq >= retain_ && seq - retain_ >= new_oldest) {
    CEDU_ASSIGN_OR_RETURN(sqlite::Statement* del, db_.cached("DELETE FROM events WHERE seq <= ?"));
    CEDU_RETURN_IF_ERROR(del->bind(1, static_cast<std::int64_t>(seq - retain_)));
    CEDU_RETURN_IF_ERROR(del->run());
    del->reset();
    new_oldest = seq - retain_ + 1;
  }
  return Status::ok();
}

Result<std::uint64_t> EventLog::stage(std::string_view topic, std::string_view publisher,
                                      std::uint64_t time_ms, std::string_view payload) {
  if (staged_ == 0) {
    CEDU_RETURN_IF_ERROR(db_.exec("BEGIN IMMEDIATE"));
    committed_head_ = head_;
    committed_oldest_ = oldest_;
  }
  const std::uint64_t seq = head_ + 1;
  std::uint64_t new_oldest = 0;
  if (Status s = insert_and_prune(seq, topic, publisher, time_ms, payload, new_oldest); !s.is_ok()) {
    // An insert fails on a full disk or an I/O error, which dooms the transaction anyway.
    (void)db_.exec("ROLLBACK");
    staged_ = 0;
    head_ = committed_head_;
    oldest_ = committed_oldest_;
    return s;
  }
  ++staged_;
  head_ = seq;
  oldest_ = new_oldest;
  return seq;
}

Status EventLog::commit_staged() {
  if (staged_ == 0) return Status::ok();
  staged_ = 0;
  if (Status s = db_.exec("COMMIT"); !s.is_ok()) {
    (void)db_.exec("ROLLBACK");
    head_ = committed_head_;
    oldest_ = committed_oldest_;
    return s;
  }
  return Status::ok();
}

Result<std::uint64_t> EventLog::append(std::string_view topic, std::string_view publisher,
                                       std::uint64_t time_ms, std::string_view payload) {
  CEDU_ASSIGN_OR_RETURN(std::uint64_t seq, stage(topic, publisher, time_ms, payload));
  CEDU_RETURN_IF_ERROR(commit_staged());
  return seq;
}

Result<std::size_t> EventLog::read_after(std::uint64_t after, std::string_view prefix,
                                         std::size_t limit,
                                         const std::function<void(StoredEvent&&)>& visit) {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement* st,
      db_.cached("SELECT seq, topic, publisher, time_ms, payload FROM events "
                 "WHERE seq > ?1 AND substr(topic, 1, length(?2)) = ?2 ORDER BY seq LIMIT ?3"));
  CEDU_RETURN_IF_ERROR(st->bind(1, static_cast<std::int64_t>(after)));
  CEDU_RETURN_IF_ERROR(st->bind_text(2, prefix));
  CEDU_RETURN_IF_ERROR(st->bind(3, static_cast<std::int64_t>(limit)));
  std::size_t n = 0;
  while (true) {
    auto row = st->step();
    if (!row.ok()) {
      st->reset();
      return row.status();
    }
    if (!*row) break;
    StoredEvent e;
    e.seq = static_cast<std::uint64_t>(st->int64(0));
    e.topic = st->text(1);
    e.publisher = st->text(2);
    e.time_ms = static_cast<std::uint64_t>(st->int64(3));
    e.payload = st->blob(4);
    visit(std::move(e));
    ++n;
  }
  st->reset();
  return n;
}

}  // namespace cedu::bus
