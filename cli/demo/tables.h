// The demo data of each library as the spreadsheet a district clerk would import: a
// header of the Chinese column names the libraries read and one row per record, all drawn
// from fixed-seed generators (same scale → same table, byte for byte). Courses and
// projects come with what happens to them after the import: which courses are published
// with which sessions, which steps each project has gone through.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/config/network.h"
#include "common/tabular/csv_writer.h"

namespace cedu::cli::demo {

tabular::TextTable teacher_table(const config::Network& network, std::size_t count);
tabular::TextTable volunteer_table(const config::Network& network, std::size_t count);

// A course that is published after the import, with its weekly sessions.
struct CourseToPublish {
  std::string town;   // slug
  std::string title;  // with the town: the course's natural key
  std::string venue;  // empty for an online course
  std::vector<std::pair<std::string, std::string>> sessions;  // starts_at, ends_at (local)
};

struct CourseData {
  tabular::TextTable table;
  std::vector<CourseToPublish> published;
};
CourseData course_data(const config::Network& network, std::size_t count);

// The transitions a project has been through since it was applied for.
struct ProjectSteps {
  std::string town;   // slug
  std::string title;
  std::vector<std::string> steps;  // e.g. approved, midterm
};

struct ProjectData {
  tabular::TextTable table;
  std::vector<ProjectSteps> steps;
};
ProjectData project_data(const config::Network& network, std::size_t count);

}  // namespace cedu::cli::demo
