#include "cli/demo/people.h"

#include <cstdio>
#include <vector>

namespace cedu::cli::demo {
namespace {

const std::vector<std::string> kSurnames = {
    "陈", "李", "黄", "梁", "何", "罗", "张", "林", "吴", "郭", "刘", "冯", "麦", "邓",
    "谭", "周", "叶", "潘", "杨", "苏", "钟", "朱", "卢", "余", "徐", "蔡", "曾", "彭",
    "郑", "王", "谢", "胡", "莫", "黎", "霍", "关", "邝", "伍", "袁", "区", "简", "植"};
const std::vector<std::string> kMaleChars = {
    "伟", "强", "志", "明", "国", "华", "建", "文", "俊", "杰", "浩", "锦", "耀", "荣",
    "家", "宏", "振", "永", "嘉", "健", "智", "德", "汉", "辉", "鸿", "铭", "冠", "宇"};
const std::vector<std::string> kFemaleChars = {
    "丽", "敏", "静", "燕", "芳", "婷", "慧", "珊", "玉", "兰", "秀", "霞", "颖", "琳",
    "淑", "嘉", "欣", "凤", "洁", "雪", "佩", "碧", "莹", "翠", "咏", "诗", "雯", "倩"};
const std::vector<std::string> kPrefixes = {"130", "131", "132", "133", "135", "136", "137",
                                            "138", "139", "150", "151", "152", "155", "156",
                                            "158", "159", "166", "177", "180", "181", "185",
                                            "186", "187", "188", "189", "199"};
const std::vector<std::string> kStreets = {"兴业路", "人民路", "环城路", "繁华路", "德胜路",
                                           "大北路", "清河路", "东环路", "市广路", "迎宾路",
                                           "富华路", "沿江路", "南大路", "工业路", "文化路"};

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

Person person(Prng& prng, int born_from, int born_to) {
  Person p;
  p.gender = prng.chance(500) ? Gender::kFemale : Gender::kMale;
  const auto& chars = p.gender == Gender::kFemale ? kFemaleChars : kMaleChars;
  // One draw per statement: the operands of + are evaluated in no fixed order.
  p.name = prng.pick(kSurnames);
  p.name += prng.pick(chars);
  if (prng.chance(700)) p.name += prng.pick(chars);
  p.birth_year = static_cast<int>(prng.between(born_from, born_to));
  p.birth_month = static_cast<int>(prng.between(1, 12));
  static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int days = p.birth_month == 2 && leap(p.birth_year) ? 29 : kDays[p.birth_month - 1];
  p.birth_day = static_cast<int>(prng.between(1, days));
  return p;
}

const char* gender_value(Gender gender) { return gender == Gender::kFemale ? "female" : "male"; }

std::string mobile(Prng& prng, int library_code, std::uint32_t index) {
  // index ↦ (index × 3760813 + offset) mod 10^7 is a bijection of [0, 10^7): 3760813 is
  // coprime with 10^7. The offset differs per library so that the lists do not look alike.
  const std::uint64_t offset = (static_cast<std::uint64_t>(library_code) * 4829113u + 1000003u) % 10000000u;
  const std::uint64_t scrambled = (std::uint64_t{index} * 3760813u + offset) % 10000000u;
  char digits[32];
  std::snprintf(digits, sizeof digits, "%d%07llu", library_code,
                static_cast<unsigned long long>(scrambled));
  return prng.pick(kPrefixes) + digits;
}

char id_check_digit(const std::string& first17) {
  static const int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char kCheck[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[static_cast<std::size_t>(i)] - '0') * kWeights[i];
  return kCheck[sum % 11];
}

std::string id_card(const Person& p, std::uint32_t serial) {
  // Sequence code: two digits from `serial`, then the gender digit (odd: male).
  const unsigned gender_digit = (serial % 5) * 2 + (p.gender == Gender::kMale ? 1 : 0);
  char first17[40];
  std::snprintf(first17, sizeof first17, "440113%04d%02d%02d%02u%u", p.birth_year, p.birth_month,
                p.birth_day, serial % 100, gender_digit);
  std::string id(first17);
  id.push_back(id_check_digit(id));
  return id;
}

std::string address(Prng& prng, const std::string& town_name) {
  std::string street = prng.pick(kStreets);
  const std::int64_t number = prng.between(1, 388);
  return "广州市番禺区" + town_name + street + std::to_string(number) + "号";
}

}  // namespace cedu::cli::demo
