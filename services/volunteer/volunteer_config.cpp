#include "services/volunteer/volunteer_config.h"

#include <filesystem>

#include "common/config/error.h"

namespace cedu::volunteer {
namespace {

constexpr std::string_view kThresholds = "star_thresholds_hours";

int line_of(const YAML::Node& node, int fallback) {
  const auto mark = node.Mark();
  return mark.line >= 0 ? mark.line + 1 : fallback;
}

}  // namespace

VolunteerConfig parse_volunteer_config(const config::Reader& root) {
  VolunteerConfig c;
  c.source = root.file();
  if (!root.has(kThresholds)) {
    root.fail(kThresholds, "required key is missing (five ascending hours for 1..5 stars, "
                           "e.g. [100, 300, 600, 1000, 1500])");
  }
  const YAML::Node list = root.node()[std::string(kThresholds)];
  const int list_line = root.line_of(kThresholds);
  if (!list.IsSequence()) {
    root.fail(kThresholds, "expected a list of 5 hours, got " + config::detail::describe(list));
  }
  if (list.size() != 5) {
    root.fail(kThresholds, "expected exactly 5 thresholds (1..5 stars), got " +
                               std::to_string(list.size()));
  }
  for (std::size_t i = 0; i < 5; ++i) {
    const YAML::Node item = list[i];
    const std::string key = std::string(kThresholds) + "[" + std::to_string(i) + "]";
    const int line = line_of(item, list_line);
    std::int64_t hours = 0;
    if (auto err = config::detail::decode(item, &hours)) {
      throw config::ConfigError(root.file(), line, key, *err);
    }
    if (hours <= 0) throw config::ConfigError(root.file(), line, key, "must be positive");
    if (hours > 1000000) throw config::ConfigError(root.file(), line, key, "must be at most 1000000");
    if (i > 0 && hours <= c.star_thresholds_hours[i - 1]) {
      throw config::ConfigError(root.file(), line, key,
                                "must be greater than the previous threshold (" +
                                    std::to_string(c.star_thresholds_hours[i - 1]) + ")");
    }
    c.star_thresholds_hours[i] = hours;
  }
  c.certificate_issuer = root.optional("certificate_issuer", "");
  if (c.certificate_issuer.size() > 200) root.fail("certificate_issuer", "too long (at most 200 bytes)");
  root.finish();
  return c;
}

VolunteerConfig load_volunteer_config(const std::string& path) {
  return parse_volunteer_config(config::Reader::load_file(path));
}

VolunteerConfig volunteer_config_beside(const std::string& network_file) {
  const auto path = std::filesystem::path(network_file).parent_path() / "volunteer.yaml";
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return VolunteerConfig{};
  return load_volunteer_config(path.string());
}

int star_level(const VolunteerConfig& config, std::int64_t approved_minutes) {
  int stars = 0;
  for (std::int64_t hours : config.star_thresholds_hours) {
    if (approved_minutes >= hours * 60) ++stars;
  }
  return stars;
}

std::optional<std::int64_t> minutes_to_next_star(const VolunteerConfig& config,
                                                 std::int64_t approved_minutes) {
  const int stars = star_level(config, approved_minutes);
  if (stars >= 5) return std::nullopt;
  return config.star_thresholds_hours[static_cast<std::size_t>(stars)] * 60 - approved_minutes;
}

}  // namespace cedu::volunteer
