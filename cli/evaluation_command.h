// `cedu evaluation …`: the district's results of an evaluation round (docs/evaluation.md,
// "District results"):
//   cedu evaluation results ROUND | --year YEAR   prints evaluation.results as JSON
//   cedu evaluation rounds [--year Y] [--type T] [--stage S]
//                                                 prints the rounds (evaluation.round_list,
//                                                 every page) as a JSON array
//   cedu evaluation report ROUND -o FILE          writes the Chinese report (Markdown)
//   cedu evaluation export ROUND -o FILE [--format csv|xlsx] [--table ranking|towns]
//                                                 writes the ranking or the towns' table
// report and export ask evaluation.export for the bytes and write FILE atomically (a
// temporary file beside it, then a rename). Without --format, a FILE ending in .xlsx means
// xlsx, else csv (as `cedu export`).
// Exit: 0 when done; 1 on a bus error or when FILE cannot be written; 2 for bad options.
// Thread-safety: run from the main thread.
#pragma once

#include <cstdint>
#include <string>

#include "cli/context.h"

namespace cedu::cli {

struct EvaluationArgs {
  std::int64_t round_id = 0;
  int year = 0;        // results: every kind of organisation in this year instead of a round
  std::string output;
  std::string format;  // csv, xlsx; empty: from the file name
  std::string table;   // ranking, towns; empty: ranking
  std::string type;    // rounds: an organisation type; empty: every type
  std::string stage;   // rounds: a stage name; empty: every stage
};

int run_evaluation_results(const Context& context, const EvaluationArgs& args);
int run_evaluation_rounds(const Context& context, const EvaluationArgs& args);
int run_evaluation_report(const Context& context, const EvaluationArgs& args);
int run_evaluation_export(const Context& context, const EvaluationArgs& args);

}  // namespace cedu::cli
