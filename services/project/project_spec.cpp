#include "services/project/project_spec.h"

namespace cedu::project {

using library::FieldSpec;
using library::FieldType;
using library::Pii;

const library::LibrarySpec& project_spec() {
  static const library::LibrarySpec kSpec = [] {
    library::LibrarySpec s;
    s.name = "project";
    s.display_name = "项目库";
    s.natural_key = {"title"};
    s.natural_key_per_town = true;
    s.category_field = "kind";
    s.owned = true;
    s.statuses = {{"applied", "申报"},     {"approved", "立项"}, {"midterm", "中期检查"},
                  {"concluded", "结题"},   {"rejected", "未立项"}, {"withdrawn", "撤回"}};
    s.fields = {
        FieldSpec{.name = "title", .type = FieldType::kString, .label = "项目名称",
                  .aliases = {"名称", "课题名称", "品牌名称", "基地名称"}, .required = true,
                  .max_length = 100, .search_weight = 10},
        FieldSpec{.name = "summary", .type = FieldType::kText, .label = "项目简介",
                  .aliases = {"简介", "项目内容", "内容简介"}, .max_length = 2000,
                  .search_weight = 3},
        FieldSpec{.name = "kind", .type = FieldType::kEnum, .label = "项目类型",
                  .aliases = {"类型", "类别", "项目类别"}, .required = true,
                  .values = {{"research", "课题/实验项目"},
                             {"brand", "活动品牌"},
                             {"base", "学习体验基地"}},
                  .filterable = true},
        FieldSpec{.name = "level", .type = FieldType::kEnum, .label = "项目级别",
                  .aliases = {"级别", "立项级别", "申报级别"}, .required = true,
                  .values = {{"national", "国家级"},
                             {"provincial", "省级"},
                             {"municipal", "市级"},
                             {"district", "区级"}},
                  .filterable = true},
        FieldSpec{.name = "owner_unit", .type = FieldType::kString, .label = "承担单位",
                  .aliases = {"申报单位", "负责单位", "实施单位"}, .required = true,
                  .max_length = 100, .search_weight = 2, .filterable = true},
        // Money is integer fen (DESIGN.md §2): 1 yuan = 100 fen. At most 10^12 fen.
        FieldSpec{.name = "budget_fen", .type = FieldType::kInt, .label = "预算（分）",
                  .aliases = {"预算(分)", "预算金额（分）", "经费预算（分）"}, .min = 0,
                  .max = 1'000'000'000'000},
        FieldSpec{.name = "year", .type = FieldType::kInt, .label = "立项年度",
                  .aliases = {"年度", "申报年度"}, .required = true, .min = 2000, .max = 2100,
                  .filterable = true},
        FieldSpec{.name = "start_date", .type = FieldType::kDate, .label = "开始日期",
                  .aliases = {"起始日期", "开始时间"}},
        FieldSpec{.name = "end_date", .type = FieldType::kDate, .label = "结束日期",
                  .aliases = {"截止日期", "结束时间", "完成日期"}},
        FieldSpec{.name = "contact", .type = FieldType::kString, .label = "联系人",
                  .aliases = {"项目负责人", "负责人"}, .max_length = 50, .search_weight = 1},
        FieldSpec{.name = "contact_phone", .type = FieldType::kPhone, .label = "联系电话",
                  .aliases = {"手机号码", "联系人电话", "电话"}, .max_length = 20,
                  .pii = Pii::kPhone},
    };
    return s;
  }();
  return kSpec;
}

}  // namespace cedu::project
