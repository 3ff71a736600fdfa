#include "services/course/course_tables.h"

namespace cedu::course {

std::vector<sqlite::Migration> course_migrations() {
  return {
      {2, "course sessions, volunteers, enrolments and attendance",
       "CREATE TABLE course_sessions ("
       " id INTEGER PRIMARY KEY AUTOINCREMENT,"
       " course_id INTEGER NOT NULL REFERENCES records(id),"
       " starts_at TEXT NOT NULL, ends_at TEXT NOT NULL,"
       " venue TEXT NOT NULL DEFAULT '', venue_key TEXT NOT NULL DEFAULT '',"
       " lat REAL, lon REAL, teacher_id INTEGER,"
       " status TEXT NOT NULL DEFAULT 'scheduled', note TEXT NOT NULL DEFAULT '',"
       " created_by TEXT NOT NULL, created_at TEXT NOT NULL,"
       " updated_by TEXT NOT NULL, updated_at TEXT NOT NULL);"
       "CREATE INDEX course_sessions_course ON course_sessions(course_id, starts_at);"
       "CREATE INDEX course_sessions_teacher ON course_sessions(teacher_id, starts_at)"
       " WHERE teacher_id IS NOT NULL;"
       "CREATE INDEX course_sessions_venue ON course_sessions(venue_key, starts_at)"
       " WHERE venue_key <> '';"
       "CREATE INDEX course_sessions_start ON course_sessions(starts_at);"
       "CREATE TABLE course_session_volunteers ("
       " session_id INTEGER NOT NULL REFERENCES course_sessions(id),"
       " volunteer_id INTEGER NOT NULL, assigned_by TEXT NOT NULL, assigned_at TEXT NOT NULL,"
       " PRIMARY KEY(session_id, volunteer_id));"
       "CREATE INDEX course_session_volunteers_volunteer"
       " ON course_session_volunteers(volunteer_id);"
       "CREATE TABLE course_enrolments ("
       " id INTEGER PRIMARY KEY AUTOINCREMENT,"
       " course_id INTEGER NOT NULL REFERENCES records(id),"
       " name TEXT NOT NULL, phone TEXT NOT NULL, town TEXT NOT NULL,"
       " station TEXT NOT NULL DEFAULT '', birth_year INTEGER NOT NULL,"
       " status TEXT NOT NULL, enrolled_at TEXT NOT NULL,"
       " promoted_at TEXT NOT NULL DEFAULT '', cancelled_at TEXT NOT NULL DEFAULT '',"
       " completed_at TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '',"
       " created_by TEXT NOT NULL, updated_by TEXT NOT NULL, updated_at TEXT NOT NULL);"
       "CREATE UNIQUE INDEX course_enrolments_active ON course_enrolments(course_id, phone)"
       " WHERE status <> 'cancelled';"
       "CREATE INDEX course_enrolments_course ON course_enrolments(course_id, status, id);"
       "CREATE INDEX course_enrolments_town ON course_enrolments(town, status);"
       "CREATE TABLE course_attendance ("
       " enrolment_id INTEGER NOT NULL REFERENCES course_enrolments(id),"
       " session_id INTEGER NOT NULL REFERENCES course_sessions(id),"
       " present INTEGER NOT NULL, recorded_by TEXT NOT NULL, recorded_at TEXT NOT NULL,"
       " PRIMARY KEY(enrolment_id, session_id));",
       {}},
  };
}

}  // namespace cedu::course
