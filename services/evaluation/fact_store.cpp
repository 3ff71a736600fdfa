#include "services/evaluation/fact_store.h"

#include "common/sqlite/statement.h"

namespace cedu::evaluation {

void PartFacts::add_to(Inputs& inputs) const {
  for (const FilledFact& f : items) {
    // The figure's evidence (佐证) is where it was gathered: a leaf that requires evidence
    // has it.
    if (f.value) {
      inputs.try_emplace(f.indicator,
                         LeafInput{Value{*f.value}, {"gathered: " + f.fact + " at " + gathered_at}});
    }
  }
}

std::string PartFacts::pack_with(const msgpack::object& given) const {
  std::string out;
  mp::StringStream stream(out);
  std::uint32_t filled = 0;
  for (const FilledFact& f : items) filled += f.value ? 1 : 0;
  if (given.type != msgpack::type::MAP || filled == 0) {
    msgpack::pack(stream, given);
    return out;
  }
  msgpack::packer<mp::StringStream> pk(stream);
  pk.pack_map(given.via.map.size + filled);
  for (std::uint32_t i = 0; i < given.via.map.size; ++i) {
    pk.pack(given.via.map.ptr[i].key);
    pk.pack(given.via.map.ptr[i].val);
  }
  for (const FilledFact& f : items) {
    if (!f.value) continue;
    pk.pack(f.indicator);
    pk.pack_map(2);
    pk.pack(std::string("value"));
    pk.pack(*f.value);
    pk.pack(std::string("evidence"));
    pk.pack_array(1);
    pk.pack("gathered: " + f.fact + " at " + gathered_at);
  }
  return out;
}

sqlite::Migration fact_migration() {
  return {4, "automatic indicators gathered for evaluation parts",
          "CREATE TABLE evaluation_part_facts ("
          " evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),"
          " attempt INTEGER NOT NULL, evaluator TEXT NOT NULL, indicator TEXT NOT NULL,"
          " fact TEXT NOT NULL, value REAL, reason TEXT NOT NULL DEFAULT '',"
          " gathered_at TEXT NOT NULL,"
          " PRIMARY KEY (evaluation_id, attempt, evaluator, indicator))",
          {}};
}

Status store_part_facts(sqlite::Database& db, std::int64_t evaluation_id, int attempt,
                        const std::string& evaluator, const PartFacts& facts) {
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement clear,
                        db.prepare("DELETE FROM evaluation_part_facts WHERE evaluation_id = ?1"
                                   " AND attempt = ?2 AND evaluator = ?3"));
  CEDU_RETURN_IF_ERROR(clear.bind(1, evaluation_id));
  CEDU_RETURN_IF_ERROR(clear.bind(2, std::int64_t{attempt}));
  CEDU_RETURN_IF_ERROR(clear.bind_text(3, evaluator));
  CEDU_RETURN_IF_ERROR(clear.run());
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement add,
                        db.prepare("INSERT INTO evaluation_part_facts (evaluation_id, attempt,"
                                   " evaluator, indicator, fact, value, reason, gathered_at)"
                                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
  for (const FilledFact& f : facts.items) {
    add.reset();
    CEDU_RETURN_IF_ERROR(add.bind(1, evaluation_id));
    CEDU_RETURN_IF_ERROR(add.bind(2, std::int64_t{attempt}));
    CEDU_RETURN_IF_ERROR(add.bind_text(3, evaluator));
    CEDU_RETURN_IF_ERROR(add.bind_text(4, f.indicator));
    CEDU_RETURN_IF_ERROR(add.bind_text(5, f.fact));
    if (f.value) {
      CEDU_RETURN_IF_ERROR(add.bind(6, *f.value));
    } else {
      CEDU_RETURN_IF_ERROR(add.bind_null(6));
    }
    CEDU_RETURN_IF_ERROR(add.bind_text(7, f.reason));
    CEDU_RETURN_IF_ERROR(add.bind_text(8, facts.gathered_at));
    CEDU_RETURN_IF_ERROR(add.run());
  }
  return Status::ok();
}

Result<std::vector<StoredFact>> facts_of_evaluation(sqlite::Database& db,
                                                    std::int64_t evaluation_id) {
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement st,
                        db.prepare("SELECT attempt, evaluator, indicator, fact, value, reason,"
                                   " gathered_at FROM evaluation_part_facts WHERE evaluation_id = ?1"
                                   " ORDER BY attempt, evaluator, indicator"));
  CEDU_RETURN_IF_ERROR(st.bind(1, evaluation_id));
  std::vector<StoredFact> out;
  while (true) {
    CEDU_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    StoredFact s;
    s.attempt = static_cast<int>(st.int64(0));
    s.evaluator = st.text(1);
    s.item.indicator = st.text(2);
    s.item.fact = st.text(3);
    if (!st.is_null(4)) s.item.value = st.real(4);
    s.item.reason = st.text(5);
    s.gathered_at = st.text(6);
    out.push_back(std::move(s));
  }
  return out;
}

void add_fact_lists(mp::MapBuilder& reply, const std::vector<StoredFact>& facts) {
  mp::ArrayBuilder gathered, unavailable;
  for (const StoredFact& s : facts) {
    mp::MapBuilder m;
    m.set("attempt", s.attempt).set("evaluator", s.evaluator).set("id", s.item.indicator)
        .set("fact", s.item.fact);
    if (s.item.value) {
      gathered.add(m.set("value", *s.item.value).set("gathered_at", s.gathered_at));
    } else {
      unavailable.add(m.set("reason", s.item.reason).set("gathered_at", s.gathered_at));
    }
  }
  reply.set("facts", gathered).set("unavailable", unavailable);
}

}  // namespace cedu::evaluation
