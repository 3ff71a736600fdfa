// The course library (课程库): courses of the six categories (六大类课程), the local-specialty
// flag (本土特色), the audiences they are for, how they are taught, who provides them, hours,
// capacity and a summary, with the Chinese labels and spreadsheet headers staff use.
// Statuses: draft 草稿 → published 已发布 → archived. Records are `owned`: an organisation
// creates and modifies only the courses it provides. A title is unique within its town.
// Thread-safety: constants and pure functions.
#pragma once

#include "services/library/record.h"
#include "services/library/schema.h"

namespace cedu::course {

const library::LibrarySpec& course_spec();

// The domain rule run inside every course write (the Library's validator): derives the
// fields staff may leave out and refuses inconsistent ones.
//   - category "local" (本土特色) sets the local flag;
//   - mode defaults to "offline";
//   - provider_kind defaults to "org" for an owned course, "station" when a station is set,
//     else "town"; an owned course must be "org" (INVALID_ARGUMENT naming provider_kind),
//     a "station" course needs a station (INVALID_ARGUMENT naming station).
Status derive_course_fields(const library::Record* before, library::Record& after);

}  // namespace cedu::course
