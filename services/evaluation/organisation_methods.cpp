#include "services/evaluation/organisation_methods.h"

#include "services/evaluation/organisations.h"
#include "services/evaluation/round_access.h"
#include "services/evaluation/round_replies.h"
#include "services/evaluation/round_store.h"
#include "services/library/record.h"
#include "services/library/schema.h"

namespace cedu::evaluation {
namespace {

using library::Record;
using Packer = msgpack::packer<mp::StringStream>;

}  // namespace

void OrganisationMethods::serve(Service& service) {
  // Every write is on disk before its reply leaves (the library's group commit).
  service.before_reply([this] { return library_.durable(); });
  service.handle("org_create", [this](const Request& r) { return create(r); });
  service.handle("org_get", [this](const Request& r) { return get(r); });
  service.handle("org_list", [this](const Request& r) { return list(r); });
  service.handle("org_update", [this](const Request& r) { return update(r); });
  service.handle("org_archive", [this](const Request& r) { return archive(r); });
  service.handle("org_audit", [this](const Request& r) { return audit(r); });
}

Status OrganisationMethods::apply_place(const mp::MapView& p, Record& after,
                                        bool creating) const {
  CEDU_ASSIGN_OR_RETURN(auto town, p.optional_string("town"));
  CEDU_ASSIGN_OR_RETURN(auto station, p.optional_string("station"));
  if (creating && !town) return Status::invalid_argument("is required", p.path_of("town"));
  if (town) {
    auto slug = places_.town(*town);
    if (!slug) {
      return Status::invalid_argument("'" + *town + "' is not a town of the network",
                                      p.path_of("town"));
    }
    if (*slug != after.town) after.station.clear();  // a move leaves the old town's station
    after.town = *slug;
  }
  if (station) {
    if (station->empty()) {
      after.station.clear();
    } else {
      auto id = places_.station(after.town, *station);
      if (!id) {
        return Status::invalid_argument("'" + *station + "' is not a station of " + after.town,
                                        p.path_of("station"));
      }
      after.station = *id;
    }
  }
  return Status::ok();
}

Result<std::string> OrganisationMethods::create(const Request& req) {
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"type", "name", "town", "station", "contact", "phone",
                                    "members", "founded", "note"}));
  CEDU_ASSIGN_OR_RETURN(library::Fields fields,
                        library::read_fields(p, organisation_spec(), library::ReadMode::kCreate));
  if (is_network_type(library::to_text(fields["type"]))) {
    return Status::invalid_argument(
        "towns and stations are registered from configs/network.yaml, not created",
        p.path_of("type"));
  }
  const library::Caller caller = library::Caller::from(req);
  library::Library::WriteOptions o;
  o.method = "evaluation.org_create";
  auto r = library_.write(caller, o, [&](const Record*, Record& after) -> Status {
    CEDU_RETURN_IF_ERROR(apply_place(p, after, true));
    after.fields = fields;
    return Status::ok();
  });
  if (!r.ok()) return in_params(r.status());
  return written(*r, caller, "org_created");
}

