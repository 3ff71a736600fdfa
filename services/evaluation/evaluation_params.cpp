#include "services/evaluation/evaluation_params.h"

#include <limits>

namespace cedu::evaluation {
namespace {

Status wrong(const std::string& field, std::string_view expected, const msgpack::object& got) {
  return Status::invalid_argument(
      "expected " + std::string(expected) + ", got " + std::string(mp::type_name(got)),
      field);
}

Result<Value> read_value(const msgpack::object& o, const std::string& field) {
  switch (o.type) {
    case msgpack::type::BOOLEAN: return Value{o.via.boolean};
    case msgpack::type::POSITIVE_INTEGER: return Value{static_cast<double>(o.via.u64)};
    case msgpack::type::NEGATIVE_INTEGER: return Value{static_cast<double>(o.via.i64)};
    case msgpack::type::FLOAT32:
    case msgpack::type::FLOAT64: return Value{o.via.f64};
    default: return wrong(field, "a number or a boolean", o);
  }
}

Result<LeafInput> read_leaf(const msgpack::object& o, const std::string& field) {
  if (o.type != msgpack::type::MAP) {
    CEDU_ASSIGN_OR_RETURN(Value v, read_value(o, field));
    return LeafInput{v, {}};
  }
  CEDU_ASSIGN_OR_RETURN(mp::MapView m, mp::MapView::of(o, field));
  CEDU_RETURN_IF_ERROR(m.only_keys({"value", "evidence"}));
  const msgpack::object* value = m.find("value");
  if (value == nullptr) {
    return Status::invalid_argument("required field is missing", field + ".value");
  }
  LeafInput in;
  CEDU_ASSIGN_OR_RETURN(in.value, read_value(*value, field + ".value"));
  const msgpack::object* ev = m.find("evidence");
  if (ev != nullptr && ev->type != msgpack::type::NIL) {
    if (ev->type != msgpack::type::ARRAY) {
      return wrong(field + ".evidence", "an array of strings", *ev);
    }
    for (std::uint32_t i = 0; i < ev->via.array.size; ++i) {
      const msgpack::object& e = ev->via.array.ptr[i];
      const std::string at = field + ".evidence[" + std::to_string(i) + "]";
      if (e.type != msgpack::type::STR) return wrong(at, "a string", e);
      in.evidence.emplace_back(e.via.str.ptr, e.via.str.size);
    }
  }
  return in;
}

}  // namespace

Result<StandardRef> read_standard_ref(const mp::MapView& params) {
  StandardRef ref;
  CEDU_ASSIGN_OR_RETURN(ref.id, params.string("standard"));
  CEDU_ASSIGN_OR_RETURN(std::optional<std::int64_t> version, params.optional_int64("version"));
  if (version) {
    if (*version < 1 || *version > std::numeric_limits<int>::max()) {
      return Status::invalid_argument("must be a positive integer",
                                      params.path_of("version"));
    }
    ref.version = static_cast<int>(*version);
  }
  return ref;
}

Result<Inputs> read_inputs(const mp::MapView& params) {
  Inputs inputs;
  CEDU_ASSIGN_OR_RETURN(std::optional<mp::MapView> values, params.optional_map("values"));
  if (!values) return inputs;
  for (const std::string& id : values->keys()) {
    CEDU_ASSIGN_OR_RETURN(LeafInput in, read_leaf(*values->find(id), values->path_of(id)));
    inputs.emplace(id, std::move(in));
  }
  return inputs;
}

}  // namespace cedu::evaluation
