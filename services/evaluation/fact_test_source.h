// Test support (not part of the service): a FactSource whose answers a test sets by
// "service.method" (project.count also by its category: "project.count:research"), that
// counts what was sent and keeps the deadline it was given; and the answers of every
// service up, with figures a reader can check by hand.
// Thread-safety: one test thread.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"
#include "services/evaluation/fact_source.h"

namespace cedu::evaluation::testing {

namespace mp = cedu::mp;
using Clock = std::chrono::steady_clock;

// Answers by "service.method" (project.count also by its category), counting the calls.
class FakeSource : public FactSource {
 public:
  std::map<std::string, Result<std::string>> answers;  // unset: UNAVAILABLE
  std::vector<FactCall> sent;
  Clock::time_point deadline_seen{};

  std::vector<Result<std::string>> call_all(const std::vector<FactCall>& calls,
                                            Clock::time_point deadline) override {
    deadline_seen = deadline;
    std::vector<Result<std::string>> out;
    for (const FactCall& c : calls) {
      sent.push_back(c);
      std::string key = c.service + "." + c.method;
      if (key == "project.count") {
        auto h = mp::unpack(c.params, "params").value();
        key += ":" + mp::MapView::of(h.get()).value().string("category").value();
      }
      auto it = answers.find(key);
      out.push_back(it == answers.end()
                        ? Result<std::string>(Status::unavailable("no live worker for " + c.service))
                        : it->second);
    }
    return out;
  }
  std::size_t count(const std::string& service, const std::string& method) const {
    std::size_t n = 0;
    for (const FactCall& c : sent) n += c.service == service && c.method == method;
    return n;
  }
};

inline std::string town_figure(const std::string& key, double value) {
  mp::ArrayBuilder towns;
  towns.add(mp::MapBuilder().set("town", "shiqiao").set(key, 1.0));
  towns.add(mp::MapBuilder().set("town", "nancun").set(key, value));
  return mp::MapBuilder().set("towns", towns).bytes();
}

inline std::string status_groups(std::int64_t approved, std::int64_t concluded, std::int64_t rejected) {
  mp::MapBuilder groups;
  groups.set("applied", 9).set("approved", approved).set("concluded", concluded)
      .set("rejected", rejected);
  return mp::MapBuilder().set("group_by", "status").set("groups", groups)
      .set("total", 9 + approved + concluded + rejected).bytes();
}

// Every service up, with figures a reader can check by hand.
inline FakeSource every_service_up() {
  FakeSource f;
  f.answers.emplace("course.participants",
                    mp::MapBuilder().set("year", 2025).set("towns", mp::MapBuilder())
                        .set("total", mp::MapBuilder().set("participants", 400).set("elderly", 90))
                        .bytes());
  f.answers.emplace("course.activity", mp::MapBuilder().set("sessions", 30).set("courses", 6)
                                           .set("local_courses", 2).bytes());
  f.answers.emplace("teacher.count", mp::MapBuilder().set("group_by", "status")
                                         .set("groups", mp::MapBuilder().set("active", 7))
                                         .set("total", 7).bytes());
  f.answers.emplace("volunteer.yearly", mp::MapBuilder().set("volunteers", 25).set("serving", 4)
                                            .set("approved_minutes", 750).set("approved_hours", 12.5)
                                            .bytes());
  f.answers.emplace("volunteer.per_thousand", town_figure("per_thousand", 8.125));
  f.answers.emplace("project.count:research", status_groups(2, 1, 5));
  f.answers.emplace("project.count:brand", status_groups(1, 0, 0));
  f.answers.emplace("funding.per_resident", town_figure("per_resident_fen", 450));
  return f;
}

}  // namespace cedu::evaluation::testing
