/* rental_json.c — the rental house's answers as JSON (DESIGN §9): shortages by peak, the
 * plan of every job with who fills what and what it costs, a job's quote with its
 * marginal over-hire cost, and the items whose owned capacity limits the house. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>

#include "clockspeed/cs_json.h"
#include "json_priv.h"

json_t *cs_json_shortages(const cs_model *m, const cs_shortages *S) {
  json_t *items = json_array(), *jobs = json_array();
  for (size_t k = 0; k < S->ndays; k++) {
    const cs_shortage_day *d = &S->days[k];
    json_array_append_new(items, json_pack("{s:s, s:o, s:i, s:i, s:i}", "item", m->items.id[d->item], "date",
                                           cs__json_date(d->date), "demand", d->demand, "owned", d->owned, "short",
                                           d->shortage));
  }
  for (size_t k = 0; k < S->njobs; k++) {
    const cs_job_shortage *j = &S->jobs[k];
    json_array_append_new(jobs, json_pack("{s:s, s:s, s:i}", "job", m->jobs.id[j->job], "item", m->items.id[j->item],
                                          "peak_short", j->peak));
  }
  return json_pack("{s:o, s:o, s:o, s:o}", "from", cs__json_date(S->from), "to", cs__json_date(S->to), "items", items,
                   "jobs", jobs);
}

/* A sub-rental's source: the supplier, or the item's open market. */
static const char *source(const cs_model *m, int32_t supplier) {
  return supplier < 0 ? "open market" : m->suppliers.supplier[supplier];
}

json_t *cs_json_rental_plan(const cs_model *m, const cs_rental_plan *p) {
  json_t *lines = json_array(), *bills = json_array(), *crew = json_array(), *unfilled = json_array(),
         *duals = json_array(), *jobs = json_array();
  /* The jobs the plan holds (a line or a crew day), with who they are for and when. */
  uint8_t *seen = calloc(m->jobs.n + 1, 1);
  for (size_t l = 0; seen && l < p->nlines; l++) seen[m->job_items.job[p->lines[l].row]] = 1;
  for (size_t k = 0; seen && k < p->ncrew; k++) seen[m->job_crew.job[p->crew[k].line]] = 1;
  for (size_t j = 0; seen && j < m->jobs.n; j++)
    if (seen[j])
      json_array_append_new(jobs, json_pack("{s:s, s:s, s:s, s:o, s:o, s:s, s:o, s:o}", "job", m->jobs.id[j], "customer",
                                            m->jobs.customer[j], "venue", m->jobs.venue[j], "out",
                                            cs__json_date(m->jobs.out[j]), "in", cs__json_date(m->jobs.in[j]), "status",
                                            cs_job_status_name((cs_job_status)m->jobs.status[j]), "price",
                                            cs__json_num(m->jobs.price[j]), "at_stake",
                                            cs__json_num(m->jobs.price[j] - m->jobs.materials_cost[j])));
  free(seen);
  for (size_t l = 0; l < p->nlines; l++) {
    const cs_rental_line *L = &p->lines[l];
    json_t *subs = json_array();
    for (size_t k = L->first; k < L->first + L->nsubs; k++)
      json_array_append_new(subs, json_pack("{s:s, s:i, s:o}", "supplier", source(m, p->subs[k].supplier), "qty",
                                            p->subs[k].qty, "cost", cs__json_num(p->subs[k].cost)));
    json_array_append_new(lines, json_pack("{s:s, s:s, s:i, s:i, s:o, s:i}", "job", m->jobs.id[m->job_items.job[L->row]],
                                           "item", m->items.id[m->job_items.item[L->row]], "qty",
                                           m->job_items.qty[L->row], "owned", L->owned, "subrent", subs, "unfilled",
                                           L->unfilled));
  }
  for (size_t b = 0; b < p->nbills; b++) {
    const cs_rental_bill *B = &p->bills[b];
    json_array_append_new(bills, json_pack("{s:s, s:s, s:o, s:o, s:o}", "job", m->jobs.id[B->job], "supplier",
                                           B->supplier, "rental", cs__json_num(B->rental), "charged",
                                           cs__json_num(B->charged), "delivery", cs__json_num(B->delivery)));
  }
  for (size_t k = 0; k < p->ncrew; k++) {
    const cs_crew_day *c = &p->crew[k];
    json_array_append_new(
        crew, json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "job", m->jobs.id[m->job_crew.job[c->line]], "customer",
                        m->jobs.customer[m->job_crew.job[c->line]], "skill",
                        m->job_crew.skill[c->line], "date", cs__json_date(c->date), "crew",
                        c->crew < 0 ? json_null() : json_string(m->crew.id[c->crew]), "kind",
                        c->crew < 0 ? json_null()
                                    : json_string(m->crew.kind[c->crew] == CS_CREW_STAFF ? "staff" : "freelance"),
                        "cost", cs__json_num(c->cost)));
  }
  for (size_t k = 0; k < p->nunfilled; k++) {
    const cs_unfilled *u = &p->unfilled[k];
    json_t *o = json_pack("{s:s, s:o, s:i, s:s}", "job", m->jobs.id[u->job], "date", cs__json_date(u->date), "qty",
                          u->qty, "why", u->why);
    if (u->item >= 0) json_object_set_new(o, "item", json_string(m->items.id[u->item]));
    else json_object_set_new(o, "skill", json_string(m->job_crew.skill[u->crew_line]));
    json_array_append_new(unfilled, o);
  }
  for (size_t k = 0; k < p->nduals; k++) {
    const cs_item_dual *d = &p->duals[k];
    json_array_append_new(duals, json_pack("{s:s, s:o, s:o, s:b}", "item", m->items.id[d->item], "date",
                                           cs__json_date(d->date), "per_unit_day",
                                           d->unfillable ? json_null() : cs__json_num(d->value), "unfillable",
                                           d->unfillable));
  }
  return json_pack("{s:o, s:o, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:{s:I, s:I, s:I, s:b}}",
                   "from", cs__json_date(p->from), "to", cs__json_date(p->to), "jobs", (json_int_t)p->jobs, "job_list", jobs, "cost",
                   cs__json_num(p->cost), "gear_cost", cs__json_num(p->gear_cost), "crew_cost",
                   cs__json_num(p->crew_cost), "gear_bound", cs__json_num(p->gear_bound), "crew_bound",
                   cs__json_num(p->crew_bound), "lower_bound", cs__json_num(p->lower_bound), "gap",
                   cs__json_num(p->gap), "lines", lines, "bills", bills, "crew", crew, "unfilled", unfilled, "duals",
                   duals, "lp", "rows", (json_int_t)p->lp_rows, "cols", (json_int_t)p->lp_cols, "iterations",
                   (json_int_t)p->lp_iterations, "warm_started", p->warm_started);
}

