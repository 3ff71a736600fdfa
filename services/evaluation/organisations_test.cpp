// The organisations of cedu-evaluation without a bus: the network's towns and stations
// registered once (and renamed, never duplicated), families and associations created,
// read, listed and updated through OrganisationMethods on a real SQLite file, with the
// refusals (bad town or station, a town created by hand, a stale version, a type change,
// a town admin writing another town) and the audit trail.
#define BOOST_TEST_MODULE evaluation_organisations
#include <boost/test/unit_test.hpp>

#include "common/msgpack/builder.h"
#include "common/testing/temp_dir.h"
#include "services/evaluation/organisation_methods.h"
#include "services/evaluation/organisations.h"
#include "services/evaluation/round_store.h"
#include "services/library/library_test_support.h"
#include "services/library/places.h"

using cedu::StatusCode;
using cedu::evaluation::OrganisationMethods;
namespace mp = cedu::mp;
namespace lib = cedu::library;

namespace {

mp::MapView view(const msgpack::object_handle& h) { return mp::MapView::of(h.get()).value(); }
std::size_t size_of(const msgpack::object_handle& h, std::string_view key) {
  return view(h).array(key).value()->via.array.size;
}
mp::MapView item(const msgpack::object_handle& h, std::string_view key, std::uint32_t i) {
  return mp::MapView::of(view(h).array(key).value()->via.array.ptr[i]).value();
}

struct Fixture {
  cedu::testing::TempDir dir;
  std::shared_ptr<const cedu::config::Network> network = lib::testing::shipped_network();
  cedu::evaluation::StandardCatalogue catalogue =
      cedu::evaluation::StandardCatalogue::load_dir(std::string(CEDU_TEST_SOURCE_DIR) +
                                                    "/configs/standards");
  std::unique_ptr<lib::Library> library;
  std::unique_ptr<cedu::evaluation::RoundEvents> events;
  std::vector<std::pair<std::string, std::string>> published;  // event, payload
  std::unique_ptr<OrganisationMethods> methods;

  Fixture() {
    lib::LibraryServiceDef def;
    def.spec = &cedu::evaluation::organisation_spec();
    def.migrations = cedu::evaluation::evaluation_domain_migrations();
    auto opened = lib::testing::open_library(dir.file("evaluation.db"), def,
                                             lib::places_from(network));
    BOOST_REQUIRE_MESSAGE(opened.ok(), opened.status().to_string());
    library = std::move(opened).value();
    library->set_validator(cedu::evaluation::check_organisation);
    auto registered = cedu::evaluation::register_network(*library, *network);
    BOOST_REQUIRE_MESSAGE(registered.ok(), registered.status().to_string());
    events = std::make_unique<cedu::evaluation::RoundEvents>(*library);
    events->set_tap([this](std::string_view event, std::string_view payload) {
      published.emplace_back(event, payload);
    });
    methods = std::make_unique<OrganisationMethods>(*library, lib::places_from(network), catalogue,
                                                    *events);
  }

  // Calls org_<method> with `params` as `principal`: the reply unpacked, or the error.
  cedu::Result<msgpack::object_handle> call(const std::string& method, const std::string& params,
                                            const std::string& principal = "district-admin") {
    auto handle = mp::unpack(params, "params").value();
    auto p = mp::MapView::of(handle.get(), "params").value();
    const cedu::Request req = lib::testing::request("evaluation", "org_" + method, p, principal);
    cedu::Result<std::string> reply = cedu::Status::not_found("no method " + method);
    if (method == "create") reply = methods->create(req);
    if (method == "get") reply = methods->get(req);
    if (method == "list") reply = methods->list(req);
    if (method == "update") reply = methods->update(req);
    if (method == "audit") reply = methods->audit(req);
    if (method == "archive") reply = methods->archive(req);
    if (!reply.ok()) return reply.status();
    return mp::unpack(*reply, "reply").value();
  }

