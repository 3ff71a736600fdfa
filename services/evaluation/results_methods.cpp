#include "services/evaluation/results_methods.h"

#include "services/evaluation/evaluation_replies.h"
#include "services/evaluation/export_tables.h"
#include "services/evaluation/report_markdown.h"
#include "services/evaluation/results_data.h"
#include "services/evaluation/round_replies.h"

namespace cedu::evaluation {
namespace {

double points(CentiPoints centi) { return static_cast<double>(centi) / 100.0; }

mp::MapBuilder area_reply(const AreaSummary& a, const RoundSummary& s, const std::string& name) {
  mp::ArrayBuilder levels;
  if (s.target.scale != nullptr) {
    for (std::size_t i = 0; i < s.target.scale->levels.size(); ++i) {
      const Level& l = s.target.scale->levels[i];
      levels.add(mp::MapBuilder().set("id", l.id).set("name", l.name).set("count", a.by_level[i]));
    }
  }
  mp::MapBuilder m;
  m.set("town", a.town)
      .set("town_name", name)
      .set("registered", a.registered)
      .set("evaluated", a.evaluated)
      .set("rated", a.rated)
      .set("share", static_cast<double>(a.share_bp) / 100.0)
      .set("by_level", levels)
      .set("open_rectifications", a.open_rectifications)
      .set("overdue_rectifications", a.overdue_rectifications);
  if (a.meets_target) {
    m.set("meets_target", *a.meets_target);
  } else {
    m.set_nil("meets_target");
  }
  return m;
}

mp::MapBuilder ranked_reply(const RankedEntry& ranked, const std::string& town_name) {
  const ResultEntry& e = *ranked.entry;
  const OrganisationResult& r = e.result;
  mp::MapBuilder m;
  if (ranked.rank > 0) {
    m.set("rank", ranked.rank);
  } else {
    m.set_nil("rank");
  }
  m.set("organisation_id", e.id)
      .set("name", e.name)
      .set("town", e.town)
      .set("town_name", town_name)
      .set("station", e.station)
      .set("attempt", r.attempt)
      .set("reevaluating", r.newest > r.attempt);
  if (r.attempt == 0) {
    return std::move(m.set_nil("total").set("levels", mp::ArrayBuilder())
                         .set("indicators", mp::ArrayBuilder()));
  }
  return std::move(m.set("total", points(r.total))
                       .set("levels", scale_results_reply(r.combined.scales))
                       .set("indicators", first_level_reply(r.combined)));
}

}  // namespace

void ResultsMethods::serve(Service& service) {
  service.handle("results", [this](const Request& r) { return results(r); });
  service.handle("export", [this](const Request& r) { return export_round(r); });
}

Result<std::string> ResultsMethods::results(const Request& req) {
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"round_id", "year"}));
  if (p.has("round_id") == p.has("year")) {
    return Status::invalid_argument("give either round_id or year", p.path_of("round_id"));
  }
  auto town_name = [this](const std::string& t) {
    return places_.town_name ? places_.town_name(t) : t;
  };
  auto areas = [&](const RoundSummary& s) {
    mp::ArrayBuilder towns;
    for (const AreaSummary& a : s.towns) towns.add(area_reply(a, s, town_name(a.town)));
    return towns;
  };
  auto target = [](mp::MapBuilder& out, const RoundSummary& s) {
    if (s.target.scale != nullptr) {
      out.set("scale", mp::MapBuilder().set("id", s.target.scale->id).set("name", s.target.scale->name));
    } else {
      out.set_nil("scale");
    }
    if (s.target.percent) {
      out.set("target_percent", *s.target.percent);
    } else {
      out.set_nil("target_percent");
    }
  };
  if (p.has("year")) {
    // Every kind of learning organisation: its counts and creation rate in the year's newest
    // published round of that kind.
    CEDU_ASSIGN_OR_RETURN(std::int64_t year, p.int64("year"));
    if (year < 2000 || year > 2100) {
      return Status::invalid_argument("must be 2000..2100", p.path_of("year"));
    }
    mp::ArrayBuilder types;
    std::string as_of;
    for (OrgType type : {OrgType::kTown, OrgType::kCommunity, OrgType::kStation,
                         OrgType::kFamily, OrgType::kAssociation, OrgType::kEnterprise}) {
      CEDU_ASSIGN_OR_RETURN(auto r, load_year_results(library_, catalogue_, town_order_,
                                                      static_cast<int>(year), org_type_name(type)));
      as_of = r->today;
      mp::MapBuilder t;
      t.set("type", std::string(org_type_name(type)))
          .set("type_name", std::string(org_type_label(type)));
      if (r->round.id != 0) {
        t.set("round", mp::MapBuilder()
                           .set("id", r->round.id)
                           .set("name", r->round.name)
                           .set("stage", std::string(stage_name(r->round.stage))));
      } else {
        t.set_nil("round");
      }
      target(t, r->summary);
      t.set("district", area_reply(r->summary.district, r->summary, "全区"))
          .set("towns", areas(r->summary));
      types.add(t);
    }
    return mp::MapBuilder().set("year", year).set("as_of", as_of).set("types", types).bytes();
  }
  CEDU_ASSIGN_OR_RETURN(std::int64_t round_id, p.int64("round_id"));
  CEDU_ASSIGN_OR_RETURN(auto r, load_round_results(library_, catalogue_, town_order_, round_id,
                                                   p.path_of("round_id")));
  const RoundSummary& s = r->summary;
  mp::ArrayBuilder ranking;
  for (const RankedEntry& e : s.ranking) ranking.add(ranked_reply(e, town_name(e.entry->town)));
  mp::ArrayBuilder tasks;
  for (const Rectification& t : s.open_rectifications) tasks.add(rectification_reply(t, r->today));
  int open = 0, upheld = 0, dismissed = 0;
  for (const Objection& o : r->objections) {
    open += o.status == "open" ? 1 : 0;
    upheld += o.status == "upheld" ? 1 : 0;
    dismissed += o.status == "dismissed" ? 1 : 0;
  }
  mp::MapBuilder out;
  out.set("round", round_reply(r->round))
      .set("standard_name", r->standard->name)
      .set("as_of", r->today);
  target(out, s);
  out.set("district", area_reply(s.district, s, "全区"))
      .set("towns", areas(s))
      .set("ranking", ranking)
      .set("open_rectifications", tasks)
      .set("objections", mp::MapBuilder()
                             .set("open", open)
                             .set("upheld", upheld)
                             .set("dismissed", dismissed));
  return out.bytes();
}

