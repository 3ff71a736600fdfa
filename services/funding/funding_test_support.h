// Test support for the funding service's unit tests (not part of the service): the shipped
// network's units, a fresh ledger in a temp dir, postings with the required fields, and
// the count of ledger rows (to show that a refusal wrote nothing).
// Header-only: tests include it, the service does not.
// Thread-safety: one test thread.
#pragma once

#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>

#include "common/testing/temp_dir.h"
#include "services/funding/ledger.h"
#include "services/funding/performance_config.h"
#include "services/library/library_test_support.h"

namespace cedu::funding::testing {

inline std::shared_ptr<const Units> shipped_units() {
  static const auto units = std::make_shared<const Units>(library::testing::shipped_network());
  return units;
}

// configs/funding/performance.yaml of the source tree.
inline PerformanceConfig shipped_performance() {
  const char* source = std::getenv("CEDU_SOURCE_DIR");
  return load_performance(std::string(source != nullptr ? source : ".") +
                          "/configs/funding/performance.yaml");
}

struct LedgerFixture {
  cedu::testing::TempDir dir{"cedu-funding"};
  std::unique_ptr<Ledger> ledger = [this] {
    auto opened = Ledger::open(dir.file("funding.db"), shipped_units());
    BOOST_REQUIRE_MESSAGE(opened.ok(), opened.status().to_string());
    return std::move(opened).value();
  }();
  library::Caller admin = library::Caller::of("district-admin", false);

  // Rows of `table`: a refusal must leave every count as it was.
  std::int64_t rows(const std::string& table) {
    return ledger->read([&](sqlite::Database& db) {
      auto st = db.prepare("SELECT count(*) FROM " + table);
      BOOST_REQUIRE(st.ok());
      BOOST_REQUIRE(st->step().value());
      return st->int64(0);
    });
  }
  Posted must_post(const Posting& p, const std::string& key = {}) {
    auto r = ledger->post(admin, p, key);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
    return std::move(r).value();
  }
};

inline Posting posting(Kind kind, const std::string& unit, std::int64_t amount_fen,
                       const std::string& category = "teaching",
                       const std::string& source = "government", int year = 2026) {
  Posting p;
  p.kind = kind;
  p.unit = unit;
  p.year = year;
  p.category = category;
  p.source = source;
  p.amount_fen = amount_fen;
  p.date = std::to_string(year) + "-03-01";
  p.document = "番财教〔" + std::to_string(year) + "〕1号";
  return p;
}

inline Posting budget(const std::string& unit, std::int64_t fen, const std::string& category = "teaching",
                      const std::string& source = "government", int year = 2026) {
  return posting(Kind::kBudget, unit, fen, category, source, year);
}
inline Posting spend(const std::string& unit, std::int64_t fen, const std::string& category = "teaching",
                     const std::string& source = "government", int year = 2026) {
  return posting(Kind::kExpenditure, unit, fen, category, source, year);
}
inline Posting disburse(const std::string& payer, const std::string& unit, std::int64_t fen,
                        const std::string& category = "teaching",
                        const std::string& source = "government", int year = 2026) {
  Posting p = posting(Kind::kDisbursement, unit, fen, category, source, year);
  p.payer = payer;
  return p;
}

}  // namespace cedu::funding::testing
