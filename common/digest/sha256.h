// SHA-256 digests as lower-case hex: the audit trail's digests of what was written, the
// backup manifest's digests of files, certificate check codes. OpenSSL's libcrypto, which
// uses the CPU's SHA instructions where there are any (about 4× libsodium's portable code
// on a 300-byte record body: docs/performance.md).
// Thread-safety: sha256_hex may be called from any thread; a Sha256 belongs to one.
#pragma once

#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace cedu::digest {

// The digest of `bytes`, 64 hex characters.
std::string sha256_hex(std::string_view bytes);

// An incremental digest, for data that comes in pieces (a file read in blocks).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view bytes);
  // The digest of everything updated so far, 64 hex characters; starts a new digest.
  std::string hex_digest();

 private:
  evp_md_ctx_st* ctx_;
};

}  // namespace cedu::digest
