// funding.report {year, unit?, format?, performance?, manual?}: the disclosure report
// (预算公开) of a unit or of the district as a file in the reply (docs/funding.md).
#include "common/msgpack/builder.h"
#include "services/funding/disclosure_formats.h"
#include "services/funding/funding_methods.h"
#include "services/funding/funding_params.h"
#include "services/library/param_readers.h"
#include "services/library/record.h"

namespace cedu::funding {

Result<std::string> FundingMethods::report(const Request& r) {
  const mp::MapView& p = r.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"year", "unit", "format", "performance", "manual"}));
  CEDU_ASSIGN_OR_RETURN(int year, read_fiscal_year(p, "year"));
  const Units& units = ledger_.units();
  CEDU_ASSIGN_OR_RETURN(auto text, library::read_optional_text(p, "unit", 50));
  Unit scope = units.district();
  if (text) {
    CEDU_ASSIGN_OR_RETURN(scope, units.resolve(*text, p.path_of("unit")));
  }
  CEDU_ASSIGN_OR_RETURN(auto format, library::read_optional_text(p, "format", 10));
  const std::string fmt = format.value_or("markdown");
  if (fmt != "csv" && fmt != "xlsx" && fmt != "markdown") {
    return Status::invalid_argument("must be csv, xlsx or markdown", p.path_of("format"));
  }
  CEDU_ASSIGN_OR_RETURN(auto with_performance, p.optional_boolean("performance"));
  CEDU_ASSIGN_OR_RETURN(auto manual, read_manual(p, performance_));

  // A town's or station's report needs only its town's entries.
  const std::optional<std::string> only =
      scope.level == Level::kDistrict ? std::nullopt : std::optional<std::string>(scope.town);
  CEDU_ASSIGN_OR_RETURN(YearFigures figures, year_figures(ledger_, year, only));
  Disclosure d{year, scope, disclosure_rows(figures, units, scope), nullptr, std::nullopt,
               library::utc_now()};
  // A station has no evaluation of its own: special funds are evaluated per town and for
  // the district.
  if (with_performance.value_or(true) && scope.level != Level::kStation) {
    const std::optional<std::string> town =
        scope.level == Level::kTown ? std::optional<std::string>(scope.id) : std::nullopt;
    d.system = &performance_;
    d.performance = evaluate(r, year, town, figures, manual);
  }

  std::string content, extension = fmt;
  if (fmt == "csv") {
    CEDU_ASSIGN_OR_RETURN(content, disclosure_csv(d));
  } else if (fmt == "xlsx") {
    CEDU_ASSIGN_OR_RETURN(content, disclosure_xlsx(d));
  } else {
    content = disclosure_markdown(d, units.network().district_name);
    extension = "md";
  }
  mp::MapBuilder b;
  b.set("year", year)
      .set("unit", scope.id)
      .set("format", fmt)
      .set("filename", disclosure_filename(d, extension))
      .set("rows", static_cast<std::int64_t>(d.rows.size()))
      .set("content", msgpack::type::raw_ref(content.data(), static_cast<std::uint32_t>(content.size())));
  return b.bytes();
}

}  // namespace cedu::funding
