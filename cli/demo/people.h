// Synthetic people for the demo data: Chinese names, valid-looking but invented mainland
// mobile numbers (1[3-9]…, unique per library and index), resident ID numbers of Panyu
// (area 440113) with a correct GB 11643 check digit, and addresses in a town.
// Nothing here belongs to a real person; the records that use it say "（演示数据）".
// Thread-safety: pure functions but for the Prng the caller passes.
#pragma once

#include <cstdint>
#include <string>

#include "cli/demo/prng.h"

namespace cedu::cli::demo {

enum class Gender { kMale, kFemale };

struct Person {
  std::string name;
  Gender gender = Gender::kMale;
  int birth_year = 1980, birth_month = 1, birth_day = 1;
};

// A person born in [born_from, born_to].
Person person(Prng& prng, int born_from, int born_to);

// "male" / "female" (the libraries' gender values).
const char* gender_value(Gender gender);

// The index-th mobile number of library `library_code` (1..9): 11 digits, 1[3-9]…; distinct
// for distinct (library_code, index) with index < 10^7.
std::string mobile(Prng& prng, int library_code, std::uint32_t index);

// The check digit of the first 17 digits of a resident ID number (GB 11643: weights
// 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, sum mod 11 → 1 0 X 9 8 7 6 5 4 3 2).
char id_check_digit(const std::string& first17);

// An 18-character ID number of Panyu for `p`; `serial` (0..99) picks the sequence code,
// whose parity follows the gender as the standard has it.
std::string id_card(const Person& p, std::uint32_t serial);

// "广州市番禺区<town_name><street><n>号".
std::string address(Prng& prng, const std::string& town_name);

}  // namespace cedu::cli::demo
