#include "services/project/project_params.h"

#include "services/library/schema.h"

namespace cedu::project {

Status in_params(const Status& s) {
  if (s.is_ok() || s.field().empty() || s.field().rfind("params.", 0) == 0) return s;
  return Status(s.code(), s.message(), "params." + s.field());
}

Result<std::int64_t> positive_id(const mp::MapView& p, std::string_view key) {
  CEDU_ASSIGN_OR_RETURN(std::int64_t id, p.int64(key));
  if (id <= 0) return Status::invalid_argument("must be a positive record id", p.path_of(key));
  return id;
}

Result<std::string> optional_note(const mp::MapView& p, std::string_view key, std::size_t max) {
  CEDU_ASSIGN_OR_RETURN(auto note, p.optional_string(key));
  if (!note) return std::string();
  if (library::code_points(*note) > max) {
    return Status::invalid_argument("longer than " + std::to_string(max) + " characters",
                                    p.path_of(key));
  }
  return *note;
}

}  // namespace cedu::project
