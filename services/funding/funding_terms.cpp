#include "services/funding/funding_terms.h"

namespace cedu::funding {

const std::vector<Term>& kinds() {
  static const std::vector<Term> k = {
      {"budget", "预算"}, {"disbursement", "拨付"}, {"expenditure", "支出"}};
  return k;
}

const std::vector<Term>& sources() {
  static const std::vector<Term> s = {{"government", "政府拨款"},
                                      {"social_donation", "社会捐赠"},
                                      {"individual_fee", "个人缴费"},
                                      {"other", "其他"}};
  return s;
}

const std::vector<Term>& categories() {
  static const std::vector<Term> c = {
      {"teaching", "教学活动"},   {"training", "师资培训"},   {"projects", "项目建设"},
      {"facilities", "场地设备"}, {"operations", "日常运转"}, {"publicity", "宣传推广"},
      {"other", "其他"}};
  return c;
}

std::string_view kind_id(Kind kind) { return kinds()[static_cast<std::size_t>(kind)].id; }

std::optional<Kind> kind_from(std::string_view id) {
  for (std::size_t i = 0; i < kinds().size(); ++i) {
    if (kinds()[i].id == id) return static_cast<Kind>(i);
  }
  return std::nullopt;
}

std::string_view term_name(const std::vector<Term>& terms, std::string_view id) {
  for (const Term& t : terms) {
    if (t.id == id) return t.name;
  }
  return id;
}

bool is_term(const std::vector<Term>& terms, std::string_view id) {
  for (const Term& t : terms) {
    if (t.id == id) return true;
  }
  return false;
}

std::string term_list(const std::vector<Term>& terms) {
  std::string out;
  for (std::size_t i = 0; i < terms.size(); ++i) {
    if (i > 0) out += i + 1 == terms.size() ? " or " : ", ";
    out += terms[i].id;
  }
  return out;
}

}  // namespace cedu::funding
