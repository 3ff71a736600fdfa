// cedu: the command line of the cedu bus. Subcommands: call, services, stats, events, up,
// keygen, acl, import, export, demo, plugins, status, backup, restore, funding.
// Global options (--config, --endpoint, --timeout, --keys/--as, --insecure) may stand
// before or after the subcommand. Unless bus.insecure (or --insecure), commands that talk to
// the bus use CURVE as district-admin with the keys in bus.keys_dir, or as --as PRINCIPAL. Exit codes: 0 success, 1 the bus answered with an error (or could not be
// reached), 2 a usage, JSON or config error.
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/backup_command.h"
#include "cli/call_command.h"
#include "cli/demo_command.h"
#include "cli/evaluation_command.h"
#include "cli/events_command.h"
#include "cli/exit_codes.h"
#include "cli/export_command.h"
#include "cli/funding_command.h"
#include "cli/import_command.h"
#include "cli/keygen_command.h"
#include "cli/output.h"
#include "cli/plugins_command.h"
#include "cli/restore_command.h"
#include "cli/status_command.h"
#include "cli/up_command.h"

int main(int argc, char** argv) {
  using namespace cedu::cli;
  CLI::App app{"cedu: call services on the cedu bus, follow its events, run a deployment",
               "cedu"};
  app.set_version_flag("--version", std::string("cedu ") + CEDU_VERSION);
  app.require_subcommand(1);
  app.fallthrough();

  GlobalOptions global;
  app.add_option("--config", global.config_path,
                 std::string("deployment config (default: ") + kDefaultConfigPath +
                     " if it exists, else built-in defaults)");
  app.add_option("--endpoint", global.endpoint, "bus endpoint, overrides bus.endpoint");
  app.add_option("--timeout", global.timeout_ms, "call timeout in ms (1..600000)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{600000}));
  app.add_option("--keys", global.keys_dir,
                 "CURVE: directory with the broker's cedu-bus.pub and your key pair");
  app.add_option("--as", global.as_principal, "CURVE: the principal whose key pair to use");
  app.add_flag("--insecure", global.insecure,
               "connect without CURVE to a plain broker (overrides bus.insecure)");

  CallArgs call_args;
  auto* call = app.add_subcommand("call", "call SERVICE.METHOD and print its result as JSON");
  call->add_option("service", call_args.service, "service name, e.g. course")->required();
  call->add_option("method", call_args.method, "method name, e.g. search")->required();
  call->add_option("params", call_args.params_json, "params as a JSON object (default {})");
  call->add_flag("-c,--compact", call_args.compact, "print the result on one line");
  call->add_option("--idempotency-key", call_args.idempotency_key,
                   "send this idempotency key: a retry with the same key is applied once");

  bool table = false;
  auto* services = app.add_subcommand("services", "list services and workers (bus.services)");
  services->add_flag("--table", table, "print a table instead of JSON");

  auto* stats = app.add_subcommand("stats", "print the broker's counters (bus.stats)");

  EventsArgs events_args;
  auto* events = app.add_subcommand("events", "print events whose topic starts with PREFIX");
  events->add_option("prefix", events_args.prefix, "topic prefix, e.g. course. (\"\" for all)")
      ->required();
  events->add_option("--from", events_args.from, "first replay retained events with seq > SEQ");
  events->add_option("--count", events_args.count, "stop after N events")
      ->check(CLI::PositiveNumber);

  auto* up = app.add_subcommand("up", "run the broker and every configured service");

  auto* acl = app.add_subcommand("acl", "manage the broker's access list");
  acl->require_subcommand(1);
  auto* acl_reload = acl->add_subcommand("reload", "reload configs/acl.yaml (bus.reload_acl)");

  KeygenArgs keygen_args;
  auto* keygen = app.add_subcommand("keygen", "write a CURVE key pair for a principal");
  keygen->add_option("principal", keygen_args.principal,
                     "district-admin, town-admin:<town>, station:<id>, org:<id> or service:<name>");
  keygen->add_option("--dir", keygen_args.dir, "where to write it (default: bus.keys_dir, i.e. <data_dir>/keys)");
  keygen->add_flag("--all", keygen_args.all,
                   "instead of PRINCIPAL: every missing key pair `cedu up` makes on a first "
                   "start (broker, district-admin, configured services)");

  ImportArgs import_args;
  auto* import = app.add_subcommand("import", "import a CSV file into a library (LIB.import)");
  import->add_option("library", import_args.library, "teacher, volunteer, course or project")
      ->required();
  import->add_option("file", import_args.file, "CSV file (UTF-8, UTF-8 with BOM or GBK)")
      ->required();
  import->add_option("--mode", import_args.mode,
                     "all-or-nothing (default): nothing unless every row is good; "
                     "valid-rows: the good rows")
      ->check(CLI::IsMember({"all-or-nothing", "valid-rows"}));
  import->add_flag("--dry-run", import_args.dry_run, "check every row, write nothing");
  import->add_flag("--json", import_args.json, "print the reply as JSON");

  ExportArgs export_args;
  auto* exp = app.add_subcommand("export", "export a library to a CSV or XLSX file (LIB.export)");
  exp->add_option("library", export_args.library, "teacher, volunteer, course or project")
      ->required();
  exp->add_option("-o,--output", export_args.output, "the file to write")->required();
  exp->add_option("--town", export_args.town, "only this town (slug, e.g. nancun)");
  exp->add_option("--category", export_args.category, "only this category, e.g. local");
  exp->add_option("--status", export_args.status, "only this status, e.g. published");
  exp->add_option("--format", export_args.format, "csv or xlsx (default: from the file name)")
      ->check(CLI::IsMember({"csv", "xlsx"}));

  FundingReportArgs funding_args;
  auto* funding = app.add_subcommand("funding", "the funding service's disclosure report");
  funding->require_subcommand(1);
  auto* funding_report =
      funding->add_subcommand("report", "write the disclosure report (预算公开) of a year");
  funding_report->add_option("--year", funding_args.year, "the fiscal year")->required();
  funding_report->add_option("--unit", funding_args.unit,
                             "a town or station (id or Chinese name); default: the district");
  funding_report->add_option("--format", funding_args.format,
                             "csv, xlsx or markdown (default: from the file name)")
      ->check(CLI::IsMember({"csv", "xlsx", "markdown"}));
  funding_report->add_flag("--no-performance", funding_args.no_performance,
                           "leave out the performance evaluation (asks no library)");
  funding_report->add_option("-o,--output", funding_args.output, "the file to write")->required();

  EvaluationArgs evaluation_args;
  auto* evaluation =
      app.add_subcommand("evaluation", "the district's results of an evaluation round");
  evaluation->require_subcommand(1);
  auto* eval_results = evaluation->add_subcommand("results", "print evaluation.results as JSON");
  auto* eval_rounds = evaluation->add_subcommand("rounds", "print the rounds as JSON (oldest first)");
  eval_rounds->add_option("--year", evaluation_args.year, "only the rounds of YEAR");
  eval_rounds->add_option("--type", evaluation_args.type, "only the rounds of an organisation type");
  eval_rounds->add_option("--stage", evaluation_args.stage, "only the rounds at a stage (draft, …)");
  auto* eval_report =
      evaluation->add_subcommand("report", "write the round's report (Markdown, 中文)");
  auto* eval_export =
      evaluation->add_subcommand("export", "write the ranking or the towns as CSV or XLSX");
  auto* results_round =
      eval_results->add_option("round", evaluation_args.round_id, "the round's id");
  eval_results->add_option("--year", evaluation_args.year, "every kind of organisation in YEAR")
      ->excludes(results_round);
  eval_results->require_option(1);
  for (auto* sub : {eval_report, eval_export}) {
    sub->add_option("round", evaluation_args.round_id, "the round's id")->required();
  }
  for (auto* sub : {eval_report, eval_export}) {
    sub->add_option("-o,--output", evaluation_args.output, "the file to write")->required();
  }
  eval_export
      ->add_option("--format", evaluation_args.format, "csv or xlsx (default: from the file name)")
      ->check(CLI::IsMember({"csv", "xlsx"}));
  eval_export->add_option("--table", evaluation_args.table, "ranking (default) or towns")
      ->check(CLI::IsMember({"ranking", "towns"}));

  DemoArgs demo_args;
  auto* demo = app.add_subcommand("demo", "synthetic demo data");
  demo->require_subcommand(1);
  auto* demo_seed = demo->add_subcommand("seed", "load the demo data into the running libraries");
  demo_seed->add_option("--scale", demo_args.scale, "1.0: 300 teachers, 1700 volunteers, "
                                                    "1200 courses, 100 projects");
  demo_seed->add_option("--wait", demo_args.wait_seconds,
                        "first wait up to this many seconds for the libraries to register")
      ->check(CLI::Range(0, 3600));
  demo_seed->add_option("--network", demo_args.network_path,
                        "district network (default: configs/network.yaml)");

  PluginsArgs plugins_args;
  auto* plugins = app.add_subcommand("plugins", "town-school plugins of the library services");
  plugins->add_flag("--json", plugins_args.json, "print JSON instead of a table");
  std::vector<CLI::App*> switches;
  for (const char* verb : {"enable", "disable"}) {
    auto* sw = plugins->add_subcommand(verb, std::string(verb) + " plugin NAME for a town, at run time");
    sw->add_option("name", plugins_args.name, "the plugin, e.g. shawan-heritage")->required();
    sw->add_option("--town", plugins_args.town, "the town's slug or Chinese name, e.g. shawan")->required();
    sw->add_option("--service", plugins_args.service,
                   "the library it extends (default: the one that has it)");
    switches.push_back(sw);
  }

  BackupArgs backup_args;
  backup_args.cedu_version = CEDU_VERSION;
  auto* backup = app.add_subcommand(
      "backup", "copy every service database and the event log into DIR while the suite serves");
  backup->add_option("dir", backup_args.dir, "a new or empty directory")->required();
  backup->add_flag("--json", backup_args.json, "print the manifest as JSON");
  backup->add_flag("--skip-missing", backup_args.skip_missing,
                   "leave out files that do not exist on this host instead of failing");

  StatusArgs status_args;
  auto* status = app.add_subcommand(
      "status", "every process: pid, version, uptime, queue, in flight, last error");
  status->add_flag("--json", status_args.json, "print JSON instead of a table");

  RestoreArgs restore_args;
  auto* restore = app.add_subcommand(
      "restore", "bring back the files of a backup (the suite must be stopped)");
  restore->add_option("dir", restore_args.dir, "a directory written by `cedu backup`")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }

  Context context;
  try {
    context = load_context(global);
  } catch (const std::exception& e) {  // config::ConfigError: "file:line: key: problem"
    print_usage_error(e.what());
    return kExitUsage;
  }

  // Commands that talk to the bus need their CURVE keys now; `up` makes them first, and
  // `keygen`, `backup` and `restore` work on files.
  if (!*up && !*keygen && !*backup && !*restore) {
    if (auto s = load_default_credentials(context); !s.is_ok()) {
      print_usage_error(s.message());
      return kExitUsage;
    }
  }

  if (*call) return run_call(context, call_args);
  if (*services) return run_services(context, table);
  if (*stats) return run_stats(context);
  if (*events) return run_events(context, events_args);
  if (*up) return run_up(context);
  if (*status) return run_status(context, status_args);
  if (*backup) return run_backup(context, backup_args);
  if (*restore) return run_restore(context, restore_args);
  if (*keygen) return run_keygen(context, keygen_args);
  if (*import) return run_import(context, import_args);
  if (*exp) return run_export(context, export_args);
  if (*funding_report) return run_funding_report(context, funding_args);
  if (*eval_results) return run_evaluation_results(context, evaluation_args);
  if (*eval_rounds) return run_evaluation_rounds(context, evaluation_args);
  if (*eval_report) return run_evaluation_report(context, evaluation_args);
  if (*eval_export) return run_evaluation_export(context, evaluation_args);
  if (*demo_seed) return run_demo_seed(context, demo_args);
  if (*switches[0]) return run_plugins_switch(context, plugins_args, true);
  if (*switches[1]) return run_plugins_switch(context, plugins_args, false);
  if (*plugins) return run_plugins_list(context, plugins_args);
  if (*acl_reload) {
    CallArgs reload;
    reload.service = "bus";
    reload.method = "reload_acl";
    return run_call(context, reload);
  }
  return kExitUsage;
}
