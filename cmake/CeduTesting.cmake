# add_unit_test(NAME SOURCES... [LIBS ...] [LABELS ...] [TIMEOUT s])
# Builds a Boost.Test executable and registers it with CTest. Every test of the
# project goes through this one helper so they share flags and conventions.
function(add_unit_test name)
  cmake_parse_arguments(T "" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES} ${T_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE ${T_LIBS} Boost::unit_test_framework)
  # CEDU_TEST_SOURCE_DIR: where the shipped configs are, for tests that read them.
  target_compile_definitions(${name} PRIVATE BOOST_TEST_DYN_LINK
    CEDU_TEST_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  cedu_set_warnings(${name})
  add_test(NAME ${name} COMMAND ${name} --log_level=test_suite --report_level=short)
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 120)
  endif()
  set_tests_properties(${name} PROPERTIES TIMEOUT ${T_TIMEOUT}
    LABELS "${T_LABELS}"
    ENVIRONMENT "CEDU_BUILD_DIR=${PROJECT_BINARY_DIR};CEDU_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()
