#include "common/logging.h"

#include <array>
#include <chrono>
#include <filesystem>
#include <memory>
#include <utility>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

namespace cedu::logging {
namespace {

constexpr std::array<std::pair<std::string_view, spdlog::level::level_enum>, 7> kLevels{{
    {"trace", spdlog::level::trace},
    {"debug", spdlog::level::debug},
    {"info", spdlog::level::info},
    {"warn", spdlog::level::warn},
    {"error", spdlog::level::err},
    {"critical", spdlog::level::critical},
    {"off", spdlog::level::off},
}};

constexpr const char* kPattern = "%Y-%m-%d %H:%M:%S.%e [%l] [%n] [t%t] %v";

}  // namespace

Result<spdlog::level::level_enum> parse_level(std::string_view name) {
  for (const auto& [n, level] : kLevels) {
    if (n == name) return level;
  }
  return Status::invalid_argument(
      "unknown log level \"" + std::string(name) +
          "\" (allowed: trace, debug, info, warn, error, critical, off)",
      "log.level");
}

Status init(const LogConfig& config, std::string_view process_name) {
  CEDU_ASSIGN_OR_RETURN(spdlog::level::level_enum level, parse_level(config.level));
  spdlog::sink_ptr sink;
  try {
    if (config.file.empty()) {
      sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    } else {
      std::filesystem::path parent = std::filesystem::path(config.file).parent_path();
      std::error_code ec;
      if (!parent.empty()) std::filesystem::create_directories(parent, ec);
      if (ec) {
        return Status::internal("cannot create log directory " + parent.string() + ": " +
                                ec.message());
      }
      sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(config.file, false);
    }
  } catch (const spdlog::spdlog_ex& e) {
    return Status::internal("cannot open log file " + config.file + ": " + e.what());
  }
  auto logger = std::make_shared<spdlog::logger>(std::string(process_name), std::move(sink));
  logger->set_pattern(kPattern);
  logger->set_level(level);
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(std::move(logger));
  spdlog::flush_every(std::chrono::seconds(1));
  return Status::ok();
}

}  // namespace cedu::logging
