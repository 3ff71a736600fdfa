// `cedu backup` and `cedu restore` on a real suite: cedu-bus and the teacher and volunteer
// libraries serving while a client keeps writing; a backup taken in the middle; more
// writes; the restore refused while the suite runs and for a damaged copy (leaving the
// files as they were); then restored into a fresh data dir, whose files carry the
// manifest's digests (a plugin's database beside the library's included), and a new broker
// and library started on them serve exactly the manifest's records and events.
#define BOOST_TEST_MODULE backup_restore
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"
#include "common/sqlite/database.h"
#include "tests/faults/fault_support.h"
#include "tests/support/bus_fixture.h"
#include "tests/support/library_services.h"

using namespace std::chrono_literals;
using namespace cedu::testing;
namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

std::string config(const std::string& data_dir, const std::string& endpoint,
                   const std::string& events, const std::string& teacher, const std::string& volunteer) {
  std::string yaml = "data_dir: " + data_dir + "\nbus:\n  endpoint: " + endpoint + "\n";
  if (!events.empty()) yaml += "  events:\n    path: " + events + "\n";
  yaml += "services:\n  teacher:\n    instances: 1\n";
  if (!teacher.empty()) yaml += "    database: " + teacher + "\n";
  yaml += "  volunteer:\n    instances: 1\n";
  if (!volunteer.empty()) yaml += "    database: " + volunteer + "\n";
  return yaml;
}

// Creates teachers until told to stop, counting those acknowledged.
struct Writer {
  explicit Writer(std::unique_ptr<cedu::Client> c) : client(std::move(c)) {
    thread = std::thread([this] {
      for (int i = 0; !stop.load(); ++i) {
        cedu::mp::MapBuilder p;
        p.set("name", "备份教师" + std::to_string(i)).set("town", "nancun").set("kind", "part-time")
            .set("phone", "139" + std::to_string(10000000 + i));
        if (client->call("teacher", "create", p.bytes()).ok()) acked.fetch_add(1);
      }
    });
  }
  ~Writer() { finish(); }
  void finish() {
    stop.store(true);
    if (thread.joinable()) thread.join();
  }
  void wait_for(int n) {
    const auto until = std::chrono::steady_clock::now() + 60s;
    while (acked.load() < n && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(10ms);
    BOOST_REQUIRE_GE(acked.load(), n);
  }
  std::unique_ptr<cedu::Client> client;
  std::atomic<bool> stop{false};
  std::atomic<int> acked{0};
  std::thread thread;
};

const Json& entry(const Json& manifest, const std::string& name) {
  for (const Json& e : manifest["files"]) {
    if (e["name"] == name) return e;
  }
  BOOST_FAIL("no " + name + " in the manifest");
  return manifest;
}


}  // namespace

