#define BOOST_TEST_MODULE library_pii
#include <boost/test/unit_test.hpp>

#include "services/library/pii.h"

using namespace cedu::library;

BOOST_AUTO_TEST_CASE(phones_keep_the_first_three_and_last_four_digits) {
  BOOST_TEST(mask_phone("13812345678") == "138****5678");
  BOOST_TEST(mask_phone("020-84567890") == "020-****7890");
  BOOST_TEST(mask_phone("") == "");
  BOOST_TEST(mask_phone("12345") == "*****");
}

BOOST_AUTO_TEST_CASE(id_cards_keep_four_and_four) {
  BOOST_TEST(mask_id_card("44010219900101123X") == "4401**********123X");
  BOOST_TEST(mask_id_card("1234") == "****");
}

BOOST_AUTO_TEST_CASE(addresses_keep_at_most_six_characters) {
  BOOST_TEST(mask_address("广州市番禺区南村镇兴业路1号") == "广州市番禺区****");
  BOOST_TEST(mask_address("南村镇") == "****");
  BOOST_TEST(mask_address("") == "");
}

BOOST_AUTO_TEST_CASE(mask_fields_masks_only_personal_fields) {
  LibrarySpec spec;
  spec.fields = {FieldSpec{.name = "phone", .type = FieldType::kPhone, .pii = Pii::kPhone},
                 FieldSpec{.name = "name", .type = FieldType::kString}};
  Fields f{{"phone", std::string("13812345678")}, {"name", std::string("张三")}};
  mask_fields(f, spec);
  BOOST_TEST(std::get<std::string>(f["phone"]) == "138****5678");
  BOOST_TEST(std::get<std::string>(f["name"]) == "张三");
}
