#include "services/library/caller.h"

namespace cedu::library {

Caller Caller::of(std::string principal, bool pii) {
  Caller c;
  c.pii = pii;
  auto colon = principal.find(':');
  std::string_view kind = std::string_view(principal).substr(0, colon);
  if (colon != std::string::npos) c.scope = principal.substr(colon + 1);
  if (principal == "district-admin") {
    c.kind = Kind::kDistrict;
  } else if (principal == "anonymous") {
    c.kind = Kind::kAnonymous;
  } else if (kind == "service" && !c.scope.empty()) {
    c.kind = Kind::kService;
  } else if (kind == "town-admin" && !c.scope.empty()) {
    c.kind = Kind::kTown;
  } else if (kind == "station" && !c.scope.empty()) {
    c.kind = Kind::kStation;
  } else if (kind == "org" && !c.scope.empty()) {
    c.kind = Kind::kOrg;
  }
  c.principal = std::move(principal);
  return c;
}

Caller Caller::from(const Request& request) {
  Caller c = of(request.principal, request.has_right("pii"));
  c.deadline = request.deadline;
  return c;
}

Status may_write(const Caller& caller, const RowScope& row, bool owned, std::string_view method) {
  const std::string m(method);
  switch (caller.kind) {
    case Caller::Kind::kDistrict:
    case Caller::Kind::kService:
    case Caller::Kind::kAnonymous:
      return Status::ok();
    case Caller::Kind::kTown:
      if (row.town == caller.scope) return Status::ok();
      return Status::permission_denied(caller.principal + " may write only records of town " +
                                       caller.scope + "; " + m + " on a record of town " +
                                       row.town + " refused");
    case Caller::Kind::kStation:
      if (row.station == caller.scope) return Status::ok();
      return Status::permission_denied(caller.principal + " may write only records of station " +
                                       caller.scope + "; " + m + " refused");
    case Caller::Kind::kOrg:
      if (!owned) {
        return Status::permission_denied(caller.principal + " may not write this library; " + m +
                                         " refused");
      }
      if (row.owner == caller.principal) return Status::ok();
      return Status::permission_denied(caller.principal +
                                       " may modify only the records it provides; " + m +
                                       " on a record of " +
                                       (row.owner.empty() ? std::string("the district") : row.owner) +
                                       " refused");
    case Caller::Kind::kOther:
      break;
  }
  return Status::permission_denied(caller.principal + " may not write; " + m + " refused");
}

}  // namespace cedu::library
