// The funding methods without the bus: params as a caller sends them. A non-integer or
// textual amount, an unknown key, a bad date are refused naming the field; a project that
// the project library does not know, or a project library that is down, posts nothing;
// events follow the writes (posted, disbursed, overrun, reversed, received, year_closed)
// and a retried request with the same idempotency key posts and announces once (a year's
// close too: the first reply, no second event; without the key it is refused); the
// per_resident reply has the shape the evaluation indicators read.
#define BOOST_TEST_MODULE funding_methods
#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "services/funding/funding_methods.h"
#include "services/funding/funding_test_support.h"

using namespace cedu;
using namespace cedu::funding;
using namespace cedu::funding::testing;

namespace {

struct MethodsFixture : LedgerFixture {
  std::vector<std::string> events;
  Status project_answer = Status::ok();
  std::vector<std::int64_t> projects_asked;
  PerformanceConfig performance = shipped_performance();
  FundingMethods methods{*ledger, performance,
                         [this](const Request&, std::string_view service, std::string_view method,
                                const std::string& params) -> Result<msgpack::object_handle> {
                           BOOST_REQUIRE(service == "project" && method == "get");
                           projects_asked.push_back(
                               mp::MapView::of(mp::unpack(params, "p")->get()).value().int64("id").value());
                           if (!project_answer.is_ok()) return project_answer;
                           return mp::unpack(mp::MapBuilder().set("id", 1).bytes(), "reply");
                         },
                         [this](std::string_view event, std::string) { events.emplace_back(event); }};

