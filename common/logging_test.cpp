#define BOOST_TEST_MODULE logging
#include "common/logging.h"

#include <fstream>
#include <sstream>
#include <string>

#include <boost/test/unit_test.hpp>

#include "common/testing/temp_dir.h"

namespace cedu::logging {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

BOOST_AUTO_TEST_CASE(parses_every_level) {
  BOOST_TEST(*parse_level("trace") == spdlog::level::trace);
  BOOST_TEST(*parse_level("debug") == spdlog::level::debug);
  BOOST_TEST(*parse_level("info") == spdlog::level::info);
  BOOST_TEST(*parse_level("warn") == spdlog::level::warn);
  BOOST_TEST(*parse_level("error") == spdlog::level::err);
  BOOST_TEST(*parse_level("critical") == spdlog::level::critical);
  BOOST_TEST(*parse_level("off") == spdlog::level::off);
}

BOOST_AUTO_TEST_CASE(rejects_unknown_levels) {
  for (const char* bad : {"", "INFO", "warning", "verbose"}) {
    Status s = parse_level(bad).status();
    BOOST_TEST(s.code() == StatusCode::kInvalidArgument);
    BOOST_TEST(s.field() == "log.level");
    BOOST_TEST(s.message().find("allowed: trace, debug, info, warn, error, critical, off") !=
               std::string::npos);
  }
  Status s = init(LogConfig{"loud", ""}, "test");
  BOOST_TEST(s.code() == StatusCode::kInvalidArgument);
  BOOST_TEST(s.field() == "log.level");
}

BOOST_AUTO_TEST_CASE(file_sink_writes_the_file) {
  testing::TempDir dir;
  std::string path = dir.file("logs/nested/cedu-test.log");  // parents created
  BOOST_REQUIRE(init(LogConfig{"debug", path}, "cedu-test").is_ok());
  spdlog::debug("hello {}", 42);
  spdlog::trace("not at this level");
  spdlog::default_logger()->flush();
  std::string text = slurp(path);
  BOOST_TEST(text.find("hello 42") != std::string::npos);
  BOOST_TEST(text.find("[debug]") != std::string::npos);
  BOOST_TEST(text.find("[cedu-test]") != std::string::npos);
  BOOST_TEST(text.find("[t") != std::string::npos);
  BOOST_TEST(text.find("not at this level") == std::string::npos);

  // Warnings are flushed without an explicit flush().
  spdlog::warn("careful");
  BOOST_TEST(slurp(path).find("careful") != std::string::npos);

  // Re-initialising appends to the same file.
  BOOST_REQUIRE(init(LogConfig{"info", path}, "cedu-test").is_ok());
  spdlog::error("second");
  BOOST_TEST(slurp(path).find("hello 42") != std::string::npos);
  BOOST_TEST(slurp(path).find("second") != std::string::npos);

  // Back to stderr so nothing holds the file once the directory is removed.
  BOOST_REQUIRE(init(LogConfig{}, "cedu-test").is_ok());
  BOOST_TEST(spdlog::default_logger()->level() == spdlog::level::info);
}

BOOST_AUTO_TEST_CASE(unwritable_file_is_an_error) {
  testing::TempDir dir;
  {
    std::ofstream blocker(dir.file("plain"));
    blocker << "x";
  }
  // A directory cannot be created under a regular file.
  Status s = init(LogConfig{"info", dir.file("plain/x.log")}, "cedu-test");
  BOOST_TEST(s.code() == StatusCode::kInternal);
}

}  // namespace
}  // namespace cedu::logging
