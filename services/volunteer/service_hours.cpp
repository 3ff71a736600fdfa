#include "services/volunteer/service_hours.h"

#include "services/library/calendar.h"
#include "services/library/hours.h"
#include "services/library/paging.h"
#include "services/library/param_readers.h"
#include "services/library/places.h"
#include "services/library/side_write.h"
#include "services/volunteer/hours_store.h"

namespace cedu::volunteer {
namespace {

constexpr std::int64_t kMinutesPerDay = 24 * 60;

// hours_logged / hours_approved / hours_rejected: the entry, and the volunteer with its
// personal data masked (events reach subscribers with all kinds of rights).
std::string event_payload(const Domain& d, const HoursEntry& e, const library::Record& volunteer,
                          const std::optional<HoursTotals>& totals) {
  mp::MapBuilder b = entry_map(e);
  const std::string masked = library::record_bytes(volunteer, d.library.spec(), false);
  b.set("volunteer", mp::Raw{masked});
  if (totals) {
    b.set("total_approved_minutes", totals->approved_minutes)
        .set("total_approved_hours", library::hours_of_minutes(totals->approved_minutes))
        .set("stars", star_level(d.config, totals->approved_minutes));
  }
  return b.bytes();
}

void publish(Domain& d, std::string_view event, std::string payload) {
  if (d.publish) d.publish(event, std::move(payload));
}

}  // namespace

Status may_review(const library::Caller& caller, const library::Record& volunteer) {
  using Kind = library::Caller::Kind;
  if (caller.unrestricted()) return Status::ok();
  if (caller.kind == Kind::kTown && caller.scope == volunteer.town) return Status::ok();
  if (caller.kind == Kind::kStation && !volunteer.station.empty() &&
      caller.scope == volunteer.station) {
    return Status::ok();
  }
  return Status::permission_denied(
      caller.principal + " may not review hours of volunteer " + std::to_string(volunteer.id) +
      " (town " + volunteer.town + (volunteer.station.empty() ? "" : ", station " + volunteer.station) +
      "): the district, the town admin of the volunteer's town or its station review; "
      "volunteer.review_hours refused");
}

Result<std::string> log_hours(Domain& d, const Request& r) {
  const mp::MapView& p = r.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"volunteer_id", "activity", "date", "hours", "course_id"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t volunteer_id, library::read_id(p, "volunteer_id"));
  CEDU_ASSIGN_OR_RETURN(std::string activity, library::read_text(p, "activity", 200));
  CEDU_ASSIGN_OR_RETURN(std::string date, library::read_date(p, "date", true));
  CEDU_ASSIGN_OR_RETURN(std::int64_t minutes, library::read_hours(p, "hours", 24));
  CEDU_ASSIGN_OR_RETURN(auto course_id, p.optional_int64("course_id"));
  if (course_id && *course_id <= 0) {
    return Status::invalid_argument("must be a positive course id", p.path_of("course_id"));
  }
  const library::Caller caller = library::Caller::from(r);
  // A key is the caller's: another principal's request with the same key is another request.
  const std::string key = r.idempotency_key && !r.idempotency_key->empty()
                              ? caller.principal + "\n" + *r.idempotency_key
                              : std::string();

  std::optional<HoursEntry> replay;
  auto lookup_replay = [&](sqlite::Database& db) -> Status {
    if (key.empty()) return Status::ok();
    CEDU_ASSIGN_OR_RETURN(replay, find_entry_by_key(db, key));
    return Status::ok();
  };
  {
    auto guard = d.library.lock();
    CEDU_RETURN_IF_ERROR(lookup_replay(d.library.store().db()));
  }
  if (replay) return entry_map(*replay).bytes();

