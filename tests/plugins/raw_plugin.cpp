// A plugin written against the bare C ABI (no wrapper), built in several deliberately
// different variants by the compile definitions below, to test what the host refuses:
//   RAW_NAME         the plugin's name
//   RAW_API_MAJOR    the API major it claims (default: this SDK's)
//   RAW_API_MINOR    the API minor it claims (default: this SDK's)
//   RAW_DEPENDS      a dependency's name, RAW_DEPENDS_MIN its minimum version
//   RAW_FAIL_LOAD    its load refuses with a reason
#include <cedu/plugin.h>

#ifndef RAW_API_MAJOR
#define RAW_API_MAJOR CEDU_PLUGIN_API_MAJOR
#endif
#ifndef RAW_API_MINOR
#define RAW_API_MINOR CEDU_PLUGIN_API_MINOR
#endif

namespace {
#ifdef RAW_DEPENDS
const cedu_dependency kDependencies[] = {{RAW_DEPENDS, RAW_DEPENDS_MIN}};
#endif
}  // namespace

extern "C" CEDU_PLUGIN_EXPORT const cedu_plugin_info* cedu_plugin_describe(void) {
  static cedu_plugin_info info = [] {
    cedu_plugin_info i{};
    i.struct_size = sizeof(cedu_plugin_info);
    i.api_major = RAW_API_MAJOR;
    i.api_minor = RAW_API_MINOR;
    i.name = RAW_NAME;
    i.version = "1.0.0";
    i.service = "course";
    i.author = "cedu tests";
    i.description = "a bare C ABI plugin";
#ifdef RAW_DEPENDS
    i.dependencies = kDependencies;
    i.dependency_count = 1;
#endif
    return i;
  }();
  return &info;
}

extern "C" CEDU_PLUGIN_EXPORT int cedu_plugin_load(const cedu_host_api* api, cedu_host* host,
                                                   cedu_call* call) {
  (void)host;
#ifdef RAW_FAIL_LOAD
  api->set_error(call, CEDU_FAILED_PRECONDITION, "", "the probe's hardware is missing");
  return CEDU_FAILED_PRECONDITION;
#else
  (void)api;
  (void)call;
  return CEDU_OK;
#endif
}

extern "C" CEDU_PLUGIN_EXPORT void cedu_plugin_unload(void) {}
