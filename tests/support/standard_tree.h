// Reading a standard's indicator tree as evaluation.standards answers it ({standard: {tree:
// [indicator…]}}, docs/evaluation.md) — for tests and benchmarks that enter values over
// the bus: every leaf, and the values of "nothing earned" on the evaluator's own leaves.
// Header-only. Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"

namespace cedu::testing {

// Every leaf of `tree` (an array of indicators), depth first.
inline std::vector<mp::MapView> standard_leaves(const msgpack::object* tree) {
  std::vector<mp::MapView> out;
  std::vector<const msgpack::object*> lists = {tree};
  while (!lists.empty()) {
    const msgpack::object* list = lists.back();
    lists.pop_back();
    for (std::uint32_t i = 0; i < list->via.array.size; ++i) {
      mp::MapView node = mp::MapView::of(list->via.array.ptr[i]).value();
      if (node.has("children")) {
        lists.push_back(node.array("children").value());
      } else {
        out.push_back(node);
      }
    }
  }
  return out;
}

// The fact an automatic leaf takes, or "" for a leaf the evaluator enters.
inline std::string leaf_fact(const mp::MapView& leaf) {
  auto fact = leaf.optional_string("fact");
  return fact.ok() && *fact ? **fact : std::string();
}

// 0, or "no" for a yes/no leaf, on every leaf the evaluator enters: nothing earned, so no
// evidence is needed and the points of a part are those of its automatic leaves.
inline mp::MapBuilder nothing_earned(const msgpack::object* tree) {
  mp::MapBuilder values;
  for (const mp::MapView& leaf : standard_leaves(tree)) {
    if (!leaf_fact(leaf).empty()) continue;
    const std::string id = leaf.string("id").value();
    if (leaf.map("rule").value().string("kind").value() == "yes_no") {
      values.set(id, false);
    } else {
      values.set(id, 0);
    }
  }
  return values;
}

}  // namespace cedu::testing
