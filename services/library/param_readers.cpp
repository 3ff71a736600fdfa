#include "services/library/param_readers.h"

#include "services/library/calendar.h"
#include "services/library/hours.h"
#include "services/library/schema.h"

namespace cedu::library {
namespace {

std::string trim(std::string_view s) {
  const char* ws = " \t\r\n";
  const auto first = s.find_first_not_of(ws);
  if (first == std::string_view::npos) return {};
  return std::string(s.substr(first, s.find_last_not_of(ws) - first + 1));
}

Status bad_id(const mp::MapView& params, std::string_view key, std::int64_t id,
              const ParamStyle& style) {
  std::string message(style.bad_id);
  if (style.bad_id_shows_value) message += ", not " + std::to_string(id);
  return Status::invalid_argument(message, params.path_of(key));
}

}  // namespace

Result<std::int64_t> read_id(const mp::MapView& params, std::string_view key,
                             const ParamStyle& style) {
  CEDU_ASSIGN_OR_RETURN(std::int64_t id, params.int64(key));
  if (id < 1) return bad_id(params, key, id, style);
  return id;
}

Result<std::optional<std::int64_t>> read_optional_id(const mp::MapView& params,
                                                     std::string_view key,
                                                     const ParamStyle& style) {
  CEDU_ASSIGN_OR_RETURN(auto id, params.optional_int64(key));
  if (id && *id < 1) return bad_id(params, key, *id, style);
  return id;
}

Result<std::optional<std::string>> read_optional_text(const mp::MapView& params,
                                                      std::string_view key, std::size_t max,
                                                      const ParamStyle& style) {
  CEDU_ASSIGN_OR_RETURN(auto text, params.optional_string(key));
  if (!text) return std::optional<std::string>();
  std::string t = style.trim ? trim(*text) : std::move(*text);
  if (t.empty()) return std::optional<std::string>();
  if (code_points(t) > max) {
    return Status::invalid_argument(
        std::string(style.too_long) + " " + std::to_string(max) + " characters",
        params.path_of(key));
  }
  return std::optional<std::string>(std::move(t));
}

Result<std::string> read_text(const mp::MapView& params, std::string_view key, std::size_t max,
                              const ParamStyle& style) {
  if (style.absent_text.empty()) {
    CEDU_RETURN_IF_ERROR(params.string(key).status());  // missing, nil or not a string
  } else if (!params.has(key)) {
    return Status::invalid_argument(std::string(style.absent_text), params.path_of(key));
  }
  CEDU_ASSIGN_OR_RETURN(auto text, read_optional_text(params, key, max, style));
  if (!text) return Status::invalid_argument("must not be empty", params.path_of(key));
  return std::move(*text);
}

Result<std::int64_t> read_hours(const mp::MapView& params, std::string_view key,
                                double max_hours) {
  CEDU_ASSIGN_OR_RETURN(double hours, params.number(key));
  return minutes_of_hours(hours, params.path_of(key), max_hours);
}

Result<std::string> read_date(const mp::MapView& params, std::string_view key, bool not_future) {
  CEDU_ASSIGN_OR_RETURN(std::string date, params.string(key));
  if (!valid_date(date)) {
    return Status::invalid_argument("must be a date YYYY-MM-DD, not '" + date.substr(0, 40) + "'",
                                    params.path_of(key));
  }
  if (date < "2000-01-01") {
    return Status::invalid_argument("must be 2000-01-01 or later", params.path_of(key));
  }
  if (not_future && date > today()) {
    return Status::invalid_argument("must not be in the future (today is " + today() + ")",
                                    params.path_of(key));
  }
  return date;
}

Result<std::optional<int>> read_year(const mp::MapView& params, std::string_view key) {
  CEDU_ASSIGN_OR_RETURN(auto year, params.optional_int64(key));
  if (!year) return std::optional<int>();
  if (*year < 2000 || *year > current_year()) {
    return Status::invalid_argument("must be a year from 2000 to " + std::to_string(current_year()),
                                    params.path_of(key));
  }
  return std::optional<int>(static_cast<int>(*year));
}

Status in_params(const Status& s) {
  if (s.is_ok() || s.field().empty() || s.field().rfind("params.", 0) == 0) return s;
  return Status(s.code(), s.message(), "params." + s.field());
}

}  // namespace cedu::library
