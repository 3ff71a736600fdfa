// EventLog: the broker's bounded durable event log in its own SQLite file. Each appended
// event gets the next global sequence number; only the newest `retain` events are kept.
// Sequence numbers never go back, even across restarts and pruning.
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

  // Appends an event; returns its sequence number.
  Result<std::uint64_t> append(std::string_view topic, std::string_view publisher,
                               std::uint64_t time_ms, std::string_view payload);

  // Calls `visit` for up to `limit` events with seq > after whose topic starts with
  // `prefix`, in sequence order. Returns the number visited.
  Result<std::size_t> read_after(std::uint64_t after, std::string_view prefix, std::size_t limit,
                                 const std::function<void(StoredEvent&&)>& visit);

  std::uint64_t head() const { return head_; }      // last sequence assigned, 0 if none
  std::uint64_t oldest() const { return oldest_; }  // oldest retained sequence, 0 if none

 private:
  EventLog(sqlite::Database db, std::uint64_t retain) : db_(std::move(db)), retain_(retain) {}
  Status load_bounds();

  sqlite::Database db_;
  std::uint64_t retain_;
  std::uint64_t head_ = 0;
  std::uint64_t oldest_ = 0;
};

}  // namespace cedu::bus
