#include "bus/runtime/service_config.h"

#include <filesystem>

#include "bus/security/curve_keys.h"

namespace cedu {

Result<ServiceOptions> service_options_from(const config::Deployment& d, const std::string& name) {
  if (!config::valid_service_name(name)) {
    return Status::invalid_argument("'" + name + "' is not a service name ([a-z][a-z0-9_-]*, not bus)",
                                    "name");
  }
  ServiceOptions o;
  o.name = name;
  o.endpoint = d.bus.endpoint;
  o.heartbeat_interval = d.bus.heartbeat_interval_ms;
  o.heartbeat_liveness = static_cast<std::uint32_t>(d.bus.heartbeat_liveness);
  // Room for the reply's header frame within the broker's per-message limit.
  o.max_reply_bytes = d.bus.max_message_bytes > 1024 ? d.bus.max_message_bytes - 512 : d.bus.max_message_bytes;
  if (const config::ServiceEntry* entry = d.find_service(name)) {
    o.threads = static_cast<std::uint32_t>(entry->threads);
    o.capacity = static_cast<std::uint32_t>(entry->capacity);
  }
  if (!d.secure()) return o;

  const std::string principal = "service:" + name;
  const std::string& dir = d.bus.keys_dir;
  auto curve = security::load_credentials(dir, principal);
  if (!curve.ok()) {
    const Status& s = curve.status();
    const std::string broker_key = (std::filesystem::path(dir) / "cedu-bus.pub").string();
    std::string hint;
    if (s.message().find(broker_key) != std::string::npos) {
      hint = "; the broker writes it on its first start with bus.keys_dir " + dir +
             " (`cedu up` creates it before starting anything)";
    } else {
      hint = "; `cedu up` creates it on first start, or run `cedu keygen " + principal +
             " --dir " + dir + "` and register the .pub as " + principal + " in the access list";
    }
    return Status(s.code(), "CURVE keys of " + principal + ": " + s.message() + hint, "keys_dir");
  }
  o.curve = std::move(curve).value();
  return o;
}

}  // namespace cedu
