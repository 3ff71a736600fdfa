#include "services/course/participants.h"

#include "services/course/enrolment_store.h"
#include "services/course/local_time.h"
#include "services/course/params.h"

namespace cedu::course {

Result<std::string> participants(CourseEnv& env, const Request& req) {
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"year", "town"}));
  CEDU_ASSIGN_OR_RETURN(auto year, p.optional_int64("year"));
  if (year && (*year < 1900 || *year > 2200)) {
    return Status::invalid_argument("must be a year between 1900 and 2200", p.path_of("year"));
  }
  const std::int64_t y = year.value_or(local_year());
  CEDU_ASSIGN_OR_RETURN(auto town_text, read_optional_text(p, "town", 50));
  std::string town;
  if (town_text) {
    auto slug = env.places.town ? env.places.town(*town_text) : town_text;
    if (!slug) {
      return Status::invalid_argument("'" + clip(*town_text) + "' is not a town of the district",
                                      p.path_of("town"));
    }
    town = *slug;
  }

  auto guard = env.library.lock();
  EnrolmentStore store(env.library.store().db());
  CEDU_ASSIGN_OR_RETURN(auto towns, store.participation(y, town));
  CEDU_ASSIGN_OR_RETURN(Participation total, store.participation_total(y, town));
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
