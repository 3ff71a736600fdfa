// StatementCache: a bounded LRU cache of prepared statements keyed by their SQL text,
// owned by a Database (see Database::cached()). Statements live in list nodes, so a
// pointer to one stays valid until it is evicted or the cache is destroyed.
// Thread-safety: not thread-safe; belongs to its Database's thread.
#pragma once

#include <cstddef>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "common/sqlite/statement.h"

namespace cedu::sqlite {

class StatementCache {
 public:
  // A capacity of 0 is taken as 1.
  explicit StatementCache(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  // Returns the statement for `sql` and marks it most recently used, or nullptr iff it
  // is not cached.
  Statement* find(std::string_view sql);
  // Caches `statement` under `sql` as most recently used, evicting (finalizing) the least
  // recently used statement iff the cache is full. REQUIRES: find(sql) == nullptr.
  Statement* insert(std::string sql, Statement statement);

  std::size_t size() const { return entries_.size(); }
  std::size_t capacity() const { return capacity_; }
  void clear();

 private:
  using Entry = std::pair<std::string, Statement>;
  std::size_t capacity_;
  std::list<Entry> entries_;  // front = most recently used
  std::unordered_map<std::string_view, std::list<Entry>::iterator> index_;  // keys view entries_
};

}  // namespace cedu::sqlite
