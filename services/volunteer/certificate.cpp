#include "services/volunteer/certificate.h"

#include <cctype>
#include <cstdio>

#include "common/digest/sha256.h"
#include "services/library/calendar.h"
#include "services/library/hours.h"
#include "services/library/param_readers.h"
#include "services/library/pii.h"
#include "services/library/record.h"
#include "services/library/side_write.h"
#include "services/volunteer/hours_store.h"

namespace cedu::volunteer {
namespace {

// Backslash-escapes what Markdown would read as markup, and flattens line breaks.
std::string md(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      out += ' ';
      continue;
    }
    if (std::string_view("\\`*_[]<>|~").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string star_text(int stars) {
  static const char* const kNumerals[] = {"", "一", "二", "三", "四", "五"};
  if (stars <= 0) return "未评星";
  std::string s = std::string(kNumerals[stars]) + "星级志愿者 ";
  for (int i = 0; i < 5; ++i) s += i < stars ? "★" : "☆";
  return s;
}

std::string chinese_date(const std::string& iso) {
  // "2026-03-05" → "2026年3月5日"
  return iso.substr(0, 4) + "年" + std::to_string(std::stoi(iso.substr(5, 2))) + "月" +
         std::to_string(std::stoi(iso.substr(8, 2))) + "日";
}

}  // namespace

std::string certificate_number(std::int64_t volunteer_id, std::optional<int> year) {
  const std::string y = year ? std::to_string(*year) : std::string("ALL");
  char id[32];
  std::snprintf(id, sizeof id, "%06lld", static_cast<long long>(volunteer_id));
  std::string check = digest::sha256_hex("cedu.volunteer.certificate:" + std::to_string(volunteer_id) +
                                          ":" + y)
                          .substr(0, 6);
  for (char& c : check) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return "ZYFW-" + y + "-" + id + "-" + check;
}

std::string render_certificate(const CertificateData& c) {
  const std::string period = c.year ? std::to_string(*c.year) + "年度" : std::string("累计");
  std::string out;
  out += "# 志愿服务时长证明\n\n";
  out += "证书编号：" + certificate_number(c.volunteer_id, c.year) + "\n\n";
  out += "兹证明志愿者 **" + md(c.name) + "**（身份证号：" +
         (c.id_card.empty() ? std::string("未登记") : md(c.id_card)) + "），所属镇街" +
         md(c.town_name) + "，" + period +
         "参加社区教育志愿服务，经审核认定的志愿服务时长为 **" +
         library::hours_text(c.certified_minutes) + " 小时**。\n\n";
  out += "| 项目 | 内容 |\n| --- | --- |\n";
  out += "| 姓名 | " + md(c.name) + " |\n";
  out += "| 身份证号 | " + (c.id_card.empty() ? std::string("未登记") : md(c.id_card)) + " |\n";
  out += "| 所属镇街 | " + md(c.town_name) + " |\n";
  if (!c.team.empty()) out += "| 所属队伍 | " + md(c.team) + " |\n";
  out += "| 认定期间 | " + period + " |\n";
  out += "| 认定时长 | " + library::hours_text(c.certified_minutes) + " 小时 |\n";
  out += "| 累计认定时长 | " + library::hours_text(c.total_minutes) + " 小时 |\n";
  out += "| 星级 | " + star_text(c.stars) + " |\n\n";
  out += "特此证明。\n\n";
  out += "出具单位：" + md(c.issuer) + "\n\n";
  out += "出具日期：" + chinese_date(c.issued_on) + "\n";
  return out;
}

Result<std::string> certificate(Domain& d, const Request& r) {
  const mp::MapView& p = r.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"volunteer_id", "year"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t volunteer_id, library::read_id(p, "volunteer_id"));
  CEDU_ASSIGN_OR_RETURN(std::optional<int> year, library::read_year(p, "year"));
  const library::Caller caller = library::Caller::from(r);
  auto guard = d.library.lock();
  CEDU_ASSIGN_OR_RETURN(library::Record v,
                        library::load_parent(d.library, volunteer_id, p.path_of("volunteer_id")));
  CEDU_ASSIGN_OR_RETURN(HoursTotals t, totals(d.library.store().db(), volunteer_id,
                                              year.value_or(library::current_year())));
  guard.unlock();

  CertificateData c;
  c.volunteer_id = volunteer_id;
  c.name = v.text("name");
  c.id_card = v.text("id_card");
  if (!caller.pii && !c.id_card.empty()) c.id_card = library::mask_id_card(c.id_card);
  const config::Town* town = d.network ? d.network->town(v.town) : nullptr;
  c.town_name = town != nullptr ? town->name : v.town;
  c.team = v.text("team");
  c.year = year;
  c.certified_minutes = year ? t.year_approved_minutes : t.approved_minutes;
  c.total_minutes = t.approved_minutes;
  c.stars = star_level(d.config, t.approved_minutes);
  c.issued_on = library::today();
  c.issuer = !d.config.certificate_issuer.empty()
                 ? d.config.certificate_issuer
                 : (d.network ? d.network->district_name : std::string()) + "社区教育中心";
  if (c.certified_minutes == 0) {
    return Status::failed_precondition(
        "volunteer " + std::to_string(volunteer_id) + " has no approved hours" +
            (year ? " in " + std::to_string(*year) : std::string()) + ": nothing to certify",
        year ? p.path_of("year") : p.path_of("volunteer_id"));
  }

  const std::string content = render_certificate(c);
  mp::MapBuilder b;
  b.set("filename", "volunteer-hours-certificate-" + std::to_string(volunteer_id) + "-" +
                        (year ? std::to_string(*year) : std::string("all")) + ".md")
      .set("content", content)
      .set("number", certificate_number(volunteer_id, year))
      .set("volunteer_id", volunteer_id);
  if (year) {
    b.set("year", *year);
  } else {
    b.set_nil("year");
  }
  b.set("minutes", c.certified_minutes)
      .set("hours", library::hours_of_minutes(c.certified_minutes))
      .set("stars", c.stars)
      .set("issued_on", c.issued_on);
  return b.bytes();
}

}  // namespace cedu::volunteer
