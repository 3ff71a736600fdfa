// Unit tests of serve_domain: every method of a domain's table is registered on the
// service, bound to the domain.
#define BOOST_TEST_MODULE library_domain_methods
#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string_view>
#include <utility>
#include <vector>

#include "services/library/domain_methods.h"

namespace {

struct Domain {
  int calls = 0;
};

using Method = cedu::Result<std::string> (*)(Domain&, const cedu::Request&);

cedu::Result<std::string> first(Domain& d, const cedu::Request&) {
  ++d.calls;
  return std::string("1");
}
cedu::Result<std::string> second(Domain& d, const cedu::Request&) {
  ++d.calls;
  return std::string("2");
}

cedu::ServiceOptions options() {
  cedu::ServiceOptions o;
  o.name = "demo";
  o.handle_signals = false;
  return o;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_method_of_the_table_is_registered) {
  cedu::Service service(options());
  const std::vector<std::pair<std::string_view, Method>> methods = {{"first", &first},
                                                                     {"second", &second}};
  cedu::library::serve_domain(service, std::make_shared<Domain>(), methods);
  // Registered: a second registration of either name is refused.
  for (const char* name : {"first", "second"}) {
    BOOST_CHECK_THROW(service.handle(name, [](const cedu::Request&) -> cedu::Result<std::string> {
      return std::string();
    }), std::invalid_argument);
  }
  BOOST_CHECK_NO_THROW(service.handle("third", [](const cedu::Request&) -> cedu::Result<std::string> {
    return std::string();
  }));
}

BOOST_AUTO_TEST_CASE(a_table_naming_a_method_twice_is_a_start_up_error) {
  cedu::Service service(options());
  const std::vector<std::pair<std::string_view, Method>> methods = {{"first", &first},
                                                                     {"first", &second}};
  BOOST_CHECK_THROW(cedu::library::serve_domain(service, std::make_shared<Domain>(), methods),
                    std::invalid_argument);
}
