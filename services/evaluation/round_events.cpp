#include "services/evaluation/round_events.h"

#include <spdlog/spdlog.h>

namespace cedu::evaluation {

void RoundEvents::publish(std::string_view event, std::string payload) {
  if (Status s = library_.durable(); !s.is_ok()) {
    spdlog::error("evaluation.{} not published: {}", event, s.to_string());
    return;
  }
  if (tap_) tap_(event, payload);
  if (service_ != nullptr) service_->publish(event, std::move(payload));
}

}  // namespace cedu::evaluation
