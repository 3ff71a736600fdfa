// The closed vocabularies of the funding ledger (经费台账): the kinds of entry, the sources
// of money the plan names ("政府拨一点、社会捐一点、个人出一点") and the spending categories,
// each with its wire id and its Chinese name for reports.
// Thread-safety: constant tables; read from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cedu::funding {

// What an entry records. A reversal (冲正) has the kind of the entry it reverses.
enum class Kind { kBudget, kDisbursement, kExpenditure };

struct Term {
  std::string_view id;    // on the wire and in the database: "government"
  std::string_view name;  // in reports: 政府拨款
};

// budget 预算, disbursement 拨付, expenditure 支出.
const std::vector<Term>& kinds();
// government 政府拨款, social_donation 社会捐赠, individual_fee 个人缴费, other 其他.
const std::vector<Term>& sources();
// teaching 教学活动, training 师资培训, projects 项目建设, facilities 场地设备,
// operations 日常运转, publicity 宣传推广, other 其他.
const std::vector<Term>& categories();

std::string_view kind_id(Kind kind);
std::optional<Kind> kind_from(std::string_view id);
// The Chinese name of the term `id` in `terms`; `id` itself when unknown.
std::string_view term_name(const std::vector<Term>& terms, std::string_view id);
bool is_term(const std::vector<Term>& terms, std::string_view id);
// "government, social_donation, individual_fee or other" — for refusals.
std::string term_list(const std::vector<Term>& terms);

}  // namespace cedu::funding
