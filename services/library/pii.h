// Masking of personal data (DESIGN.md; issue "secure bus"): what a caller without the
// `pii` right sees of a phone number, an ID-card number or a home address — in every
// reply, export and event.
//   mask_phone("13812345678")          == "138****5678"
//   mask_id_card("440102199001011234") == "4401**********1234"
//   mask_address("广州市番禺区南村镇兴业路1号") == "广州市番禺区****"
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "services/library/schema.h"
#include "services/library/value.h"

namespace cedu::library {

std::string mask_phone(std::string_view phone);
std::string mask_id_card(std::string_view id);
std::string mask_address(std::string_view address);
// Masks `value` according to `kind`; values of other kinds come back unchanged.
Value mask(Pii kind, const Value& value);
// Masks every personal field of `fields` in place.
void mask_fields(Fields& fields, const LibrarySpec& spec);

}  // namespace cedu::library
