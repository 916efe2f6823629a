/* pipeline_json.c — the pipeline's answers as JSON (DESIGN §11): an opportunity's
 * frictions with their countermeasures, and the recurring view with the pipeline by stage.
 * A number that cannot be known (a median of nothing) is null. */
#include <jansson.h>
#include <math.h>

#include "clockspeed/cs_command.h"
#include "clockspeed/cs_json.h"
#include "json_priv.h"

/* A number, or null when it is not one. */
static json_t *num_or_null(double v) { return isnan(v) ? json_null() : cs__json_num(v); }

json_t *cs_json_friction(const cs_model *m, const cs_friction_answer *F) {
  const cs_friction_advice *A = F->advice;
  const cs_opportunities *O = &m->opportunities;
  const cs_frictions *C = &m->frictions;
  int32_t o = A->opportunity;
  json_t *holds = json_array();
  for (size_t i = 0; i < A->n; i++) {
    const cs_friction_hold *h = &A->holds[i];
    int32_t f = h->friction;
    json_array_append_new(
        holds, json_pack("{s:s, s:s, s:s, s:o, s:I, s:s, s:s, s:s, s:I, s:s}", "friction", C->id[f], "name", C->name[f],
                         "buying_job", cs_buying_job_name((cs_buying_job)C->buying_job[f]), "observed",
                         cs__json_date(m->opportunity_frictions.observed[h->observation]), "days_open",
                         (json_int_t)h->days_open, "note", m->opportunity_frictions.note[h->observation], "signal",
                         C->signal[f], "countermeasure", C->countermeasure[f], "duration_min", (json_int_t)C->duration[f],
                         "owner_role", C->owner_role[f]));
  }
  json_t *out = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:b, s:o, s:o}", "opportunity", O->id[o], "account",
                          m->accounts.id[O->account[o]], "stage", O->stage[o], "next_step", O->next_step[o], "at",
                          cs__json_date(A->at), "days_in_stage",
                          A->days_in_stage < 0 ? json_null() : json_integer(A->days_in_stage), "usual_days",
                          cs__json_num(A->usual_days), "stalled", A->stalled, "expected_throughput",
                          cs__json_num(A->expected), "frictions", holds);
  if (out && F->slots) {
    json_t *b = cs_json_slots(m, F->slots);
    if (b) json_object_set_new(b, "friction", json_string(C->id[F->friction]));
    json_object_set_new(out, "booking", b ? b : json_null());
  }
  return out;
}

json_t *cs_json_pipeline(const cs_model *m, const cs_pipeline_view *V) {
  json_t *frictions = json_array(), *stages = json_array();
  const cs_frictions *C = &m->frictions;
  for (size_t i = 0; i < V->nfrictions; i++) {
    const cs_friction_stats *s = &V->frictions[i];
    int32_t f = s->friction;
    json_array_append_new(
        frictions, json_pack("{s:s, s:s, s:s, s:I, s:I, s:o, s:I, s:o, s:o}", "buying_job",
                             cs_buying_job_name((cs_buying_job)C->buying_job[f]), "friction", C->id[f], "name", C->name[f],
                             "observed", (json_int_t)s->observed, "removed", (json_int_t)s->removed,
                             "median_days_to_remove", num_or_null(s->median_days_to_remove), "holding",
                             (json_int_t)s->holding, "throughput_held", cs__json_num(s->throughput_held), "tdd",
                             cs__json_num(s->tdd)));
  }
  for (size_t i = 0; i < V->nstages; i++) {
    const cs_stage_stats *s = &V->stages[i];
    json_array_append_new(stages, json_pack("{s:s, s:I, s:o, s:o, s:o, s:I, s:o}", "stage", s->stage, "opportunities",
                                            (json_int_t)s->opportunities, "throughput", cs__json_num(s->throughput),
                                            "median_days_in_stage", num_or_null(s->median_days_in_stage), "usual_days",
                                            cs__json_num(s->usual_days), "stalled", (json_int_t)s->stalled, "tdd",
                                            cs__json_num(s->tdd)));
  }
  return json_pack("{s:o, s:o, s:o, s:o, s:o}", "from", cs__json_date(V->from), "to", cs__json_date(V->to), "frictions",
                   frictions, "pipeline", stages, "tdd", cs__json_num(V->tdd));
}
