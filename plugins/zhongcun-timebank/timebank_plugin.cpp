// zhongcun-timebank (钟村时间银行): a plugin of the volunteer library. For the towns that
// enable it (Zhongcun, configs/towns/zhongcun.yaml), approved service hours earn time-bank
// points at the town's rate, kept in an append-only points ledger in the plugin's own
// storage (timebank_ledger.h), which volunteers redeem for services of the town:
//   observer  volunteer.hours_approved → an earn entry, once per hours entry (a replayed
//             event credits nothing more);
//   methods   volunteer.timebank_balance {volunteer_id} → {town, volunteer_id, balance,
//             earned, redeemed, points_per_hour};
//             volunteer.timebank_redeem {volunteer_id, points, reason} → {entry, balance}
//             (district-admin or the town's admin; refuses points ≤ 0 or above the
//             balance, naming params.points);
//             volunteer.timebank_ledger {volunteer_id, limit?} → {items, balance}, newest
//             first.
#include <cedu/plugin.hpp>

#include <cstdio>
#include <initializer_list>

#include "timebank_config.h"
#include "timebank_ledger.h"

namespace {

using cedu::plugin::Context;
using cedu::plugin::Error;
using Packer = msgpack::packer<std::stringstream>;

// Refuses a parameter the method does not know (the host's params.town included).
void only_keys(const msgpack::object& params, std::initializer_list<const char*> known) {
  if (params.type != msgpack::type::MAP) throw Error::invalid("", "params must be a map");
  for (std::uint32_t i = 0; i < params.via.map.size; ++i) {
    const auto& key = params.via.map.ptr[i].key;
    const std::string name = key.type == msgpack::type::STR ? key.as<std::string>() : std::string("?");
    bool ok = name == "town";
    for (const char* k : known) ok = ok || name == k;
    if (!ok) throw Error::invalid(name, "unknown parameter");
  }
}

// A required positive whole number at `key`; `what` says what it counts.
std::int64_t positive(const msgpack::object& params, const char* key, const std::string& what) {
  const msgpack::object* v = cedu::plugin::find(params, key);
  if (v == nullptr) throw Error::invalid(key, "is required: " + what);
  if (v->type != msgpack::type::POSITIVE_INTEGER || v->via.u64 == 0 || v->via.u64 > (1ULL << 53)) {
    throw Error::invalid(key, "must be a positive whole number: " + what);
  }
  return static_cast<std::int64_t>(v->via.u64);
}

std::string hours_text(std::int64_t minutes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", static_cast<double>(minutes) / 60.0);
  std::string s(buf);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

void pack_entry(Packer& pk, const zhongcun::LedgerEntry& e) {
  pk.pack_map(9);
  pk.pack("id"), pk.pack(e.id);
  pk.pack("volunteer_id"), pk.pack(e.volunteer_id);
  pk.pack("kind"), pk.pack(e.kind);
  pk.pack("points"), pk.pack(e.points);
  pk.pack("reference"), pk.pack(e.reference);
  pk.pack("minutes"), pk.pack(e.minutes);
  pk.pack("reason"), pk.pack(e.reason);
  pk.pack("by"), pk.pack(e.by);
  pk.pack("at"), pk.pack(e.at);
}

// volunteer.hours_approved: credit the entry's minutes at the town's rate.
void credit_approval(const Context& c, const msgpack::object& event) {
  const zhongcun::TimebankConfig config = zhongcun::read_config(c.config());
  if (cedu::plugin::string_at(event, "status") != "approved") return;
  const msgpack::object* id = cedu::plugin::find(event, "id");
  const msgpack::object* volunteer = cedu::plugin::find(event, "volunteer_id");
  const msgpack::object* minutes = cedu::plugin::find(event, "minutes");
  if (id == nullptr || volunteer == nullptr || minutes == nullptr) {
    throw std::runtime_error("volunteer.hours_approved without id, volunteer_id or minutes");
  }
  const std::int64_t points = zhongcun::points_for(config, minutes->as<std::int64_t>());
  if (points == 0) return;  // too short to earn a whole point under this rounding
  const std::string reason = "志愿服务时长审核通过：" + std::string(cedu::plugin::string_at(event, "date")) + " " +
                             std::string(cedu::plugin::string_at(event, "activity")) + " " +
                             hours_text(minutes->as<std::int64_t>()) + " 小时";
  const bool credited = zhongcun::earn(c.host(), std::string(c.town()), volunteer->as<std::int64_t>(), points,
                                       id->as<std::int64_t>(), minutes->as<std::int64_t>(), reason,
                                       std::string(cedu::plugin::string_at(event, "reviewed_by")));
  if (!credited) c.host().info("hours entry " + std::to_string(id->as<std::int64_t>()) + " was credited before");
}

std::string balance_reply(const Context& c, const msgpack::object& params) {
  only_keys(params, {"volunteer_id"});
  const std::int64_t volunteer = positive(params, "volunteer_id", "the volunteer's id");
  const zhongcun::TimebankConfig config = zhongcun::read_config(c.config());
  const zhongcun::Balance b = zhongcun::balance(c.host(), std::string(c.town()), volunteer);
  std::stringstream out;
  Packer pk(out);
  pk.pack_map(6);
  pk.pack("town"), pk.pack(std::string(c.town()));
  pk.pack("volunteer_id"), pk.pack(volunteer);
  pk.pack("balance"), pk.pack(b.balance());
  pk.pack("earned"), pk.pack(b.earned);
  pk.pack("redeemed"), pk.pack(b.redeemed);
  pk.pack("points_per_hour"), pk.pack(config.points_per_hour);
  return out.str();
}

std::string redeem_reply(const Context& c, const msgpack::object& params) {
  const std::string town(c.town());
  const std::string principal(c.principal());
  if (principal != "district-admin" && principal != "town-admin:" + town) {
    throw Error(CEDU_PERMISSION_DENIED, "",
                principal + " may not redeem time-bank points of " + town +
                    ": the district or the town's admin does");
  }
  only_keys(params, {"volunteer_id", "points", "reason"});
  const std::int64_t volunteer = positive(params, "volunteer_id", "the volunteer's id");
  const std::int64_t points = positive(params, "points", "the points to redeem");
  const std::string reason(cedu::plugin::string_at(params, "reason"));
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw Error::invalid("reason", "is required: what the points are redeemed for");
  }
  std::size_t characters = 0;  // UTF-8: count the bytes that start a character
  for (unsigned char ch : reason) characters += (ch & 0xC0) != 0x80;
  if (characters > 200) throw Error::invalid("reason", "must be at most 200 characters");
  auto entry = zhongcun::redeem(c.host(), town, volunteer, points, reason, principal);
  const zhongcun::Balance b = zhongcun::balance(c.host(), town, volunteer);
  if (!entry) {
    throw Error::precondition("points", "volunteer " + std::to_string(volunteer) + " has " +
                                            std::to_string(b.balance()) + " points in " + town +
                                            ", fewer than the " + std::to_string(points) + " to redeem");
  }
  std::stringstream out;
  Packer pk(out);
  pk.pack_map(2);
  pk.pack("entry"), pack_entry(pk, *entry);
  pk.pack("balance"), pk.pack(b.balance());
  return out.str();
}

std::string ledger_reply(const Context& c, const msgpack::object& params) {
  only_keys(params, {"volunteer_id", "limit"});
  const std::int64_t volunteer = positive(params, "volunteer_id", "the volunteer's id");
  std::int64_t limit = 50;
  if (cedu::plugin::find(params, "limit") != nullptr) {
    limit = positive(params, "limit", "how many entries, at most 500");
    if (limit > 500) throw Error::invalid("limit", "must be at most 500");
  }
  const std::string town(c.town());
  const auto items = zhongcun::entries(c.host(), town, volunteer, limit);
  std::stringstream out;
  Packer pk(out);
  pk.pack_map(2);
  pk.pack("items");
  pk.pack_array(static_cast<std::uint32_t>(items.size()));
  for (const auto& e : items) pack_entry(pk, e);
  pk.pack("balance"), pk.pack(zhongcun::balance(c.host(), town, volunteer).balance());
  return out.str();
}

class Timebank : public cedu::plugin::Plugin {
 public:
  void load(cedu::plugin::Registrar& r) override {
    r.config_check([](const Context& c) { zhongcun::read_config(c.config()); });
    r.storage_step(1, "the points ledger", zhongcun::kLedgerSchema);
    r.observer("volunteer.hours_approved", &credit_approval);
    r.method("timebank_balance", &balance_reply);
    r.method("timebank_redeem", &redeem_reply);
    r.method("timebank_ledger", &ledger_reply);
  }
};

}  // namespace

CEDU_PLUGIN(Timebank, "zhongcun-timebank", "1.0.0", "volunteer", "钟村街社区教育学校",
            "钟村时间银行：志愿服务时长审核通过后按比例计入积分，可查询余额与流水、兑换服务")
