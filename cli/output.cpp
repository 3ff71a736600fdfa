#include "cli/output.h"

#include <iostream>

#include "cli/json_msgpack.h"

namespace cedu::cli {

Json error_json(const Status& status) {
  Json error = {{"code", std::string(code_name(status.code()))},
                          {"message", status.message()},
                          {"field", nullptr}};
  if (!status.field().empty()) error["field"] = status.field();
  return {{"error", error}};
}

void print_bus_error(const Status& status) {
  std::cerr << render_json(error_json(status)) << std::endl;
}

void print_usage_error(std::string_view message) {
  std::cerr << "cedu: " << message << std::endl;
}

}  // namespace cedu::cli
