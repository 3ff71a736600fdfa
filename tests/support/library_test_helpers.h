// Helpers the integration tests of the library services share (tests/services/*_bus_test):
// reading replies (view, item, items_of, id_of), the records they create (teacher_params,
// volunteer_params: the required fields, which a test extends with .set()), and polling a
// client until its events arrived. Header-only: id_of REQUIREs with Boost.Test, so it is
// included by test programs only.
// Thread-safety: one test thread.
#pragma once

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "bus/client/client.h"
#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"

namespace cedu::testing {

// The result map of a reply.
inline mp::MapView view(const Reply& r) { return mp::MapView::of(r.result()).value(); }

// The map at `i` of a MessagePack array.
inline mp::MapView item(const msgpack::object* array, std::uint32_t i) {
  return mp::MapView::of(array->via.array.ptr[i]).value();
}
// The map at `i` of the array `key` of a reply ("items", "entries").
inline mp::MapView item(const Reply& r, std::string_view key, std::uint32_t i) {
  return item(view(r).array(key).value(), i);
}
// How many elements the array `key` of a reply has.
inline std::uint32_t items_of(const Reply& r, std::string_view key = "items") {
  return view(r).array(key).value()->via.array.size;
}

// The "id" of a reply that must have succeeded (a create).
inline std::int64_t id_of(const Result<Reply>& r) {
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  return view(*r).int64("id").value();
}

// The params of teacher.create with its required fields.
inline mp::MapBuilder teacher_params(const std::string& name, const std::string& town,
                                     const std::string& phone,
                                     const std::string& kind = "part-time") {
  mp::MapBuilder b;
  b.set("name", name).set("town", town).set("kind", kind).set("phone", phone);
  return b;
}

// The params of volunteer.create with its required fields.
inline mp::MapBuilder volunteer_params(const std::string& name, const std::string& town,
                                       const std::string& phone) {
  mp::MapBuilder b;
  b.set("name", name).set("town", town).set("phone", phone);
  return b;
}

// Polls `client` (its subscriptions' events) until `done` or `timeout`; returns done().
inline bool poll_until(Client& client, const std::function<bool()>& done,
                       std::chrono::milliseconds timeout = std::chrono::milliseconds(5000),
                       std::chrono::milliseconds step = std::chrono::milliseconds(20)) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (!done() && std::chrono::steady_clock::now() < until) (void)client.poll(step);
  return done();
}

}  // namespace cedu::testing
