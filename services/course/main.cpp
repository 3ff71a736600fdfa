// cedu-course: the course library service (课程库).
#include "services/course/course_domain.h"
#include "services/library/library_main.h"

int main(int argc, char** argv) {
  return cedu::library::library_main(argc, argv, cedu::course::course_service());
}
