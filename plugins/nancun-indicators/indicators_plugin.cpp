// nancun-indicators: 南村镇's extra evaluation indicators for its tutoring stations —
// digital learning of the elderly (长者数字化学习), counted from the course library over the
// bus (digital_count.h). For the towns that enable it, per station (or the whole town when
// the station is empty) and year:
//   elderly_digital_sessions  长者数字化学习场次: sessions held of digital courses for the elderly
//   elderly_digital_learners  长者数字化学习人次: their elderly learners' enrolments
//   elderly_digital_courses   长者数字化课程数: those courses
// The evaluation service will ask them through its plugin host; a course plugin, because
// the course library is what it reads.
#include <cedu/plugin.hpp>

#include "digital_count.h"
#include "indicators_config.h"

namespace nancun_indicators {
namespace {

using cedu::plugin::Context;

class Indicators : public cedu::plugin::Plugin {
 public:
  void load(cedu::plugin::Registrar& r) override {
    r.config_check([](const Context& c) { read_config(c.config()); });
    r.indicator("elderly_digital_sessions", "长者数字化学习场次",
                [](const Context& c, std::string_view station, int year) {
                  return static_cast<double>(count_digital(c, read_config(c.config()), station, year).sessions);
                });
    r.indicator("elderly_digital_learners", "长者数字化学习人次",
                [](const Context& c, std::string_view station, int year) {
                  return static_cast<double>(count_digital(c, read_config(c.config()), station, year).learners);
                });
    r.indicator("elderly_digital_courses", "长者数字化课程数",
                [](const Context& c, std::string_view station, int year) {
                  return static_cast<double>(count_digital(c, read_config(c.config()), station, year).courses);
                });
  }
};

}  // namespace
}  // namespace nancun_indicators

CEDU_PLUGIN(nancun_indicators::Indicators, "nancun-indicators", "1.0.0", "course", "南村镇社区教育学校",
            "长者数字化学习指标：数字化课程场次、长者学习人次（按辅导站、年度）")
