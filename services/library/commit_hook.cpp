#include "services/library/commit_hook.h"

namespace cedu::library {

namespace {
constexpr int kCheckpointPages = 1000;  // SQLite's default auto-checkpoint threshold
}  // namespace

CommitHook::CommitHook(sqlite::Database& writer, std::vector<std::function<void()>> after_commit)
    : writer_(writer), after_commit_(std::move(after_commit)) {
  sqlite3_wal_hook(writer_.handle(), &CommitHook::on_commit, this);
}

CommitHook::~CommitHook() { sqlite3_wal_autocheckpoint(writer_.handle(), kCheckpointPages); }

int CommitHook::on_commit(void* self, sqlite3* db, const char* schema, int pages) {
  for (const auto& f : static_cast<CommitHook*>(self)->after_commit_) f();
  if (pages >= kCheckpointPages) {
    // Errors belong to the checkpoint, not to the commit that already happened.
    (void)sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  }
  return SQLITE_OK;
}

}  // namespace cedu::library