  HoursEntry e;
  library::SideTarget target{"volunteer.log_hours", volunteer_id, p.path_of("volunteer_id"), false,
                             {}};
  auto volunteer = library::write_side(
      d.library, caller, target,
      [&](sqlite::Database& db, const library::Record& parent) -> Result<library::SideChange> {
        CEDU_RETURN_IF_ERROR(lookup_replay(db));  // the same key may have raced us here
        if (replay) return library::SideChange::none();
        CEDU_ASSIGN_OR_RETURN(std::int64_t same_day, minutes_on(db, volunteer_id, date));
        if (same_day + minutes > kMinutesPerDay) {
          return Status::invalid_argument(
              "volunteer " + std::to_string(volunteer_id) + " already has " +
                  library::hours_text(same_day) + " h reported on " +
                  date + "; a day has 24",
              p.path_of("hours"));
        }
        e.volunteer_id = volunteer_id;
        e.activity = activity;
        e.date = date;
        e.minutes = minutes;
        e.course_id = course_id;
        e.status = "reported";
        e.logged_by = caller.principal;
        e.logged_at = library::utc_now();
        CEDU_RETURN_IF_ERROR(insert_entry(db, e, key));
        e.volunteer_name = parent.text("name");
        e.town = parent.town;
        e.station = parent.station;
        return library::SideChange::inserted(
            "hours entry " + std::to_string(e.id) + ": " + library::hours_text(e.minutes) +
                " h on " + date,
            entry_json(e));
      });
  if (!volunteer.ok()) return volunteer.status();
  if (replay) return entry_map(*replay).bytes();
  publish(d, "hours_logged", event_payload(d, e, *volunteer, std::nullopt));
  return entry_map(e).bytes();
}

Result<std::string> review_hours(Domain& d, const Request& r) {
  const mp::MapView& p = r.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"entry_id", "decision", "reason"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t entry_id, library::read_id(p, "entry_id"));
  CEDU_ASSIGN_OR_RETURN(std::string decision, p.string("decision"));
  if (decision != "approve" && decision != "reject") {
    return Status::invalid_argument("must be approve or reject", p.path_of("decision"));
  }
  CEDU_ASSIGN_OR_RETURN(auto reason, library::read_optional_text(p, "reason", 500));
  const library::Caller caller = library::Caller::from(r);
  const std::string entry_field = p.path_of("entry_id");

  std::int64_t volunteer_id = 0;
  {
    auto guard = d.library.lock();
    CEDU_ASSIGN_OR_RETURN(auto found, find_entry(d.library.store().db(), entry_id));
    if (!found) return Status::not_found("no hours entry " + std::to_string(entry_id), entry_field);
    volunteer_id = found->volunteer_id;
  }
  HoursEntry after;
  library::SideTarget target{"volunteer.review_hours", volunteer_id, entry_field, true, may_review};
  auto volunteer = library::write_side(
      d.library, caller, target,
      [&](sqlite::Database& db, const library::Record&) -> Result<library::SideChange> {
        CEDU_ASSIGN_OR_RETURN(auto found, find_entry(db, entry_id));
        if (!found) return Status::not_found("no hours entry " + std::to_string(entry_id), entry_field);
        const HoursEntry before = *found;
        if (before.status != "reported") {
          return Status::failed_precondition("hours entry " + std::to_string(entry_id) +
                                                 " was already " + before.status + " by " +
                                                 before.reviewed_by + " at " + before.reviewed_at,
                                             entry_field);
        }
        after = before;
        after.status = decision == "approve" ? "approved" : "rejected";
        after.reviewed_by = caller.principal;
        after.reviewed_at = library::utc_now();
        after.reason = reason.value_or("");
        CEDU_RETURN_IF_ERROR(store_review(db, after));
        return library::SideChange::updated(
            "hours entry " + std::to_string(entry_id) + " " + after.status +
                (after.reason.empty() ? "" : ": " + after.reason),
            entry_json(before), entry_json(after));
      });
  if (!volunteer.ok()) return volunteer.status();
  std::optional<HoursTotals> sums;
  {
    auto guard = d.library.lock();
    auto t = totals(d.library.store().db(), volunteer_id, library::current_year());
    if (t.ok()) sums = *t;
  }
  publish(d, after.status == "approved" ? "hours_approved" : "hours_rejected",
          event_payload(d, after, *volunteer, sums));
  return entry_map(after).bytes();
}

