#include "services/volunteer/per_thousand.h"

#include <cmath>

namespace cedu::volunteer {
namespace {

VolunteerShare share(std::string town, std::string name, std::int64_t volunteers,
                     std::int64_t residents) {
  VolunteerShare s{std::move(town), std::move(name), volunteers, residents};
  if (residents > 0) {
    const double per_thousand = static_cast<double>(volunteers) * 1000.0 / static_cast<double>(residents);
    s.per_thousand = std::round(per_thousand * 1000.0) / 1000.0;
    s.share_percent = std::round(per_thousand * 1000.0) / 10000.0;
    // Compared exactly, without the rounding: volunteers * 100 >= residents * 10.
    s.meets_target = static_cast<double>(volunteers) * 100.0 >=
                     static_cast<double>(residents) * kTargetSharePercent;
  }
  return s;
}

mp::MapBuilder share_map(const VolunteerShare& s) {
  mp::MapBuilder b;
  b.set("town", s.town)
      .set("name", s.name)
      .set("volunteers", s.volunteers)
      .set("residents", s.residents)
      .set("per_thousand", s.per_thousand)
      .set("share_percent", s.share_percent)
      .set("meets_target", s.meets_target);
  return b;
}

}  // namespace

std::vector<VolunteerShare> volunteer_shares(const config::Network& network,
                                             const std::map<std::string, std::int64_t>& active) {
  std::vector<VolunteerShare> out;
  std::int64_t volunteers = 0;
  for (const auto& t : network.towns) {
    auto it = active.find(t.slug);
    const std::int64_t n = it == active.end() ? 0 : it->second;
    volunteers += n;
    out.push_back(share(t.slug, t.name, n, t.population));
  }
  out.push_back(share("", network.district_name, volunteers, network.population()));
  return out;
}

Result<std::string> per_thousand(Domain& d, const Request& r) {
  CEDU_RETURN_IF_ERROR(r.params.only_keys({}));
  if (!d.network) return Status::failed_precondition("no district network loaded");
  library::ListQuery q;
  q.status = "active";
  std::map<std::string, std::int64_t> active;
  {
    auto guard = d.library.lock();
    CEDU_ASSIGN_OR_RETURN(auto groups, d.library.store().count("town", q));
    for (const auto& [town, n] : groups) active[town] = n;
  }
  auto shares = volunteer_shares(*d.network, active);
  mp::ArrayBuilder towns;
  for (std::size_t i = 0; i + 1 < shares.size(); ++i) towns.add(share_map(shares[i]));
  mp::MapBuilder b;
  b.set("towns", towns)
      .set("total", share_map(shares.back()))
      .set("target_share_percent", kTargetSharePercent)
      .set("target_per_thousand", kTargetSharePercent * 10.0);
  return b.bytes();
}

}  // namespace cedu::volunteer
