// The steps `cedu demo seed` takes with one library (seed.h): import a table in chunks,
// list records, publish courses with their sessions, move projects along their steps,
// count. Each returns what it did or the first error.
// Thread-safety: uses the caller's Client (one thread).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "bus/client/client.h"
#include "cli/context.h"
#include "cli/demo/tables.h"

namespace cedu::cli::demo {

struct ImportTotals {
  std::int64_t rows = 0, created = 0, updated = 0, unchanged = 0;
};

// Imports `table` into `library`: chunks of at most half a bus message, all dry-run first;
// then committed iff no row of any chunk was refused. FAILED_PRECONDITION listing the
// first refused rows otherwise (nothing written).
Result<ImportTotals> import_table(Client& client, const Context& context,
                                  const std::string& library, const tabular::TextTable& table);

// A record as the seeding needs it.
struct Listed {
  std::int64_t id = 0, version = 0;
  std::string status;
};
// Every record of `library` not archived (or only those with `status`), by (town, title).
Result<std::map<std::pair<std::string, std::string>, Listed>> list_by_title(
    Client& client, const Context& context, const std::string& library,
    const std::string& status = {});

// Publishes the courses of `courses` that are still drafts, adding their missing sessions
// first. Returns a summary: "published 12 with 34 sessions".
Result<std::string> publish_courses(Client& client, const Context& context,
                                    const std::vector<CourseToPublish>& courses);

// Moves every project of `projects` along its remaining steps. Returns a summary.
Result<std::string> move_projects(Client& client, const Context& context,
                                  const std::vector<ProjectSteps>& projects);

// The number of records of `library` that are not archived.
Result<std::int64_t> library_total(Client& client, const Context& context,
                                   const std::string& library);

}  // namespace cedu::cli::demo
