#include "magnete/assessment.hpp"

#include "payload/writers.hpp"

namespace magnete {

void write_assessment(util::JsonWriter& w, const Assessment& a) {
  w.open('{').key("score").value(milli_to_json(a.score)).key("fit").value(milli_to_json(a.fit));
  w.key("engagement").value(milli_to_json(a.engagement)).key("grade").str_or_null(a.grade);
  w.key("band").str(a.band).key("stage").str(a.stage).key("segments").strings(a.segments);
  w.key("completeness").number(a.completeness).key("outcome").str_or_null(a.outcome);
  w.key("breakdown").open('[');
  for (const auto& r : a.breakdown) {
    w.open('{').key("rule").str(r.id).key("kind").str(r.kind).key("count").number(r.count);
    w.key("points").value(milli_to_json(r.points)).key("capped").boolean(r.capped).close('}');
  }
  w.close(']').key("stages").open('[');
  for (const auto& s : a.stages) {
    w.open('{').key("stage").str(s.id).key("reached").boolean(s.reached);
    w.key("reasons").strings(s.reasons).close('}');
  }
  w.close(']').key("model_hash").str(a.model_hash).key("at").str(format_time(a.at)).close('}');
}

OrderedJson to_json(const Assessment& a) {
  util::JsonWriter w;
  write_assessment(w, a);
  return OrderedJson::parse(w.text(), nullptr, false);
}

}  // namespace magnete