Result<std::string> OrganisationMethods::get(const Request& req) {
  CEDU_RETURN_IF_ERROR(req.params.only_keys({"id"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t id, req.params.int64("id"));
  auto guard = library_.lock();
  Result<Record> record = library_.store().get(id);
  if (!record.ok()) return in_params(record.status());
  // Its evaluations, newest round first, each under the standard version it was made with.
  CEDU_ASSIGN_OR_RETURN(auto rows, evaluations_of_organisation(library_.store().db(), id));
  mp::ArrayBuilder evaluations;
  for (const EvaluationRow& row : rows) {
    CEDU_ASSIGN_OR_RETURN(Round round, get_round(library_.store().db(), row.round_id, "round_id"));
    CEDU_ASSIGN_OR_RETURN(
        mp::MapBuilder e,
        evaluation_row_reply(round, row, catalogue_.get(round.standard, round.standard_version),
                             true));
    evaluations.add(e);
  }
  guard.unlock();
  const library::Caller caller = library::Caller::from(req);
  std::string out;
  mp::StringStream stream(out);
  Packer pk(stream);
  pk.pack_map(2);
  pk.pack("organisation");
  library::pack_record(pk, *record, organisation_spec(), caller.pii);
  pk.pack("evaluations");
  out += evaluations.bytes();  // an array, packed already
  return out;
}

Result<std::string> OrganisationMethods::list(const Request& req) {
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"type", "town", "station", "status", "limit", "cursor"}));
  library::ListQuery q;
  CEDU_ASSIGN_OR_RETURN(auto type, p.optional_string("type"));
  if (type) {
    const library::FieldSpec* field = organisation_spec().field("type");
    bool known = false;
    for (const auto& v : field->values) known = known || v.value == *type;
    if (!known) {
      return Status::invalid_argument("'" + *type + "' is not an organisation type (town, "
                                      "community, station, family, association, enterprise)",
                                      p.path_of("type"));
    }
    q.category = *type;
  }
  CEDU_ASSIGN_OR_RETURN(auto town, p.optional_string("town"));
  CEDU_ASSIGN_OR_RETURN(auto station, p.optional_string("station"));
  if (town) {
    auto slug = places_.town(*town);
    if (!slug) {
      return Status::invalid_argument("'" + *town + "' is not a town of the network",
                                      p.path_of("town"));
    }
    q.town = *slug;
  }
  if (station) {
    if (!q.town) return Status::invalid_argument("a station needs its town", p.path_of("station"));
    auto id = places_.station(*q.town, *station);
    if (!id) {
      return Status::invalid_argument("'" + *station + "' is not a station of " + *q.town,
                                      p.path_of("station"));
    }
    q.station = *id;
  }
  CEDU_ASSIGN_OR_RETURN(q.status, p.optional_string("status"));
  if (q.status && !organisation_spec().has_status(*q.status)) {
    return Status::invalid_argument("must be active or archived", p.path_of("status"));
  }
  CEDU_ASSIGN_OR_RETURN(auto limit, p.optional_int64("limit"));
  if (limit && (*limit < 1 || *limit > 1000)) {
    return Status::invalid_argument("must be 1..1000", p.path_of("limit"));
  }
  q.limit = static_cast<std::size_t>(limit.value_or(50));
  CEDU_ASSIGN_OR_RETURN(auto cursor, p.optional_string("cursor"));
  q.cursor = cursor.value_or("");
  auto guard = library_.lock();
  Result<library::Page> page = library_.store().list(q);
  guard.unlock();
  if (!page.ok()) return in_params(page.status());
  const library::Caller caller = library::Caller::from(req);
  std::string out;
  mp::StringStream stream(out);
  Packer pk(stream);
  pk.pack_map(2);
  pk.pack("items");
  pk.pack_array(static_cast<std::uint32_t>(page->records.size()));
  for (const Record& r : page->records) library::pack_record(pk, r, organisation_spec(), caller.pii);
  pk.pack("next_cursor");
  if (page->next_cursor.empty()) {
    pk.pack_nil();
  } else {
    pk.pack(page->next_cursor);
  }
  return out;
}

Result<std::string> OrganisationMethods::update(const Request& req) {
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"id", "version", "type", "name", "town", "station",
                                    "contact", "phone", "members", "founded", "note"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t id, p.int64("id"));
  CEDU_ASSIGN_OR_RETURN(std::int64_t version, p.int64("version"));
  CEDU_ASSIGN_OR_RETURN(library::Fields fields,
                        library::read_fields(p, organisation_spec(), library::ReadMode::kUpdate));
  const library::Caller caller = library::Caller::from(req);
  library::Library::WriteOptions o;
  o.method = "evaluation.org_update";
  o.id = id;
  o.expected_version = version;
  auto r = library_.write(caller, o, [&](const Record* before, Record& after) -> Status {
    if (before->status == "archived") {
      return Status::failed_precondition("organisation " + std::to_string(id) +
                                             " is archived and cannot be changed", "id");
    }
    if (is_network_type(before->text("type")) && (p.has("town") || p.has("station"))) {
      return Status::invalid_argument("a town or station stays where configs/network.yaml puts it",
                                      p.has("town") ? "town" : "station");
    }
    CEDU_RETURN_IF_ERROR(apply_place(p, after, false));
    for (auto& [name, value] : fields) {
      if (library::is_null(value)) {
        after.fields.erase(name);
      } else {
        after.fields[name] = value;
      }
    }
    return Status::ok();
  });
  if (!r.ok()) return in_params(r.status());
  return written(*r, caller, "org_updated");
}

Result<std::string> OrganisationMethods::archive(const Request& req) {
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"id", "version", "reason"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t id, p.int64("id"));
  CEDU_ASSIGN_OR_RETURN(std::int64_t version, p.int64("version"));
  CEDU_ASSIGN_OR_RETURN(auto reason, p.optional_string("reason"));
  if (reason && library::code_points(*reason) > 500) {
    return Status::invalid_argument("must be at most 500 characters", p.path_of("reason"));
  }
  const library::Caller caller = library::Caller::from(req);
  library::Library::WriteOptions o;
  o.method = "evaluation.org_archive";
  o.id = id;
  o.expected_version = version;
  o.detail = reason.value_or("");
  // Archived, never deleted: its evaluations stay readable; it is no longer evaluated.
  auto r = library_.write(caller, o, [&](const Record* before, Record& after) -> Status {
    if (before->status == "archived") {
      return Status::failed_precondition("organisation " + std::to_string(id) +
                                             " is archived already", "id");
    }
    after.status = "archived";
    return Status::ok();
  });
  if (!r.ok()) return in_params(r.status());
  return written(*r, caller, "org_archived");
}

std::string OrganisationMethods::written(const Record& record, const library::Caller& caller,
                                         std::string_view event) {
  events_.publish(event, library::record_bytes(record, organisation_spec(), false));
  return library_.reply(record, caller);
}

Result<std::string> OrganisationMethods::audit(const Request& req) {
  return library_.invoke("audit", req);
}

}  // namespace cedu::evaluation
