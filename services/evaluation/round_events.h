// RoundEvents: publishes the evaluation service's events (evaluation.round_advanced,
// evaluation.published, evaluation.objection_lodged, evaluation.rectification_created, …,
// evaluation.org_created|org_updated|org_archived) after the write they announce has
// committed and is on disk — the libraries' rule for <lib>.created. Payloads must hold no
// unmasked personal data: subscribers have all kinds of rights.
// Thread-safety: publish() may run on any handler thread (Service::publish is thread-safe);
// attach() and set_tap() before the service runs.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "bus/runtime/service.h"
#include "services/library/library.h"

namespace cedu::evaluation {

class RoundEvents {
 public:
  // REQUIRES: `library` (whose group commit makes writes durable) outlives this object.
  explicit RoundEvents(library::Library& library) : library_(library) {}

  // Events go out on `service` from now on; before, publish() only feeds the tap.
  void attach(Service& service) { service_ = &service; }
  // Sees every event published (name without the "evaluation." prefix, packed payload);
  // for tests without a bus.
  void set_tap(std::function<void(std::string_view, std::string_view)> tap) {
    tap_ = std::move(tap);
  }

  // Publishes evaluation.<event> once this thread's commits are durable; an event whose
  // write might not be on disk is logged and dropped, never announced.
  void publish(std::string_view event, std::string payload);

 private:
  library::Library& library_;
  Service* service_ = nullptr;
  std::function<void(std::string_view, std::string_view)> tap_;
};

}  // namespace cedu::evaluation
