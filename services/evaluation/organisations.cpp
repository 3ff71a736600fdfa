#include "services/evaluation/organisations.h"

#include "services/evaluation/fact_store.h"
#include "services/evaluation/round_store.h"
#include "services/library/caller.h"

namespace cedu::evaluation {
namespace {

using library::FieldSpec;
using library::FieldType;
using library::Record;

library::LibrarySpec make_spec() {
  library::LibrarySpec s;
  s.name = "organisation";
  s.display_name = "学习型组织";
  s.fields = {
      FieldSpec{.name = "type", .type = FieldType::kEnum, .label = "组织类型",
                .aliases = {"类型"}, .required = true,
                .values = {{"town", "学习型镇街"},
                           {"community", "学习型村居(社区)"},
                           {"station", "村居社区教育辅导站"},
                           {"family", "学习型家庭"},
                           {"association", "学习型社团"},
                           {"enterprise", "学习型企业"}},
                .filterable = true},
      FieldSpec{.name = "name", .type = FieldType::kString, .label = "名称",
                .aliases = {"组织名称"}, .required = true, .max_length = 100,
                .search_weight = 10},
      FieldSpec{.name = "network_id", .type = FieldType::kString, .label = "网络编号",
                .max_length = 50, .filterable = true},
      FieldSpec{.name = "contact", .type = FieldType::kString, .label = "联系人",
                .max_length = 50, .search_weight = 2},
      FieldSpec{.name = "phone", .type = FieldType::kPhone, .label = "联系电话",
                .aliases = {"电话", "手机"}, .pii = library::Pii::kPhone},
      FieldSpec{.name = "members", .type = FieldType::kInt, .label = "成员人数",
                .min = 1, .max = 1000000},
      FieldSpec{.name = "founded", .type = FieldType::kDate, .label = "成立日期"},
      FieldSpec{.name = "note", .type = FieldType::kText, .label = "备注",
                .max_length = 1000, .search_weight = 1},
  };
  s.natural_key = {"network_id"};
  s.category_field = "type";
  s.statuses = {{"active", "在册"}};
  return s;
}

}  // namespace

const library::LibrarySpec& organisation_spec() {
  static const library::LibrarySpec spec = make_spec();
  return spec;
}

std::vector<sqlite::Migration> evaluation_migrations() {
  std::vector<sqlite::Migration> all = {library::RecordStore::core_migration(organisation_spec())};
  for (sqlite::Migration& m : evaluation_domain_migrations()) all.push_back(std::move(m));
  return all;
}

std::vector<sqlite::Migration> evaluation_domain_migrations() {
  return {round_migration(), round_followup_migration(), fact_migration()};
}

bool is_network_type(std::string_view type) { return type == "town" || type == "station"; }

Status check_organisation(const Record* before, Record& after) {
  const std::string type = after.text("type");
  if (before != nullptr && before->text("type") != type) {
    return Status::invalid_argument("an organisation's type cannot change (it is " +
                                        before->text("type") + ")", "type");
  }
  const std::string network_id = after.text("network_id");
  if (before != nullptr && before->text("network_id") != network_id) {
    return Status::invalid_argument("network_id cannot change", "network_id");
  }
  if (type == "town") {
    if (network_id != after.town || !after.station.empty()) {
      return Status::invalid_argument("a learning town is the town " + network_id +
                                          " itself, without a station", "town");
    }
  } else if (type == "station") {
    if (network_id != after.station) {
      return Status::invalid_argument("a station organisation stays the station " + network_id,
                                      "station");
    }
  } else if (!network_id.empty()) {
    return Status::invalid_argument("only towns and stations have a network_id", "network_id");
  }
  return Status::ok();
}

namespace {

// The organisation registered for `network_id`, if any.
Result<std::optional<Record>> find_registered(library::Library& library,
                                              const std::string& network_id) {
  Record probe;
  probe.fields["network_id"] = network_id;
  auto key = library.store().natural_key(probe);
  auto guard = library.lock();
  return library.store().find_by_natural_key(*key);
}

// Creates or renames the organisation of one town or station.
Status register_one(library::Library& library, const library::Caller& registrar,
                    std::string_view type, const std::string& network_id,
                    const std::string& town, const std::string& station,
                    const std::string& name, NetworkRegistration& counts) {
  CEDU_ASSIGN_OR_RETURN(std::optional<Record> existing, find_registered(library, network_id));
  if (existing && existing->text("name") == name) {
    ++counts.unchanged;
    return Status::ok();
  }
  library::Library::WriteOptions o;
  o.method = "evaluation.register_network";
  o.detail = "configs/network.yaml";
  if (existing) {
    o.id = existing->id;
    o.event = "";
    auto r = library.write(registrar, o, [&name](const Record*, Record& after) {
      after.fields["name"] = name;
      return Status::ok();
    });
    if (!r.ok()) return r.status();
    ++counts.renamed;
    return Status::ok();
  }
  auto r = library.write(registrar, o, [&](const Record*, Record& after) {
    after.town = town;
    after.station = station;
    after.fields["type"] = std::string(type);
    after.fields["name"] = name;
    after.fields["network_id"] = network_id;
    return Status::ok();
  });
  if (!r.ok()) return r.status();
  ++counts.created;
  return Status::ok();
}

}  // namespace

Result<NetworkRegistration> register_network(library::Library& library,
                                             const config::Network& network) {
  const library::Caller registrar = library::Caller::of(std::string(kRegistrar), false);
  NetworkRegistration counts;
  for (const config::Town& town : network.towns) {
    CEDU_RETURN_IF_ERROR(
        register_one(library, registrar, "town", town.slug, town.slug, "", town.name, counts));
    for (const config::Station& station : town.stations) {
      CEDU_RETURN_IF_ERROR(register_one(library, registrar, "station", station.id, town.slug,
                                        station.id, station.name, counts));
    }
  }
  return counts;
}

}  // namespace cedu::evaluation
