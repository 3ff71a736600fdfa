#include "services/library/plugin_glue.h"

#include <stdexcept>

#include "services/library/record.h"

namespace cedu::library {
namespace {

FieldType field_type(const std::string& type) {
  if (type == "text") return FieldType::kText;
  if (type == "int") return FieldType::kInt;
  if (type == "number") return FieldType::kNumber;
  if (type == "bool") return FieldType::kBool;
  if (type == "date") return FieldType::kDate;
  if (type == "string_list") return FieldType::kStringList;
  return FieldType::kString;  // the host accepts no other type names
}

// The town an event without a record belongs to: its payload's "town", if any.
std::string town_of_payload(std::string_view payload) {
  auto handle = mp::unpack(payload, "payload");
  if (!handle.ok()) return {};
  auto map = mp::MapView::of(handle->get());
  if (!map.ok()) return {};
  auto town = map->optional_string("town");
  return town.ok() && *town ? **town : std::string();
}

}  // namespace

std::vector<std::string> reserved_field_names(const LibrarySpec& spec) {
  std::vector<std::string> names(std::begin(kCoreKeys), std::end(kCoreKeys));
  for (const char* core : {"status", "created_by", "created_at", "updated_by", "updated_at"}) {
    names.emplace_back(core);
  }
  for (const auto& f : spec.fields) names.push_back(f.name);
  return names;
}

LibrarySpec with_plugin_fields(const LibrarySpec& spec, const plugins::PluginHost& host) {
  LibrarySpec extended = spec;
  for (const auto& extra : host.fields()) {
    FieldSpec f;
    f.name = extra.field.name;
    f.type = field_type(extra.field.type);
    f.label = extra.field.label;
    f.filterable = true;
    extended.fields.push_back(std::move(f));
  }
  return extended;
}

void attach_plugins(plugins::PluginHost& host, Library& library, Service& service, PeerCalls& peers) {
  const LibrarySpec& spec = library.spec();
  std::vector<std::string> extra;
  for (const auto& f : host.fields()) extra.push_back(f.field.name);

  // Without a loaded plugin there is nothing to check (and write() skips the unlocked pass).
  if (host.active()) library.set_write_check([&host, &spec, extra](const Caller& caller, std::string_view method,
                                                const Record* before, const Record& after) -> Status {
    if (!host.active()) return Status::ok();
    std::vector<std::string> changed;
    for (const auto& name : extra) {
      const Value& now = after.field(name);
      if (before == nullptr ? !is_null(now) : before->field(name) != now) changed.push_back(name);
    }
    // Plugins see what a subscriber sees: personal data masked.
    const std::string after_bytes = record_bytes(after, spec, false);
    const std::string before_bytes = before == nullptr ? std::string() : record_bytes(*before, spec, false);
    return host.check_write(spec.name, after.town, caller.principal, method, before_bytes,
                            after_bytes, changed, caller.deadline);
  });

  library.set_event_tap([&host, &spec](std::string_view event, const Record* record,
                                       std::string_view payload) {
    if (!host.active()) return;
    const std::string town = record != nullptr ? record->town : town_of_payload(payload);
    if (town.empty()) return;  // an event of no town concerns no town's plugin
    host.notify(spec.name + "." + std::string(event), town, payload);
  });

  host.set_bus([&peers](std::string_view svc, std::string_view method, std::string_view params,
                        std::chrono::steady_clock::time_point deadline) -> Result<std::string> {
    // PeerCalls bounds a call by the request it serves; a plugin's call has only a deadline.
    static const msgpack::object kNoParams = [] {
      msgpack::object o;
      o.type = msgpack::type::MAP;
      o.via.map.size = 0;
      o.via.map.ptr = nullptr;
      return o;
    }();
    Request on_behalf{.service = {}, .method = {}, .params = mp::MapView::of(kNoParams).value(),
                      .principal = {}, .rights = {}, .deadline = deadline,
                      .idempotency_key = std::nullopt, .attempt = 1};
    CEDU_ASSIGN_OR_RETURN(Reply reply, peers.call(on_behalf, svc, method, params,
                                                  std::chrono::milliseconds(10000)));
    return reply.bytes();
  });

  // Not through the library's event tap: plugins need not observe each other's failures.
  host.set_publisher([&service](std::string_view event, std::string payload) {
    service.publish(event, std::move(payload));
  });

  host.serve(service);
}

}  // namespace cedu::library
