#include "services/teacher/teacher_spec.h"

#include "services/library/categories.h"

namespace cedu::teacher {

using library::FieldSpec;
using library::FieldType;
using library::Pii;

const library::LibrarySpec& teacher_spec() {
  static const library::LibrarySpec kSpec = [] {
    library::LibrarySpec s;
    s.name = "teacher";
    s.display_name = "师资库";
    s.natural_key = {"phone"};
    s.category_field = "kind";
    s.statuses = {{"active", "在库"}};
    s.fields = {
        FieldSpec{.name = "name", .type = FieldType::kString, .label = "姓名",
                  .aliases = {"教师姓名"}, .required = true, .max_length = 50, .search_weight = 10},
        FieldSpec{.name = "gender", .type = FieldType::kEnum, .label = "性别",
                  .values = library::genders(), .filterable = true},
        FieldSpec{.name = "kind", .type = FieldType::kEnum, .label = "师资类型",
                  .aliases = {"类型", "教师类型", "专兼职"}, .required = true,
                  .values = {{"full-time", "专职"}, {"part-time", "兼职"}, {"expert", "专家"}},
                  .filterable = true},
        FieldSpec{.name = "specialties", .type = FieldType::kEnumList, .label = "专长类别",
                  .aliases = {"擅长类别", "课程类别", "专业类别"},
                  .values = library::course_categories(), .filterable = true},
        FieldSpec{.name = "skills", .type = FieldType::kText, .label = "技能特长",
                  .aliases = {"特长", "专长", "擅长课程"}, .max_length = 500, .search_weight = 5},
        FieldSpec{.name = "title", .type = FieldType::kString, .label = "职称",
                  .aliases = {"专业技术职称"}, .max_length = 50, .search_weight = 2,
                  .filterable = true},
        FieldSpec{.name = "affiliation", .type = FieldType::kString, .label = "工作单位",
                  .aliases = {"单位", "所在单位"}, .max_length = 100, .search_weight = 2},
        FieldSpec{.name = "phone", .type = FieldType::kPhone, .label = "手机号码",
                  .aliases = {"手机", "联系电话", "电话"}, .required = true, .max_length = 20,
                  .pii = Pii::kPhone},
        FieldSpec{.name = "id_card", .type = FieldType::kIdCard, .label = "身份证号",
                  .aliases = {"身份证号码", "身份证"}, .max_length = 18, .pii = Pii::kIdCard},
        FieldSpec{.name = "address", .type = FieldType::kText, .label = "家庭住址",
                  .aliases = {"住址", "地址"}, .max_length = 200, .pii = Pii::kAddress},
        FieldSpec{.name = "availability", .type = FieldType::kEnumList, .label = "空闲时段",
                  .aliases = {"可授课时段", "可服务时间"}, .values = library::week_slots(),
                  .filterable = true},
        FieldSpec{.name = "intro", .type = FieldType::kText, .label = "个人简介",
                  .aliases = {"简介"}, .max_length = 2000, .search_weight = 1},
    };
    return s;
  }();
  return kSpec;
}

}  // namespace cedu::teacher
