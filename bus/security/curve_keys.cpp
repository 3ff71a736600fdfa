#include "bus/security/curve_keys.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <zmq.h>

namespace cedu::security {
namespace {

namespace fs = std::filesystem;

std::string trim(std::string s) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

Result<std::string> read_key_file(const std::string& path, std::string_view field) {
  std::ifstream in(path);
  if (!in) return Status::not_found("cannot read key file " + path, std::string(field));
  std::stringstream ss;
  ss << in.rdbuf();
  std::string key = trim(ss.str());
  CEDU_RETURN_IF_ERROR(check_z85_key(key, path));
  return key;
}

// Writes `content` to a new file with `mode`; fails if it exists.
Status write_new_file(const std::string& path, const std::string& content, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    if (errno == EEXIST) return Status::already_exists(path + " exists; keys are not overwritten");
    return Status::internal("cannot create " + path + ": " + std::strerror(errno));
  }
  const std::string line = content + "\n";
  const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || !synced) return Status::internal("cannot write " + path);
  // O_CREAT honours the umask; make the mode exact.
  if (::chmod(path.c_str(), mode) != 0) return Status::internal("cannot chmod " + path);
  return Status::ok();
}

}  // namespace

Result<CurveKeyPair> generate_keypair() {
  char pub[kZ85KeySize + 1] = {0};
  char sec[kZ85KeySize + 1] = {0};
  if (zmq_curve_keypair(pub, sec) != 0) {
    return Status::internal(std::string("cannot generate a CURVE key pair: ") +
                            zmq_strerror(zmq_errno()));
  }
  return CurveKeyPair{pub, sec};
}

Status check_z85_key(std::string_view key, std::string_view field) {
  if (key.size() != kZ85KeySize) {
    return Status::invalid_argument("a CURVE key is 40 Z85 characters, got " +
                                        std::to_string(key.size()),
                                    std::string(field));
  }
  std::string copy(key);
  std::uint8_t raw[32];
  if (zmq_z85_decode(raw, copy.c_str()) == nullptr) {
    return Status::invalid_argument("not a Z85-encoded key", std::string(field));
  }
  return Status::ok();
}

Status write_keypair(const std::string& dir, const std::string& name, const CurveKeyPair& keys) {
  CEDU_RETURN_IF_ERROR(check_z85_key(keys.public_key, "public_key"));
  CEDU_RETURN_IF_ERROR(check_z85_key(keys.secret_key, "secret_key"));
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::internal("cannot create " + dir + ": " + ec.message());
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  const std::string pub = (fs::path(dir) / (name + ".pub")).string();
  const std::string sec = (fs::path(dir) / (name + ".key")).string();
  if (fs::exists(pub) || fs::exists(sec)) {
    return Status::already_exists("a key pair named '" + name + "' exists in " + dir, "name");
  }
  CEDU_RETURN_IF_ERROR(write_new_file(sec, keys.secret_key, 0600));
  return write_new_file(pub, keys.public_key, 0644);
}

Result<CurveKeyPair> read_keypair(const std::string& dir, const std::string& name) {
  const std::string pub = (fs::path(dir) / (name + ".pub")).string();
  const std::string sec = (fs::path(dir) / (name + ".key")).string();
  struct stat st {};
  if (::stat(sec.c_str(), &st) != 0) {
    return Status::not_found("secret key " + sec + " is missing", "name");
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return Status::permission_denied("secret key " + sec +
                                     " is accessible to group or others; chmod 600 it");
  }
  CEDU_ASSIGN_OR_RETURN(std::string public_key, read_key_file(pub, "public_key"));
  CEDU_ASSIGN_OR_RETURN(std::string secret_key, read_key_file(sec, "secret_key"));
  return CurveKeyPair{std::move(public_key), std::move(secret_key)};
}

Result<std::string> read_public_key(const std::string& path) {
  return read_key_file(path, "public_key");
}

std::string key_file_stem(std::string_view principal) {
  std::string stem(principal);
  std::replace(stem.begin(), stem.end(), ':', '-');
  return stem;
}

Result<CurveCredentials> load_credentials(const std::string& dir, std::string_view principal) {
  CEDU_ASSIGN_OR_RETURN(CurveKeyPair mine, read_keypair(dir, key_file_stem(principal)));
  CEDU_ASSIGN_OR_RETURN(std::string broker,
                        read_public_key((fs::path(dir) / "cedu-bus.pub").string()));
  return CurveCredentials{std::move(broker), std::move(mine.public_key),
                          std::move(mine.secret_key)};
}

Result<CurveKeyPair> load_or_create_keypair(const std::string& dir, const std::string& name) {
  auto existing = read_keypair(dir, name);
  if (existing.ok() || existing.status().code() != StatusCode::kNotFound) return existing;
  CEDU_ASSIGN_OR_RETURN(CurveKeyPair fresh, generate_keypair());
  CEDU_RETURN_IF_ERROR(write_keypair(dir, name, fresh));
  return fresh;
}

}  // namespace cedu::security
