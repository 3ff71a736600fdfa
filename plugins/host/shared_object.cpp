#include "plugins/host/shared_object.h"

#include <dlfcn.h>

#include <utility>

namespace cedu::plugins {

Result<SharedObject> SharedObject::open(const std::string& path) {
  // RTLD_LOCAL: two plugins may define the same names without clashing.
  void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = ::dlerror();
    return Status::failed_precondition("cannot load " + path + ": " + (why ? why : "dlopen failed"));
  }
  SharedObject so;
  so.handle_ = handle;
  so.path_ = path;
  return so;
}

SharedObject::SharedObject(SharedObject&& other) noexcept
    : handle_(std::exchange(other.handle_, nullptr)), path_(std::move(other.path_)) {}

SharedObject& SharedObject::operator=(SharedObject&& other) noexcept {
  if (this != &other) {
    if (handle_ != nullptr) ::dlclose(handle_);
    handle_ = std::exchange(other.handle_, nullptr);
    path_ = std::move(other.path_);
  }
  return *this;
}

SharedObject::~SharedObject() {
  if (handle_ != nullptr) ::dlclose(handle_);
}

Result<void*> SharedObject::symbol(const char* name) const {
  ::dlerror();
  void* address = ::dlsym(handle_, name);
  if (address == nullptr) {
    return Status::not_found(path_ + " does not export " + name + " (is it a cedu plugin?)");
  }
  return address;
}

}  // namespace cedu::plugins
