#include "common/tabular/file_io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace cedu::tabular {
namespace {

Status io_error(const std::string& what, const std::string& path, int err) {
  return Status::internal(what + " " + path + ": " + std::strerror(err));
}

// fsync() of the directory holding `path`, so that a rename into it is durable. Best
// effort: some file systems refuse to sync a directory.
void sync_parent_dir(const std::string& path) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

}  // namespace

Result<std::string> read_file(const std::string& path, std::size_t max_bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT) return Status::not_found("no such file: " + path);
    return io_error("cannot open", path, err);
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return io_error("cannot stat", path, err);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::invalid_argument("not a regular file: " + path);
  }
  const auto size = static_cast<std::size_t>(st.st_size);
  if (size > max_bytes) {
    ::close(fd);
    return Status::invalid_argument(path + ": the file has " + std::to_string(size) +
                                    " bytes, more than the limit of " + std::to_string(max_bytes));
  }
  // One byte more than the size, to notice a file that grew since fstat().
  std::string out(size + 1, '\0');
  std::size_t got = 0;
  for (;;) {
    if (got == out.size()) {
      if (out.size() > max_bytes) break;
      out.resize(std::min(out.size() + 65536, max_bytes + 1));
    }
    const ssize_t n = ::read(fd, out.data() + got, out.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      return io_error("cannot read", path, err);
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (got > max_bytes) {
    return Status::invalid_argument(path + ": the file is larger than the limit of " +
                                    std::to_string(max_bytes) + " bytes");
  }
  out.resize(got);
  return out;
}

Result<TempFile> TempFile::create(std::string pattern) {
  const int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (fd < 0) return io_error("cannot create a temporary file", pattern, errno);
  return TempFile(std::move(pattern), fd);
}

Result<TempFile> TempFile::create_beside(const std::string& path) {
  if (path.empty()) return Status::invalid_argument("empty file name");
  return create(path + ".tmp-XXXXXX");
}

Result<TempFile> TempFile::create_in_temp_dir(std::string_view prefix) {
  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
  if (ec) return Status::internal("no temporary directory: " + ec.message());
  return create((dir / (std::string(prefix) + "-XXXXXX")).string());
}

TempFile::TempFile(TempFile&& other) noexcept
    : path_(std::move(other.path_)), fd_(other.fd_), committed_(other.committed_) {
  other.path_.clear();
  other.fd_ = -1;
  other.committed_ = true;  // nothing left for the moved-from object to remove
}

TempFile::~TempFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !path_.empty()) ::unlink(path_.c_str());
}

Status TempFile::write(std::string_view bytes) {
  if (fd_ < 0) return Status::internal("write to a closed temporary file " + path_);
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error("cannot write", path_, errno);
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return Status::ok();
}

Status TempFile::close() {
  if (fd_ < 0) return Status::ok();
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) return io_error("cannot close", path_, errno);
  return Status::ok();
}

Status TempFile::commit_to(const std::string& target) {
  CEDU_RETURN_IF_ERROR(close());
  // By path: the content may have been written by someone else (libxlsxwriter).
  const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return io_error("cannot open", path_, errno);
  if (::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    return io_error("cannot sync", path_, err);
  }
  ::close(fd);
  // mkstemp() makes the file 0600; an export is meant to be read by others too.
  if (::chmod(path_.c_str(), 0644) != 0) return io_error("cannot chmod", path_, errno);
  if (::rename(path_.c_str(), target.c_str()) != 0) {
    return io_error("cannot rename " + path_ + " to", target, errno);
  }
  committed_ = true;
  sync_parent_dir(target);
  return Status::ok();
}

Status write_file_atomically(const std::string& path, std::string_view bytes) {
  CEDU_ASSIGN_OR_RETURN(TempFile tmp, TempFile::create_beside(path));
  CEDU_RETURN_IF_ERROR(tmp.write(bytes));
  return tmp.commit_to(path);
}

}  // namespace cedu::tabular
