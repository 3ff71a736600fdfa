#include "services/library/pii.h"

namespace cedu::library {
namespace {

// Keeps the first `head` and last `tail` bytes of an ASCII string, stars in between.
std::string keep_ends(std::string_view s, std::size_t head, std::size_t tail) {
  if (s.size() <= head + tail) return std::string(s.size(), '*');
  return std::string(s.substr(0, head)) + std::string(s.size() - head - tail, '*') +
         std::string(s.substr(s.size() - tail));
}

}  // namespace

std::string mask_phone(std::string_view phone) {
  if (phone.empty()) return {};
  // 020-12345678 → 020-****5678; 13812345678 → 138****5678.
  auto dash = phone.find('-');
  if (dash != std::string_view::npos) {
    return std::string(phone.substr(0, dash + 1)) + keep_ends(phone.substr(dash + 1), 0, 4);
  }
  if (phone.size() < 8) return std::string(phone.size(), '*');
  return std::string(phone.substr(0, 3)) + "****" + std::string(phone.substr(phone.size() - 4));
}

std::string mask_id_card(std::string_view id) {
  if (id.empty()) return {};
  return keep_ends(id, 4, 4);
}

std::string mask_address(std::string_view address) {
  if (address.empty()) return {};
  // Keep the first six characters (city and district at most), never a street or number.
  std::size_t chars = 0, i = 0;
  while (i < address.size() && chars < 6) {
    ++i;
    while (i < address.size() && (static_cast<unsigned char>(address[i]) & 0xC0) == 0x80) ++i;
    ++chars;
  }
  if (i >= address.size()) return "****";
  return std::string(address.substr(0, i)) + "****";
}

Value mask(Pii kind, const Value& value) {
  const auto* s = std::get_if<std::string>(&value);
  if (s == nullptr || kind == Pii::kNone) return value;
  switch (kind) {
    case Pii::kPhone: return mask_phone(*s);
    case Pii::kIdCard: return mask_id_card(*s);
    case Pii::kAddress: return mask_address(*s);
    case Pii::kNone: break;
  }
  return value;
}

void mask_fields(Fields& fields, const LibrarySpec& spec) {
  for (const auto& f : spec.fields) {
    if (f.pii == Pii::kNone) continue;
    auto it = fields.find(f.name);
    if (it != fields.end()) it->second = mask(f.pii, it->second);
  }
}

}  // namespace cedu::library
