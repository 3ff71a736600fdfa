// Reading the params of the funding methods (docs/funding.md): every error is
// INVALID_ARGUMENT naming the field as the caller wrote it ("params.amount_fen") — a
// non-integer amount, an unknown key, a bad date. The ledger checks the rest (ledger.h).
// Thread-safety: pure functions (dates are checked against the clock).
#pragma once

#include <optional>
#include <string>

#include "bus/runtime/service.h"
#include "services/funding/ledger.h"

namespace cedu::funding {

// funding.post: kind, unit, year, category, source, amount_fen, document, and optionally
// date (default today), note, project_id, payer, approved_overrun, overrun_approval.
Result<Posting> read_posting(const mp::MapView& params);

struct ReversalParams {
  std::int64_t entry_id = 0;
  std::string date, document, note;
};
// funding.reverse: entry_id, document, and optionally date (default today), note.
Result<ReversalParams> read_reversal(const mp::MapView& params);

struct ReceiptParams {
  std::int64_t disbursement_id = 0;
  std::string received_on, document;
};
// funding.receive: disbursement_id, received_on (not in the future), and optionally document.
Result<ReceiptParams> read_receipt(const mp::MapView& params);

// The required fiscal year `key` (2000..2100).
Result<int> read_fiscal_year(const mp::MapView& params, std::string_view key);
// The optional town `key` (slug or Chinese name) as a slug.
Result<std::optional<std::string>> read_town(const mp::MapView& params, std::string_view key,
                                             const Units& units);

}  // namespace cedu::funding
