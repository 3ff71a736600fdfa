#include "services/volunteer/volunteer_spec.h"

#include "services/library/categories.h"

namespace cedu::volunteer {

using library::FieldSpec;
using library::FieldType;
using library::Pii;

const library::LibrarySpec& volunteer_spec() {
  static const library::LibrarySpec kSpec = [] {
    library::LibrarySpec s;
    s.name = "volunteer";
    s.display_name = "志愿者库";
    s.natural_key = {"phone"};
    s.statuses = {{"active", "在册"}};
    s.owned = true;
    s.fields = {
        FieldSpec{.name = "name", .type = FieldType::kString, .label = "姓名",
                  .aliases = {"志愿者姓名"}, .required = true, .max_length = 50,
                  .search_weight = 10},
        FieldSpec{.name = "gender", .type = FieldType::kEnum, .label = "性别",
                  .values = library::genders(), .filterable = true},
        FieldSpec{.name = "birth_year", .type = FieldType::kInt, .label = "出生年份",
                  .aliases = {"出生年"}, .min = 1900, .max = 2100, .filterable = true},
        FieldSpec{.name = "phone", .type = FieldType::kPhone, .label = "手机号码",
                  .aliases = {"手机", "联系电话", "电话"}, .required = true, .max_length = 20,
                  .pii = Pii::kPhone},
        FieldSpec{.name = "id_card", .type = FieldType::kIdCard, .label = "身份证号",
                  .aliases = {"身份证号码", "身份证"}, .max_length = 18, .pii = Pii::kIdCard},
        FieldSpec{.name = "address", .type = FieldType::kText, .label = "家庭住址",
                  .aliases = {"住址", "地址", "居住地址"}, .max_length = 200,
                  .pii = Pii::kAddress},
        FieldSpec{.name = "skills", .type = FieldType::kText, .label = "技能特长",
                  .aliases = {"特长", "专长", "技能"}, .max_length = 500, .search_weight = 5},
        FieldSpec{.name = "service_area", .type = FieldType::kStringList, .label = "服务区域",
                  .aliases = {"服务范围", "服务地区"}, .max_length = 50, .search_weight = 2,
                  .filterable = true},
        FieldSpec{.name = "team", .type = FieldType::kString, .label = "所属队伍",
                  .aliases = {"志愿服务队", "服务队", "队伍"}, .max_length = 100,
                  .search_weight = 2, .filterable = true},
        FieldSpec{.name = "political_status", .type = FieldType::kEnum, .label = "政治面貌",
                  .values = {{"cpc-member", "中共党员"},
                             {"cpc-probationary", "中共预备党员"},
                             {"cyl-member", "共青团员"},
                             {"democratic-party", "民主党派"},
                             {"masses", "群众"}},
                  .filterable = true},
        FieldSpec{.name = "education", .type = FieldType::kEnum, .label = "文化程度",
                  .aliases = {"学历"},
                  .values = {{"primary", "小学"},
                             {"junior-secondary", "初中"},
                             {"senior-secondary", "高中/中专"},
                             {"junior-college", "大专"},
                             {"bachelor", "本科"},
                             {"postgraduate", "研究生"}},
                  .filterable = true},
        FieldSpec{.name = "note", .type = FieldType::kText, .label = "备注",
                  .max_length = 1000},
    };
    return s;
  }();
  return kSpec;
}

}  // namespace cedu::volunteer
