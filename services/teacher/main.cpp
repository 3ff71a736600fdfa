// cedu-teacher: the teacher library service.
#include "services/library/library_main.h"
#include "services/teacher/teacher_domain.h"
#include "services/teacher/teacher_spec.h"

int main(int argc, char** argv) {
  return cedu::library::library_main(argc, argv, cedu::teacher::teacher_service());
}
