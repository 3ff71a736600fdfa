#include "services/course/participants.h"

#include "services/course/enrolment_store.h"
#include "services/course/yearly_scope.h"

namespace cedu::course {

Result<std::string> participants(CourseEnv& env, const Request& req) {
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"year", "town", "station"}));
  CEDU_ASSIGN_OR_RETURN(YearlyScope scope, read_yearly_scope(env, p));
  const std::int64_t y = scope.year;

  auto guard = env.library.lock();
  EnrolmentStore store(env.library.store().db());
  CEDU_ASSIGN_OR_RETURN(auto towns, store.participation(y, scope.town, scope.station));
  CEDU_ASSIGN_OR_RETURN(Participation total,
                        store.participation_total(y, scope.town, scope.station));
  guard.unlock();

  auto pack = [](msgpack::packer<mp::StringStream>& pk, const Participation& n) {
    pk.pack_map(2);
    pk.pack("participants"), pk.pack(n.participants);
    pk.pack("elderly"), pk.pack(n.elderly);
  };
  std::string out;
  mp::StringStream stream(out);
  msgpack::packer<mp::StringStream> pk(stream);
  pk.pack_map(3);
  pk.pack("year"), pk.pack(y);
  pk.pack("towns");
  pk.pack_map(static_cast<std::uint32_t>(towns.size()));
  for (const auto& [slug, n] : towns) {
    pk.pack(slug);
    pack(pk, n);
  }
  pk.pack("total");
  pack(pk, total);
  return out;
}

}  // namespace cedu::course
