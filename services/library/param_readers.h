// Readers of the parameters of domain methods, shared by the four libraries: positive
// ids, trimmed texts with a length limit, dates, years, hours as whole minutes, and the
// "params." prefix of a field named by a write. Every error is INVALID_ARGUMENT naming the
// field as the caller wrote it ("params.teacher_id").
//
// The libraries were written apart and word a few of these errors differently (and read
// the project's notes untrimmed). Each keeps what its clients have seen: a ParamStyle
// says how; the default one is the teacher's and the volunteer's.
// Thread-safety: pure functions (read_date and read_year read the clock).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/msgpack/fields.h"
#include "common/result.h"

namespace cedu::library {

struct ParamStyle {
  // The message for an id below 1: "must be a positive id".
  std::string_view bad_id = "must be a positive id";
  // Whether that message goes on with the id: "must be a record id (≥ 1), not 0".
  bool bad_id_shows_value = false;
  // The message for a text over the limit, before it: "must be at most 50 characters".
  std::string_view too_long = "must be at most";
  // A required text that is absent: this message, and nil reads as empty ("must not be
  // empty"). Empty: the MapView's "required field is missing", for absent and nil alike.
  std::string_view absent_text = {};
  // Surrounding blanks are removed and a blank text reads as absent; false: as written.
  bool trim = true;
};

// The id parameter `key`: an integer ≥ 1.
Result<std::int64_t> read_id(const mp::MapView& params, std::string_view key,
                             const ParamStyle& style = {});
// As read_id, optional: nullopt when absent or nil.
Result<std::optional<std::int64_t>> read_optional_id(const mp::MapView& params,
                                                     std::string_view key,
                                                     const ParamStyle& style = {});

// The text parameter `key`, trimmed (style.trim), non-empty, at most `max` code points.
Result<std::string> read_text(const mp::MapView& params, std::string_view key, std::size_t max,
                              const ParamStyle& style = {});
// As read_text, optional: nullopt when absent, nil or blank.
Result<std::optional<std::string>> read_optional_text(const mp::MapView& params,
                                                      std::string_view key, std::size_t max,
                                                      const ParamStyle& style = {});

// The hours parameter `key` (a number, see minutes_of_hours in hours.h) as whole minutes.
Result<std::int64_t> read_hours(const mp::MapView& params, std::string_view key,
                                double max_hours);

// The date parameter `key`: a real calendar day "YYYY-MM-DD" from 2000 on; with
// `not_future`, not after today (calendar.h).
Result<std::string> read_date(const mp::MapView& params, std::string_view key, bool not_future);
// The optional year parameter `key`: 2000..current_year(); nullopt when absent or nil.
Result<std::optional<int>> read_year(const mp::MapView& params, std::string_view key);

// `s` with its field prefixed "params." unless it is OK, names no field or is prefixed
// already: an error of a write, named as the caller wrote the field.
Status in_params(const Status& s);

}  // namespace cedu::library
