// Library: what the four resource libraries (teacher, volunteer, course, project) share,
// written once. Given a LibrarySpec, a RecordStore and the cedu::Service it runs in, it
// serves <lib>.create, get, update, archive, list, count, search, import, export and audit,
// applies the row-level rules and personal-data masking of Caller, audits every write and
// every denial, and publishes <lib>.created|updated|archived. Domain code adds its own
// methods on the same Service and performs its writes through write(), so they get the
// same rules, audit trail and events.
//
// Thread-safety: handlers run on several threads; one mutex serialises every use of the
// store (SQLite connection). Domain code touching store().db() holds lock().
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "bus/runtime/service.h"
#include "common/text/search_index.h"
#include "services/library/caller.h"
#include "services/library/commit_hook.h"
#include "services/library/group_sync.h"
#include "services/library/read_snapshot.h"
#include "services/library/record_store.h"

namespace cedu::library {

// The district network as the libraries need it (built from configs/network.yaml by
// places_from(); tests may build their own).
struct Places {
  // OK iff the town (and the station, when not empty) exist and belong together; the error
  // names the field ("town" / "station").
  std::function<Status(const std::string& town, const std::string& station)> check;
  // The slug of the town written `text` (its slug or Chinese name: "nancun", "南村镇").
  std::function<std::optional<std::string>(std::string_view text)> town;
  // The id of the station of `town` written `text` (its id or Chinese name).
  std::function<std::optional<std::string>(const std::string& town, std::string_view text)> station;
  // Display names for exports; the id itself when unknown.
  std::function<std::string(const std::string& town)> town_name;
  std::function<std::string(const std::string& station)> station_name;
};

// Domain rule run inside every write before the record is stored: `before` is null for a
// create. May adjust `after` (derived fields). An error refuses the write.
using Validator = std::function<Status(const Record* before, Record& after)>;

// Domain work that follows a write of a record, inside its transaction (the course fills
// free places from its waitlist when its capacity grows). May return an action to run after
// the commit (publishing events); an error undoes the whole write.
using AfterWrite = std::function<Result<std::function<void()>>(
    const Caller& caller, std::string_view method, const Record* before, const Record& after)>;

// The checks of the service's plugins (plugins/host), run after the domain's validator:
// who writes, the full method name, the record before (null for a create) and after.
// write() runs it outside the library's lock (a slow plugin holds up no other request)
// and stores the record only if it did not change meanwhile; an import runs it per row
// under the lock.
using WriteCheck = std::function<Status(const Caller& caller, std::string_view method,
                                        const Record* before, const Record& after)>;
// Sees every event the library publishes after it went out: the event name ("created"),
// the record when it is a record event (else null) and the packed payload.
using EventTap =
    std::function<void(std::string_view event, const Record* record, std::string_view payload)>;

// The change a write makes: builds `after` (a copy of `before`, or a fresh record for a
// create) — error refuses the write.
using Change = std::function<Status(const Record* before, Record& after)>;

class Library {
 public:
  Library(const LibrarySpec& spec, RecordStore store, Places places);

  // Registers the standard methods on `service` and remembers it for publishing.
  void serve(Service& service);
  // The standard method `method` ("create", "get", …) without the bus: what serve()
  // registers, for tests and benchmarks. NOT_FOUND for another name.
  Result<std::string> invoke(std::string_view method, const Request& request);

  const LibrarySpec& spec() const { return spec_; }
  RecordStore& store() { return store_; }
  std::unique_lock<std::mutex> lock() { return std::unique_lock<std::mutex>(mutex_); }
  void set_validator(Validator v) { validator_ = std::move(v); }
  void set_after_write(AfterWrite a) { after_write_ = std::move(a); }
  // Plugins' hooks (services/library/plugin_glue.h); set before the service runs.
  void set_write_check(WriteCheck c) { write_check_ = std::move(c); }
  void set_event_tap(EventTap t) { event_tap_ = std::move(t); }

