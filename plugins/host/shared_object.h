// SharedObject: RAII owner of one dlopen() handle. Open and resolve first, initialise
// second: the host resolves a plugin's entry points and reads its description before it
// lets the plugin run any code of its own (beyond static constructors).
// Thread-safety: not thread-safe; symbols it returns may be used from any thread while it
// is open.
#pragma once

#include <string>

#include "common/result.h"

namespace cedu::plugins {

class SharedObject {
 public:
  // dlopen(path, RTLD_NOW | RTLD_LOCAL). FAILED_PRECONDITION with dlerror() on failure.
  static Result<SharedObject> open(const std::string& path);
  SharedObject() = default;
  SharedObject(SharedObject&& other) noexcept;
  SharedObject& operator=(SharedObject&& other) noexcept;
  SharedObject(const SharedObject&) = delete;
  SharedObject& operator=(const SharedObject&) = delete;
  ~SharedObject();  // dlclose; safe on a moved-from object

  // The address of `name`; NOT_FOUND naming the symbol and the file when it is missing.
  Result<void*> symbol(const char* name) const;
  const std::string& path() const { return path_; }

 private:
  void* handle_ = nullptr;
  std::string path_;
};

}  // namespace cedu::plugins
