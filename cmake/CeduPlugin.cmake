# cedu_add_plugin(NAME SOURCES... [OUTPUT_DIR dir])
# Builds a town-school plugin: a MODULE library NAME.so (no "lib" prefix) against the plugin
# SDK, with hidden visibility so only the three CEDU_PLUGIN_EXPORT entry points are seen.
# It lands in OUTPUT_DIR, by default <build>/lib/cedu/plugins, where the library services
# of the build tree look for plugins (docs/plugins.md).
# Used in the cedu tree and installed with the SDK (ceduConfig.cmake), so a plugin built
# out of tree gets the same suffix and visibility.
function(cedu_add_plugin name)
  cmake_parse_arguments(P "" "OUTPUT_DIR" "SOURCES" ${ARGN})
  if(NOT P_OUTPUT_DIR)
    set(P_OUTPUT_DIR ${PROJECT_BINARY_DIR}/lib/cedu/plugins)
  endif()
  add_library(${name} MODULE ${P_SOURCES} ${P_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE cedu::plugin_sdk)
  target_compile_features(${name} PRIVATE cxx_std_20)  # cedu/plugin.hpp uses std::span
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    SUFFIX ".so"
    OUTPUT_NAME ${name}
    LIBRARY_OUTPUT_DIRECTORY ${P_OUTPUT_DIR}
    CXX_VISIBILITY_PRESET hidden
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(COMMAND cedu_set_warnings)  # the cedu tree's warning flags; not installed
    cedu_set_warnings(${name})
  endif()
endfunction()