  struct WriteOptions {
    std::string method;           // full method name for audit and errors: "course.publish"
                                  // (owned: callers build it, e.g. full("create"))
    std::optional<std::int64_t> id;             // nullopt: create
    std::optional<std::int64_t> expected_version;  // required for updates by callers
    std::string_view event;       // "created", "updated", "archived", "published", …
    std::string detail;           // audit note
  };
  // One write, the same way for every method: loads the record, applies `change`, checks
  // the row-level rules on the record before and after, the place, the required fields and
  // the validator, stores it with its audit entry in one transaction, then publishes
  // <lib>.<event> (personal data masked). Denials are audited. `extra`, when given, runs
  // inside the transaction after the record is stored (domain side tables).
  // Caller must NOT hold lock().
  Result<Record> write(const Caller& caller, const WriteOptions& options, const Change& change,
                       const std::function<Status(Record&)>& extra = {});

  // Audits a denial (for domain methods that refuse before write()). Takes lock().
  void audit_denied(const Caller& caller, std::string_view method,
                    std::optional<std::int64_t> record_id, const Status& why);

  // Returns once this thread's commits are on disk (group commit, group_sync.h). write()
  // and publish do it themselves; the service runtime does it before every reply.
  Status durable() { return group_sync_ != nullptr ? group_sync_->sync() : Status::ok(); }

  // Publishes <lib>.<event> with the masked record.
  void publish(std::string_view event, const Record& record);
  // Publishes <lib>.<event> with a payload the domain packed (it must hold no unmasked
  // personal data: subscribers have all kinds of rights). No-op before serve().
  void publish_payload(std::string_view event, std::string payload);
  // Reply bytes for `record` as `caller` may see it.
  std::string reply(const Record& record, const Caller& caller) const;

  // Parses the common list filters of `params` (town, station, category, status, owner,
  // updated_since, where, sort, limit, cursor).
  Result<ListQuery> read_list_query(const mp::MapView& params) const;

 private:
  Result<std::string> do_create(const Request& r);
  Result<std::string> do_get(const Request& r);
  Result<std::string> do_update(const Request& r);
  Result<std::string> do_archive(const Request& r);
  Result<std::string> do_list(const Request& r);
  Result<std::string> do_count(const Request& r);
  Result<std::string> do_search(const Request& r);
  Result<std::string> do_audit(const Request& r);
  Result<std::string> do_import(const Request& r);
  Result<std::string> do_export(const Request& r);
  // Import helpers (library_io.cpp).
  struct ImportPlan;
  Result<ImportPlan> plan_import(const Caller& caller, const mp::MapView& params);
  Result<std::string> export_bytes(const std::string& format, const std::vector<Record>& records,
                                   bool pii) const;
  const Places& places() const { return places_; }

  // Keeps the search index in step with a write of `after` (`before`: the stored record,
  // nullptr for a create).
  Status index(const Record* before, const Record& after);
  bool durable_before_publishing(std::string_view event);
  // The checks of every write (caller holds lock()): row rules, place, owner, required
  // fields, the validator. The caller audits a PERMISSION_DENIED (outside any transaction
  // that may roll back).
  // With `with_write_check` false, everything but the write check (the plugins), which
  // write() runs outside the lock.
  Status check_write(const Caller& caller, std::string_view method, const Record* before,
                     Record& after, bool with_write_check = true);
  // Stores a checked write inside the caller's transaction: record, search index, audit.
  Status store_write(const Caller& caller, std::string_view method, const Record* before,
                     Record& after, const std::string& detail, const std::string& now);
  void audit_denied_locked(const Caller& caller, std::string_view method,
                           std::optional<std::int64_t> record_id, const Status& why);
  std::string full(std::string_view method) const { return spec_.name + "." + std::string(method); }

  const LibrarySpec& spec_;
  RecordStore store_;
  Places places_;
  Validator validator_;
  AfterWrite after_write_;
  WriteCheck write_check_;
  EventTap event_tap_;
  std::unique_ptr<text::SearchIndex> search_;
  std::unique_ptr<ReadSnapshot> snapshot_;  // null: gets read under lock()
  std::unique_ptr<GroupSync> group_sync_;   // null: every COMMIT flushes (not a WAL file)
  std::unique_ptr<CommitHook> commit_hook_;  // last: removed before what it calls
  Service* service_ = nullptr;
  std::mutex mutex_;
};

}  // namespace cedu::library
