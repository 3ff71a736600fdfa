#include "services/teacher/teacher_domain.h"

#include "services/library/domain_methods.h"
#include "services/teacher/appraisals.h"
#include "services/teacher/domain.h"
#include "services/teacher/exchanges.h"
#include "services/teacher/teacher_spec.h"
#include "services/teacher/trainings.h"

namespace cedu::teacher {

const std::vector<std::pair<std::string_view, Method>>& domain_methods() {
  static const std::vector<std::pair<std::string_view, Method>> kMethods = {
      {"add_training", &add_training},       {"trainings", &trainings},
      {"appraise", &appraise},               {"appraisals", &appraisals},
      {"assign_exchange", &assign_exchange}, {"exchanges", &exchanges},
  };
  return kMethods;
}

std::vector<sqlite::Migration> teacher_migrations() {
  return {{2, "teacher trainings, appraisals and exchanges",
           std::string(kTrainingsSchema) + ";" + kAppraisalsSchema + ";" + kExchangesSchema, {}}};
}

library::LibraryServiceDef teacher_service() {
  library::LibraryServiceDef def;
  def.spec = &teacher_spec();
  def.migrations = teacher_migrations();
  def.setup = [](library::LibraryContext& context) -> Status {
    library::serve_domain(context.service,
                          std::make_shared<Domain>(Domain{context.library, context.network}),
                          domain_methods());
    return Status::ok();
  };
  return def;
}

}  // namespace cedu::teacher
