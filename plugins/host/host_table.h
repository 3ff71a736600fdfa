// The host table a plugin receives in cedu_plugin_load: the C functions through which it
// registers its hooks and uses the host's services (cedu/plugin.h). Each function finds
// its plugin and host through the cedu_host handle; nothing here throws.
// Thread-safety: registration functions are for load time (one thread); the rest are
// thread-safe.
#pragma once

#include "cedu/plugin.h"

namespace cedu::plugins {

// The one table of this host build (API CEDU_PLUGIN_API_MAJOR.MINOR).
const cedu_host_api* host_api();

}  // namespace cedu::plugins
