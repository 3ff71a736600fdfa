// Paging of the domain listings (teacher.appraisals, volunteer.hours_entries,
// course.enrolments, …): the caller asks for the rows with ids after `after`, at most
// `limit` of them, in id order; a full page names its last id as "next_after" to go on
// from, a shorter one gives nil (the end).
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "common/msgpack/fields.h"
#include "common/result.h"

namespace cedu::library {

struct PageParams {
  std::int64_t after = 0;  // rows with id > after
  std::int64_t limit = 0;  // 1..1000
};

// The "after" (0 when absent) and "limit" (1..1000, `default_limit` when absent) of
// `params`; INVALID_ARGUMENT naming the field otherwise.
Result<PageParams> read_page(const mp::MapView& params, std::int64_t default_limit);

// The "next_after" of a page of `rows` (each with an `id`) read with `limit`: the id of
// the last row iff the page is full, else nullopt (packed as nil).
template <typename Row>
std::optional<std::int64_t> next_after(const std::vector<Row>& rows, std::size_t limit) {
  if (rows.empty() || rows.size() != limit) return std::nullopt;
  return rows.back().id;
}

}  // namespace cedu::library
