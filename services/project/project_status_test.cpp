// The life of a project as a table: every (from, to) pair, legal or not.
#define BOOST_TEST_MODULE project_status
#include <boost/test/unit_test.hpp>

#include <set>

#include "services/project/project_spec.h"
#include "services/project/project_status.h"

using namespace cedu::project;
using cedu::StatusCode;

namespace {

const std::vector<std::string> kStatuses = {"applied",  "approved",  "midterm",  "concluded",
                                            "rejected", "withdrawn", "archived"};

const std::set<std::pair<std::string, std::string>> kLegal = {
    {"applied", "approved"}, {"applied", "rejected"},   {"applied", "withdrawn"},
    {"approved", "midterm"}, {"approved", "withdrawn"}, {"midterm", "concluded"},
    {"midterm", "withdrawn"},
};

}  // namespace

BOOST_AUTO_TEST_CASE(every_pair_is_legal_iff_listed) {
  int legal = 0;
  for (const auto& from : kStatuses) {
    for (const auto& to : kStatuses) {
      const bool expected = kLegal.count({from, to}) > 0;
      BOOST_TEST(legal_transition(from, to) == expected, from << " → " << to);
      legal += expected ? 1 : 0;
    }
  }
  BOOST_TEST(legal == 7);
}

BOOST_AUTO_TEST_CASE(illegal_steps_name_from_and_to) {
  auto s = check_transition("applied", "concluded", "params.to");
  BOOST_TEST(s.code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(s.message().find("applied → concluded") != std::string::npos, s.message());
  BOOST_TEST(s.message().find("approved, rejected, withdrawn") != std::string::npos, s.message());
  BOOST_TEST(s.field() == "params.to");

  auto final_step = check_transition("concluded", "withdrawn", "params.to");
  BOOST_TEST(final_step.code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(final_step.message().find("concluded is final") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(targets_no_step_leads_to_are_invalid_arguments) {
  for (const std::string to : {"applied", "archived", "draft", ""}) {
    BOOST_TEST(check_transition("applied", to, "params.to").code() == StatusCode::kInvalidArgument,
               to);
  }
  BOOST_TEST(check_transition("applied", "approved", "params.to").is_ok());
}

BOOST_AUTO_TEST_CASE(final_statuses_have_no_next_and_established_is_approved_and_later) {
  for (const std::string s : {"concluded", "rejected", "withdrawn", "archived", "nonsense"}) {
    BOOST_TEST(next_statuses(s).empty(), s);
  }
  BOOST_TEST(established("approved"));
  BOOST_TEST(established("midterm"));
  BOOST_TEST(established("concluded"));
  BOOST_TEST(!established("applied"));
  BOOST_TEST(!established("withdrawn"));
  BOOST_TEST(!established("rejected"));
}

BOOST_AUTO_TEST_CASE(every_status_of_the_table_is_one_of_the_spec) {
  for (const auto& s : kStatuses) BOOST_TEST(project_spec().has_status(s), s);
  BOOST_TEST(project_spec().initial_status() == "applied");
}
