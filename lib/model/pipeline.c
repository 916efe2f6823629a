/* pipeline.c — the pipeline's tables in the model (DESIGN §11): the friction catalogue,
 * the frictions observed on opportunities and the stages left, as typed appends (each
 * journalled, so that a refused batch takes it back), lookups and freeing. Validation of
 * the text is schema_pipeline.c's. */
#include <stdlib.h>
#include <string.h>

#include "model_priv.h"

static const char *const job_names[CS_BUYING_JOB_COUNT] = {
  "problem_identification", "solution_exploration", "requirements_building",
  "supplier_selection",     "validation",           "consensus_creation",
};

const char *cs_buying_job_name(cs_buying_job j) { return j < CS_BUYING_JOB_COUNT ? job_names[j] : "?"; }

int cs_buying_job_parse(const char *name) {
  for (int j = 0; j < CS_BUYING_JOB_COUNT; j++)
    if (strcmp(name, job_names[j]) == 0) return j;
  return -1;
}

static const char *const decision_names[CS_DECISION_TYPE_COUNT] = {"quote", "decide", "slot"};

const char *cs_decision_type_name(cs_decision_type t) { return t < CS_DECISION_TYPE_COUNT ? decision_names[t] : "?"; }

int cs_decision_type_parse(const char *name) {
  for (int t = 0; t < CS_DECISION_TYPE_COUNT; t++)
    if (strcmp(name, decision_names[t]) == 0) return t;
  return -1;
}

int32_t cs_model_find_friction(const cs_model *m, const char *id) { return cs__idmap_get(&m->priv->friction_ids, id); }

#define GROW(cap, n, arrs, sizes) cs__grow_all((cap), (n) + 1, (arrs), (sizes), sizeof(sizes) / sizeof((sizes)[0]))
#define PTR sizeof(char *)
#define I32 sizeof(int32_t)
#define DATE sizeof(cs_date)

int cs__add_friction(cs_model *m, const char *id, cs_buying_job job, const char *name, const char *signal,
                     const char *countermeasure, int32_t duration, const char *owner_role) {
  cs_frictions *f = &m->frictions;
  void **arrs[] = {(void **)&f->id, (void **)&f->name, (void **)&f->signal, (void **)&f->countermeasure,
                   (void **)&f->owner_role, (void **)&f->buying_job, (void **)&f->duration};
  const size_t sz[] = {PTR, PTR, PTR, PTR, PTR, 1, I32};
  if (GROW(&m->priv->cap_friction, f->n, arrs, sz)) return CS_ENOMEM;
  const char *sid = cs__model_str(m, id), *sname = cs__model_str(m, name), *ssignal = cs__model_str(m, signal),
             *scm = cs__model_str(m, countermeasure), *srole = cs__model_str(m, owner_role);
  if (!sid || !sname || !ssignal || !scm || !srole) return CS_ENOMEM;
  int rc = cs__idmap_put(&m->priv->friction_ids, sid, (int32_t)f->n);
  if (rc) return rc;
  size_t i = f->n++;
  f->id[i] = sid, f->name[i] = sname, f->signal[i] = ssignal, f->countermeasure[i] = scm, f->owner_role[i] = srole;
  f->buying_job[i] = (uint8_t)job, f->duration[i] = duration;
  return 0;
}

int cs__add_opportunity_friction(cs_model *m, int32_t opportunity, int32_t friction, cs_date observed, cs_date removed,
                                 const char *note) {
  cs_opportunity_frictions *o = &m->opportunity_frictions;
  void **arrs[] = {(void **)&o->opportunity, (void **)&o->friction, (void **)&o->observed, (void **)&o->removed,
                   (void **)&o->note};
  const size_t sz[] = {I32, I32, DATE, DATE, PTR};
  if (GROW(&m->priv->cap_opp_friction, o->n, arrs, sz)) return CS_ENOMEM;
  const char *snote = cs__model_str(m, note);
  if (!snote || cs__journal_add(m, CS__J_OPP_FRICTION_ADDED, o->n)) return CS_ENOMEM;
  size_t i = o->n++;
  o->opportunity[i] = opportunity, o->friction[i] = friction, o->observed[i] = observed, o->removed[i] = removed;
  o->note[i] = snote;
  return 0;
}

