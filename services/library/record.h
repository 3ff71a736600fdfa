// Record: one entry of a resource library — the core every library shares (id, town,
// station, status, owner, version, created/updated by and at) and its domain fields — and
// its wire form: one flat MessagePack map, personal data masked unless the caller has the
// `pii` right.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <string>

#include "common/msgpack/builder.h"
#include "services/library/caller.h"
#include "services/library/schema.h"
#include "services/library/value.h"

namespace cedu::library {

struct Record {
  std::int64_t id = 0;
  std::string town;
  std::string station;  // may be empty
  std::string owner;    // "org:<id>" for organisation-provided records; may be empty
  std::string status;
  std::int64_t version = 0;
  std::string created_by, created_at, updated_by, updated_at;
  Fields fields;

  RowScope scope() const { return {town, station, owner}; }
  // The value of a domain field, or monostate.
  const Value& field(std::string_view name) const;
  std::string text(std::string_view name) const;  // to_text(field(name))
};

// Packs `record` as a flat map (core keys, then the domain fields in schema order).
void pack_record(msgpack::packer<mp::StringStream>& pk, const Record& record,
                 const LibrarySpec& spec, bool pii);
std::string record_bytes(const Record& record, const LibrarySpec& spec, bool pii);

// Canonical JSON of the whole record (unmasked), for the audit digest: the core keys in a
// fixed order, then "fields": `fields_json` (= to_json(record.fields), whose keys are sorted).
std::string canonical_json(const Record& record, const std::string& fields_json);
std::string canonical_json(const Record& record);
// Current UTC time as "YYYY-MM-DDTHH:MM:SS.mmmZ" (sorts as text).
std::string utc_now();

}  // namespace cedu::library
