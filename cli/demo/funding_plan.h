// The synthetic Panyu funding year of `cedu demo seed` (SYNTHETIC DEMO DATA, Chinese
// texts): for fiscal year 2020 (the last year of the 2016–2020 plan) budgets of the
// district centre, every town and every station by category and source — towns between
// 3.6 and 5.2 yuan per resident, so that most meet the 4-yuan target and a few do not —,
// the government money disbursed district → town → station, most of it received, and
// expenditures of 55–98 % of each line, three of them approved overruns. Deterministic:
// the same network gives the same plan, and every posting of it fits the ledger's rules.
// Thread-safety: pure function.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/config/network.h"

namespace cedu::cli::demo {

inline constexpr int kFundingDemoYear = 2020;

struct DemoPosting {
  std::string kind;  // budget, disbursement, expenditure
  std::string unit, payer;
  std::string category, source;
  std::int64_t amount_fen = 0;
  std::string date, document, note;
  std::string overrun_approval;  // an approved overrun iff not empty
};

struct DemoReceipt {
  std::size_t disbursement = 0;  // index into FundingPlan::disbursements
  std::string received_on;
};

struct FundingPlan {
  int year = kFundingDemoYear;
  std::vector<DemoPosting> budgets, disbursements, expenditures;
  std::vector<DemoReceipt> receipts;
};

FundingPlan funding_plan(const config::Network& network);

}  // namespace cedu::cli::demo
