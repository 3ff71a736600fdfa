#include "services/library/record.h"

#include <chrono>
#include <ctime>

#include <nlohmann/json.hpp>

#include "services/library/pii.h"

namespace cedu::library {

const Value& Record::field(std::string_view name) const {
  static const Value kNone;
  auto it = fields.find(name);
  return it == fields.end() ? kNone : it->second;
}

std::string Record::text(std::string_view name) const { return to_text(field(name)); }

void pack_record(msgpack::packer<mp::StringStream>& pk, const Record& r, const LibrarySpec& spec,
                 bool pii) {
  std::uint32_t n = 10;
  for (const auto& f : spec.fields) {
    if (auto it = r.fields.find(f.name); it != r.fields.end() && !is_null(it->second)) ++n;
  }
  pk.pack_map(n);
  pk.pack("id"), pk.pack(r.id);
  pk.pack("town"), pk.pack(r.town);
  pk.pack("station"), pk.pack(r.station);
  pk.pack("owner"), pk.pack(r.owner);
  pk.pack("status"), pk.pack(r.status);
  pk.pack("version"), pk.pack(r.version);
  pk.pack("created_by"), pk.pack(r.created_by);
  pk.pack("created_at"), pk.pack(r.created_at);
  pk.pack("updated_by"), pk.pack(r.updated_by);
  pk.pack("updated_at"), pk.pack(r.updated_at);
  for (const auto& f : spec.fields) {
    auto it = r.fields.find(f.name);
    if (it == r.fields.end() || is_null(it->second)) continue;
    pk.pack(f.name);
    if (!pii && f.pii != Pii::kNone) {
      pack_value(pk, mask(f.pii, it->second));
    } else {
      pack_value(pk, it->second);
    }
  }
}

std::string record_bytes(const Record& record, const LibrarySpec& spec, bool pii) {
  std::string out;
  mp::StringStream stream(out);
  msgpack::packer<mp::StringStream> pk(stream);
  pack_record(pk, record, spec, pii);
  return out;
}

std::string canonical_json(const Record& r, const std::string& fields_json) {
  // Written directly (it runs for every write); the same text as the nlohmann array
  // [id, town, station, owner, status, version] dumped, as value_test checks.
  std::string out = "{\"core\":[";
  out.reserve(64 + r.town.size() + r.station.size() + r.owner.size() + fields_json.size());
  out += std::to_string(r.id);
  for (const std::string* text : {&r.town, &r.station, &r.owner, &r.status}) {
    out.push_back(',');
    if (!append_json_string(out, *text)) {
      nlohmann::json core = nlohmann::json::array(
          {r.id, r.town, r.station, r.owner, r.status, r.version});
      return "{\"core\":" + core.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
             ",\"fields\":" + fields_json + "}";
    }
  }
  out.push_back(',');
  out += std::to_string(r.version);
  out += "],\"fields\":";
  out += fields_json;
  out.push_back('}');
  return out;
}

std::string canonical_json(const Record& r) { return canonical_json(r, to_json(r.fields)); }

std::string utc_now() {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const std::time_t t = system_clock::to_time_t(now);
  const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

}  // namespace cedu::library
