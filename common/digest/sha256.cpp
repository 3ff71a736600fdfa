#include "common/digest/sha256.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace cedu::digest {
namespace {

// Fetched once: an implicit fetch by name on every digest costs about a tenth of it.
const EVP_MD* sha256_md() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (md == nullptr) throw std::runtime_error("OpenSSL has no SHA256 (libcrypto not usable)");
  return md;
}

std::string hex(const unsigned char* hash, unsigned int size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * size);
  for (unsigned int i = 0; i < size; ++i) {
    out.push_back(kHex[hash[i] >> 4]);
    out.push_back(kHex[hash[i] & 15]);
  }
  return out;
}

void start(EVP_MD_CTX* ctx) {
  if (EVP_DigestInit_ex(ctx, sha256_md(), nullptr) != 1) {
    throw std::runtime_error("SHA-256: EVP_DigestInit_ex failed");
  }
}

}  // namespace

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  if (ctx_ == nullptr) throw std::bad_alloc();
  start(ctx_);
}

Sha256::~Sha256() { EVP_MD_CTX_free(ctx_); }

void Sha256::update(std::string_view bytes) {
  // Cannot fail for an initialised software digest.
  (void)EVP_DigestUpdate(ctx_, bytes.data(), bytes.size());
}

std::string Sha256::hex_digest() {
  unsigned char hash[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  (void)EVP_DigestFinal_ex(ctx_, hash, &size);
  start(ctx_);
  return hex(hash, size);
}

std::string sha256_hex(std::string_view bytes) {
  thread_local Sha256 digest;  // one context per thread, reused
  digest.update(bytes);
  return digest.hex_digest();
}

}  // namespace cedu::digest
