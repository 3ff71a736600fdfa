#include "common/msgpack/builder.h"

namespace cedu::mp {
namespace {

template <typename Header>
std::string with_header(Header header, const msgpack::sbuffer& body) {
  msgpack::sbuffer out;
  msgpack::packer<msgpack::sbuffer> p(out);
  header(p);
  out.write(body.data(), body.size());
  return std::string(out.data(), out.size());
}

}  // namespace

std::string MapBuilder::bytes() const {
  return with_header([this](auto& p) { p.pack_map(count_); }, body_);
}

std::string ArrayBuilder::bytes() const {
  return with_header([this](auto& p) { p.pack_array(count_); }, body_);
}

}  // namespace cedu::mp
