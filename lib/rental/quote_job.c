/* quote_job.c — the price of a new job (DESIGN §9): its TVC is its materials plus the
 * marginal over-hire cost, the optimal plan's cost with the job minus without it, so that
 * moving owned gear off another job is counted right; capacity alone never refuses. The
 * answer names the items and skills that cost money, and gives the cost-accounting answer
 * beside it. */
#include <string.h>

#include "rental_priv.h"

/* What the plan spends on item i's lines (day charges), over every job. */
static double item_spend(const cs_model *m, const cs_rental_plan *p, int32_t i) {
  double c = 0;
  for (size_t l = 0; l < p->nlines; l++)
    if (m->job_items.item[p->lines[l].row] == i) c += cs_rental_line_cost(p, &p->lines[l]);
  return c;
}

/* What the plan spends on people with `skill`, over every job. */
static double skill_spend(const cs_model *m, const cs_rental_plan *p, const char *skill) {
  double c = 0;
  for (size_t k = 0; k < p->ncrew; k++)
    if (strcmp(m->job_crew.skill[p->crew[k].line], skill) == 0) c += p->crew[k].cost;
  return c;
}

/* What the plan pays suppliers beyond day charges (minimum charges, delivery). */
static double fixed_spend(const cs_rental_plan *p) {
  double c = 0;
  for (size_t b = 0; b < p->nbills; b++) c += p->bills[b].charged - p->bills[b].rental + p->bills[b].delivery;
  return c;
}

/* Where job j's line for item i comes from in the plan: the first supplier, "open
 * market", or "owned". */
static const char *line_source(const cs_model *m, const cs_rental_plan *p, int32_t j, int32_t i) {
  for (size_t l = 0; l < p->nlines; l++) {
    const cs_rental_line *L = &p->lines[l];
    if (m->job_items.job[L->row] != j || m->job_items.item[L->row] != i) continue;
    if (L->unfilled) return "unfilled";
    for (size_t k = L->first; k < L->first + L->nsubs; k++)
      return p->subs[k].supplier < 0 ? "open market" : m->suppliers.supplier[p->subs[k].supplier];
    return "owned";
  }
  return "owned";
}

/* The cost-accounting answer: every unit of the job at its rental rate (the open market's,
 * else the cheapest supplier's), every person-day at the average day rate of the people
 * with the skill, and the materials. */
static double full_cost(const cs_model *m, int32_t j) {
  double c = m->jobs.materials_cost[j], days = (double)(m->jobs.in[j] - m->jobs.out[j] + 1);
  for (size_t r = 0; r < m->job_items.n; r++) {
    if (m->job_items.job[r] != j) continue;
    int32_t i = m->job_items.item[r];
    double rate = m->items.subrent_cost_per_day[i];
    for (size_t s = 0; s < m->suppliers.n; s++)
      if (m->suppliers.item[s] == i && (rate < 0 || m->suppliers.cost_per_day[s] < rate)) rate = m->suppliers.cost_per_day[s];
    if (rate > 0) c += rate * m->job_items.qty[r] * days;
  }
  for (size_t r = 0; r < m->job_crew.n; r++) {
    if (m->job_crew.job[r] != j) continue;
    double sum = 0, n = 0;
    for (size_t p = 0; p < m->crew.n; p++)
      if (cs_crew_has_skill(m, (int32_t)p, m->job_crew.skill[r])) sum += m->crew.cost_per_day[p], n++;
    if (n > 0) c += sum / n * m->job_crew.qty[r] * (double)(m->job_crew.to[r] - m->job_crew.from[r] + 1);
  }
  return c;
}

