#include "services/funding/ledger.h"

#include <spdlog/spdlog.h>

#include "common/sqlite/transaction.h"
#include "services/funding/money.h"
#include "services/library/audit_log.h"
#include "services/library/calendar.h"
#include "services/library/record.h"

namespace cedu::funding {
namespace {

constexpr int kFirstYear = 2000, kLastYear = 2100;

std::string line_text(const Entry& e) {
  return e.unit + " " + std::to_string(e.year) + " " + e.category + "/" + e.source;
}

Line line_of(const Entry& e) { return {e.unit, e.year, e.category, e.source}; }

Status closed(int year, const std::string& field) {
  return Status::failed_precondition(
      "fiscal year " + std::to_string(year) + " is closed: nothing more is posted in it", field);
}

// The unit whose staff act for an entry: the payer issues a disbursement, the unit itself
// posts everything else.
std::string acting_unit(const Entry& e) { return e.kind == Kind::kDisbursement ? e.payer : e.unit; }

}  // namespace

library::RowScope scope_of(const Unit& unit) {
  return {unit.town, unit.level == Level::kStation ? unit.id : std::string(), ""};
}

std::string request_key(const std::string& principal, const std::optional<std::string>& key) {
  // A key is the caller's: another principal's request with the same key is another request.
  return key && !key->empty() ? principal + "\n" + *key : std::string();
}

Result<std::unique_ptr<Ledger>> Ledger::open(const std::string& path,
                                             std::shared_ptr<const Units> units) {
  CEDU_ASSIGN_OR_RETURN(sqlite::Database db, sqlite::Database::open(path));
  CEDU_RETURN_IF_ERROR(sqlite::migrate(db, funding_migrations()));
  std::unique_ptr<Ledger> ledger(new Ledger(std::move(db), std::move(units)));
  CEDU_ASSIGN_OR_RETURN(ledger->group_sync_, library::GroupSync::attach(ledger->db_));
  if (ledger->group_sync_) {
    ledger->commit_hook_ = std::make_unique<library::CommitHook>(
        ledger->db_, std::vector<std::function<void()>>{
                         [g = ledger->group_sync_.get()] { g->committed(); }});
  }
  return ledger;
}

Ledger::Ledger(sqlite::Database db, std::shared_ptr<const Units> units)
    : db_(std::move(db)), units_(std::move(units)) {}

Ledger::~Ledger() { commit_hook_.reset(); }

Status Ledger::durable() { return group_sync_ ? group_sync_->sync() : Status::ok(); }

Status Ledger::denied(const library::Caller& caller, std::string_view method,
                      std::optional<std::int64_t> id, const Status& why) {
  library::AuditEntry e;
  e.at = library::utc_now();
  e.principal = caller.principal;
  e.method = std::string(method);
  e.record_id = id;
  e.outcome = "denied";
  e.detail = why.message();
  {
    std::lock_guard<std::mutex> guard(mutex_);
    if (Status s = library::append_audit(db_, e); !s.is_ok()) {
      spdlog::error("{}: denial not audited: {}", method, s.to_string());
    }
  }
  return why;
}

Status Ledger::audit_ok(const library::Caller& caller, std::string_view method, const Entry& e,
                        const std::string& detail) {
  return library::append_audit(
      db_, library::write_entry(caller.principal, method, e.id, detail, "", entry_json(e)));
}

Result<Entry> Ledger::checked_entry(const library::Caller& caller, const Posting& p) const {
  if (p.amount_fen <= 0) {
    return Status::invalid_argument("must be a positive whole number of fen (分), not " +
                                        std::to_string(p.amount_fen),
                                    "params.amount_fen");
  }
  if (p.amount_fen > kMaxAmountFen) {
    return Status::invalid_argument("must be at most " + std::to_string(kMaxAmountFen) + " fen",
                                    "params.amount_fen");
  }
  if (p.year < kFirstYear || p.year > kLastYear) {
    return Status::invalid_argument("must be a fiscal year from " + std::to_string(kFirstYear) +
                                        " to " + std::to_string(kLastYear),
                                    "params.year");
  }
  if (!is_term(categories(), p.category)) {
    return Status::invalid_argument("must be " + term_list(categories()), "params.category");
  }
  if (!is_term(sources(), p.source)) {
    return Status::invalid_argument("must be " + term_list(sources()), "params.source");
  }
  if (p.document.empty()) return Status::invalid_argument("must not be empty", "params.document");
  CEDU_ASSIGN_OR_RETURN(Unit unit, units_->resolve(p.unit, "params.unit"));
  Entry e;
  e.kind = p.kind;
  e.unit = unit.id;
  e.town = unit.town;
  e.year = p.year;
  e.category = p.category;
  e.source = p.source;
  e.project_id = p.project_id;
  e.amount_fen = p.amount_fen;
  e.date = p.date;
  e.document = p.document;
  e.note = p.note;
  e.principal = caller.principal;
  Unit acting = unit;
  if (p.kind == Kind::kDisbursement) {
    const std::optional<Unit> parent = units_->parent(unit);
    if (!parent) {
      return Status::invalid_argument("the district centre " + unit.id +
                                          " receives no disbursements: funds go district → town → station",
                                      "params.unit");
    }
    if (p.payer.empty()) {
      return Status::invalid_argument("a disbursement to " + unit.id + " is paid by " + parent->id,
                                      "params.payer");
    }
    CEDU_ASSIGN_OR_RETURN(Unit payer, units_->resolve(p.payer, "params.payer"));
    if (payer.id != parent->id) {
      return Status::invalid_argument("funds go district → town → station: a disbursement to " +
                                          unit.id + " is paid by " + parent->id + ", not " + payer.id,
                                      "params.payer");
    }
    e.payer = payer.id;
    acting = payer;
  } else if (!p.payer.empty()) {
    return Status::invalid_argument("only a disbursement has a payer", "params.payer");
  }
  if (p.kind != Kind::kExpenditure && p.approved_overrun) {
    return Status::invalid_argument("only an expenditure may be an approved overrun",
                                    "params.approved_overrun");
  }
  if (p.approved_overrun && p.overrun_approval.empty()) {
    return Status::invalid_argument("an approved overrun names the document approving it",
                                    "params.overrun_approval");
  }
  e.approved_overrun = p.approved_overrun;
  e.overrun_approval = p.overrun_approval;
  CEDU_RETURN_IF_ERROR(library::may_write(caller, scope_of(acting), false,
                                          "funding.post to " + acting.id));
  return e;
}

Status Ledger::check_lines(const Entry& e, const Posting& p, Posted& out) {
  if (e.kind == Kind::kBudget) return Status::ok();
  CEDU_ASSIGN_OR_RETURN(std::int64_t budget, line_sum(db_, Kind::kBudget, line_of(e)));
  CEDU_ASSIGN_OR_RETURN(std::int64_t used, line_sum(db_, e.kind, line_of(e)));
  const std::int64_t after = used + e.amount_fen;
  if (e.kind == Kind::kDisbursement) {
    if (after > budget) {
      return Status::failed_precondition(
          "disbursement above budget: " + yuan_text(e.amount_fen) + " yuan to " + line_text(e) +
              " would bring the disbursed total to " + yuan_text(after) +
              " yuan, above its budget of " + yuan_text(budget) + " yuan",
          "params.amount_fen");
    }
    return Status::ok();
  }
  out.line_budget_fen = budget;
  out.line_spent_fen = after;
  if (after <= budget) return Status::ok();
  if (!p.approved_overrun) {
    return Status::failed_precondition(
        "overspends its budget line: " + yuan_text(e.amount_fen) + " yuan on " + line_text(e) +
            " would bring expenditures to " + yuan_text(after) + " yuan, above its budget of " +
            yuan_text(budget) + " yuan; post it with approved_overrun and overrun_approval if "
            "the overrun was approved",
        "params.amount_fen");
  }
  out.over_budget = true;
  return Status::ok();
}

Result<Posted> Ledger::post(const library::Caller& caller, const Posting& p,
                            const std::string& key) {
  const std::string method = "funding.post";
  Result<Entry> checked = checked_entry(caller, p);
  if (!checked.ok()) {
    if (checked.status().code() == StatusCode::kPermissionDenied) {
      return denied(caller, method, std::nullopt, checked.status());
    }
    return checked.status();
  }
  Posted out;
  out.entry = std::move(checked).value();
  {
    std::lock_guard<std::mutex> guard(mutex_);
    CEDU_ASSIGN_OR_RETURN(auto tx, sqlite::Transaction::begin(db_));
    if (!key.empty()) {
      CEDU_ASSIGN_OR_RETURN(auto first, find_entry_by_key(db_, key));
      if (first) return Posted{*first, true, false, 0, 0};
    }
    CEDU_ASSIGN_OR_RETURN(bool is_closed, year_closed(db_, out.entry.year));
    if (is_closed) return closed(out.entry.year, "params.year");
    CEDU_RETURN_IF_ERROR(check_lines(out.entry, p, out));
    out.entry.at = library::utc_now();
    CEDU_RETURN_IF_ERROR(insert_entry(db_, out.entry, key));
    CEDU_RETURN_IF_ERROR(audit_ok(caller, method, out.entry,
                                  std::string(kind_id(out.entry.kind)) + " " +
                                      yuan_text(out.entry.amount_fen) + " yuan on " +
                                      line_text(out.entry) +
                                      (out.over_budget ? " (approved overrun)" : "")));
    CEDU_RETURN_IF_ERROR(tx.commit());
  }
  CEDU_RETURN_IF_ERROR(durable());
  return out;
}

Result<Posted> Ledger::reverse(const library::Caller& caller, std::int64_t entry_id,
                               const std::string& date, const std::string& document,
                               const std::string& note, const std::string& key) {
  const std::string method = "funding.reverse", field = "params.entry_id";
  if (document.empty()) return Status::invalid_argument("must not be empty", "params.document");
  Posted out;
  {
    std::unique_lock<std::mutex> guard(mutex_);
    CEDU_ASSIGN_OR_RETURN(auto tx, sqlite::Transaction::begin(db_));
    if (!key.empty()) {
      CEDU_ASSIGN_OR_RETURN(auto first, find_entry_by_key(db_, key));
      if (first) return Posted{*first, true, false, 0, 0};
    }
    CEDU_ASSIGN_OR_RETURN(auto found, find_entry(db_, entry_id));
    if (!found) return Status::not_found("no ledger entry " + std::to_string(entry_id), field);
    const Entry& original = *found;
    const std::optional<Unit> acting = units_->find(acting_unit(original));
    if (Status s = library::may_write(caller, acting ? scope_of(*acting) : library::RowScope{},
                                      false, method + " of entry " + std::to_string(entry_id));
        !s.is_ok()) {
      (void)tx.rollback();
      guard.unlock();
      return denied(caller, method, entry_id, s);
    }
    if (original.reverses) {
      return Status::failed_precondition(
          "entry " + std::to_string(entry_id) + " is the reversal of entry " +
              std::to_string(*original.reverses) +
              "; a reversal is never reversed: post the entry again instead",
          field);
    }
    if (original.reversed_by) {
      return Status::failed_precondition("entry " + std::to_string(entry_id) +
                                             " was already reversed by entry " +
                                             std::to_string(*original.reversed_by),
                                         field);
    }
    CEDU_ASSIGN_OR_RETURN(bool is_closed, year_closed(db_, original.year));
    if (is_closed) return closed(original.year, field);
    if (original.kind == Kind::kBudget) {
      // A budget is reversed only while what was spent and disbursed on its line still fits.
      CEDU_ASSIGN_OR_RETURN(std::int64_t budget, line_sum(db_, Kind::kBudget, line_of(original)));
      const std::int64_t left = budget - original.amount_fen;
      for (Kind k : {Kind::kExpenditure, Kind::kDisbursement}) {
        CEDU_ASSIGN_OR_RETURN(std::int64_t used, line_sum(db_, k, line_of(original)));
        if (used > left) {
          return Status::failed_precondition(
              "reversing budget entry " + std::to_string(entry_id) + " would leave " +
                  line_text(original) + " with a budget of " + yuan_text(left) + " yuan below its " +
                  std::string(kind_id(k)) + "s of " + yuan_text(used) +
                  " yuan: reverse those first",
              field);
        }
      }
    }
    out.entry = original;
    out.entry.id = 0;
    out.entry.amount_fen = -original.amount_fen;
    out.entry.reverses = entry_id;
    out.entry.reversed_by.reset();
    out.entry.received_on.clear();
    out.entry.received_by.clear();
    out.entry.date = date;
    out.entry.document = document;
    out.entry.note = note;
    out.entry.principal = caller.principal;
    out.entry.at = library::utc_now();
    CEDU_RETURN_IF_ERROR(insert_entry(db_, out.entry, key));
    CEDU_RETURN_IF_ERROR(audit_ok(caller, method, out.entry,
                                  "reversal of entry " + std::to_string(entry_id) + ": " +
                                      yuan_text(out.entry.amount_fen) + " yuan on " +
                                      line_text(out.entry)));
    CEDU_RETURN_IF_ERROR(tx.commit());
  }
  CEDU_RETURN_IF_ERROR(durable());
  return out;
}

Result<Posted> Ledger::receive(const library::Caller& caller, std::int64_t id,
                               const std::string& received_on, const std::string& document,
                               const std::string& key) {
  const std::string method = "funding.receive", field = "params.disbursement_id";
  Posted out;
  {
    std::unique_lock<std::mutex> guard(mutex_);
    CEDU_ASSIGN_OR_RETURN(auto tx, sqlite::Transaction::begin(db_));
    if (!key.empty()) {
      CEDU_ASSIGN_OR_RETURN(auto first_id, find_receipt_by_key(db_, key));
      if (first_id) {
        CEDU_ASSIGN_OR_RETURN(auto first, find_entry(db_, *first_id));
        if (first) return Posted{*first, true, false, 0, 0};
      }
    }
    CEDU_ASSIGN_OR_RETURN(auto found, find_entry(db_, id));
    if (!found || found->kind != Kind::kDisbursement) {
      return Status::not_found("no disbursement " + std::to_string(id), field);
    }
    const Entry& d = *found;
    const std::optional<Unit> recipient = units_->find(d.unit);
    if (Status s = library::may_write(caller, recipient ? scope_of(*recipient) : library::RowScope{},
                                      false, method + " of disbursement " + std::to_string(id));
        !s.is_ok()) {
      (void)tx.rollback();
      guard.unlock();
      return denied(caller, method, id, s);
    }
    if (d.reverses) {
      return Status::failed_precondition(
          "entry " + std::to_string(id) + " is the reversal of a disbursement, not a disbursement", field);
    }
    if (d.reversed_by) {
      return Status::failed_precondition("disbursement " + std::to_string(id) +
                                             " was reversed by entry " +
                                             std::to_string(*d.reversed_by) + ": it will not arrive",
                                         field);
    }
    if (!d.received_on.empty()) {
      return Status::failed_precondition("disbursement " + std::to_string(id) +
                                             " was already received on " + d.received_on +
                                             " (recorded by " + d.received_by + ")",
                                         field);
    }
    if (received_on < d.date) {
      return Status::invalid_argument("must not be before the disbursement was issued (" +
                                          d.date + ")",
                                      "params.received_on");
    }
    CEDU_ASSIGN_OR_RETURN(bool is_closed, year_closed(db_, d.year));
    if (is_closed) return closed(d.year, field);
    const std::string at = library::utc_now();
    CEDU_RETURN_IF_ERROR(insert_receipt(db_, id, received_on, document, caller.principal, at, key));
    out.entry = d;
    out.entry.received_on = received_on;
    out.entry.received_by = caller.principal;
    CEDU_RETURN_IF_ERROR(library::append_audit(
        db_, library::write_entry(caller.principal, method, id,
                                  "disbursement " + std::to_string(id) + " received on " + received_on,
                                  entry_json(d), entry_json(d) + received_on)));
    CEDU_RETURN_IF_ERROR(tx.commit());
  }
  CEDU_RETURN_IF_ERROR(durable());
  return out;
}

Result<YearClose> Ledger::close_year(const library::Caller& caller, int year,
                                     const std::string& key) {
  const std::string method = "funding.close_year";
  if (!caller.unrestricted()) {
    return denied(caller, method, std::nullopt,
                  Status::permission_denied(caller.principal +
                                            " may not close a fiscal year: the district does; " +
                                            method + " refused"));
  }
  if (year < kFirstYear || year > kLastYear) {
    return Status::invalid_argument("must be a fiscal year from " + std::to_string(kFirstYear) +
                                        " to " + std::to_string(kLastYear),
                                    "params.year");
  }
  {
    std::lock_guard<std::mutex> guard(mutex_);
    CEDU_ASSIGN_OR_RETURN(auto tx, sqlite::Transaction::begin(db_));
    if (!key.empty()) {
      CEDU_ASSIGN_OR_RETURN(auto first, find_closed_year_by_key(db_, key));
      if (first) return YearClose{*first, true};
    }
    CEDU_ASSIGN_OR_RETURN(bool is_closed, year_closed(db_, year));
    if (is_closed) {
      return Status::failed_precondition("fiscal year " + std::to_string(year) + " is closed already",
                                         "params.year");
    }
    CEDU_ASSIGN_OR_RETURN(auto outstanding, outstanding_disbursements(db_, year));
    if (!outstanding.empty()) {
      return Status::failed_precondition(
          std::to_string(outstanding.size()) + " disbursements of " + std::to_string(year) +
              " have not arrived (the first: entry " + std::to_string(outstanding.front().id) +
              " to " + outstanding.front().unit + "): record their receipt or reverse them first",
          "params.year");
    }
    CEDU_RETURN_IF_ERROR(insert_closed_year(db_, year, caller.principal, library::utc_now(), key));
    library::AuditEntry e = library::write_entry(caller.principal, method, 0,
                                                 "fiscal year " + std::to_string(year) + " closed",
                                                 "", std::to_string(year));
    e.record_id.reset();
    CEDU_RETURN_IF_ERROR(library::append_audit(db_, e));
    CEDU_RETURN_IF_ERROR(tx.commit());
  }
  CEDU_RETURN_IF_ERROR(durable());
  return YearClose{year, false};
}

}  // namespace cedu::funding
