// The course service's own tables beside the library core's records: sessions (课次) with
// their venue, map position, teacher and volunteers; enrolments (报名) with the waitlist;
// attendance. Schema version 2 of the course database (version 1 is the core's).
//
//   course_sessions(id, course_id → records, starts_at, ends_at, venue, venue_key, lat, lon,
//                   teacher_id, status scheduled|cancelled, note, created/updated by/at)
//   course_session_volunteers(session_id, volunteer_id, assigned_by, assigned_at)
//   course_enrolments(id, course_id → records, name, phone, town, station, birth_year,
//                     status enrolled|waitlisted|cancelled|completed, enrolled_at,
//                     promoted_at, cancelled_at, completed_at, note, created_by,
//                     updated_by, updated_at) — one active enrolment per phone and course
//   course_attendance(enrolment_id, session_id, present, recorded_by, recorded_at)
//
// Thread-safety: constants.
#pragma once

#include <vector>

#include "common/sqlite/migrations.h"

namespace cedu::course {

std::vector<sqlite::Migration> course_migrations();

}  // namespace cedu::course
