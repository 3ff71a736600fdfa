// Unit tests of the shared parameter readers: ids, texts, dates, years, hours, the
// "params." prefix, and the wording each library keeps (ParamStyle).
#define BOOST_TEST_MODULE library_param_readers
#include <boost/test/unit_test.hpp>

#include "common/msgpack/builder.h"
#include "services/library/calendar.h"
#include "services/library/param_readers.h"

using namespace cedu::library;
using cedu::Status;
using cedu::StatusCode;
namespace mp = cedu::mp;

namespace {

// Params as a request carries them: a map viewed under the path "params".
struct Params {
  msgpack::object_handle handle;
  mp::MapView view;

  explicit Params(const mp::MapBuilder& b)
      : handle(mp::unpack(b.bytes(), "params").value()),
        view(mp::MapView::of(handle.get(), "params").value()) {}
};

// The libraries' wordings, as course and project declare theirs.
constexpr ParamStyle kRecordIds{.bad_id = "must be a record id (≥ 1)",
                                .bad_id_shows_value = true,
                                .too_long = "longer than",
                                .absent_text = "is required"};
constexpr ParamStyle kUntrimmed{.bad_id = "must be a positive record id",
                                .too_long = "longer than",
                                .trim = false};

}  // namespace

BOOST_AUTO_TEST_CASE(hours_are_read_from_numbers_only) {
  auto read = [](const mp::MapBuilder& b) { return read_hours(Params(b).view, "hours", 24); };
  BOOST_TEST(*read(mp::MapBuilder().set("hours", 3)) == 180);
  BOOST_TEST(*read(mp::MapBuilder().set("hours", 2.5)) == 150);
  BOOST_TEST(read(mp::MapBuilder().set("hours", "2.5")).status().field() == "params.hours");
  BOOST_TEST(read(mp::MapBuilder().set("hours", -2)).status().field() == "params.hours");
  BOOST_TEST(read(mp::MapBuilder().set("hours", 25)).status().message() == "must be at most 24 hours");
  BOOST_TEST(read(mp::MapBuilder()).status().field() == "params.hours");
}

BOOST_AUTO_TEST_CASE(dates_are_real_days_not_in_the_future) {
  auto read = [](const std::string& date, bool not_future = true) {
    return read_date(Params(mp::MapBuilder().set("date", date)).view, "date", not_future);
  };
  BOOST_TEST(*read("2024-02-29") == "2024-02-29");
  BOOST_TEST(*read(today()) == today());
  for (const char* bad : {"2023-02-29", "2025-13-01", "2025/03/01", "yesterday", "1999-12-31", "2999-01-01"}) {
    auto r = read(bad);
    BOOST_TEST(r.status().code() == StatusCode::kInvalidArgument, bad);
    BOOST_TEST(r.status().field() == "params.date");
  }
  BOOST_TEST(read("2025/03/01").status().message() == "must be a date YYYY-MM-DD, not '2025/03/01'");
  BOOST_TEST(read("1999-12-31").status().message() == "must be 2000-01-01 or later");
  const std::string next_year = std::to_string(current_year() + 1) + "-01-01";
  BOOST_TEST(read(next_year).status().message() == "must not be in the future (today is " + today() + ")");
  // A future date is fine where the future is allowed (an exchange planned ahead).
  BOOST_TEST(*read(next_year, false) == next_year);
}

BOOST_AUTO_TEST_CASE(years_and_texts) {
  auto y = Params(mp::MapBuilder().set("year", 1999));
  BOOST_TEST(read_year(y.view, "year").status().field() == "params.year");
  BOOST_TEST(read_year(y.view, "year").status().message() ==
             "must be a year from 2000 to " + std::to_string(current_year()));
  BOOST_TEST(read_year(Params(mp::MapBuilder().set("year", 2020)).view, "year")->value() == 2020);
  auto none = Params(mp::MapBuilder());
  BOOST_TEST(!read_year(none.view, "year")->has_value());
  auto blank = Params(mp::MapBuilder().set("activity", "   "));
  BOOST_TEST(read_text(blank.view, "activity", 10).status().field() == "params.activity");
  BOOST_TEST(read_text(blank.view, "activity", 10).status().message() == "must not be empty");
  auto padded = Params(mp::MapBuilder().set("activity", " 敬老院探访 "));
  BOOST_TEST(*read_text(padded.view, "activity", 10) == "敬老院探访");
  BOOST_TEST(read_text(padded.view, "activity", 4).status().message() ==
             "must be at most 4 characters");
  BOOST_TEST(read_text(none.view, "activity", 10).status().message() == "required field is missing");
  BOOST_TEST(!read_optional_text(blank.view, "activity", 10)->has_value());
  BOOST_TEST(!read_optional_text(none.view, "activity", 10)->has_value());
  auto number = Params(mp::MapBuilder().set("activity", 7));
  BOOST_TEST(read_optional_text(number.view, "activity", 10).status().field() == "params.activity");
}

