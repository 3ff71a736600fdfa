// The certificate of service hours (志愿服务时长证明): a Markdown document in Chinese that
// states a volunteer's approved hours (of one year, or of all years), their star level,
// the issuer and date, and a certificate number derived from volunteer id and year — the
// same volunteer and year always give the same number, so a copy can be checked against a
// re-issue. The ID-card number is masked unless the caller has the `pii` right.
//   volunteer.certificate {volunteer_id, year?}
// Thread-safety: render_certificate and certificate_number are pure; the method may run
// concurrently (see domain.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "services/volunteer/domain.h"

namespace cedu::volunteer {

struct CertificateData {
  std::int64_t volunteer_id = 0;
  std::string name;
  std::string id_card;    // as it may be shown (masked or not); empty: not registered
  std::string town_name;  // 南村镇
  std::string team;       // may be empty
  std::optional<int> year;               // nullopt: all years
  std::int64_t certified_minutes = 0;    // approved, in `year` or in total
  std::int64_t total_minutes = 0;        // approved in total
  int stars = 0;
  std::string issued_on;  // YYYY-MM-DD
  std::string issuer;     // 番禺区社区教育中心
};

// "ZYFW-2025-000042-3FA9C1" (or ZYFW-ALL-… without a year): year, id, and six hex digits
// of SHA-256 over both as a check.
std::string certificate_number(std::int64_t volunteer_id, std::optional<int> year);
// The Markdown document. Text from records is escaped for Markdown.
std::string render_certificate(const CertificateData& data);

Result<std::string> certificate(Domain& d, const Request& request);

}  // namespace cedu::volunteer
