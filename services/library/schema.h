// The schema of a resource library: its domain fields, their types, limits, Chinese labels
// and the CSV headers staff use for them, which of them hold personal data, the natural
// key that makes a re-import update instead of duplicate, and the statuses. A library
// (teacher, volunteer, course, project) declares one LibrarySpec; the core validates
// every create, update and imported row against it.
// Thread-safety: immutable after construction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/msgpack/fields.h"
#include "common/result.h"
#include "services/library/value.h"

namespace cedu::library {

enum class FieldType {
  kString,      // one line, max_length code points
  kText,        // free text
  kInt,         // int64 within [min, max]
  kNumber,      // double within [min, max]
  kBool,
  kDate,        // "YYYY-MM-DD"
  kEnum,        // one of `values`
  kEnumList,    // several of `values`
  kStringList,  // several free strings
  kPhone,       // mainland mobile (1xxxxxxxxxx) or landline (0xx-xxxxxxxx)
  kIdCard,      // 18-character resident ID number with a valid check digit
};

// Personal data: masked for callers without the `pii` right.
enum class Pii { kNone, kPhone, kIdCard, kAddress };

struct EnumValue {
  std::string value;  // in code and on the wire: "part-time"
  std::string label;  // for staff, in exports and accepted on import: "兼职"
};

struct FieldSpec {
  std::string name{};
  FieldType type = FieldType::kString;
  std::string label{};                 // Chinese column header of exports: "手机号码"
  std::vector<std::string> aliases{};  // further import headers: "手机", "联系电话"
  bool required = false;
  std::vector<EnumValue> values{};     // kEnum, kEnumList
  std::int64_t min = 0, max = 0;     // kInt/kNumber bounds when min < max
  std::size_t max_length = 200;      // kString/kText/kStringList items, in code points
  Pii pii = Pii::kNone;
  int search_weight = 0;             // > 0: indexed for full-text search, with this weight
  bool filterable = false;           // may appear in list's `where`
};

struct LibrarySpec {
  std::string name;          // bus service name: "teacher"
  std::string display_name;  // "师资库"
  std::vector<FieldSpec> fields;
  // Fields whose values together identify a record across imports (phone, id_card, …).
  std::vector<std::string> natural_key;
  // The natural key holds within a town only (a course title may recur in another town).
  bool natural_key_per_town = false;
  // The field `count` groups by and `category` filters on; empty when there is none.
  std::string category_field;
  // Statuses besides "archived" (which every library has); the first is a new record's.
  std::vector<EnumValue> statuses;
  // Records belong to an organisation (`owner`, e.g. "org:panyu-art-school").
  bool owned = false;

  const FieldSpec* field(std::string_view name) const;
  bool has_status(std::string_view status) const;
  std::string initial_status() const;
};

// Core keys a create or update may carry beside the domain fields.
inline constexpr std::string_view kCoreKeys[] = {"id", "version", "town", "station", "owner"};

enum class ReadMode { kCreate, kUpdate };

// Reads the domain fields of `params` (a create or update request) into Fields, checking
// each against `spec`. Keys in `extra_allowed` and the core keys are skipped. Errors
// (INVALID_ARGUMENT) name the field: unknown field, wrong type, out of range, unknown enum
// value, bad phone/ID/date, missing required field (kCreate only). In kUpdate, nil clears
// a field that is not required.
Result<Fields> read_fields(const mp::MapView& params, const LibrarySpec& spec, ReadMode mode,
                           const std::vector<std::string_view>& extra_allowed = {});

// Parses one spreadsheet cell for `field` (import): enum labels or values, lists split on
// 、,，;；/, booleans 是/否/yes/no/1/0, dates YYYY-MM-DD or YYYY/M/D. Empty → monostate.
// Errors name no field (the caller adds row and column).
Result<Value> parse_cell(const FieldSpec& field, std::string_view cell);

// Checks a complete record's fields (after merging an update): required fields present.
Status check_required(const Fields& fields, const LibrarySpec& spec);

// Label of an enum value ("兼职" for "part-time"), or the value itself.
std::string enum_label(const FieldSpec& field, std::string_view value);

// Validators, exposed for the domain code and tests.
bool valid_phone(std::string_view s);
bool valid_id_card(std::string_view s);  // with the GB 11643 check digit
bool valid_date(std::string_view s);     // YYYY-MM-DD, a real calendar day
bool valid_slug(std::string_view s);     // [a-z][a-z0-9-]*
std::size_t code_points(std::string_view utf8);

}  // namespace cedu::library
