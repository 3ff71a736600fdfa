#include "cli/events_command.h"

#include <iostream>

#include "cli/base64.h"
#include "cli/exit_codes.h"
#include "cli/json_msgpack.h"
#include "cli/output.h"
#include "cli/stop_signals.h"

namespace cedu::cli {

Json event_json(const Event& event) {
  Json line = {{"seq", event.seq},
                         {"topic", event.topic},
                         {"time_ms", event.time_ms},
                         {"publisher", event.publisher}};
  auto payload = msgpack_to_json(event.payload);
  if (payload.ok()) {
    line["payload"] = *payload;
  } else {
    const auto* p = reinterpret_cast<const std::uint8_t*>(event.payload.data());
    line["payload"] = {
        {"$invalid", base64_encode(std::vector<std::uint8_t>(p, p + event.payload.size()))}};
  }
  return line;
}

int run_events(const Context& context, const EventsArgs& args) {
  install_stop_signals();
  auto client = connect_client(context);
  if (!client.ok()) {
    print_bus_error(client.status());
    return kExitFailed;
  }
  std::uint64_t received = 0;
  auto done = [&] { return args.count && received >= *args.count; };
  Status subscribed = (*client)->subscribe(args.prefix, args.from, [&](const Event& event) {
    if (done()) return;  // more arrived in the same batch than were asked for
    std::cout << render_json(event_json(event)) << std::endl;
    ++received;
  });
  if (!subscribed.is_ok()) {
    print_bus_error(subscribed);
    return kExitFailed;
  }

  bool gap_reported = false;
  std::uint64_t reconnects = 0;
  while (stop_requests() == 0 && !done()) {
    Status polled = (*client)->poll(std::chrono::milliseconds(200));
    if (!polled.is_ok()) {
      print_bus_error(polled);
      return kExitFailed;
    }
    if (!gap_reported && (*client)->gap_detected(args.prefix)) {
      gap_reported = true;
      print_usage_error("events after seq " + std::to_string(args.from.value_or(0)) +
                        " were already pruned from the bus's log; the stream starts later");
    }
    if ((*client)->reconnects() != reconnects) {
      reconnects = (*client)->reconnects();
      print_usage_error("the bus stopped answering; reconnecting to " +
                        context.deployment.bus.endpoint);
    }
  }
  return kExitOk;
}

}  // namespace cedu::cli
