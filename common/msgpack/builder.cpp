#include "common/msgpack/builder.h"

namespace cedu::mp {
namespace {

// The container header (fixmap/map16/map32 or fixarray/array16/array32) followed by body.
template <typename Header>
void with_header_into(std::string& out, Header header, const std::string& body) {
  out.clear();
  out.reserve(body.size() + 5);
  StringStream stream(out);
  msgpack::packer<StringStream> p(stream);
  header(p);
  out.append(body);
}

template <typename Header>
std::string with_header(Header header, const std::string& body) {
  std::string out;
  with_header_into(out, header, body);
  return out;
}

}  // namespace

std::string MapBuilder::bytes() const {
  return with_header([this](auto& p) { p.pack_map(count_); }, body_);
}

void MapBuilder::bytes_into(std::string& out) const {
  with_header_into(out, [this](auto& p) { p.pack_map(count_); }, body_);
}

std::string ArrayBuilder::bytes() const {
  return with_header([this](auto& p) { p.pack_array(count_); }, body_);
}

}  // namespace cedu::mp
