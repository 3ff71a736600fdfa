// The volunteer library (志愿者库): registered community-education volunteers — name,
// gender, birth year, skills (searchable), the areas they serve, their team, political
// status and education — and personal data (phone, ID card, address) that only callers
// with the `pii` right see unmasked. The mobile number is the natural key (a re-import
// updates instead of duplicating). A volunteer may belong to an organisation (owner
// "org:<id>"): that organisation registers and reports for its own volunteers.
// Statuses: active 在册, and archived.
// Thread-safety: a constant.
#pragma once

#include "services/library/schema.h"

namespace cedu::volunteer {

const library::LibrarySpec& volunteer_spec();

}  // namespace cedu::volunteer
