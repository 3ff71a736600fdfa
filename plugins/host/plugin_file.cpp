#include "plugins/host/plugin_file.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace cedu::plugins {

Status check_owner_and_mode(const struct stat& st, uid_t euid, const std::string& path) {
  if (!S_ISREG(st.st_mode)) return Status::permission_denied(path + " is not a regular file");
  if (st.st_uid != euid && st.st_uid != 0) {
    return Status::permission_denied(path + " is owned by uid " + std::to_string(st.st_uid) +
                                     ", not by the service's user (uid " +
                                     std::to_string(euid) + ") or root");
  }
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return Status::permission_denied(path + " is writable by group or others (mode " + mode +
                                     "): chmod go-w it");
  }
  return Status::ok();
}

Status check_plugin_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Status::not_found("cannot stat " + path + ": " + std::strerror(errno));
  }
  return check_owner_and_mode(st, ::geteuid(), path);
}

std::vector<std::string> plugin_files(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".so") out.push_back(entry.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace cedu::plugins