int cs__add_stage_left(cs_model *m, int32_t opportunity, const char *stage, cs_date entered, cs_date left) {
  cs_stage_history *h = &m->stage_history;
  void **arrs[] = {(void **)&h->opportunity, (void **)&h->stage, (void **)&h->entered, (void **)&h->left};
  const size_t sz[] = {I32, PTR, DATE, DATE};
  if (GROW(&m->priv->cap_stage, h->n, arrs, sz)) return CS_ENOMEM;
  const char *sstage = cs__model_str(m, stage);
  if (!sstage || cs__journal_add(m, CS__J_STAGE_ADDED, h->n)) return CS_ENOMEM;
  size_t i = h->n++;
  h->opportunity[i] = opportunity, h->stage[i] = sstage, h->entered[i] = entered, h->left[i] = left;
  return 0;
}

int cs__add_decision(cs_model *m, const cs__decision_row *r) {
  cs_decisions *d = &m->decisions;
  void **arrs[] = {(void **)&d->at,     (void **)&d->logged, (void **)&d->type,          (void **)&d->subject,
                   (void **)&d->qty,    (void **)&d->due,    (void **)&d->price,         (void **)&d->signal,
                   (void **)&d->signal_age_ms, (void **)&d->choice, (void **)&d->cost_accounting, (void **)&d->ref,
                   (void **)&d->signal_detail, (void **)&d->request};
  const size_t sz[] = {DATE, PTR, 1, PTR, sizeof(double), DATE, sizeof(double), sizeof(double), sizeof(double),
                       PTR, PTR, PTR, PTR, PTR};
  if (GROW(&m->priv->cap_decision, d->n, arrs, sz)) return CS_ENOMEM;
  const char *logged = cs__model_str(m, r->logged), *subject = cs__model_str(m, r->subject),
             *choice = cs__model_str(m, r->choice), *ca = cs__model_str(m, r->cost_accounting), *ref = cs__model_str(m, r->ref),
             *detail = cs__model_str(m, r->signal_detail), *request = cs__model_str(m, r->request ? r->request : "");
  if (!logged || !subject || !choice || !ca || !ref || !detail || !request || cs__journal_add(m, CS__J_DECISION_ADDED, d->n)) return CS_ENOMEM;
  size_t i = d->n++;
  d->at[i] = r->at, d->logged[i] = logged, d->type[i] = (uint8_t)r->type, d->subject[i] = subject;
  d->qty[i] = r->qty, d->due[i] = r->due, d->price[i] = r->price, d->signal[i] = r->signal;
  d->signal_age_ms[i] = r->signal_age_ms, d->choice[i] = choice, d->cost_accounting[i] = ca, d->ref[i] = ref;
  d->signal_detail[i] = detail, d->request[i] = request;
  return 0;
}

void cs__pipeline_free(cs_model *m) {
  cs_frictions *f = &m->frictions;
  free(f->id); free(f->name); free(f->signal); free(f->countermeasure); free(f->owner_role);
  free(f->buying_job); free(f->duration);
  cs_opportunity_frictions *o = &m->opportunity_frictions;
  free(o->opportunity); free(o->friction); free(o->observed); free(o->removed); free(o->note);
  cs_stage_history *h = &m->stage_history;
  free(h->opportunity); free(h->stage); free(h->entered); free(h->left);
  cs_decisions *d = &m->decisions;
  free(d->at); free(d->logged); free(d->type); free(d->subject); free(d->qty); free(d->due); free(d->price);
  free(d->signal); free(d->signal_age_ms); free(d->choice); free(d->cost_accounting); free(d->ref);
  free(d->signal_detail);
  free(d->request);
  if (m->priv) cs__idmap_free(&m->priv->friction_ids);
}
