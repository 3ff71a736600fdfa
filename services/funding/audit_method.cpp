// funding.audit {entry_id?, outcome?, after?, limit?}: the service's audit trail — every
// write and every refused attempt (docs/funding.md). The district and the services read it
// all; anybody else only its own entries.
#include "common/msgpack/builder.h"
#include "services/funding/funding_methods.h"
#include "services/library/audit_log.h"
#include "services/library/caller.h"
#include "services/library/paging.h"
#include "services/library/param_readers.h"

namespace cedu::funding {

Result<std::string> FundingMethods::audit(const Request& r) {
  const mp::MapView& p = r.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"entry_id", "outcome", "after", "limit"}));
  library::AuditQuery q;
  CEDU_ASSIGN_OR_RETURN(q.record_id, library::read_optional_id(p, "entry_id"));
  CEDU_ASSIGN_OR_RETURN(q.outcome, library::read_optional_text(p, "outcome", 10));
  if (q.outcome && *q.outcome != "ok" && *q.outcome != "denied") {
    return Status::invalid_argument("must be ok or denied", p.path_of("outcome"));
  }
  CEDU_ASSIGN_OR_RETURN(library::PageParams page, library::read_page(p, 100));
  q.after_seq = page.after;
  q.limit = static_cast<std::size_t>(page.limit);
  const library::Caller caller = library::Caller::from(r);
  if (!caller.unrestricted()) q.principal = caller.principal;
  CEDU_ASSIGN_OR_RETURN(auto entries,
                        ledger_.read([&](sqlite::Database& db) { return library::query_audit(db, q); }));
  mp::ArrayBuilder items;
  for (const library::AuditEntry& e : entries) {
    mp::MapBuilder m;
    m.set("seq", e.seq).set("at", e.at).set("principal", e.principal).set("method", e.method);
    if (e.record_id) m.set("entry_id", *e.record_id); else m.set_nil("entry_id");
    m.set("outcome", e.outcome).set("detail", e.detail).set("digest", e.after_digest);
    items.add(m);
  }
  mp::MapBuilder b;
  b.set("entries", items);
  if (!entries.empty() && entries.size() == q.limit) b.set("next_after", entries.back().seq);
  else b.set_nil("next_after");
  return b.bytes();
}

}  // namespace cedu::funding