json_t *cs_json_job_quote(const cs_model *m, const cs_job_quote *Q) {
  json_t *reasons = json_array();
  for (size_t k = 0; k < Q->nreasons; k++) {
    const cs_job_reason *r = &Q->reasons[k]; /* an item index is the model's: the copy keeps its order */
    json_t *o = json_pack("{s:[o, o], s:o, s:s}", "dates", cs__json_date(r->from), cs__json_date(r->to), "cost",
                          cs__json_num(r->cost), "from", r->source);
    if (r->item >= 0) json_object_set_new(o, "item", json_string(m->items.id[r->item]));
    if (r->skill) json_object_set_new(o, "skill", json_string(r->skill));
    json_array_append_new(reasons, o);
  }
  return json_pack("{s:s, s:o, s:o, s:o, s:o, s:b, s:o, s:i, s:o, s:{s:o, s:s}, s:{s:o, s:o}}", "job", Q->job_id,
                   "price", cs__json_num(Q->price), "materials", cs__json_num(Q->materials), "marginal_overhire",
                   cs__json_num(Q->marginal), "throughput", cs__json_num(Q->throughput), "accept", Q->accept,
                   "min_throughput", cs__json_num(Q->min_throughput), "unfilled", Q->unfilled, "reasons", reasons, "cost_accounting",
                   "full_cost", cs__json_num(Q->full_cost), "verdict", Q->full_cost_accept ? "accept" : "refuse",
                   "plan", "with", cs__json_num(Q->with->cost), "without", cs__json_num(Q->without->cost));
}

json_t *cs_json_rental_signal(const cs_model *m, const cs_rental_signal *S, bool only_paying) {
  json_t *items = json_array();
  for (size_t k = 0; k < S->nitems; k++) {
    const cs_item_value *v = &S->items[k];
    if (only_paying && !v->pays_back) continue;
    double pc = m->items.purchase_cost[v->item];
    json_array_append_new(items, json_pack("{s:s, s:s, s:o, s:i, s:o, s:o, s:b}", "item", m->items.id[v->item],
                                           "name", m->items.name[v->item], "dual_sum", cs__json_num(v->dual_sum),
                                           "unfillable_days", v->unfillable_days, "purchase_cost",
                                           pc < 0 ? json_null() : cs__json_num(pc), "payback_days",
                                           isnan(v->payback_days) ? json_null() : cs__json_num(v->payback_days),
                                           "pays_back", v->pays_back));
  }
  json_t *c = S->constraint_item < 0 ? json_null()
                                     : json_pack("{s:s, s:o, s:i}", "item", m->items.id[S->constraint_item], "dual_sum",
                                                 cs__json_num(S->items[0].dual_sum), "unfillable_days",
                                                 S->items[0].unfillable_days);
  json_t *sk = S->constraint_skill ? json_pack("{s:s, s:o, s:i}", "skill", S->constraint_skill, "cost",
                                               cs__json_num(S->skill_cost), "unfilled_days", S->skill_unfilled)
                                   : json_null();
  return json_pack("{s:o, s:o, s:o, s:{s:o, s:o, s:o, s:o, s:o}}", "constraint", c, "skill", sk, "items", items, "plan",
                   "from", cs__json_date(S->plan->from), "to", cs__json_date(S->plan->to), "cost",
                   cs__json_num(S->plan->cost), "lower_bound", cs__json_num(S->plan->lower_bound), "gap",
                   cs__json_num(S->plan->gap));
}