BOOST_AUTO_TEST_CASE(a_backup_taken_under_writes_restores_into_a_fresh_data_dir) {
  BusFixture bus(200);
  TempDir& dir = bus.dir();
  // Each library in its own directory, as under var/: plugins/ beside each database.
  const std::string teacher_live = dir.file("teacher/teacher.db");
  const std::string volunteer_live = dir.file("volunteer/volunteer.db");
  std::filesystem::create_directories(dir.file("teacher"));
  std::filesystem::create_directories(dir.file("volunteer"));
  auto teacher = start_library_service(bus, "teacher", {}, teacher_live);
  auto volunteer = start_library_service(bus, "volunteer", {}, volunteer_live);
  const std::string live_config = dir.file("live.yaml");
  std::ofstream(live_config) << config(dir.file("var"), bus.endpoint(), dir.file("events.db"),
                                       teacher_live, volunteer_live);
  {
    // A town-school plugin's own database beside the teacher library's (plugins/<name>.db).
    auto ledger = std::move(cedu::sqlite::Database::open(dir.file("teacher/plugins/demo-ledger.db"))).value();
    BOOST_REQUIRE(ledger.exec("CREATE TABLE ledger(town TEXT, points INTEGER);"
                              "INSERT INTO ledger VALUES ('nancun', 5), ('shiqiao', 7), ('dashi', 9);").is_ok());
  }
  cedu::mp::MapBuilder v;
  v.set("name", "志愿者甲").set("town", "shiqiao").set("phone", "13700000001");
  BOOST_REQUIRE(bus.client()->call("volunteer", "create", v.bytes()).ok());

  Writer writer(bus.client());
  writer.wait_for(20);
  const int before = writer.acked.load();
  const std::string backup = dir.file("backup");
  CliRun taken = run_cedu({"--config", live_config, "backup", backup}, dir.file("backup.log"));
  BOOST_REQUIRE_MESSAGE(taken.exit_code == 0, taken.output);
  const int after_backup = writer.acked.load();
  writer.wait_for(after_backup + 20);  // the suite kept serving
  writer.finish();
  const Json manifest = Json::parse(read_file(backup + "/manifest.json"));
  // The event log, two libraries, the ledger, and the plugins the shipped towns enable.
  BOOST_TEST(manifest["files"].size() >= 4u);
  BOOST_TEST(taken.output.find("backup of " + std::to_string(manifest["files"].size()) + " files in " + backup) !=
                 std::string::npos, taken.output);
  const Json& t = entry(manifest, "teacher");
  const std::int64_t records = t["tables"]["records"].get<std::int64_t>();
  // Consistent: every write acknowledged before the backup began, none after it ended
  // (+1: the write in flight when it ended).
  BOOST_TEST(records >= before);
  BOOST_TEST(records <= after_backup + 1);
  BOOST_TEST(t["tables"]["audit"].get<std::int64_t>() == records);  // one audit row per create
  BOOST_TEST(t["schema_version"].get<int>() >= 1);
  BOOST_TEST(t["sha256"].get<std::string>() == sha256sum(backup + "/teacher.db"));
  BOOST_TEST(entry(manifest, "volunteer")["tables"]["records"].get<int>() == 1);
  const Json& plugin = entry(manifest, "teacher/demo-ledger");
  BOOST_TEST(plugin["kind"] == "plugin database");
  BOOST_TEST(plugin["file"] == "teacher-plugin-demo-ledger.db");
  BOOST_TEST(plugin["tables"]["ledger"].get<int>() == 3);
  const std::int64_t events = entry(manifest, "bus")["tables"]["events"].get<std::int64_t>();
  // The event log is copied first, so it may lag the libraries by the last few events.
  BOOST_TEST(events >= 1);

  // A file the config names but this host does not have: the backup fails and keeps
  // nothing, unless told to skip it.
  const std::string partial_config = dir.file("partial.yaml");
  std::ofstream(partial_config) << config(dir.file("var"), bus.endpoint(), dir.file("events.db"),
                                          teacher_live, volunteer_live)
                                << "  course:\n    database: " << dir.file("course/course.db") << "\n";
  CliRun missing = run_cedu({"--config", partial_config, "backup", dir.file("partial")}, dir.file("partial.log"));
  BOOST_TEST(missing.exit_code == 1, missing.output);
  BOOST_TEST(missing.output.find("backup of course (" + dir.file("course/course.db") + ") failed: NOT_FOUND") !=
                 std::string::npos, missing.output);
  BOOST_TEST(fs::is_empty(dir.file("partial")));
  CliRun skipping = run_cedu({"--config", partial_config, "backup", "--skip-missing", dir.file("partial")},
                             dir.file("skipping.log"));
  BOOST_TEST(skipping.exit_code == 0, skipping.output);
  BOOST_TEST(skipping.output.find("cedu: skipped course (" + dir.file("course/course.db") + " does not exist)") !=
                 std::string::npos, skipping.output);
  BOOST_TEST(fs::exists(dir.file("partial/manifest.json")));
  BOOST_TEST(!fs::exists(dir.file("partial/course.db")));

  // Refused while the suite runs: nothing is touched.
  CliRun busy = run_cedu({"--config", live_config, "restore", backup}, dir.file("busy.log"));
  BOOST_TEST(busy.exit_code == 1, busy.output);
  BOOST_TEST(busy.output.find("listens on " + bus.endpoint()) != std::string::npos, busy.output);
  BOOST_TEST(!fs::exists(teacher_live + ".pre-restore"));
  BOOST_TEST(wait_for_count(*bus.client(), "teacher", 5s) > records);

  // Into a fresh data dir, on a machine where nothing runs.
  const std::string fresh = dir.file("fresh");
  const std::string fresh_config = dir.file("fresh.yaml");
  std::ofstream(fresh_config) << config(fresh, free_endpoint(), "", "", "");
  CliRun restored = run_cedu({"--config", fresh_config, "restore", backup}, dir.file("restore.log"));
  BOOST_REQUIRE_MESSAGE(restored.exit_code == 0, restored.output);
  const std::string teacher_db = fresh + "/teacher/teacher.db";
  const std::string events_db = fresh + "/bus/events.db";
  BOOST_TEST(sha256sum(teacher_db) == t["sha256"].get<std::string>());
  BOOST_TEST(sha256sum(fresh + "/volunteer/volunteer.db") == entry(manifest, "volunteer")["sha256"].get<std::string>());
  BOOST_TEST(sha256sum(events_db) == entry(manifest, "bus")["sha256"].get<std::string>());
  BOOST_TEST(sha256sum(fresh + "/teacher/plugins/demo-ledger.db") == plugin["sha256"].get<std::string>());

  // A damaged copy is refused before anything is replaced.
  const std::string damaged = dir.file("damaged");
  fs::copy(backup, damaged);
  {
    std::fstream f(damaged + "/teacher.db", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(200);
    f.put('\x5a');
  }
  CliRun refused = run_cedu({"--config", fresh_config, "restore", damaged}, dir.file("damaged.log"));
  BOOST_TEST(refused.exit_code == 1, refused.output);
  BOOST_TEST(refused.output.find("restore of teacher refused") != std::string::npos, refused.output);
  BOOST_TEST(refused.output.find("nothing was restored") != std::string::npos, refused.output);
  BOOST_TEST(sha256sum(teacher_db) == t["sha256"].get<std::string>());
  BOOST_TEST(sha256sum(events_db) == entry(manifest, "bus")["sha256"].get<std::string>());
  BOOST_TEST(!fs::exists(teacher_db + ".pre-restore"));

  // Not a backup at all.
  fs::create_directories(dir.file("empty"));
  CliRun not_backup = run_cedu({"--config", fresh_config, "restore", dir.file("empty")}, dir.file("empty.log"));
  BOOST_TEST(not_backup.exit_code == 2, not_backup.output);
  BOOST_TEST(not_backup.output.find("not a backup: NOT_FOUND") != std::string::npos, not_backup.output);

  // The suite started on the restored files serves the manifest's records and events.
  std::string endpoint;
  Process broker = start_plain_broker("tcp://127.0.0.1:0", events_db, dir.path().string(), 200, endpoint);
  Process restored_teacher = Process::spawn(
      {binary("cedu-teacher"), "--insecure", "--endpoint", endpoint, "--network", network_file(),
       "--database", teacher_db},
      dir.file("restored-teacher.log"));
  auto client = plain_client(endpoint);
  BOOST_TEST(wait_for_count(*client, "teacher") == records);
  auto stats = client->call("bus", "stats", std::string(1, '\x80'));
  BOOST_REQUIRE(stats.ok());
  BOOST_TEST(cedu::mp::MapView::of(stats->result()).value().uint64("event_head").value() ==
             static_cast<std::uint64_t>(events));
}
