// cedu-volunteer: the volunteer library service (志愿者库).
#include "services/library/library_main.h"
#include "services/volunteer/volunteer_domain.h"

int main(int argc, char** argv) {
  return cedu::library::library_main(argc, argv, cedu::volunteer::volunteer_service());
}