Result<std::string> hours(Domain& d, const Request& r) {
  const mp::MapView& p = r.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"volunteer_id", "year"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t volunteer_id, library::read_id(p, "volunteer_id"));
  CEDU_ASSIGN_OR_RETURN(auto year_param, library::read_year(p, "year"));
  const int year = year_param.value_or(library::current_year());
  auto guard = d.library.lock();
  CEDU_ASSIGN_OR_RETURN(library::Record v,
                        library::load_parent(d.library, volunteer_id, p.path_of("volunteer_id")));
  CEDU_ASSIGN_OR_RETURN(HoursTotals t, totals(d.library.store().db(), volunteer_id, year));
  guard.unlock();
  mp::MapBuilder b;
  b.set("volunteer_id", volunteer_id)
      .set("name", v.text("name"))
      .set("town", v.town)
      .set("year", year)
      .set("year_minutes", t.year_approved_minutes)
      .set("year_hours", library::hours_of_minutes(t.year_approved_minutes))
      .set("total_minutes", t.approved_minutes)
      .set("total_hours", library::hours_of_minutes(t.approved_minutes))
      .set("pending_minutes", t.pending_minutes)
      .set("pending_hours", library::hours_of_minutes(t.pending_minutes))
      .set("stars", star_level(d.config, t.approved_minutes));
  if (auto next = minutes_to_next_star(d.config, t.approved_minutes)) {
    b.set("next_star_hours", library::hours_of_minutes(*next));
  } else {
    b.set_nil("next_star_hours");
  }
  b.set("star_thresholds_hours",
        std::vector<std::int64_t>(d.config.star_thresholds_hours.begin(),
                                  d.config.star_thresholds_hours.end()));
  return b.bytes();
}

Result<std::string> hours_entries(Domain& d, const Request& r) {
  const mp::MapView& p = r.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"volunteer_id", "town", "station", "status", "year", "after", "limit"}));
  EntryQuery q;
  if (p.has("volunteer_id")) {
    CEDU_ASSIGN_OR_RETURN(q.volunteer_id, library::read_id(p, "volunteer_id"));
  }
  CEDU_ASSIGN_OR_RETURN(q.town, library::read_optional_text(p, "town", 50));
  if (q.town && d.network) {  // a slug or the Chinese name: "nancun", "南村镇"
    const std::string written = *q.town;
    q.town = library::town_slug(*d.network, written);
    if (!q.town) {
      return Status::invalid_argument("'" + written + "' is not a town of " + d.network->district_name,
                                      p.path_of("town"));
    }
  }
  CEDU_ASSIGN_OR_RETURN(q.station, library::read_optional_text(p, "station", 50));
  CEDU_ASSIGN_OR_RETURN(q.status, library::read_optional_text(p, "status", 20));
  if (q.status && *q.status != "reported" && *q.status != "approved" && *q.status != "rejected") {
    return Status::invalid_argument("must be reported, approved or rejected", p.path_of("status"));
  }
  CEDU_ASSIGN_OR_RETURN(q.year, library::read_year(p, "year"));
  CEDU_ASSIGN_OR_RETURN(library::PageParams page, library::read_page(p, 100));
  q.after = page.after;
  q.limit = static_cast<std::size_t>(page.limit);
  auto guard = d.library.lock();
  CEDU_ASSIGN_OR_RETURN(auto entries, list_entries(d.library.store().db(), q));
  guard.unlock();
  mp::ArrayBuilder items;
  for (const auto& e : entries) items.add(entry_map(e));
  mp::MapBuilder b;
  b.set("items", items).set("next_after", library::next_after(entries, q.limit));
  return b.bytes();
}

}  // namespace cedu::volunteer
