#include "common/sqlite/statement_cache.h"

namespace cedu::sqlite {

Statement* StatementCache::find(std::string_view sql) {
  auto it = index_.find(sql);
  if (it == index_.end()) return nullptr;
  entries_.splice(entries_.begin(), entries_, it->second);
  return &it->second->second;
}

Statement* StatementCache::insert(std::string sql, Statement statement) {
  if (entries_.size() >= capacity_) {
    index_.erase(std::string_view(entries_.back().first));
    entries_.pop_back();
  }
  entries_.emplace_front(std::move(sql), std::move(statement));
  index_.emplace(std::string_view(entries_.front().first), entries_.begin());
  return &entries_.front().second;
}

void StatementCache::clear() {
  index_.clear();
  entries_.clear();
}

}  // namespace cedu::sqlite
