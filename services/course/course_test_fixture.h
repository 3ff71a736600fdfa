// Test support for the course domain's unit tests (not part of the service): a Library on
// a temp-dir database with the course schema and the shipped district network, a
// CourseEnv whose teachers and volunteers are a set the test controls (or "down"), and
// the events it published. Calls go to the core's methods or the domain's by name.
// Thread-safety: one test thread.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "common/msgpack/builder.h"
#include "common/testing/temp_dir.h"
#include "services/course/course_domain.h"
#include "services/course/course_spec.h"
#include "services/course/enrolments.h"
#include "services/library/library_test_support.h"
#include "services/library/places.h"

namespace cedu::course::testing {

namespace mp = cedu::mp;

inline mp::MapView view(const msgpack::object_handle& h) { return mp::MapView::of(h.get()).value(); }
inline mp::MapView item(const msgpack::object* array, std::uint32_t i) {
  return mp::MapView::of(array->via.array.ptr[i]).value();
}

// Params as packed values by key, to derive variants with one key changed or left out
// (a MapBuilder appends: setting a key twice would send it twice).
class Params {
 public:
  template <typename T>
  Params& set(const std::string& key, const T& value) {
    for (auto& kv : kv_) {
      if (kv.first == key) {
        kv.second = mp::pack(value);
        return *this;
      }
    }
    kv_.emplace_back(key, mp::pack(value));
    return *this;
  }
  Params& erase(const std::string& key) {
    std::erase_if(kv_, [&](const auto& kv) { return kv.first == key; });
    return *this;
  }
  std::string bytes() const {
    mp::MapBuilder b;
    for (const auto& [k, v] : kv_) b.set(k, mp::Raw{v});
    return b.bytes();
  }

 private:
  std::vector<std::pair<std::string, std::string>> kv_;
};

struct CourseFixture {
  cedu::testing::TempDir dir{"cedu-course"};
  std::shared_ptr<const config::Network> network;
  std::unique_ptr<library::Library> lib;
  std::unique_ptr<CourseEnv> env;
  std::set<std::int64_t> teachers = {1, 2, 3};
  std::set<std::int64_t> volunteers = {11, 12};
  bool peers_down = false;
  std::vector<std::pair<std::string, std::string>> events;  // topic, payload

  CourseFixture() : network(library::testing::shipped_network()) {
    auto opened = library::testing::open_library(dir.file("course.db"), course_service(),
                                                 library::places_from(network));
    BOOST_REQUIRE_MESSAGE(opened.ok(), opened.status().to_string());
    lib = std::move(opened).value();
    lib->set_validator(&derive_course_fields);
    env = std::make_unique<CourseEnv>(CourseEnv{
        *lib, library::places_from(network),
        [this](const Request&, std::string_view service, std::int64_t id,
               const std::string& field) -> Status {
          if (peers_down) {
            return Status(StatusCode::kUnavailable, std::string(service) + ".get: no worker", field);
          }
          const auto& known = service == "teacher" ? teachers : volunteers;
          if (!known.count(id)) return Status::not_found("there is no " + std::string(service), field);
          return Status::ok();
        },
        [this](std::string_view event, std::string payload) {
          events.emplace_back("course." + std::string(event), std::move(payload));
        }});
    lib->set_after_write([this](const library::Caller& caller, std::string_view method,
                                const library::Record* before, const library::Record& after) {
      return fill_after_write(*env, caller, method, before, after);
    });
  }

  // Calls course.<method> as `principal` with `rights`; the reply unpacked, or the error.
  Result<msgpack::object_handle> call(const std::string& method, const std::string& params,
                                      const std::string& principal = "district-admin",
                                      std::vector<std::string> rights = {"pii"}) {
    auto handle = mp::unpack(params, "params").value();
    auto v = mp::MapView::of(handle.get(), "params").value();
    return library::testing::serve(
        *lib, *env, domain_methods(),
        library::testing::request("course", method, v, principal, std::move(rights)));
  }

  // Creates a course in `town` (as district-admin unless `principal`); returns its id.
  std::int64_t course(const std::string& title, const std::string& town = "nancun",
                      std::int64_t capacity = 0, bool publish = true,
                      const std::string& principal = "district-admin",
                      const std::string& mode = "offline") {
    mp::MapBuilder b;
    b.set("title", title).set("town", town).set("category", "culture").set("mode", mode)
        .set("hours", 12).set("audiences", std::vector<std::string>{"elderly"});
    if (capacity > 0) b.set("capacity", capacity);
    auto created = call("create", b.bytes(), principal, {});
    BOOST_REQUIRE_MESSAGE(created.ok(), created.status().to_string());
    const std::int64_t id = view(*created).int64("id").value();
    if (publish) {
      mp::MapBuilder p;
      p.set("id", id).set("version", 1);
      auto published = call("publish", p.bytes(), principal, {});
      BOOST_REQUIRE_MESSAGE(published.ok(), published.status().to_string());
    }
    return id;
  }

  // Adds a session; returns the reply or the error.
  Result<msgpack::object_handle> session(std::int64_t course_id, const std::string& starts,
                                         const std::string& ends, const std::string& venue,
                                         std::optional<std::int64_t> teacher = std::nullopt,
                                         const std::string& principal = "district-admin") {
    mp::MapBuilder b;
    b.set("course_id", course_id).set("starts_at", starts).set("ends_at", ends);
    if (!venue.empty()) b.set("venue", venue);
    if (teacher) b.set("teacher_id", *teacher);
    return call("add_session", b.bytes(), principal, {});
  }

  std::size_t count_sessions(std::int64_t course_id) {
    mp::MapBuilder b;
    b.set("course_id", course_id).set("include_cancelled", true);
    auto r = call("sessions", b.bytes());
    BOOST_REQUIRE(r.ok());
    return view(*r).array("items").value()->via.array.size;
  }

  // Enrols a resident; returns the reply or the error.
  Result<msgpack::object_handle> enrol(std::int64_t course_id, const std::string& phone,
                                       const std::string& town = "nancun",
                                       std::int64_t birth_year = 1950,
                                       const std::string& principal = "district-admin") {
    mp::MapBuilder b;
    b.set("course_id", course_id).set("name", "陈伯").set("phone", phone).set("town", town)
        .set("birth_year", birth_year);
    return call("enrol", b.bytes(), principal, {});
  }
};

}  // namespace cedu::course::testing