int cs_rental_quote(const cs_model *m, int32_t j, double min_throughput, cs_arena *a, cs_job_quote **out,
                    cs_error *err) {
  cs_job_quote *Q = cs_arena_calloc(a, 1, sizeof *Q);
  if (!Q) return cs__err(err, CS_ENOMEM, "out of memory");
  const cs_rental_options with = {CS_DATE_NONE, -1, j, 0, false}, without = {CS_DATE_NONE, j, -1, 0, false};
  int rc = cs_rental_plan_compute(m, &with, a, &Q->with, err);
  if (!rc) rc = cs_rental_plan_compute(m, &without, a, &Q->without, err);
  if (rc) return rc;
  Q->job = j;
  Q->job_id = m->jobs.id[j];
  Q->price = m->jobs.price[j];
  Q->materials = m->jobs.materials_cost[j];
  Q->marginal = Q->with->cost - Q->without->cost;
  if (Q->marginal < 0) Q->marginal = 0; /* a heuristic plan with more jobs may come out cheaper */
  Q->throughput = Q->price - Q->materials - Q->marginal;
  Q->min_throughput = min_throughput;
  Q->accept = min_throughput > 0 ? Q->throughput >= min_throughput : Q->throughput > 0;
  Q->full_cost = full_cost(m, j);
  Q->full_cost_accept = Q->price >= Q->full_cost;
  /* Reasons: each item and skill of the job whose spending the job changes. */
  size_t cap = 4 + Q->with->nunfilled;
  for (size_t r = 0; r < m->job_items.n; r++) cap += m->job_items.job[r] == j;
  for (size_t r = 0; r < m->job_crew.n; r++) cap += m->job_crew.job[r] == j;
  if (!(Q->reasons = cs_arena_calloc(a, cap, sizeof *Q->reasons))) return cs__err(err, CS_ENOMEM, "out of memory");
  for (size_t r = 0; r < m->job_items.n; r++) {
    if (m->job_items.job[r] != j || m->job_items.qty[r] <= 0) continue;
    int32_t i = m->job_items.item[r];
    double d = item_spend(m, Q->with, i) - item_spend(m, Q->without, i);
    if (d <= 1e-9) continue;
    const char *src = line_source(m, Q->with, j, i);
    Q->reasons[Q->nreasons++] = (cs_job_reason){i, NULL, m->jobs.out[j], m->jobs.in[j], d,
                                                strcmp(src, "owned") == 0 ? "moved" : src};
  }
  for (size_t r = 0; r < m->job_crew.n; r++) {
    if (m->job_crew.job[r] != j) continue;
    bool seen = false;
    for (size_t k = 0; k < Q->nreasons; k++) seen |= Q->reasons[k].skill && strcmp(Q->reasons[k].skill, m->job_crew.skill[r]) == 0;
    double d = skill_spend(m, Q->with, m->job_crew.skill[r]) - skill_spend(m, Q->without, m->job_crew.skill[r]);
    if (seen || d <= 1e-9) continue;
    Q->reasons[Q->nreasons++] = (cs_job_reason){-1, m->job_crew.skill[r], m->job_crew.from[r], m->job_crew.to[r], d, "freelance"};
  }
  /* What nothing can fill, with the job and without it, by item and by skill. */
  for (size_t k = 0; k < Q->with->nunfilled; k++) {
    const cs_unfilled *u = &Q->with->unfilled[k];
    int32_t before = 0, after = 0;
    bool first = true;
    for (size_t q = 0; q < k && first; q++) {
      const cs_unfilled *v = &Q->with->unfilled[q];
      first = !(v->item == u->item && (u->item >= 0 || strcmp(m->job_crew.skill[v->crew_line], m->job_crew.skill[u->crew_line]) == 0));
    }
    if (!first) continue;
    for (int side = 0; side < 2; side++) {
      const cs_rental_plan *p = side ? Q->without : Q->with;
      for (size_t q = 0; q < p->nunfilled; q++) {
        const cs_unfilled *v = &p->unfilled[q];
        if (v->item == u->item && (u->item >= 0 || strcmp(m->job_crew.skill[v->crew_line], m->job_crew.skill[u->crew_line]) == 0))
          *(side ? &before : &after) += v->qty;
      }
    }
    if (after <= before) continue;
    Q->unfilled += after - before;
    if (Q->nreasons < cap - 1)
      Q->reasons[Q->nreasons++] = (cs_job_reason){u->item, u->item >= 0 ? NULL : m->job_crew.skill[u->crew_line],
                                                  m->jobs.out[j], m->jobs.in[j], 0, "nobody"};
  }
  double fx = fixed_spend(Q->with) - fixed_spend(Q->without);
  if (fx > 1e-9)
    Q->reasons[Q->nreasons++] = (cs_job_reason){-1, NULL, m->jobs.out[j], m->jobs.in[j], fx, "minimum charges and delivery"};
  *out = Q;
  return 0;
}

/* Keeps the settings and the rental house's tables in the quote's copy of the model. */
static bool rental_only(const cs_model *m, cs_table t, size_t row, void *ctx) {
  (void)m, (void)row, (void)ctx;
  return t == CS_TABLE_SETTINGS || t >= CS_TABLE_FIRST_RENTAL;
}

/* A copy of s in the arena ("" when s is NULL); NULL when memory is short. */
static const char *keep(cs_arena *a, const char *s) { return cs_arena_strdup(a, s ? s : ""); }

int cs_rental_quote_event(const cs_model *m, const cs_event *ev, double min_throughput, cs_arena *a,
                          cs_job_quote **out, cs_error *err) {
  if (ev->type != CS_EVENT_JOB_CREATED) return cs__err(err, CS_EINPUT, "a quote needs a job.created event");
  cs_model *c = NULL;
  int rc = cs_model_copy(m, rental_only, NULL, &c, err);
  if (rc) return rc;
  const cs_loc loc = {"job", 0, NULL};
  if (!(rc = cs_event_apply(c, ev, &loc, err))) rc = cs_rental_quote(c, (int32_t)c->jobs.n - 1, min_throughput, a, out, err);
  if (!rc) {
    /* The answer's strings outlive the copy. */
    cs_job_quote *Q = *out;
    bool ok = (Q->job_id = keep(a, Q->job_id)) != NULL;
    for (size_t k = 0; k < Q->nreasons && ok; k++) {
      cs_job_reason *r = &Q->reasons[k];
      if (r->skill) ok &= (r->skill = keep(a, r->skill)) != NULL;
      ok &= (r->source = keep(a, r->source)) != NULL;
    }
    if (!ok) rc = cs__err(err, CS_ENOMEM, "out of memory");
  }
  cs_model_free(c);
  return rc;
}
