#include "services/teacher/teacher_domain.h"

#include "services/teacher/teacher_spec.h"

namespace cedu::teacher {

library::LibraryServiceDef teacher_service() {
  library::LibraryServiceDef def;
  def.spec = &teacher_spec();
  def.setup = [](library::LibraryContext&) { return Status::ok(); };
  return def;
}

}  // namespace cedu::teacher
