#include "services/library/library.h"

#include <spdlog/spdlog.h>

#include "common/digest/sha256.h"
#include "common/sqlite/transaction.h"
#include "services/library/audit_log.h"

namespace cedu::library {
namespace {

using Packer = msgpack::packer<mp::StringStream>;

// Optional string parameter that must be a slug-like identifier when present.
Result<std::optional<std::string>> optional_text(const mp::MapView& p, std::string_view key,
                                                 std::size_t max = 200) {
  CEDU_ASSIGN_OR_RETURN(auto v, p.optional_string(key));
  if (v && v->size() > max) return Status::invalid_argument("too long", p.path_of(key));
  return v;
}

Result<std::size_t> limit_of(const mp::MapView& p, std::size_t fallback, std::size_t max) {
  CEDU_ASSIGN_OR_RETURN(auto v, p.optional_int64("limit"));
  if (!v) return fallback;
  if (*v < 1 || static_cast<std::size_t>(*v) > max) {
    return Status::invalid_argument("must be 1.." + std::to_string(max), p.path_of("limit"));
  }
  return static_cast<std::size_t>(*v);
}

}  // namespace

Library::Library(const LibrarySpec& spec, RecordStore store, Places places)
    : spec_(spec), store_(std::move(store)), places_(std::move(places)) {
  // A page cache large enough that an import of 100k rows does not spill to the WAL file
  // before it commits (SQLite's default is 2 MiB), and statement journals (an import's
  // savepoint per row) in memory rather than in a temporary file.
  (void)store_.db().exec("PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY");
  auto columns = RecordStore::search_columns(spec_);
  if (!columns.empty()) {
    auto index = text::SearchIndex::open(store_.db(), RecordStore::kSearchTable, columns);
    if (!index.ok()) throw std::runtime_error(spec_.name + " search index: " + index.status().to_string());
    search_ = std::make_unique<text::SearchIndex>(std::move(index).value());
  }
  auto snapshot = ReadSnapshot::attach(store_.db(), spec_);
  if (!snapshot.ok()) throw std::runtime_error(spec_.name + " read snapshot: " + snapshot.status().to_string());
  snapshot_ = std::move(snapshot).value();
  auto group_sync = GroupSync::attach(store_.db());
  if (!group_sync.ok()) throw std::runtime_error(spec_.name + " group commit: " + group_sync.status().to_string());
  group_sync_ = std::move(group_sync).value();
  std::vector<std::function<void()>> after_commit;
  if (snapshot_) after_commit.push_back([s = snapshot_.get()] { s->writer_committed(); });
  if (group_sync_) after_commit.push_back([g = group_sync_.get()] { g->committed(); });
  commit_hook_ = std::make_unique<CommitHook>(store_.db(), std::move(after_commit));
}

namespace {
constexpr std::string_view kStandardMethods[] = {"create", "get",    "update", "archive", "list",
                                                 "count",  "search", "audit",  "import",  "export"};
}  // namespace

void Library::serve(Service& service) {
  service_ = &service;
  // Every handler's writes are on disk before its reply leaves (group commit).
  service.before_reply([this] { return durable(); });
  for (std::string_view m : kStandardMethods) {
    std::string name(m);
    // A get is one indexed point read: served on the runtime's I/O thread, without the
    // hand-off to a handler thread and back that would cost more than the read.
    service.handle(name, [this, name](const Request& r) { return invoke(name, r); },
                   name == "get" ? Dispatch::kInline : Dispatch::kPool);
  }
}

Result<std::string> Library::invoke(std::string_view method, const Request& r) {
  if (method == "create") return do_create(r);
  if (method == "get") return do_get(r);
  if (method == "update") return do_update(r);
  if (method == "archive") return do_archive(r);
  if (method == "list") return do_list(r);
  if (method == "count") return do_count(r);
  if (method == "search") return do_search(r);
  if (method == "audit") return do_audit(r);
  if (method == "import") return do_import(r);
  if (method == "export") return do_export(r);
  return Status::not_found(spec_.name + " has no method '" + std::string(method) + "'", "method");
}

std::string Library::reply(const Record& record, const Caller& caller) const {
  return record_bytes(record, spec_, caller.pii);
}

void Library::publish(std::string_view event, const Record& record) {
  // Events reach subscribers with all kinds of rights: personal data is always masked.
  if (service_ == nullptr || !durable_before_publishing(event)) return;
  std::string payload = record_bytes(record, spec_, false);
  if (event_tap_) event_tap_(event, &record, payload);
  service_->publish(event, std::move(payload));
}

void Library::publish_payload(std::string_view event, std::string payload) {
  if (service_ == nullptr || !durable_before_publishing(event)) return;
  if (event_tap_) event_tap_(event, nullptr, payload);
  service_->publish(event, std::move(payload));
}

bool Library::durable_before_publishing(std::string_view event) {
  // An event announces a write; one that might not be on disk is not announced.
  if (Status s = durable(); !s.is_ok()) {
    spdlog::error("{}.{} not published: {}", spec_.name, event, s.to_string());
    return false;
  }
  return true;
}

void Library::audit_denied(const Caller& caller, std::string_view method,
                           std::optional<std::int64_t> record_id, const Status& why) {
  auto guard = lock();
  audit_denied_locked(caller, method, record_id, why);
}

void Library::audit_denied_locked(const Caller& caller, std::string_view method,
                                  std::optional<std::int64_t> record_id, const Status& why) {
  AuditEntry e;
  e.at = utc_now();
  e.principal = caller.principal;
  e.method = std::string(method);
  e.record_id = record_id;
  e.outcome = "denied";
  e.detail = why.message();
  if (Status s = append_audit(store_.db(), e); !s.is_ok()) {
    spdlog::error("audit of a denied {} by {} failed: {}", method, caller.principal, s.to_string());
  }
}

Status Library::index(const Record* before, const Record& after) {
  if (!search_) return Status::ok();
  // A record is in the index exactly while it is not archived; the index may keep no copy
  // of its terms (core track 1), so what leaves it is given as the stored record had it.
  const bool was = before != nullptr && before->status != "archived";
  const bool is = after.status != "archived";
  auto texts_of = [this](const Record& r) { return RecordStore::search_texts(search_->columns(), r.fields); };
  auto views = [](const std::vector<std::string>& texts) {
    return std::vector<std::string_view>(texts.begin(), texts.end());
  };
  // Ids are never reused (AUTOINCREMENT), so a record entering the index replaces nothing.
  if (!was) return is ? search_->insert(after.id, views(texts_of(after))) : Status::ok();
  const auto old_texts = texts_of(*before);
  if (!is) return search_->remove(after.id, views(old_texts));
  return search_->replace(after.id, views(old_texts), views(texts_of(after)));
}

Status Library::check_write(const Caller& caller, std::string_view method, const Record* before,
                            Record& after, bool with_write_check) {
  CEDU_RETURN_IF_ERROR(may_write(caller, after.scope(), spec_.owned, method));
  if (places_.check) CEDU_RETURN_IF_ERROR(places_.check(after.town, after.station));
  if (!spec_.owned && !after.owner.empty()) {
    return Status::invalid_argument(spec_.name + " records have no owner", "owner");
  }
  CEDU_RETURN_IF_ERROR(check_required(after.fields, spec_));
  if (validator_) CEDU_RETURN_IF_ERROR(validator_(before, after));
  if (write_check_ && with_write_check) CEDU_RETURN_IF_ERROR(write_check_(caller, method, before, after));
  return Status::ok();
}

Status Library::store_write(const Caller& caller, std::string_view method, const Record* before,
                            Record& after, const std::string& detail, const std::string& now) {
  after.updated_by = caller.principal;
  after.updated_at = now;
  const std::string body = to_json(after.fields);  // stored, and digested for the audit
  if (before == nullptr) {
    after.created_by = caller.principal;
    after.created_at = now;
    CEDU_RETURN_IF_ERROR(store_.insert(after, body));
  } else {
    CEDU_RETURN_IF_ERROR(store_.update(after, before->version, body));
  }
  CEDU_RETURN_IF_ERROR(index(before, after));
  AuditEntry e;
  e.at = now;
  e.principal = caller.principal;
  e.method = std::string(method);
  e.record_id = after.id;
  e.outcome = "ok";
  e.detail = detail;
  if (before != nullptr) e.before_digest = digest::sha256_hex(canonical_json(*before));
  e.after_digest = digest::sha256_hex(canonical_json(after, body));
  return append_audit(store_.db(), e);
}

Result<Record> Library::write(const Caller& caller, const WriteOptions& o, const Change& change,
                              const std::function<Status(Record&)>& extra) {
  // The write check (town-school plugins) may be slow — an isolated plugin is asked over
  // the bus — so it runs outside the lock, on the record as it would be; the write then
  // goes ahead under the lock only if the record is still the version that was checked
  // (else the check runs again, a few times at most).
  std::optional<std::int64_t> checked;  // the version `after` was checked on; 0 for a create
  for (int attempt = 0;; ++attempt) {
    auto guard = lock();
    std::optional<Record> before;
    if (o.id) {
      auto current = store_.get(*o.id);
      if (!current.ok()) return current.status();
      before = std::move(current).value();
      // The rules look at where the record is now and where it would be after the change.
      if (Status allowed = may_write(caller, before->scope(), spec_.owned, o.method);
          !allowed.is_ok()) {
        audit_denied_locked(caller, o.method, o.id, allowed);
        return allowed;
      }
      if (o.expected_version && *o.expected_version != before->version) {
        return Status::conflict(spec_.name + " " + std::to_string(*o.id) + " is at version " +
                                    std::to_string(before->version) + ", not " +
                                    std::to_string(*o.expected_version) + ": reload it and retry",
                                "version");
      }
    }
    const Record* prior = before ? &*before : nullptr;
    Record after = before ? *before : Record{};
    if (!before) after.status = spec_.initial_status();
    CEDU_RETURN_IF_ERROR(change(prior, after));
    if (Status s = check_write(caller, o.method, prior, after, false); !s.is_ok()) {
      if (s.code() == StatusCode::kPermissionDenied) audit_denied_locked(caller, o.method, o.id, s);
      return s;
    }
    const std::int64_t version = before ? before->version : 0;
    if (write_check_ && checked != version) {
      if (attempt >= 3) {
        return Status::conflict(spec_.name + " " + std::to_string(*o.id) +
                                    " keeps changing while its checks run: retry", "version");
      }
      guard.unlock();
      if (Status s = write_check_(caller, o.method, prior, after); !s.is_ok()) return s;
      checked = version;
      continue;  // again under the lock, on the record as it is now
    }
    CEDU_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::begin(store_.db()));
    CEDU_RETURN_IF_ERROR(store_write(caller, o.method, prior, after, o.detail, utc_now()));
    if (extra) CEDU_RETURN_IF_ERROR(extra(after));
    std::function<void()> after_commit;
    if (after_write_) {
      CEDU_ASSIGN_OR_RETURN(after_commit, after_write_(caller, o.method, prior, after));
    }
    CEDU_RETURN_IF_ERROR(tx.commit());
    guard.unlock();
    CEDU_RETURN_IF_ERROR(durable());  // on disk before anyone hears of it
    if (!o.event.empty()) publish(o.event, after);
    if (after_commit) after_commit();
    return after;
  }
}

