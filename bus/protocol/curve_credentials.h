// CurveCredentials: what a peer needs to connect to a broker that runs CURVE — the
// broker's public key and the peer's own key pair (Z85, 40 characters each).
// Thread-safety: a plain value.
#pragma once

#include <string>

namespace cedu {

struct CurveCredentials {
  std::string server_public_key;
  std::string public_key;
  std::string secret_key;
};

}  // namespace cedu
