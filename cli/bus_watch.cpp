#include "cli/bus_watch.h"

#include "bus/protocol/protocol.h"
#include "cli/json_msgpack.h"

namespace cedu::cli {
namespace {

constexpr std::chrono::milliseconds kQueryEvery{500};
constexpr std::chrono::milliseconds kQueryTimeout{1000};
const std::string kEmptyMap(1, '\x80');

}  // namespace

BusWatch::BusWatch(std::unique_ptr<Client> client, std::vector<ExpectedService> expected,
                   Reporter report, std::chrono::milliseconds watch_for)
    : client_(std::move(client)),
      expected_(std::move(expected)),
      report_(std::move(report)),
      watch_for_(watch_for) {}

void BusWatch::step(Clock::time_point now) {
  (void)client_->poll(std::chrono::milliseconds(0));
  if (in_flight_ || now < next_query_) return;
  if (answered_ && now >= watch_until_) return;
  CallOptions options;
  options.timeout = kQueryTimeout;
  in_flight_ = true;
  next_query_ = now + kQueryEvery;
  const std::string bus(protocol::kBusService);
  if (!answered_) {
    client_->call_async(
        bus, "ping", kEmptyMap,
        [this](Result<Reply> reply) { on_ping(std::move(reply), Clock::now()); }, options);
  } else {
    client_->call_async(
        bus, "services", kEmptyMap, [this](Result<Reply> reply) { on_services(std::move(reply)); },
        options);
  }
}

void BusWatch::on_ping(Result<Reply> reply, Clock::time_point now) {
  in_flight_ = false;
  if (!reply.ok()) return;  // not up yet; asked again at the next step
  answered_ = true;
  watch_until_ = now + watch_for_;
  next_query_ = now;
  std::string version = "?";
  if (auto body = msgpack_to_json(reply->bytes());
      body.ok() && body->is_object() && body->contains("version") &&
      (*body)["version"].is_string()) {
    version = (*body)["version"].get<std::string>();
  }
  report_("bus answered ping (cedu-bus " + version + ")");
}

void BusWatch::on_services(Result<Reply> reply) {
  in_flight_ = false;
  if (!reply.ok()) return;
  auto body = msgpack_to_json(reply->bytes());
  if (!body.ok()) return;
  std::string summary = registration_summary(*body, expected_);
  if (summary == last_summary_) return;
  last_summary_ = summary;
  report_("services: " + summary);
}

}  // namespace cedu::cli
