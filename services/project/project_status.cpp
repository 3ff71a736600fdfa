#include "services/project/project_status.h"

#include <algorithm>
#include <map>

namespace cedu::project {
namespace {

const std::map<std::string, std::vector<std::string>, std::less<>>& steps() {
  static const std::map<std::string, std::vector<std::string>, std::less<>> kSteps = {
      {"applied", {"approved", "rejected", "withdrawn"}},
      {"approved", {"midterm", "withdrawn"}},
      {"midterm", {"concluded", "withdrawn"}},
      {"concluded", {}},
      {"rejected", {}},
      {"withdrawn", {}},
  };
  return kSteps;
}

// Every status some transition leads to.
bool is_target(std::string_view to) {
  for (const auto& [from, targets] : steps()) {
    if (std::find(targets.begin(), targets.end(), to) != targets.end()) return true;
  }
  return false;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

const std::vector<std::string>& next_statuses(std::string_view from) {
  static const std::vector<std::string> kNone;
  auto it = steps().find(from);
  return it == steps().end() ? kNone : it->second;
}

bool legal_transition(std::string_view from, std::string_view to) {
  const auto& next = next_statuses(from);
  return std::find(next.begin(), next.end(), to) != next.end();
}

Status check_transition(std::string_view from, std::string_view to, const std::string& field) {
  if (!is_target(to)) {
    return Status::invalid_argument("'" + std::string(to) +
                                        "' is not a status a project moves to (approved, "
                                        "midterm, concluded, rejected, withdrawn)",
                                    field);
  }
  if (legal_transition(from, to)) return Status::ok();
  const auto& next = next_statuses(from);
  return Status::failed_precondition(
      std::string(from) + " → " + std::string(to) + " is not allowed: " +
          (next.empty() ? std::string(from) + " is final"
                        : std::string(from) + " may move only to " + joined(next)),
      field);
}

bool established(std::string_view status) {
  return status == "approved" || status == "midterm" || status == "concluded";
}

}  // namespace cedu::project
