// cedu-project: the project library service (项目库).
#include "services/library/library_main.h"
#include "services/project/project_domain.h"

int main(int argc, char** argv) {
  return cedu::library::library_main(argc, argv, cedu::project::project_service());
}
