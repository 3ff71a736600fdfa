// Organisations (学习型组织) of the evaluation service: learning towns and streets
// (学习型镇街), communities and villages (学习型村居), tutoring stations (村居辅导站),
// families (学习型家庭), associations (学习型社团) and enterprises (学习型企业), kept in the
// service's own SQLite file on the resource-library core (services/library): a record with
// town, station, status and version, an audit entry per write, row-level rules on the
// broker-stamped principal. Towns and stations are not created by callers: they are
// registered from configs/network.yaml at start (register_network), idempotently.
// Thread-safety: organisation_spec() is immutable; register_network() as Library::write.
#pragma once

#include <string_view>
#include <vector>

#include "common/config/network.h"
#include "common/sqlite/migrations.h"
#include "services/library/library.h"

namespace cedu::evaluation {

// The organisation "library": fields type (category), name, network_id (natural key: the
// town slug or station id of a network-registered organisation), contact, phone (pii),
// members, founded, note. Status: active (在册), archived.
const library::LibrarySpec& organisation_spec();

// The evaluation database's migrations kept in its user_version: version 1 is the library
// core's for organisation_spec() (records, audit, search index), then
// evaluation_domain_migrations(). The service runs them with RecordStore::migrate(), which
// also brings the library core's own track up to date.
std::vector<sqlite::Migration> evaluation_migrations();
// The service's own migrations after the core's: 2 the rounds, 3 re-evaluations,
// objections and rectification tasks (round_store.h).
std::vector<sqlite::Migration> evaluation_domain_migrations();

// Returns true iff organisations of `type` come from the network (town, station).
bool is_network_type(std::string_view type);

// The rule every write of an organisation passes (Library::set_validator): the type never
// changes; a town's network_id is its town and it has no station; a station's network_id
// is its station; other organisations have no network_id. Errors name the field.
Status check_organisation(const library::Record* before, library::Record& after);

// Who registers the network's organisations, in their audit entries.
inline constexpr std::string_view kRegistrar = "service:evaluation";

struct NetworkRegistration {
  int created = 0;    // towns and stations seen for the first time
  int renamed = 0;    // whose name changed in the network file
  int unchanged = 0;
};

// Makes every town and station of `network` an organisation (type town / station), once:
// an existing one (by network_id) is left alone unless its name changed. A town or station
// removed from the file is kept (its evaluations stay readable). REQUIRES: the library
// serves organisation_spec() with check_organisation as validator.
Result<NetworkRegistration> register_network(library::Library& library,
                                             const config::Network& network);

}  // namespace cedu::evaluation
