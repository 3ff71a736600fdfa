#define BOOST_TEST_MODULE text_search_terms
#include "common/text/search_terms.h"

#include <string>

#include <boost/test/unit_test.hpp>

#include "common/text/segmenter.h"

namespace cedu::text {
namespace {

std::string expr(std::string_view query) {
  Result<std::string> r = match_expression(query);
  return r.ok() ? *r : r.status().to_string();
}

// These outputs are what the libraries' stored search indexes hold: changing any of them
// needs a migration that rebuilds the indexes (search_terms.h, index_terms).
BOOST_AUTO_TEST_CASE(cjk_runs_give_unigrams_then_bigrams) {
  BOOST_TEST(index_terms("书法入门") == "书 法 入 门 书法 法入 入门");
  BOOST_TEST(index_terms("粤剧") == "粤 剧 粤剧");
  BOOST_TEST(index_terms("书") == "书");
  // CJK punctuation and spaces separate runs: no bigram across them.
  BOOST_TEST(index_terms("中医，养生") == "中 医 中医 养 生 养生");
  BOOST_TEST(index_terms("《粤剧》 欣赏") == "粤 剧 粤剧 欣 赏 欣赏");
  // Extension A and B characters, kana and hangul are CJK too.
  BOOST_TEST(index_terms("㐀𠀀") == "㐀 𠀀 㐀𠀀");
  BOOST_TEST(index_terms("ひらがな") == "ひ ら が な ひら らが がな");
  BOOST_TEST(index_terms("한국") == "한 국 한국");
  BOOST_TEST(index_terms("二〇二〇年") == "二 〇 二 〇 年 二〇 〇二 二〇 〇年");
}

BOOST_AUTO_TEST_CASE(words_and_numbers) {
  BOOST_TEST(index_terms("Python入门") == "python 入 门 入门");
  BOOST_TEST(index_terms("3D打印") == "3d 打 印 打印");
  BOOST_TEST(index_terms("太极拳24式") == "太 极 拳 太极 极拳 24 式");
  BOOST_TEST(index_terms("C++ & Java_8, e-mail") == "c java 8 e mail");
  // Fullwidth ASCII (typed with a Chinese input method) folds to ASCII.
  BOOST_TEST(index_terms("Ｐｙｔｈｏｎ３") == "python3");
  // Other Latin letters stay as they are; unicode61 folds case and diacritics itself.
  BOOST_TEST(index_terms("Café Ñandú") == "café Ñandú");
  BOOST_TEST(index_terms("") == "");
  BOOST_TEST(index_terms("，。！？ ... 😀 ①") == "");
}

BOOST_AUTO_TEST_CASE(segment_kinds) {
  auto runs = segment("ab12 12 中文");
  BOOST_REQUIRE(runs.size() == 3u);
  BOOST_TEST((runs[0].kind == RunKind::kWord));
  BOOST_TEST((runs[1].kind == RunKind::kNumber));
  BOOST_TEST((runs[2].kind == RunKind::kCjk));
  BOOST_TEST(runs[2].parts.size() == 2u);
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_a_separator) {
  BOOST_TEST(index_terms("书\xFF法") == "书 法");
  BOOST_TEST(index_terms("py\xC3thon") == "py thon");
  BOOST_TEST(index_terms("\xE4\xB9") == "");
  BOOST_TEST(index_terms(std::string("a\0b", 3)) == "a b");
  BOOST_TEST(expr("\xFF\xFE") == "INVALID_ARGUMENT: query: no searchable characters");
}

BOOST_AUTO_TEST_CASE(queries) {
  BOOST_TEST(expr("书") == "\"书\"");
  BOOST_TEST(expr("书法") == "\"书法\"");
  BOOST_TEST(expr("中医养生") == "\"中医 医养 养生\"");
  BOOST_TEST(expr("Python入门") == "\"python\"* AND \"入门\"");
  BOOST_TEST(expr("python 入门") == "\"python\"* AND \"入门\"");
  BOOST_TEST(expr("3D打印") == "\"3d\"* AND \"打印\"");
  BOOST_TEST(expr("太极拳24式") == "\"太极 极拳\" AND \"24\" AND \"式\"");
  BOOST_TEST(expr("粤剧 粤剧 Python python") == "\"粤剧\" AND \"python\"*");
}

BOOST_AUTO_TEST_CASE(fts5_syntax_is_neutralised) {
  BOOST_TEST(expr("\" OR 1") == "\"or\"* AND \"1\"");
  BOOST_TEST(expr("NEAR(书法, 入门)") == "\"near\"* AND \"书法\" AND \"入门\"");
  BOOST_TEST(expr("a:b") == "\"a\"* AND \"b\"*");
  BOOST_TEST(expr("^title:书法*") == "\"title\"* AND \"书法\"");
  BOOST_TEST(expr("-书法 NOT 入门") == "\"书法\" AND \"not\"* AND \"入门\"");
  BOOST_TEST(expr("*") == "INVALID_ARGUMENT: query: no searchable characters");
  BOOST_TEST(expr("\"\"") == "INVALID_ARGUMENT: query: no searchable characters");
  BOOST_TEST(expr("") == "INVALID_ARGUMENT: query: no searchable characters");
  BOOST_TEST(expr("，。、 ！") == "INVALID_ARGUMENT: query: no searchable characters");
  Status s = match_expression("()").status();
  BOOST_TEST((s.code() == StatusCode::kInvalidArgument));
  BOOST_TEST(s.field() == "query");
}

BOOST_AUTO_TEST_CASE(limits) {
  BOOST_TEST(match_expression(std::string(kMaxQueryBytes, 'a')).ok());
  BOOST_TEST(expr(std::string(kMaxQueryBytes + 1, 'a')) ==
             "INVALID_ARGUMENT: query: too long (at most 1024 bytes)");
  std::string many;
  for (std::size_t i = 0; i <= kMaxQueryTerms; ++i) many += "w" + std::to_string(i) + " ";
  BOOST_TEST(expr(many) == "INVALID_ARGUMENT: query: too many terms (at most 32)");
}

}  // namespace
}  // namespace cedu::text