Result<std::string> ResultsMethods::export_round(const Request& req) {
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"round_id", "format", "table"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t round_id, p.int64("round_id"));
  CEDU_ASSIGN_OR_RETURN(std::string format, p.string("format"));
  if (format != "csv" && format != "xlsx" && format != "markdown") {
    return Status::invalid_argument("must be csv, xlsx or markdown", p.path_of("format"));
  }
  CEDU_ASSIGN_OR_RETURN(auto table_name, p.optional_string("table"));
  if (table_name && *table_name != "ranking" && *table_name != "towns") {
    return Status::invalid_argument("must be ranking or towns", p.path_of("table"));
  }
  if (table_name && format == "markdown") {
    return Status::invalid_argument("the report has every table; table is for csv and xlsx",
                                    p.path_of("table"));
  }
  CEDU_ASSIGN_OR_RETURN(auto r, load_round_results(library_, catalogue_, town_order_, round_id,
                                                   p.path_of("round_id")));
  auto town_name = [this](const std::string& t) {
    return places_.town_name ? places_.town_name(t) : t;
  };
  std::string content, filename = "evaluation-round-" + std::to_string(round_id);
  std::uint64_t rows = 0;
  if (format == "markdown") {
    content = report_markdown(*r, town_name);
    filename += "-report.md";
    rows = r->summary.ranking.size();
  } else {
    const std::string which = table_name.value_or("ranking");
    ExportTable table = which == "towns" ? towns_table(*r, town_name) : ranking_table(*r, town_name);
    rows = table.rows.size();
    CEDU_ASSIGN_OR_RETURN(content, format == "csv" ? table_csv(table) : table_xlsx(table));
    filename += "-" + which + "." + format;
  }
  return mp::MapBuilder()
      .set("format", format)
      .set("filename", filename)
      .set("rows", rows)
      .set("content", msgpack::type::raw_ref(content.data(), static_cast<std::uint32_t>(content.size())))
      .bytes();
}

}  // namespace cedu::evaluation
