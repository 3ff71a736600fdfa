// digital_count: what nancun-indicators counts, from the course library over the bus.
// The digital courses for the elderly of a town (or one of its stations): courses that
// are not archived, whose audiences include elderly (老年人), and whose title or summary
// contains a configured keyword or whose category is configured. For a year:
//   sessions  their sessions starting in that year that were not cancelled;
//   learners  their enrolments (enrolled or completed) of residents at least elderly_age
//             years old in that year, in those courses that had such a session.
// Thread-safety: stateless functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <cedu/plugin.hpp>

#include "indicators_config.h"

namespace nancun_indicators {

struct DigitalCount {
  std::int64_t courses = 0;   // digital courses for the elderly with a session in the year
  std::int64_t sessions = 0;
  std::int64_t learners = 0;
};

// Asks course.list, course.sessions and course.enrolments on behalf of the callback `c`
// (its deadline bounds the calls). Throws cedu::plugin::Error when a call fails.
DigitalCount count_digital(const cedu::plugin::Context& c, const IndicatorsConfig& config,
                           std::string_view station, int year);

// Whether a course record (a msgpack map) counts as digital learning for the elderly.
bool is_digital_for_elderly(const msgpack::object& course, const IndicatorsConfig& config);

}  // namespace nancun_indicators