  std::int64_t create_family(const std::string& name, const std::string& town,
                             const std::string& station = "") {
    mp::MapBuilder b;
    b.set("type", "family").set("name", name).set("town", town);
    if (!station.empty()) b.set("station", station);
    auto r = call("create", b.bytes());
    BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
    return view(*r).int64("id").value();
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(organisations, Fixture)

BOOST_AUTO_TEST_CASE(the_network_registers_its_towns_and_stations_once) {
  std::size_t towns = network->towns.size(), stations = network->station_count();
  auto listed = call("list", mp::MapBuilder().set("type", "town").set("limit", 1000).bytes());
  BOOST_REQUIRE(listed.ok());
  BOOST_TEST(size_of(*listed, "items") == towns);
  auto all_stations =
      call("list", mp::MapBuilder().set("type", "station").set("limit", 1000).bytes());
  BOOST_TEST(size_of(*all_stations, "items") == stations);
  mp::MapView first = item(*listed, "items", 0);
  BOOST_TEST(first.string("name").value() == network->towns[0].name);
  BOOST_TEST(first.string("network_id").value() == network->towns[0].slug);
  BOOST_TEST(first.string("created_by").value() == "service:evaluation");

  // A second start changes nothing.
  auto again = cedu::evaluation::register_network(*library, *network);
  BOOST_REQUIRE(again.ok());
  BOOST_TEST(again->created == 0);
  BOOST_TEST(again->renamed == 0);
  BOOST_TEST(static_cast<std::size_t>(again->unchanged) == towns + stations);

  // A station renamed in the file is renamed, not duplicated.
  cedu::config::Network renamed = *network;
  renamed.towns[0].stations[0].name = "新名村";
  auto third = cedu::evaluation::register_network(*library, renamed);
  BOOST_REQUIRE(third.ok());
  BOOST_TEST(third->renamed == 1);
  BOOST_TEST(third->created == 0);
  auto station = call("list", mp::MapBuilder()
                                  .set("type", "station")
                                  .set("town", renamed.towns[0].slug)
                                  .set("station", renamed.towns[0].stations[0].id)
                                  .bytes());
  BOOST_REQUIRE(station.ok());
  BOOST_REQUIRE(size_of(*station, "items") == 1u);
  BOOST_TEST(item(*station, "items", 0).string("name").value() == "新名村");
  BOOST_TEST(item(*station, "items", 0).int64("version").value() == 2);
}

BOOST_AUTO_TEST_CASE(create_get_and_list_families_and_associations) {
  const auto& nancun = *network->town("nancun");
  const std::string station = nancun.stations[0].id;
  auto created = call("create", mp::MapBuilder()
                                    .set("type", "association")
                                    .set("name", "南村粤曲社")
                                    .set("town", nancun.name)  // Chinese name accepted
                                    .set("station", nancun.stations[0].name)
                                    .set("members", 35)
                                    .set("phone", "13812345678")
                                    .bytes());
  BOOST_REQUIRE_MESSAGE(created.ok(), created.status().to_string());
  const auto id = view(*created).int64("id").value();
  BOOST_TEST(view(*created).string("town").value() == "nancun");
  BOOST_TEST(view(*created).string("station").value() == station);
  BOOST_TEST(view(*created).string("status").value() == "active");
  BOOST_TEST(view(*created).int64("version").value() == 1);

  auto got = call("get", mp::MapBuilder().set("id", id).bytes());
  BOOST_REQUIRE(got.ok());
  mp::MapView org = view(*got).map("organisation").value();
  BOOST_TEST(org.string("name").value() == "南村粤曲社");
  BOOST_TEST(org.int64("members").value() == 35);
  BOOST_TEST(size_of(*got, "evaluations") == 0u);
  BOOST_TEST((call("get", mp::MapBuilder().set("id", 999999).bytes()).status().code() ==
              StatusCode::kNotFound));

  create_family("陈家", "nancun", station);
  create_family("李家", "nancun");
  create_family("黄家", "zhongcun");
  auto families = call("list", mp::MapBuilder().set("type", "family").set("town", "nancun").bytes());
  BOOST_TEST(size_of(*families, "items") == 2u);
  auto at_station = call("list", mp::MapBuilder().set("town", "nancun").set("station", station).bytes());
  BOOST_TEST(size_of(*at_station, "items") == 3u);  // the station itself, the association, 陈家

  // Keyset pages: every family once, in id order, then no cursor.
  auto page1 = call("list", mp::MapBuilder().set("type", "family").set("limit", 2).bytes());
  BOOST_REQUIRE(page1.ok());
  BOOST_TEST(size_of(*page1, "items") == 2u);
  const std::string cursor = view(*page1).string("next_cursor").value();
  auto page2 = call("list",
                    mp::MapBuilder().set("type", "family").set("limit", 2).set("cursor", cursor).bytes());
  BOOST_REQUIRE(page2.ok());
  BOOST_TEST(size_of(*page2, "items") == 1u);
  BOOST_TEST(item(*page2, "items", 0).string("name").value() == "黄家");
  BOOST_TEST(view(*page2).has("next_cursor"));
  BOOST_TEST(!view(*page2).string("next_cursor").ok());  // nil
}

BOOST_AUTO_TEST_CASE(refusals_name_the_field) {
  auto bad_town = call("create", mp::MapBuilder().set("type", "family").set("name", "x")
                                     .set("town", "atlantis").bytes());
  BOOST_TEST((bad_town.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(bad_town.status().field() == "params.town");

  const std::string other_station = network->town("zhongcun")->stations[0].id;
  auto bad_station = call("create", mp::MapBuilder().set("type", "family").set("name", "x")
                                        .set("town", "nancun").set("station", other_station).bytes());
  BOOST_TEST((bad_station.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(bad_station.status().field() == "params.station");

  auto a_town = call("create", mp::MapBuilder().set("type", "town").set("name", "新镇")
                                   .set("town", "nancun").bytes());
  BOOST_TEST((a_town.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(a_town.status().field() == "params.type");

  auto network_id = call("create", mp::MapBuilder().set("type", "family").set("name", "x")
                                       .set("town", "nancun").set("network_id", "nancun").bytes());
  BOOST_TEST((network_id.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(network_id.status().field() == "params.network_id");

  auto no_name = call("create", mp::MapBuilder().set("type", "family").set("town", "nancun").bytes());
  BOOST_TEST(no_name.status().field() == "params.name");
  auto bad_type = call("list", mp::MapBuilder().set("type", "school").bytes());
  BOOST_TEST(bad_type.status().field() == "params.type");
  auto bad_list_town = call("list", mp::MapBuilder().set("town", "atlantis").bytes());
  BOOST_TEST(bad_list_town.status().field() == "params.town");
}

BOOST_AUTO_TEST_CASE(updates_check_version_type_place_and_principal) {
  const auto id = create_family("陈家", "nancun");
  auto renamed = call("update", mp::MapBuilder().set("id", id).set("version", 1)
                                    .set("name", "陈氏家庭").bytes());
  BOOST_REQUIRE_MESSAGE(renamed.ok(), renamed.status().to_string());
  BOOST_TEST(view(*renamed).int64("version").value() == 2);

  auto stale = call("update", mp::MapBuilder().set("id", id).set("version", 1)
                                  .set("name", "又一名").bytes());
  BOOST_TEST((stale.status().code() == StatusCode::kConflict));
  BOOST_TEST(stale.status().field() == "params.version");

  auto retype = call("update", mp::MapBuilder().set("id", id).set("version", 2)
                                   .set("type", "association").bytes());
  BOOST_TEST((retype.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(retype.status().field() == "params.type");

  // A town admin writes its own town only; the refusal is audited.
  auto foreign = call("update", mp::MapBuilder().set("id", id).set("version", 2)
                                    .set("name", "x").bytes(), "town-admin:zhongcun");
  BOOST_TEST((foreign.status().code() == StatusCode::kPermissionDenied));
  auto own = call("update", mp::MapBuilder().set("id", id).set("version", 2)
                                .set("members", 4).bytes(), "town-admin:nancun");
  BOOST_TEST(own.ok());

  // A station organisation stays where the network puts it.
  auto stations = call("list", mp::MapBuilder().set("type", "station").set("limit", 1).bytes());
  mp::MapView station = item(*stations, "items", 0);
  auto moved = call("update", mp::MapBuilder().set("id", station.int64("id").value())
                                  .set("version", station.int64("version").value())
                                  .set("town", "zhongcun").bytes());
  BOOST_TEST((moved.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(moved.status().field() == "params.town");

  auto trail = call("audit", mp::MapBuilder().set("record_id", id).bytes());
  BOOST_REQUIRE_MESSAGE(trail.ok(), trail.status().to_string());
  BOOST_REQUIRE(size_of(*trail, "entries") == 4u);
  BOOST_TEST(item(*trail, "entries", 0).string("method").value() == "evaluation.org_create");
  BOOST_TEST(item(*trail, "entries", 1).string("method").value() == "evaluation.org_update");
  BOOST_TEST(item(*trail, "entries", 2).string("outcome").value() == "denied");
  BOOST_TEST(item(*trail, "entries", 2).string("principal").value() == "town-admin:zhongcun");
  BOOST_TEST(item(*trail, "entries", 3).string("principal").value() == "town-admin:nancun");
}

BOOST_AUTO_TEST_CASE(the_validator_keeps_network_organisations_consistent) {
  lib::Record town;
  town.town = "nancun";
  town.fields["type"] = std::string("town");
  town.fields["network_id"] = std::string("nancun");
  BOOST_TEST(cedu::evaluation::check_organisation(nullptr, town).is_ok());
  lib::Record moved = town;
  moved.station = "nancun-01";
  BOOST_TEST(cedu::evaluation::check_organisation(&town, moved).field() == "town");
  lib::Record family;
  family.town = "nancun";
  family.fields["type"] = std::string("family");
  BOOST_TEST(cedu::evaluation::check_organisation(nullptr, family).is_ok());
  family.fields["network_id"] = std::string("nancun");
  BOOST_TEST(cedu::evaluation::check_organisation(nullptr, family).field() == "network_id");
}

BOOST_AUTO_TEST_CASE(archiving_and_the_events_of_organisations) {
  auto created = call("create", mp::MapBuilder().set("type", "enterprise").set("name", "番禺珠宝厂")
                                    .set("town", "shawan").set("phone", "13812345678").bytes());
  BOOST_REQUIRE_MESSAGE(created.ok(), created.status().to_string());
  const std::int64_t id = view(*created).int64("id").value();
  auto renamed = call("update", mp::MapBuilder().set("id", id).set("version", 1)
                                    .set("name", "番禺珠宝首饰厂").bytes());
  BOOST_REQUIRE(renamed.ok());

  auto stale = call("archive", mp::MapBuilder().set("id", id).set("version", 1).bytes());
  BOOST_TEST((stale.status().code() == cedu::StatusCode::kConflict));
  BOOST_TEST(stale.status().field() == "params.version");
  auto foreign = call("archive", mp::MapBuilder().set("id", id).set("version", 2).bytes(),
                      "town-admin:nancun");
  BOOST_TEST((foreign.status().code() == cedu::StatusCode::kPermissionDenied));
  auto archived = call("archive", mp::MapBuilder().set("id", id).set("version", 2)
                                      .set("reason", "企业已迁出番禺").bytes(), "town-admin:shawan");
  BOOST_REQUIRE_MESSAGE(archived.ok(), archived.status().to_string());
  BOOST_TEST(view(*archived).string("status").value() == "archived");
  BOOST_TEST(view(*archived).int64("version").value() == 3);
  auto twice = call("archive", mp::MapBuilder().set("id", id).set("version", 3).bytes());
  BOOST_TEST((twice.status().code() == cedu::StatusCode::kFailedPrecondition));
  BOOST_TEST(twice.status().field() == "params.id");
  auto changed = call("update", mp::MapBuilder().set("id", id).set("version", 3)
                                    .set("name", "又改").bytes());
  BOOST_TEST((changed.status().code() == cedu::StatusCode::kFailedPrecondition));
  auto listed = call("list", mp::MapBuilder().set("type", "enterprise").bytes());
  BOOST_REQUIRE(listed.ok());
  BOOST_TEST(size_of(*listed, "items") == 0u);  // archived ones are not listed by default

  // One event per write, in order, the phone masked for subscribers of every right.
  std::vector<std::string> names;
  for (const auto& [event, payload] : published) {
    names.push_back(event);
    BOOST_TEST(payload.find("13812345678") == std::string::npos, event);
  }
  BOOST_TEST(names == (std::vector<std::string>{"org_created", "org_updated", "org_archived"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
