#include "services/library/paging.h"

namespace cedu::library {

Result<PageParams> read_page(const mp::MapView& params, std::int64_t default_limit) {
  CEDU_ASSIGN_OR_RETURN(auto after, params.optional_int64("after"));
  CEDU_ASSIGN_OR_RETURN(auto limit, params.optional_int64("limit"));
  if (limit && (*limit < 1 || *limit > 1000)) {
    return Status::invalid_argument("must be 1..1000", params.path_of("limit"));
  }
  return PageParams{after.value_or(0), limit.value_or(default_limit)};
}

}  // namespace cedu::library
