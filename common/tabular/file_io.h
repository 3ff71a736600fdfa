// File helpers shared by the readers and writers of common/tabular: reading a whole file
// with a size limit, and temporary files that replace their target atomically (written,
// fsynced, then renamed over it), so that an export is never seen half-written.
// Thread-safety: free functions are safe from any thread; a TempFile is used by one
// thread at a time.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.h"

namespace cedu::tabular {

// Reads the whole file at `path`. NOT_FOUND if there is none; INVALID_ARGUMENT if it is
// larger than `max_bytes`; INTERNAL on other errors.
Result<std::string> read_file(const std::string& path, std::size_t max_bytes);

// A temporary file, removed when the object is destroyed unless commit_to() moved it.
class TempFile {
 public:
  // A new, empty file named "<path>.tmp-XXXXXX" in the directory of `path` (so that the
  // rename in commit_to() stays within one file system).
  static Result<TempFile> create_beside(const std::string& path);
  // A new, empty file "<prefix>-XXXXXX" in the system's temporary directory.
  static Result<TempFile> create_in_temp_dir(std::string_view prefix);

  TempFile(TempFile&& other) noexcept;
  TempFile& operator=(TempFile&&) = delete;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile();

  const std::string& path() const { return path_; }

  // REQUIRES: the file is still open (close() not called).
  Status write(std::string_view bytes);
  // Closes the descriptor (e.g. before a library writes the file by its path()). Safe to
  // call twice.
  Status close();
  // Closes, flushes the file to disk, gives it mode 0644 and renames it to `target`,
  // replacing that atomically.
  Status commit_to(const std::string& target);

 private:
  TempFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  static Result<TempFile> create(std::string pattern);  // mkstemp(pattern)

  std::string path_;
  int fd_ = -1;
  bool committed_ = false;
};

// Writes `bytes` to `path` through a TempFile beside it.
Status write_file_atomically(const std::string& path, std::string_view bytes);

}  // namespace cedu::tabular
