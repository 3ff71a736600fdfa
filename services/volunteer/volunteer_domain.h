// cedu-volunteer beyond the library core: the service definition that library_main runs —
// the volunteer spec, the domain's tables (migration 2: trainings and the service-hours
// ledger), the config (configs/volunteer.yaml beside the network file, see
// volunteer_config.h), the birth-year check and the domain methods of domain.h.
// Thread-safety: setup runs once at start-up; the methods it registers run on the
// service's handler threads with their state in SQLite behind the Library's lock.
#pragma once

#include <vector>

#include "common/sqlite/migrations.h"
#include "services/library/library_main.h"

namespace cedu::volunteer {

// The domain's migrations (versions 2, …; 1 is the library core's).
std::vector<sqlite::Migration> volunteer_migrations();
// Checks a volunteer record before every write: birth_year not in the future.
Status check_volunteer(const library::Record* before, library::Record& after);

library::LibraryServiceDef volunteer_service();

}  // namespace cedu::volunteer
