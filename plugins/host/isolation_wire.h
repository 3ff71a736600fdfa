// isolation_wire: what a library service and the cedu-plugin-host of one of its isolated
// plugins say to each other over the bus. The host serves bus service
// plugin-<service>-<plugin> (host_service_name) with five methods, one per kind of
// callback; each request names the callback by its index in registration order (the
// order of the describe file) and carries the context the service decided: the town, its
// config block, the caller. Every reply is a map {code, field, message} plus `result`
// (bin, a method's reply) or `value` (an indicator's number).
//
//   validate      {index, town, principal, method, config, before, after}
//   observe       {index, town, topic, config, payload}
//   call_method   {index, town, principal, method, config, params}
//   indicator     {index, town, config, station, year}
//   config_check  {town, config}
//
// Byte strings (config, before, after, payload, params) are MessagePack bin.
#pragma once

#include <string>

namespace cedu::plugins::wire {

inline constexpr const char* kValidate = "validate";
inline constexpr const char* kObserve = "observe";
inline constexpr const char* kCallMethod = "call_method";
inline constexpr const char* kIndicator = "indicator";
inline constexpr const char* kConfigCheck = "config_check";

// The bus service an isolated plugin's host registers as: plugin-course-shawan-heritage.
// Its CURVE principal is service:<that name>, key files service-<that name>.{pub,key}.
inline std::string host_service_name(const std::string& service, const std::string& plugin) {
  return "plugin-" + service + "-" + plugin;
}

}  // namespace cedu::plugins::wire
