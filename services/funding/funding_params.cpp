#include "services/funding/funding_params.h"

#include "services/library/calendar.h"
#include "services/library/param_readers.h"
#include "services/library/places.h"

namespace cedu::funding {
namespace {

constexpr std::size_t kDocumentMax = 200, kNoteMax = 500;

// The optional date `key`; today (China Standard Time) when absent.
Result<std::string> date_or_today(const mp::MapView& p, std::string_view key, bool not_future) {
  if (!p.has(key)) return library::today();
  return library::read_date(p, key, not_future);
}

}  // namespace

Result<int> read_fiscal_year(const mp::MapView& p, std::string_view key) {
  CEDU_ASSIGN_OR_RETURN(std::int64_t year, p.int64(key));
  if (year < 2000 || year > 2100) {
    return Status::invalid_argument("must be a fiscal year from 2000 to 2100", p.path_of(key));
  }
  return static_cast<int>(year);
}

Result<std::optional<std::string>> read_town(const mp::MapView& p, std::string_view key,
                                             const Units& units) {
  CEDU_ASSIGN_OR_RETURN(auto text, library::read_optional_text(p, key, 50));
  if (!text) return std::optional<std::string>();
  auto slug = library::town_slug(units.network(), *text);
  if (!slug) {
    return Status::invalid_argument("'" + *text + "' is not a town of " + units.network().district_name,
                                    p.path_of(key));
  }
  return slug;
}

Result<Posting> read_posting(const mp::MapView& p) {
  CEDU_RETURN_IF_ERROR(p.only_keys({"kind", "unit", "year", "category", "source", "amount_fen",
                                    "date", "document", "note", "project_id", "payer",
                                    "approved_overrun", "overrun_approval"}));
  Posting out;
  CEDU_ASSIGN_OR_RETURN(std::string kind, p.string("kind"));
  auto k = kind_from(kind);
  if (!k) return Status::invalid_argument("must be " + term_list(kinds()), p.path_of("kind"));
  out.kind = *k;
  CEDU_ASSIGN_OR_RETURN(out.unit, library::read_text(p, "unit", 50));
  CEDU_ASSIGN_OR_RETURN(out.year, read_fiscal_year(p, "year"));
  CEDU_ASSIGN_OR_RETURN(out.category, p.string("category"));
  CEDU_ASSIGN_OR_RETURN(out.source, p.string("source"));
  // An integer: 12.5 or "1250" is refused here, naming the field, before anything else.
  CEDU_ASSIGN_OR_RETURN(out.amount_fen, p.int64("amount_fen"));
  CEDU_ASSIGN_OR_RETURN(out.date, date_or_today(p, "date", false));
  CEDU_ASSIGN_OR_RETURN(out.document, library::read_text(p, "document", kDocumentMax));
  CEDU_ASSIGN_OR_RETURN(auto note, library::read_optional_text(p, "note", kNoteMax));
  out.note = note.value_or("");
  CEDU_ASSIGN_OR_RETURN(out.project_id, library::read_optional_id(p, "project_id"));
  CEDU_ASSIGN_OR_RETURN(auto payer, library::read_optional_text(p, "payer", 50));
  out.payer = payer.value_or("");
  CEDU_ASSIGN_OR_RETURN(auto overrun, p.optional_boolean("approved_overrun"));
  out.approved_overrun = overrun.value_or(false);
  CEDU_ASSIGN_OR_RETURN(auto approval, library::read_optional_text(p, "overrun_approval", kDocumentMax));
  out.overrun_approval = approval.value_or("");
  return out;
}

Result<ReversalParams> read_reversal(const mp::MapView& p) {
  CEDU_RETURN_IF_ERROR(p.only_keys({"entry_id", "date", "document", "note"}));
  ReversalParams out;
  CEDU_ASSIGN_OR_RETURN(out.entry_id, library::read_id(p, "entry_id"));
  CEDU_ASSIGN_OR_RETURN(out.date, date_or_today(p, "date", false));
  CEDU_ASSIGN_OR_RETURN(out.document, library::read_text(p, "document", kDocumentMax));
  CEDU_ASSIGN_OR_RETURN(auto note, library::read_optional_text(p, "note", kNoteMax));
  out.note = note.value_or("");
  return out;
}

Result<ReceiptParams> read_receipt(const mp::MapView& p) {
  CEDU_RETURN_IF_ERROR(p.only_keys({"disbursement_id", "received_on", "document"}));
  ReceiptParams out;
  CEDU_ASSIGN_OR_RETURN(out.disbursement_id, library::read_id(p, "disbursement_id"));
  CEDU_ASSIGN_OR_RETURN(out.received_on, library::read_date(p, "received_on", true));
  CEDU_ASSIGN_OR_RETURN(auto document, library::read_optional_text(p, "document", kDocumentMax));
  out.document = document.value_or("");
  return out;
}

}  // namespace cedu::funding