BOOST_AUTO_TEST_CASE(ids_are_positive) {
  auto id = Params(mp::MapBuilder().set("volunteer_id", 0));
  BOOST_TEST(read_id(id.view, "volunteer_id").status().field() == "params.volunteer_id");
  BOOST_TEST(read_id(id.view, "volunteer_id").status().message() == "must be a positive id");
  BOOST_TEST(*read_id(Params(mp::MapBuilder().set("volunteer_id", 12)).view, "volunteer_id") == 12);
  auto none = Params(mp::MapBuilder().set_nil("teacher_id"));
  BOOST_TEST(!read_optional_id(none.view, "teacher_id")->has_value());
  BOOST_TEST(read_id(none.view, "teacher_id").status().code() == StatusCode::kInvalidArgument);
  auto negative = Params(mp::MapBuilder().set("teacher_id", -3));
  BOOST_TEST(read_optional_id(negative.view, "teacher_id").status().field() == "params.teacher_id");
  auto text = Params(mp::MapBuilder().set("teacher_id", "3"));
  BOOST_TEST(read_optional_id(text.view, "teacher_id").status().code() == StatusCode::kInvalidArgument);
}

BOOST_AUTO_TEST_CASE(a_style_keeps_a_librarys_wording) {
  auto zero = Params(mp::MapBuilder().set("course_id", 0));
  BOOST_TEST(read_id(zero.view, "course_id", kRecordIds).status().message() ==
             "must be a record id (≥ 1), not 0");
  BOOST_TEST(read_optional_id(zero.view, "course_id", kRecordIds).status().message() ==
             "must be a record id (≥ 1), not 0");
  BOOST_TEST(read_id(zero.view, "course_id", kUntrimmed).status().message() ==
             "must be a positive record id");

  auto long_text = Params(mp::MapBuilder().set("venue", "南村文化站礼堂"));
  BOOST_TEST(read_text(long_text.view, "venue", 3, kRecordIds).status().message() ==
             "longer than 3 characters");
  // Absent is "is required"; nil reads as empty.
  BOOST_TEST(read_text(Params(mp::MapBuilder()).view, "venue", 3, kRecordIds).status().message() ==
             "is required");
  auto nil = Params(mp::MapBuilder().set_nil("venue"));
  BOOST_TEST(read_text(nil.view, "venue", 3, kRecordIds).status().message() == "must not be empty");
  BOOST_TEST(read_text(nil.view, "venue", 3).status().message() == "required field is missing");

  // Untrimmed: a note is kept as written, blanks and all.
  auto note = Params(mp::MapBuilder().set("note", " 中期 "));
  BOOST_TEST(**read_optional_text(note.view, "note", 10, kUntrimmed) == " 中期 ");
  BOOST_TEST(read_optional_text(note.view, "note", 3, kUntrimmed).status().message() ==
             "longer than 3 characters");
  BOOST_TEST(**read_optional_text(note.view, "note", 10) == "中期");
}

BOOST_AUTO_TEST_CASE(errors_of_a_write_name_the_params_field) {
  BOOST_TEST(in_params(Status::invalid_argument("bad", "version")).field() == "params.version");
  BOOST_TEST(in_params(Status::invalid_argument("bad", "params.version")).field() == "params.version");
  BOOST_TEST(in_params(Status::invalid_argument("bad")).field().empty());
  BOOST_TEST(in_params(Status::not_found("no course 3", "id")).code() == StatusCode::kNotFound);
  BOOST_TEST(in_params(Status::not_found("no course 3", "id")).message() == "no course 3");
  BOOST_TEST(in_params(Status::ok()).is_ok());
}