// --- create / get / update / archive ------------------------------------------------

namespace {

// Applies the core keys town, station and owner of `p` to `r`.
Status apply_core(const mp::MapView& p, Record& r, bool creating, const Caller& caller,
                  const LibrarySpec& spec) {
  CEDU_ASSIGN_OR_RETURN(auto town, p.optional_string("town"));
  CEDU_ASSIGN_OR_RETURN(auto station, p.optional_string("station"));
  CEDU_ASSIGN_OR_RETURN(auto owner, p.optional_string("owner"));
  if (creating && !town) return Status::invalid_argument("is required", p.path_of("town"));
  if (town) r.town = *town;
  if (station) r.station = *station;
  if (owner) {
    if (!spec.owned) return Status::invalid_argument(spec.name + " records have no owner", p.path_of("owner"));
    if (!owner->empty() && owner->rfind("org:", 0) != 0) {
      return Status::invalid_argument("must be an organisation principal org:<id>", p.path_of("owner"));
    }
    r.owner = *owner;
  } else if (creating && spec.owned && caller.kind == Caller::Kind::kOrg) {
    r.owner = caller.principal;  // an organisation creates what it provides
  }
  return Status::ok();
}

// Errors of a write name the field as the caller wrote it: "params.town".
Status in_params(const Status& s) {
  if (s.is_ok() || s.field().empty() || s.field().rfind("params.", 0) == 0) return s;
  return Status(s.code(), s.message(), "params." + s.field());
}

}  // namespace

