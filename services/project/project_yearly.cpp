#include "services/project/project_yearly.h"

#include <map>

#include "common/msgpack/builder.h"
#include "services/project/project_spec.h"
#include "services/project/project_status.h"

namespace cedu::project {
namespace {

// Counts keyed by every value of an enum field (zero included), in the spec's order.
struct Tally {
  std::vector<std::pair<std::string, std::int64_t>> counts;

  explicit Tally(const std::vector<library::EnumValue>& values) {
    for (const auto& v : values) counts.emplace_back(v.value, 0);
  }
  void add(const std::string& key) {
    for (auto& [k, n] : counts) {
      if (k == key) ++n;
    }
  }
  mp::MapBuilder packed() const {
    mp::MapBuilder m;
    for (const auto& [k, n] : counts) m.set(k, n);
    return m;
  }
};

struct Figures {
  std::int64_t total = 0, established = 0;
  Tally by_level{project_spec().field("level")->values};
  Tally by_kind{project_spec().field("kind")->values};
  Tally by_status{project_spec().statuses};

  void add(const library::Record& r) {
    ++total;
    if (project::established(r.status)) ++established;
    by_level.add(r.text("level"));
    by_kind.add(r.text("kind"));
    by_status.add(r.status);
  }
};

}  // namespace

Result<std::string> yearly(library::Library& library, const Request& req,
                           const std::function<bool(const std::string&)>& known_town) {
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"year", "town"}));
  CEDU_ASSIGN_OR_RETURN(auto year, p.optional_int64("year"));
  CEDU_ASSIGN_OR_RETURN(auto town, p.optional_string("town"));
  if (year && (*year < 2000 || *year > 2100)) {
    return Status::invalid_argument("must be a year 2000..2100", p.path_of("year"));
  }
  if (town && known_town && !known_town(*town)) {
    return Status::invalid_argument("unknown town '" + *town + "'", p.path_of("town"));
  }

  library::ListQuery q;
  q.town = town;
  if (year) q.where.push_back({"year", library::Value(*year)});
  q.limit = 1000;
  Figures all;
  std::map<std::int64_t, Figures> per_year;
  std::int64_t brands = 0, established_brands = 0;
  {
    auto guard = library.lock();
    for (;;) {
      CEDU_ASSIGN_OR_RETURN(library::Page page, library.store().list(q));
      for (const auto& r : page.records) {
        all.add(r);
        const auto* y = std::get_if<std::int64_t>(&r.field("year"));
        per_year[y != nullptr ? *y : 0].add(r);
        if (r.text("kind") == "brand") {
          ++brands;
          if (established(r.status)) ++established_brands;
        }
      }
      if (page.next_cursor.empty()) break;
      q.cursor = page.next_cursor;
    }
  }

  mp::ArrayBuilder years;
  for (const auto& [y, f] : per_year) {
    years.add(mp::MapBuilder()
                  .set("year", y)
                  .set("total", f.total)
                  .set("established", f.established)
                  .set("by_level", f.by_level.packed())
                  .set("by_kind", f.by_kind.packed()));
  }
  mp::MapBuilder out;
  if (year) {
    out.set("year", *year);
  } else {
    out.set_nil("year");
  }
  if (town) {
    out.set("town", *town);
  } else {
    out.set_nil("town");
  }
  out.set("total", all.total)
      .set("by_level", all.by_level.packed())
      .set("by_kind", all.by_kind.packed())
      .set("by_status", all.by_status.packed())
      .set("years", years)
      .set("brands", mp::MapBuilder()
                         .set("total", brands)
                         .set("established", established_brands)
                         .set("target", kBrandTarget)
                         .set("met", established_brands >= kBrandTarget));
  return out.bytes();
}

}  // namespace cedu::project
