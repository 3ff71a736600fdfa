#include "services/evaluation/evaluation_methods.h"

#include "services/evaluation/evaluation_params.h"
#include "services/evaluation/evaluation_replies.h"

namespace cedu::evaluation {
namespace {

Result<const Standard*> find_standard(const StandardCatalogue& catalogue,
                                      const StandardRef& ref) {
  const Standard* s = catalogue.get(ref.id, ref.version);
  if (s != nullptr) return s;
  std::string what = "no standard \"" + ref.id + "\"";
  if (ref.version) what += " version " + std::to_string(*ref.version);
  return Status::not_found(what, ref.version && catalogue.get(ref.id) != nullptr
                                     ? "params.version"
                                     : "params.standard");
}

}  // namespace

Result<std::string> handle_standards(const StandardCatalogue& catalogue, const Request& req) {
  CEDU_RETURN_IF_ERROR(req.params.only_keys({"standard", "version"}));
  if (!req.params.has("standard")) {
    if (req.params.has("version")) {
      return Status::invalid_argument("a version needs a standard", "params.version");
    }
    mp::ArrayBuilder list;
    for (const Standard& s : catalogue.all()) list.add(standard_summary(s));
    return mp::MapBuilder().set("standards", list).bytes();
  }
  CEDU_ASSIGN_OR_RETURN(StandardRef ref, read_standard_ref(req.params));
  CEDU_ASSIGN_OR_RETURN(const Standard* standard, find_standard(catalogue, ref));
  return mp::MapBuilder().set("standard", standard_tree(*standard)).bytes();
}

Result<std::string> handle_preview(const StandardCatalogue& catalogue, const Request& req) {
  CEDU_RETURN_IF_ERROR(req.params.only_keys({"standard", "version", "values"}));
  CEDU_ASSIGN_OR_RETURN(StandardRef ref, read_standard_ref(req.params));
  CEDU_ASSIGN_OR_RETURN(const Standard* standard, find_standard(catalogue, ref));
  CEDU_ASSIGN_OR_RETURN(Inputs inputs, read_inputs(req.params));
  Result<Evaluation> ev = score_standard(*standard, inputs);
  if (!ev.ok()) {
    // Scoring names fields relative to the params ("values.head").
    const Status& s = ev.status();
    return Status(s.code(), s.message(), "params." + s.field());
  }
  return evaluation_reply(*ev).bytes();
}

void serve_evaluation(Service& service, const StandardCatalogue& catalogue) {
  service.handle("standards",
                 [&catalogue](const Request& req) { return handle_standards(catalogue, req); });
  service.handle("preview",
                 [&catalogue](const Request& req) { return handle_preview(catalogue, req); });
}

}  // namespace cedu::evaluation
