#include "services/volunteer/volunteer_domain.h"

#include <spdlog/spdlog.h>

#include "common/config/error.h"
#include "services/library/calendar.h"
#include "services/library/domain_methods.h"
#include "services/volunteer/certificate.h"
#include "services/volunteer/domain.h"
#include "services/volunteer/hours_store.h"
#include "services/volunteer/per_thousand.h"
#include "services/volunteer/yearly.h"
#include "services/volunteer/service_hours.h"
#include "services/volunteer/trainings.h"
#include "services/volunteer/volunteer_spec.h"

namespace cedu::volunteer {

const std::vector<std::pair<std::string_view, Method>>& domain_methods() {
  static const std::vector<std::pair<std::string_view, Method>> kMethods = {
      {"add_training", &add_training},   {"trainings", &trainings},
      {"log_hours", &log_hours},         {"review_hours", &review_hours},
      {"hours", &hours},                 {"hours_entries", &hours_entries},
      {"certificate", &certificate},     {"per_thousand", &per_thousand},
      {"yearly", &yearly},
  };
  return kMethods;
}

std::vector<sqlite::Migration> volunteer_migrations() {
  return {{2, "volunteer trainings and service hours",
           std::string(kTrainingsSchema) + ";" + kHoursSchema, {}}};
}

Status check_volunteer(const library::Record*, library::Record& after) {
  if (const auto* year = std::get_if<std::int64_t>(&after.field("birth_year"))) {
    if (*year > library::current_year()) {
      return Status::invalid_argument("must not be in the future", "birth_year");
    }
  }
  return Status::ok();
}

library::LibraryServiceDef volunteer_service() {
  library::LibraryServiceDef def;
  def.spec = &volunteer_spec();
  def.migrations = volunteer_migrations();
  def.setup = [](library::LibraryContext& context) -> Status {
    VolunteerConfig config;
    try {
      config = volunteer_config_beside(context.network->source);
    } catch (const config::ConfigError& e) {
      return Status::invalid_argument(e.what());
    }
    spdlog::info("volunteer stars at {}, {}, {}, {}, {} approved hours ({})",
                 config.star_thresholds_hours[0], config.star_thresholds_hours[1],
                 config.star_thresholds_hours[2], config.star_thresholds_hours[3],
                 config.star_thresholds_hours[4],
                 config.source.empty() ? "defaults" : config.source);
    context.library.set_validator(check_volunteer);
    library::Library* lib = &context.library;
    auto domain = std::make_shared<Domain>(Domain{
        context.library, context.network, std::move(config),
        // Through the library, so the town-school plugins' observers see hours events too
        // (zhongcun-timebank credits approved hours).
        [lib](std::string_view event, std::string payload) {
          lib->publish_payload(event, std::move(payload));
        }});
    library::serve_domain(context.service, domain, domain_methods());
    return Status::ok();
  };
  return def;
}

}  // namespace cedu::volunteer
