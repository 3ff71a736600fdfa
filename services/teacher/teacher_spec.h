// The teacher library (师资库): full-time, part-time teachers and experts, their
// specialties by the six course categories, title, affiliation, availability by weekday
// and time of day, and personal data (phone, ID card, address) that only callers with the
// `pii` right see unmasked.
// Thread-safety: a constant.
#pragma once

#include "services/library/schema.h"

namespace cedu::teacher {

const library::LibrarySpec& teacher_spec();

}  // namespace cedu::teacher
