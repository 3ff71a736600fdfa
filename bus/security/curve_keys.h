// CURVE key pairs for the bus (ZeroMQ RFC 26): generation, Z85 checks, and key files.
// A key pair is stored as two files in a directory: NAME.pub (the public key, shareable)
// and NAME.key (the secret key, mode 0600; a secret readable by others is refused).
// Thread-safety: stateless functions.
#pragma once

#include <string>
#include <string_view>

#include "bus/protocol/curve_credentials.h"
#include "common/result.h"

namespace cedu::security {

// Z85-encoded keys: 40 printable characters each.
struct CurveKeyPair {
  std::string public_key;
  std::string secret_key;
};

inline constexpr std::size_t kZ85KeySize = 40;

// Returns a fresh key pair, or INTERNAL iff libzmq was built without CURVE.
Result<CurveKeyPair> generate_keypair();

// Returns OK iff `key` is a 40-character Z85 string that decodes to 32 bytes;
// else INVALID_ARGUMENT naming `field`.
Status check_z85_key(std::string_view key, std::string_view field);

// Writes DIR/NAME.pub and DIR/NAME.key (created with mode 0600). Creates DIR (0700).
// Returns ALREADY_EXISTS iff either file exists: keys are never overwritten silently.
Status write_keypair(const std::string& dir, const std::string& name, const CurveKeyPair& keys);

// Reads DIR/NAME.pub and DIR/NAME.key. Returns NOT_FOUND iff a file is missing,
// PERMISSION_DENIED iff the secret key file is readable or writable by group or others,
// INVALID_ARGUMENT iff a key is malformed.
Result<CurveKeyPair> read_keypair(const std::string& dir, const std::string& name);

// Reads a public key file (a Z85 key; surrounding whitespace ignored).
Result<std::string> read_public_key(const std::string& path);

// Reads DIR/NAME.* when present, else generates and writes them: how services and the
// broker get their keys on first start.
Result<CurveKeyPair> load_or_create_keypair(const std::string& dir, const std::string& name);

// The file name (without .pub/.key) of a principal's key pair: "org:panyu" → "org-panyu".
std::string key_file_stem(std::string_view principal);

// What a peer needs to connect as `principal`: its key pair DIR/<stem>.{pub,key} and the
// broker's public key DIR/cedu-bus.pub. Errors as read_keypair / read_public_key.
Result<CurveCredentials> load_credentials(const std::string& dir, std::string_view principal);

}  // namespace cedu::security
