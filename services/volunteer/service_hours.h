// Service hours (志愿服务时长): volunteers' reported activities, their review by staff, and
// the totals and star levels they add up to.
//   volunteer.log_hours     report an activity (status reported); idempotent by the
//                           request's idempotency key; event volunteer.hours_logged
//   volunteer.review_hours  approve or reject a reported entry, once; events
//                           volunteer.hours_approved / volunteer.hours_rejected
//   volunteer.hours         approved hours in a year and in total, pending hours, stars
//   volunteer.hours_entries the ledger, filtered (what reviewers work through)
// Who may report: whoever may write the volunteer (core rules: the district, the town
// admin of its town, its station, the organisation that owns it). Who may review: the
// district, the town admin of the volunteer's town, its station — not organisations.
// Thread-safety: the methods may run concurrently (see domain.h).
#pragma once

#include "services/library/record.h"
#include "services/volunteer/domain.h"

namespace cedu::volunteer {

Result<std::string> log_hours(Domain& d, const Request& request);
Result<std::string> review_hours(Domain& d, const Request& request);
Result<std::string> hours(Domain& d, const Request& request);
Result<std::string> hours_entries(Domain& d, const Request& request);

// OK iff `caller` may review hours of `volunteer`; else PERMISSION_DENIED naming the rule.
Status may_review(const library::Caller& caller, const library::Record& volunteer);

}  // namespace cedu::volunteer