  // Calls funding.<method> with `params` (packed) as `principal`, with `key` when given.
  Result<msgpack::object_handle> call(const std::string& method, const std::string& params,
                                      const std::string& principal = "district-admin",
                                      std::optional<std::string> key = std::nullopt) {
    auto unpacked = mp::unpack(params, "params");
    BOOST_REQUIRE(unpacked.ok());
    auto view = mp::MapView::of(unpacked->get(), "params");
    BOOST_REQUIRE(view.ok());
    Request r = library::testing::request("funding", method, *view, principal, {}, std::move(key));
    auto reply = methods.invoke(method, r);
    if (!reply.ok()) return reply.status();
    return mp::unpack(*reply, "reply");
  }
};

// funding.post's params without the keys in `except` (which the caller sets itself: a
// packed map must not hold a key twice).
mp::MapBuilder post_params(const std::string& kind, const std::string& unit,
                           std::initializer_list<std::string_view> except = {}) {
  auto unless = [&](std::string_view key) {
    return std::find(except.begin(), except.end(), key) == except.end();
  };
  mp::MapBuilder b;
  b.set("kind", kind).set("unit", unit).set("category", "teaching").set("source", "government")
      .set("document", "番财教〔2026〕3号");
  if (unless("year")) b.set("year", 2026);
  if (unless("amount_fen")) b.set("amount_fen", 10000);
  if (unless("date")) b.set("date", "2026-03-01");
  return b;
}

mp::MapView map_of(const msgpack::object_handle& h) { return mp::MapView::of(h.get()).value(); }

void require_refused(const Result<msgpack::object_handle>& r, StatusCode code, const std::string& field) {
  BOOST_REQUIRE_MESSAGE(!r.ok(), "accepted, but should be refused on " + field);
  BOOST_TEST(static_cast<int>(r.status().code()) == static_cast<int>(code), r.status().to_string());
  BOOST_TEST(r.status().field() == field);
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(amounts_must_be_integers_and_keys_known, MethodsFixture) {
  require_refused(call("post", post_params("budget", "nancun", {"amount_fen"}).set("amount_fen", 12.5).bytes()),
                  StatusCode::kInvalidArgument, "params.amount_fen");
  require_refused(call("post", post_params("budget", "nancun", {"amount_fen"}).set("amount_fen", "10000").bytes()),
                  StatusCode::kInvalidArgument, "params.amount_fen");
  require_refused(call("post", post_params("budget", "nancun", {"amount_fen"}).set("amount_fen", -3).bytes()),
                  StatusCode::kInvalidArgument, "params.amount_fen");
  require_refused(call("post", post_params("budget", "nancun").set("amount_yuan", 100).bytes()),
                  StatusCode::kInvalidArgument, "params.amount_yuan");
  require_refused(call("post", post_params("gift", "nancun").bytes()), StatusCode::kInvalidArgument,
                  "params.kind");
  require_refused(call("post", post_params("budget", "nancun", {"date"}).set("date", "2026-02-30").bytes()),
                  StatusCode::kInvalidArgument, "params.date");
  require_refused(call("post", post_params("budget", "nowhere").bytes()), StatusCode::kInvalidArgument,
                  "params.unit");
  require_refused(call("post", post_params("budget", "nancun", {"year"}).set("year", "2026").bytes()),
                  StatusCode::kInvalidArgument, "params.year");
  BOOST_TEST(rows("entries") == 0);
  BOOST_TEST(events.empty());
}

BOOST_FIXTURE_TEST_CASE(a_project_is_checked_before_anything_is_posted, MethodsFixture) {
  project_answer = Status::not_found("project.get: no project with id 41");
  require_refused(call("post", post_params("budget", "nancun").set("project_id", 41).bytes()),
                  StatusCode::kNotFound, "params.project_id");
  project_answer = Status::unavailable("project.get: no live worker serves project");
  auto down = call("post", post_params("budget", "nancun").set("project_id", 41).bytes());
  BOOST_TEST(down.status().code() == StatusCode::kUnavailable);
  BOOST_TEST(rows("entries") == 0);
  BOOST_TEST(events.empty());
  project_answer = Status::ok();
  auto ok = call("post", post_params("budget", "nancun").set("project_id", 41).bytes());
  BOOST_REQUIRE_MESSAGE(ok.ok(), ok.status().to_string());
  BOOST_TEST(map_of(*ok).int64("project_id").value() == 41);
  BOOST_TEST(projects_asked.size() == 3u);
}

BOOST_FIXTURE_TEST_CASE(events_follow_the_writes_and_a_retry_posts_once, MethodsFixture) {
  auto b1 = call("post", post_params("budget", "nancun").bytes(), "district-admin", "req-1");
  auto b2 = call("post", post_params("budget", "nancun").bytes(), "district-admin", "req-1");
  BOOST_REQUIRE(b1.ok() && b2.ok());
  BOOST_TEST(map_of(*b2).int64("id").value() == map_of(*b1).int64("id").value());
  BOOST_TEST(map_of(*b2).boolean("replay").value());
  BOOST_TEST(rows("entries") == 1);
  BOOST_TEST(events == std::vector<std::string>({"posted"}));

  auto d = call("post", post_params("disbursement", "nancun").set("payer", "panyu").bytes());
  BOOST_REQUIRE_MESSAGE(d.ok(), d.status().to_string());
  BOOST_TEST(map_of(*d).string("status").value() == "issued");
  auto over = call("post", post_params("expenditure", "nancun", {"amount_fen"}).set("amount_fen", 15000)
                               .set("approved_overrun", true).set("overrun_approval", "番教批〔2026〕1号").bytes());
  BOOST_REQUIRE_MESSAGE(over.ok(), over.status().to_string());
  auto refused = call("post", post_params("expenditure", "nancun").bytes());
  require_refused(refused, StatusCode::kFailedPrecondition, "params.amount_fen");
  const std::int64_t disbursement = map_of(*d).int64("id").value();
  auto got = call("receive", mp::MapBuilder().set("disbursement_id", disbursement)
                                 .set("received_on", "2026-03-04").bytes());
  BOOST_REQUIRE_MESSAGE(got.ok(), got.status().to_string());
  BOOST_TEST(map_of(*got).string("status").value() == "received");
  BOOST_TEST(map_of(*got).int64("days_to_arrive").value() == 3);
  auto rev = call("reverse", mp::MapBuilder().set("entry_id", map_of(*over).int64("id").value())
                                 .set("document", "冲正 1").bytes());
  BOOST_REQUIRE_MESSAGE(rev.ok(), rev.status().to_string());
  auto closed = call("close_year", mp::MapBuilder().set("year", 2026).bytes());
  BOOST_REQUIRE_MESSAGE(closed.ok(), closed.status().to_string());
  BOOST_TEST(events == std::vector<std::string>({"posted", "posted", "disbursed", "posted", "overrun",
                                                 "received", "reversed", "year_closed"}));
  require_refused(call("post", post_params("budget", "nancun").bytes()), StatusCode::kFailedPrecondition,
                  "params.year");
}

BOOST_FIXTURE_TEST_CASE(a_retried_close_year_with_its_key_answers_as_the_first, MethodsFixture) {
  auto first = call("close_year", mp::MapBuilder().set("year", 2026).bytes(), "district-admin", "close-1");
  BOOST_REQUIRE_MESSAGE(first.ok(), first.status().to_string());
  BOOST_TEST(map_of(*first).int64("year").value() == 2026);
  BOOST_TEST(map_of(*first).boolean("closed").value());
  BOOST_TEST(!map_of(*first).boolean("replay").value());
  // The reply was lost and the client retries with the same key: the first answer, no event.
  auto again = call("close_year", mp::MapBuilder().set("year", 2026).bytes(), "district-admin", "close-1");
  BOOST_REQUIRE_MESSAGE(again.ok(), again.status().to_string());
  BOOST_TEST(map_of(*again).int64("year").value() == 2026);
  BOOST_TEST(map_of(*again).boolean("closed").value());
  BOOST_TEST(map_of(*again).boolean("replay").value());
  BOOST_TEST(events == std::vector<std::string>({"year_closed"}));
  // Without the key (or with another principal's same key) the year is closed already.
  require_refused(call("close_year", mp::MapBuilder().set("year", 2026).bytes()),
                  StatusCode::kFailedPrecondition, "params.year");
  require_refused(call("close_year", mp::MapBuilder().set("year", 2026).bytes(), "service:cli", "close-1"),
                  StatusCode::kFailedPrecondition, "params.year");
  BOOST_TEST(rows("closed_years") == 1);
  BOOST_TEST(events.size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(per_resident_has_the_shape_evaluation_reads, MethodsFixture) {
  const std::int64_t residents = shipped_units()->network().town("nancun")->population;
  BOOST_REQUIRE(call("post", post_params("budget", "nancun", {"amount_fen"}).set("amount_fen", 400 * residents).bytes()).ok());
  auto r = call("per_resident", mp::MapBuilder().set("year", 2026).set("town", "南村镇").bytes());
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  mp::MapView v = map_of(*r);
  BOOST_TEST(v.int64("year").value() == 2026);
  const msgpack::object* towns = v.array("towns").value();
  BOOST_REQUIRE(towns->via.array.size == 1u);
  mp::MapView t = mp::MapView::of(towns->via.array.ptr[0]).value();
  BOOST_TEST(t.string("town").value() == "nancun");
  BOOST_TEST(t.string("name").value() == "南村镇");
  BOOST_TEST(t.int64("residents").value() == residents);
  BOOST_TEST(t.int64("funding_fen").value() == 400 * residents);
  BOOST_TEST(t.int64("per_resident_fen").value() == 400);
  BOOST_TEST(t.int64("target_fen").value() == 400);
  BOOST_TEST(t.boolean("met").value());
  mp::MapView d = v.map("district").value();
  BOOST_TEST(d.int64("residents").value() == shipped_units()->network().population());
  BOOST_TEST(!d.boolean("met").value());
  require_refused(call("per_resident", mp::MapBuilder().set("year", 2026).set("town", "x").bytes()),
                  StatusCode::kInvalidArgument, "params.town");
  require_refused(call("per_resident", mp::MapBuilder().bytes()), StatusCode::kInvalidArgument,
                  "params.year");
}

BOOST_FIXTURE_TEST_CASE(not_arrived_lists_what_is_on_its_way_and_for_how_long, MethodsFixture) {
  BOOST_REQUIRE(call("post", post_params("budget", "nancun", {"amount_fen"}).set("amount_fen", 90000).bytes()).ok());
  BOOST_REQUIRE(call("post", post_params("budget", "nancun-01").bytes()).ok());
  BOOST_REQUIRE(call("post", post_params("disbursement", "nancun", {"date"}).set("payer", "panyu")
                                 .set("date", "2026-02-01").bytes()).ok());
  BOOST_REQUIRE(call("post", post_params("disbursement", "nancun-01").set("payer", "nancun").bytes()).ok());
  auto r = call("not_arrived", mp::MapBuilder().set("year", 2026).set("as_of", "2026-03-11").bytes());
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  mp::MapView v = map_of(*r);
  BOOST_TEST(v.int64("count").value() == 2);
  BOOST_TEST(v.int64("amount_fen").value() == 20000);
  const msgpack::object* items = v.array("items").value();
  mp::MapView first = mp::MapView::of(items->via.array.ptr[0]).value();
  BOOST_TEST(first.string("unit").value() == "nancun");
  BOOST_TEST(first.int64("days_outstanding").value() == 38);
  auto summary = call("summary", mp::MapBuilder().set("year", 2026).set("unit", "nancun").bytes());
  BOOST_REQUIRE_MESSAGE(summary.ok(), summary.status().to_string());
  BOOST_TEST(map_of(*summary).int64("budget_fen").value() == 100000);
  BOOST_TEST(map_of(*summary).int64("completeness_bp").value() == 0);
  BOOST_TEST(map_of(*summary).string("level").value() == "town");
  const msgpack::object* sources = map_of(*summary).array("sources").value();
  BOOST_REQUIRE(sources->via.array.size == 4u);
  mp::MapView government = mp::MapView::of(sources->via.array.ptr[0]).value();
  BOOST_TEST(government.string("source").value() == "government");
  BOOST_TEST(government.string("name").value() == "政府拨款");
  BOOST_TEST(government.int64("budget_fen").value() == 100000);
  BOOST_TEST(government.int64("share_bp").value() == 10000);
  const msgpack::object* categories = map_of(*summary).array("categories").value();
  BOOST_TEST(categories->via.array.size == 7u);
  BOOST_TEST(!mp::MapView::of(categories->via.array.ptr[0]).value().has("share_bp"));
}

BOOST_FIXTURE_TEST_CASE(the_audit_trail_lists_writes_and_refusals, MethodsFixture) {
  auto b = call("post", post_params("budget", "nancun").bytes());
  BOOST_REQUIRE(b.ok());
  const std::int64_t id = map_of(*b).int64("id").value();
  require_refused(call("post", post_params("budget", "shiqiao").bytes(), "town-admin:nancun"),
                  StatusCode::kPermissionDenied, "");
  auto all = call("audit", mp::MapBuilder().bytes());
  BOOST_REQUIRE_MESSAGE(all.ok(), all.status().to_string());
  const msgpack::object* entries = map_of(*all).array("entries").value();
  BOOST_REQUIRE(entries->via.array.size == 2u);
  mp::MapView first = mp::MapView::of(entries->via.array.ptr[0]).value();
  BOOST_TEST(first.string("method").value() == "funding.post");
  BOOST_TEST(first.int64("entry_id").value() == id);
  BOOST_TEST(first.string("outcome").value() == "ok");
  BOOST_TEST(first.string("digest").value().size() == 64u);  // SHA-256 of the entry
  mp::MapView second = mp::MapView::of(entries->via.array.ptr[1]).value();
  BOOST_TEST(second.string("outcome").value() == "denied");
  BOOST_TEST(second.string("principal").value() == "town-admin:nancun");
  // A town admin sees only its own entries; a bad outcome is refused with its field.
  auto own = call("audit", mp::MapBuilder().bytes(), "town-admin:nancun");
  BOOST_REQUIRE(own.ok());
  BOOST_TEST(map_of(*own).array("entries").value()->via.array.size == 1u);
  require_refused(call("audit", mp::MapBuilder().set("outcome", "maybe").bytes()),
                  StatusCode::kInvalidArgument, "params.outcome");
}
