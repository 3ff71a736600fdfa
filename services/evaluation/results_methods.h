// The district's results over the bus (docs/evaluation.md, "District results"):
//   evaluation.results {round_id}  → the round's summary per town and for the district,
//                                    its ranking and open rectifications (results_summary.h)
//   evaluation.results {year}      → per kind of learning organisation, the counts and the
//                                    share rated (creation rate, star stations, demonstration
//                                    towns) in the year's newest published round of the kind
//   evaluation.export  {round_id, format: csv | xlsx | markdown, table?: ranking | towns}
//                      → {format, filename, rows, content}: a spreadsheet (CSV in UTF-8
//                        with BOM, XLSX) of the ranking or the towns, or the Chinese report
//                        in Markdown; the bytes in the reply, as <lib>.export does.
// Reading only; anyone the ACL lets call them.
// Thread-safety: as the Library, whose lock guards the database.
#pragma once

#include <string>
#include <vector>

#include "bus/runtime/service.h"
#include "services/evaluation/standards_catalogue.h"
#include "services/library/library.h"

namespace cedu::evaluation {

class ResultsMethods {
 public:
  // `town_order`: the network's town slugs in order. REQUIRES: `organisations` and
  // `catalogue` outlive this object.
  ResultsMethods(library::Library& organisations, const StandardCatalogue& catalogue,
                 library::Places places, std::vector<std::string> town_order)
      : library_(organisations),
        catalogue_(catalogue),
        places_(std::move(places)),
        town_order_(std::move(town_order)) {}

  void serve(Service& service);

  Result<std::string> results(const Request& req);
  Result<std::string> export_round(const Request& req);

 private:
  library::Library& library_;
  const StandardCatalogue& catalogue_;
  library::Places places_;
  std::vector<std::string> town_order_;
};

}  // namespace cedu::evaluation
