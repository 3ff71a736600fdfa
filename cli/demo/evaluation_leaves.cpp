#include "cli/demo/evaluation_leaves.h"

#include "cli/bulk_call.h"
#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"

namespace cedu::cli::demo {
namespace {

Status add_leaves(const msgpack::object& list, std::vector<DemoLeaf>& out) {
  if (list.type != msgpack::type::ARRAY) return Status::internal("a standard's tree is not an array");
  for (std::uint32_t i = 0; i < list.via.array.size; ++i) {
    CEDU_ASSIGN_OR_RETURN(mp::MapView node, mp::MapView::of(list.via.array.ptr[i]));
    if (node.has("children")) {
      CEDU_RETURN_IF_ERROR(add_leaves(*node.find("children"), out));
      continue;
    }
    DemoLeaf leaf;
    CEDU_ASSIGN_OR_RETURN(leaf.id, node.string("id"));
    CEDU_ASSIGN_OR_RETURN(leaf.weight, node.number("weight"));
    CEDU_ASSIGN_OR_RETURN(leaf.evidence, node.boolean("evidence"));
    CEDU_ASSIGN_OR_RETURN(auto fact, node.optional_string("fact"));
    if (fact) leaf.fact = *fact;
    CEDU_ASSIGN_OR_RETURN(mp::MapView rule, node.map("rule"));
    CEDU_ASSIGN_OR_RETURN(leaf.kind, rule.string("kind"));
    for (auto [key, into] : {std::pair{"min", &leaf.min}, std::pair{"from", &leaf.from},
                             std::pair{"to", &leaf.to}, std::pair{"target", &leaf.target}}) {
      if (!rule.has(key)) continue;
      CEDU_ASSIGN_OR_RETURN(*into, rule.number(key));
    }
    out.push_back(std::move(leaf));
  }
  return Status::ok();
}

}  // namespace

Result<std::vector<DemoLeaf>> leaves_of(const msgpack::object& tree) {
  std::vector<DemoLeaf> out;
  CEDU_RETURN_IF_ERROR(add_leaves(tree, out));
  return out;
}

Result<std::vector<DemoLeaf>> standard_leaves(Client& client, const Context& context,
                                              const std::string& standard) {
  CEDU_ASSIGN_OR_RETURN(Reply reply, bulk_call(client, context, "evaluation", "standards",
                                               mp::MapBuilder().set("standard", standard).bytes()));
  CEDU_ASSIGN_OR_RETURN(mp::MapView r, mp::MapView::of(reply.result()));
  CEDU_ASSIGN_OR_RETURN(mp::MapView s, r.map("standard"));
  const msgpack::object* tree = s.find("tree");
  if (tree == nullptr) return Status::internal("evaluation.standards: no tree in the reply");
  return leaves_of(*tree);
}

}  // namespace cedu::cli::demo
