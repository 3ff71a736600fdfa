#include "services/library/categories.h"

namespace cedu::library {

const std::vector<EnumValue>& course_categories() {
  static const std::vector<EnumValue> kValues = {
      {"health", "健康"}, {"moral", "道德"},   {"skills", "技能"},
      {"culture", "文化"}, {"leisure", "休闲"}, {"local", "本土特色"},
  };
  return kValues;
}

const std::vector<EnumValue>& week_slots() {
  static const std::vector<EnumValue> kValues = [] {
    const char* days[][2] = {{"mon", "周一"}, {"tue", "周二"}, {"wed", "周三"}, {"thu", "周四"},
                             {"fri", "周五"}, {"sat", "周六"}, {"sun", "周日"}};
    const char* parts[][2] = {{"am", "上午"}, {"pm", "下午"}, {"eve", "晚上"}};
    std::vector<EnumValue> v;
    for (const auto& d : days) {
      for (const auto& p : parts) {
        v.push_back({std::string(d[0]) + "-" + p[0], std::string(d[1]) + p[1]});
      }
    }
    return v;
  }();
  return kValues;
}

const std::vector<EnumValue>& genders() {
  static const std::vector<EnumValue> kValues = {{"male", "男"}, {"female", "女"}};
  return kValues;
}

}  // namespace cedu::library