Result<std::string> Library::do_create(const Request& req) {
  const Caller caller = Caller::from(req);
  CEDU_ASSIGN_OR_RETURN(Fields fields, read_fields(req.params, spec_, ReadMode::kCreate));
  WriteOptions o{full("create"), std::nullopt, std::nullopt, "created", {}};
  auto r = write(caller, o, [&](const Record*, Record& after) -> Status {
    CEDU_RETURN_IF_ERROR(apply_core(req.params, after, true, caller, spec_));
    after.fields = fields;
    return Status::ok();
  });
  if (!r.ok()) return in_params(r.status());
  return reply(*r, caller);
}

Result<std::string> Library::do_get(const Request& req) {
  CEDU_RETURN_IF_ERROR(req.params.only_keys({"id"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t id, req.params.int64("id"));
  const Caller caller = Caller::from(req);
  if (snapshot_ != nullptr) {
    CEDU_ASSIGN_OR_RETURN(Record r, snapshot_->get(id));
    return reply(r, caller);
  }
  auto guard = lock();
  CEDU_ASSIGN_OR_RETURN(Record r, store_.get(id));
  guard.unlock();
  return reply(r, caller);
}

Result<std::string> Library::do_update(const Request& req) {
  const Caller caller = Caller::from(req);
  CEDU_ASSIGN_OR_RETURN(std::int64_t id, req.params.int64("id"));
  CEDU_ASSIGN_OR_RETURN(std::int64_t version, req.params.int64("version"));
  CEDU_ASSIGN_OR_RETURN(Fields fields, read_fields(req.params, spec_, ReadMode::kUpdate));
  WriteOptions o{full("update"), id, version, "updated", {}};
  auto r = write(caller, o, [&](const Record* before, Record& after) -> Status {
        if (before->status == "archived") {
          return Status::failed_precondition(spec_.name + " " + std::to_string(id) +
                                             " is archived and cannot be changed", "status");
        }
        CEDU_RETURN_IF_ERROR(apply_core(req.params, after, false, caller, spec_));
        for (auto& [name, value] : fields) {
          if (is_null(value)) {
            after.fields.erase(name);
          } else {
            after.fields[name] = value;
          }
        }
        return Status::ok();
      });
  if (!r.ok()) return in_params(r.status());
  return reply(*r, caller);
}

Result<std::string> Library::do_archive(const Request& req) {
  CEDU_RETURN_IF_ERROR(req.params.only_keys({"id", "version", "reason"}));
  const Caller caller = Caller::from(req);
  CEDU_ASSIGN_OR_RETURN(std::int64_t id, req.params.int64("id"));
  CEDU_ASSIGN_OR_RETURN(std::int64_t version, req.params.int64("version"));
  CEDU_ASSIGN_OR_RETURN(auto reason, optional_text(req.params, "reason", 500));
  WriteOptions o{full("archive"), id, version, "archived", reason.value_or("")};
  auto r = write(caller, o, [&](const Record* before, Record& after) -> Status {
        if (before->status == "archived") {
          return Status::failed_precondition(spec_.name + " " + std::to_string(id) +
                                             " is already archived", "status");
        }
        after.status = "archived";
        return Status::ok();
      });
  if (!r.ok()) return in_params(r.status());
  return reply(*r, caller);
}

// --- list / count / search -------------------------------------------------------------

Result<ListQuery> Library::read_list_query(const mp::MapView& p) const {
  ListQuery q;
  CEDU_ASSIGN_OR_RETURN(q.town, optional_text(p, "town"));
  CEDU_ASSIGN_OR_RETURN(q.station, optional_text(p, "station"));
  CEDU_ASSIGN_OR_RETURN(q.category, optional_text(p, "category"));
  CEDU_ASSIGN_OR_RETURN(q.status, optional_text(p, "status"));
  CEDU_ASSIGN_OR_RETURN(q.owner, optional_text(p, "owner"));
  CEDU_ASSIGN_OR_RETURN(q.updated_since, optional_text(p, "updated_since", 40));
  if (q.town && places_.town) {
    // Staff write 南村镇 as often as nancun; an unknown town is an error, not an empty list.
    auto slug = places_.town(*q.town);
    if (!slug) return Status::invalid_argument("'" + *q.town + "' is not a town of the network", p.path_of("town"));
    q.town = *slug;
    if (q.station && places_.station) {
      auto station = places_.station(*q.town, *q.station);
      if (!station) {
        return Status::invalid_argument("'" + *q.station + "' is not a station of " + *q.town,
                                        p.path_of("station"));
      }
      q.station = *station;
    }
  }
  if (q.status && !spec_.has_status(*q.status)) {
    return Status::invalid_argument("'" + *q.status + "' is not a status of " + spec_.name,
                                    p.path_of("status"));
  }
  if (q.updated_since && !valid_date(q.updated_since->substr(0, 10))) {
    return Status::invalid_argument("must be a date or time (2026-01-31 or "
                                    "2026-01-31T08:00:00Z)", p.path_of("updated_since"));
  }
  CEDU_ASSIGN_OR_RETURN(auto sort, optional_text(p, "sort", 20));
  if (sort) q.sort = *sort;
  CEDU_ASSIGN_OR_RETURN(auto cursor, optional_text(p, "cursor", 200));
  if (cursor) q.cursor = *cursor;
  CEDU_ASSIGN_OR_RETURN(q.limit, limit_of(p, 50, 1000));
  CEDU_ASSIGN_OR_RETURN(auto where, p.optional_map("where"));
  if (where) {
    for (const auto& key : where->keys()) {
      const msgpack::object* o = where->find(key);
      WhereClause w{key, Value()};
      if (o->type == msgpack::type::STR) {
        w.value = std::string(o->via.str.ptr, o->via.str.size);
      } else if (o->type == msgpack::type::BOOLEAN) {
        w.value = o->via.boolean;
      } else if (o->type == msgpack::type::POSITIVE_INTEGER) {
        w.value = static_cast<std::int64_t>(o->via.u64);
      } else if (o->type == msgpack::type::NEGATIVE_INTEGER) {
        w.value = o->via.i64;
      } else {
        return Status::invalid_argument("must be a string, integer or boolean", where->path_of(key));
      }
      q.where.push_back(std::move(w));
    }
  }
  return q;
}

Result<std::string> Library::do_list(const Request& req) {
  CEDU_RETURN_IF_ERROR(req.params.only_keys({"town", "station", "category", "status", "owner",
                                             "updated_since", "where", "sort", "limit", "cursor"}));
  CEDU_ASSIGN_OR_RETURN(ListQuery q, read_list_query(req.params));
  const Caller caller = Caller::from(req);
  auto guard = lock();
  CEDU_ASSIGN_OR_RETURN(Page page, store_.list(q));
  guard.unlock();
  std::string out;
  mp::StringStream stream(out);
  Packer pk(stream);
  pk.pack_map(2);
  pk.pack("items");
  pk.pack_array(static_cast<std::uint32_t>(page.records.size()));
  for (const auto& r : page.records) pack_record(pk, r, spec_, caller.pii);
  pk.pack("next_cursor");
  if (page.next_cursor.empty()) {
    pk.pack_nil();
  } else {
    pk.pack(page.next_cursor);
  }
  return out;
}

Result<std::string> Library::do_count(const Request& req) {
  CEDU_RETURN_IF_ERROR(req.params.only_keys({"group_by", "town", "station", "category", "status",
                                             "owner", "updated_since", "where"}));
  CEDU_ASSIGN_OR_RETURN(std::string group_by, req.params.string("group_by"));
  CEDU_ASSIGN_OR_RETURN(ListQuery q, read_list_query(req.params));
  auto guard = lock();
  auto groups = store_.count(group_by, q);
  guard.unlock();
  if (!groups.ok()) {
    Status s = groups.status();
    return s.field() == "group_by" ? Status::invalid_argument(s.message(), "params.group_by") : s;
  }
  std::int64_t total = 0;
  std::string out;
  mp::StringStream stream(out);
  Packer pk(stream);
  pk.pack_map(3);
  pk.pack("group_by"), pk.pack(group_by);
  pk.pack("groups");
  pk.pack_map(static_cast<std::uint32_t>(groups->size()));
  for (const auto& [key, n] : *groups) {
    pk.pack(key), pk.pack(n);
    total += n;
  }
  pk.pack("total"), pk.pack(total);
  return out;
}

Result<std::string> Library::do_search(const Request& req) {
  CEDU_RETURN_IF_ERROR(req.params.only_keys({"q", "town", "station", "category", "status",
                                             "owner", "where", "limit"}));
  CEDU_ASSIGN_OR_RETURN(std::string query, req.params.string("q"));
  CEDU_ASSIGN_OR_RETURN(ListQuery q, read_list_query(req.params));
  if (!req.params.has("limit")) q.limit = 20;
  const Caller caller = Caller::from(req);
  auto guard = lock();
  auto found = store_.search(query, q);
  guard.unlock();
  if (!found.ok()) {
    const Status& s = found.status();
    return s.field().empty() ? s : Status(s.code(), s.message(), "params." + s.field());
  }
  std::string out;
  mp::StringStream stream(out);
  Packer pk(stream);
  pk.pack_map(2);
  pk.pack("items");
  pk.pack_array(static_cast<std::uint32_t>(found->size()));
  for (const auto& [r, score] : *found) pack_record(pk, r, spec_, caller.pii);
  pk.pack("scores");
  pk.pack_array(static_cast<std::uint32_t>(found->size()));
  for (const auto& [r, score] : *found) pk.pack(score);
  return out;
}

// --- audit ------------------------------------------------------------------------------

Result<std::string> Library::do_audit(const Request& req) {
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"record_id", "principal", "method", "outcome", "since",
                                    "until", "after", "limit"}));
  AuditQuery q;
  CEDU_ASSIGN_OR_RETURN(q.record_id, p.optional_int64("record_id"));
  CEDU_ASSIGN_OR_RETURN(q.principal, optional_text(p, "principal"));
  CEDU_ASSIGN_OR_RETURN(q.method, optional_text(p, "method"));
  CEDU_ASSIGN_OR_RETURN(q.outcome, optional_text(p, "outcome"));
  CEDU_ASSIGN_OR_RETURN(q.since, optional_text(p, "since", 40));
  CEDU_ASSIGN_OR_RETURN(q.until, optional_text(p, "until", 40));
  CEDU_ASSIGN_OR_RETURN(auto after, p.optional_int64("after"));
  q.after_seq = after.value_or(0);
  CEDU_ASSIGN_OR_RETURN(q.limit, limit_of(p, 100, 1000));
  if (q.outcome && *q.outcome != "ok" && *q.outcome != "denied") {
    return Status::invalid_argument("must be ok or denied", p.path_of("outcome"));
  }
  // The district and the services read the whole trail; a town admin, station or
  // organisation only its own entries.
  const Caller caller = Caller::from(req);
  if (!caller.unrestricted()) {
    if (q.principal && *q.principal != caller.principal) {
      return Status::permission_denied(caller.principal + " may read only its own audit entries; " +
                                       full("audit") + " for " + *q.principal + " refused");
    }
    q.principal = caller.principal;
  }
  auto guard = lock();
  CEDU_ASSIGN_OR_RETURN(auto entries, query_audit(store_.db(), q));
  guard.unlock();
  std::string out;
  mp::StringStream stream(out);
  Packer pk(stream);
  pk.pack_map(2);
  pk.pack("entries");
  pk.pack_array(static_cast<std::uint32_t>(entries.size()));
  for (const auto& e : entries) {
    pk.pack_map(9);
    pk.pack("seq"), pk.pack(e.seq);
    pk.pack("at"), pk.pack(e.at);
    pk.pack("principal"), pk.pack(e.principal);
    pk.pack("method"), pk.pack(e.method);
    pk.pack("record_id");
    if (e.record_id) {
      pk.pack(*e.record_id);
    } else {
      pk.pack_nil();
    }
    pk.pack("outcome"), pk.pack(e.outcome);
    pk.pack("detail"), pk.pack(e.detail);
    pk.pack("before_digest"), pk.pack(e.before_digest);
    pk.pack("after_digest"), pk.pack(e.after_digest);
  }
  pk.pack("next_after");
  if (entries.size() == q.limit) {
    pk.pack(entries.back().seq);
  } else {
    pk.pack_nil();
  }
  return out;
}

}  // namespace cedu::library
