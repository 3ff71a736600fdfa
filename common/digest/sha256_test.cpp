#define BOOST_TEST_MODULE common_digest_sha256_test
#include <boost/test/unit_test.hpp>

#include <string>
#include <thread>

#include "common/digest/sha256.h"

using cedu::digest::Sha256;
using cedu::digest::sha256_hex;

// FIPS 180-2 test vectors.
BOOST_AUTO_TEST_CASE(known_vectors) {
  BOOST_TEST(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  BOOST_TEST(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  BOOST_TEST(sha256_hex(std::string(1000000, 'a')) ==
             "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

BOOST_AUTO_TEST_CASE(chinese_text_is_digested_as_its_utf8_bytes) {
  // echo -n 书法入门 | sha256sum
  BOOST_TEST(sha256_hex("书法入门") == "9e48f8beae7cc41fab9b0522edab4bdf90b55bdee26052ddc8b94709f8b6bf61");
  BOOST_TEST(sha256_hex("书法入门") != sha256_hex("书法"));
}

BOOST_AUTO_TEST_CASE(pieces_give_the_digest_of_the_whole_and_a_digest_starts_afresh) {
  Sha256 d;
  d.update("abcdbcdecdefdefgefghfghighij");
  d.update("");
  d.update("hijkijkljklmklmnlmnomnopnopq");
  BOOST_TEST(d.hex_digest() == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  d.update("abc");
  BOOST_TEST(d.hex_digest() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(d.hex_digest() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

BOOST_AUTO_TEST_CASE(threads_each_get_their_own_context) {
  std::string a, b;
  std::thread t1([&] { for (int i = 0; i < 2000; ++i) a = sha256_hex("abc"); });
  std::thread t2([&] { for (int i = 0; i < 2000; ++i) b = sha256_hex(""); });
  t1.join();
  t2.join();
  BOOST_TEST(a == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(b == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}
