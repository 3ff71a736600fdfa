// EventLog: the broker's bounded durable event log in its own SQLite file. Each appended
// event gets the next global sequence number; only the newest `retain` events are kept.
// Sequence numbers never go back, even across restarts and pruning.
//
// Group commit: stage() adds events to an open transaction and commit_staged() makes all
// of them durable with one fsync — the broker stages the events of a burst of messages and
// commits once at its end, so a burst of N events costs one disk flush, not N.
// Thread-safety: not thread-safe; owned by the broker thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "common/sqlite/database.h"

namespace cedu::bus {

struct StoredEvent {
  std::uint64_t seq = 0;
  std::string topic;
  std::string publisher;
  std::uint64_t time_ms = 0;
  std::string payload;
};

class EventLog {
 public:
  // Opens (creating) the log at `path`. `synchronous` is the SQLite setting
  // (OFF, NORMAL, FULL, EXTRA).
  static Result<std::unique_ptr<EventLog>> open(const std::string& path, std::uint64_t retain,
                                                const std::string& synchronous);

  // Appends an event and commits it (with anything staged before); returns its sequence
  // number.
  Result<std::uint64_t> append(std::string_view topic, std::string_view publisher,
                               std::uint64_t time_ms, std::string_view payload);
  // Adds an event to the open transaction (begun if none) and returns its sequence number;
  // it is durable, and visible to read_after on other connections, after commit_staged().
  // On an error every staged event is rolled back, as by a failed commit_staged().
  Result<std::uint64_t> stage(std::string_view topic, std::string_view publisher,
                              std::uint64_t time_ms, std::string_view payload);
  // Commits the staged events (one fsync under synchronous=FULL). On an error they are all
  // rolled back and head() goes back to the last committed event.
  Status commit_staged();
  std::size_t staged() const { return staged_; }

  // Calls `visit` for up to `limit` events with seq > after whose topic starts with
  // `prefix`, in sequence order. Returns the number visited.
  Result<std::size_t> read_after(std::uint64_t after, std::string_view prefix, std::size_t limit,
                                 const std::function<void(StoredEvent&&)>& visit);

  std::uint64_t head() const { return head_; }      // last sequence staged or committed, 0 if none
  std::uint64_t oldest() const { return oldest_; }  // oldest retained sequence, 0 if none

 private:
  EventLog(sqlite::Database db, std::uint64_t retain) : db_(std::move(db)), retain_(retain) {}
  Status load_bounds();
  Status insert_and_prune(std::uint64_t seq, std::string_view topic, std::string_view publisher,
                          std::uint64_t time_ms, std::string_view payload,
                          std::uint64_t& new_oldest);

  sqlite::Database db_;
  std::uint64_t retain_;
  std::uint64_t head_ = 0;
  std::uint64_t oldest_ = 0;
  std::size_t staged_ = 0;
  std::uint64_t committed_head_ = 0, committed_oldest_ = 0;  // to go back to on a failed commit
};

}  // namespace cedu::bus
