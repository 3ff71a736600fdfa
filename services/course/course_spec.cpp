#include "services/course/course_spec.h"

#include "services/library/categories.h"

namespace cedu::course {

using library::FieldSpec;
using library::FieldType;

const library::LibrarySpec& course_spec() {
  static const library::LibrarySpec kSpec = [] {
    library::LibrarySpec s;
    s.name = "course";
    s.display_name = "课程库";
    s.natural_key = {"title"};
    s.natural_key_per_town = true;
    s.category_field = "category";
    s.statuses = {{"draft", "草稿"}, {"published", "已发布"}};
    s.owned = true;
    s.fields = {
        FieldSpec{.name = "title", .type = FieldType::kString, .label = "课程名称",
                  .aliases = {"课程", "名称", "课程标题", "课程名"}, .required = true,
                  .max_length = 100, .search_weight = 10},
        FieldSpec{.name = "category", .type = FieldType::kEnum, .label = "课程类别",
                  .aliases = {"类别", "课程类型", "类型", "课程分类"}, .required = true,
                  .values = library::course_categories(), .filterable = true},
        FieldSpec{.name = "local", .type = FieldType::kBool, .label = "本土特色",
                  .aliases = {"是否本土特色", "本土课程", "番禺本土课程", "本土特色课程"},
                  .filterable = true},
        FieldSpec{.name = "audiences", .type = FieldType::kEnumList, .label = "面向人群",
                  .aliases = {"适用人群", "招生对象", "对象", "面向对象", "学员对象"},
                  .values = {{"elderly", "老年人"}, {"new-citizens", "新市民"},
                             {"farmers", "新型农民"}, {"disabled", "残疾人"},
                             {"youth", "青少年"}, {"families", "家庭"}},
                  .filterable = true},
        FieldSpec{.name = "mode", .type = FieldType::kEnum, .label = "授课方式",
                  .aliases = {"教学方式", "上课方式", "学习方式", "形式"},
                  .values = {{"offline", "线下"}, {"online", "线上"}, {"blended", "混合"}},
                  .filterable = true},
        FieldSpec{.name = "provider_kind", .type = FieldType::kEnum, .label = "开课单位类型",
                  .aliases = {"办学主体", "主办单位类型", "开课主体"},
                  .values = {{"district", "区社区学院"}, {"town", "镇街社区学校"},
                             {"station", "村居辅导站"}, {"org", "社会机构"}},
                  .filterable = true},
        FieldSpec{.name = "provider", .type = FieldType::kString, .label = "开课单位",
                  .aliases = {"主办单位", "承办单位", "开课机构", "授课单位", "举办单位"},
                  .max_length = 100, .search_weight = 2},
        FieldSpec{.name = "hours", .type = FieldType::kInt, .label = "课时",
                  .aliases = {"总课时", "学时", "课时数"}, .min = 1, .max = 2000},
        FieldSpec{.name = "capacity", .type = FieldType::kInt, .label = "容量",
                  .aliases = {"招生人数", "计划招生人数", "人数", "名额", "班额"}, .min = 1,
                  .max = 100000},
        FieldSpec{.name = "summary", .type = FieldType::kText, .label = "课程简介",
                  .aliases = {"简介", "课程介绍", "内容简介", "课程内容"}, .max_length = 2000,
                  .search_weight = 5},
    };
    return s;
  }();
  return kSpec;
}

Status derive_course_fields(const library::Record*, library::Record& after) {
  auto& f = after.fields;
  if (after.text("category") == "local") f["local"] = true;
  if (library::is_null(after.field("mode"))) f["mode"] = std::string("offline");
  if (library::is_null(after.field("provider_kind"))) {
    f["provider_kind"] = std::string(!after.owner.empty()     ? "org"
                                     : !after.station.empty() ? "station"
                                                              : "town");
  }
  const std::string kind = after.text("provider_kind");
  if (!after.owner.empty() && kind != "org") {
    return Status::invalid_argument("a course provided by " + after.owner +
                                        " has provider_kind org (社会机构), not " + kind,
                                    "provider_kind");
  }
  if (kind == "station" && after.station.empty()) {
    return Status::invalid_argument("a course of a tutoring station (村居辅导站) needs its station",
                                    "station");
  }
  return Status::ok();
}

}  // namespace cedu::course
