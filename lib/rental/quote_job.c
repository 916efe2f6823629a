/* quote_job.c — the price of a new job (DESIGN §9): its TVC is its materials plus the
 * marginal over-hire cost, the optimal plan's cost with the job minus without it, so that
 * moving owned gear off another job is counted right; capacity alone never refuses. The
 * answer names the items and skills that cost money, and gives the cost-accounting answer
 * beside it. */
#include <stdio.h>
#include <stdlib.h>
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

/* The neighbourhood of job j: its items (whose lines, every job's, are re-planned over the
 * season: items share nothing but a job's supplier bills), and the days of its crew lines
 * widened by CS_RENTAL_QUOTE_MARGIN_DAYS each side (re-planned for every job, each person
 * keeping the days the base plan gives them outside, so someone short of days may trade
 * a day near the job for one on it). Fills S's neighbourhood fields; items and used0 are allocated in the arena. */
static int neighbourhood(cs__scope *S, int32_t j, const cs_rental_plan *base, cs_arena *a, cs_error *err) {
  const cs_model *m = S->m;
  uint8_t *items = cs_arena_calloc(a, m->items.n + 1, 1);
  int32_t *used0 = cs_arena_calloc(a, m->crew.n + 1, sizeof *used0);
  if (!items || !used0) return cs__err(err, CS_ENOMEM, "out of memory");
  for (size_t r = 0; r < m->job_items.n; r++)
    if (m->job_items.job[r] == j) items[m->job_items.item[r]] = 1;
  cs_date lo = CS_DATE_NONE, hi = CS_DATE_NONE;
  for (size_t r = 0; r < m->job_crew.n; r++) {
    if (m->job_crew.job[r] != j) continue;
    if (lo == CS_DATE_NONE || m->job_crew.from[r] < lo) lo = m->job_crew.from[r];
    if (hi == CS_DATE_NONE || m->job_crew.to[r] > hi) hi = m->job_crew.to[r];
  }
  if (lo == CS_DATE_NONE) lo = 1, hi = 0; /* no crew: an empty window */
  else lo -= CS_RENTAL_QUOTE_MARGIN_DAYS, hi += CS_RENTAL_QUOTE_MARGIN_DAYS;
  for (size_t k = 0; k < base->ncrew; k++) {
    const cs_crew_day *d = &base->crew[k];
    if (d->crew >= 0 && (d->date < lo || d->date > hi)) used0[d->crew]++;
  }
  S->items = items, S->used0 = used0, S->crew_from = lo, S->crew_to = hi;
  return 0;
}

/* Orders billed pairs by job, then supplier. */
static int by_job_supplier(const void *pa, const void *pb) {
  const cs__billed *x = pa, *y = pb;
  if (x->job != y->job) return x->job < y->job ? -1 : 1;
  return (x->sname > y->sname) - (x->sname < y->sname);
}

/* The place of pair (job, sname) among v, each job's pairs chained from head[job] through
 * next[]; -1 when it is not there. */
static int32_t pair_find(const cs__billed *v, const int32_t *head, const int32_t *next, int32_t job, int32_t sname) {
  for (int32_t k = v && next ? head[job] : -1; k >= 0; k = next[k])
    if (v[k].sname == sname) return k;
  return -1;
}

/* What the neighbourhood's jobs pay each supplier outside it (S->billed): for every job of
 * m but j holding an item of the neighbourhood, and every supplier listing an item the job
 * holds, the supplier's minimum charge and delivery over the whole job, and the day charges
 * base (a plan of bm, whose items and suppliers are m's, row for row) gives its units for
 * items outside the neighbourhood. Without it a job's minimum charge or delivery would seem
 * due again, or not at all, when the neighbourhood moves its units. */
static int outside_bills(cs__scope *S, int32_t j, const cs_model *bm, const cs_rental_plan *base, cs_arena *a,
                         cs_error *err) {
  const cs_model *m = S->m;
  size_t ns = m->suppliers.n, ni = m->items.n;
  int32_t *first = malloc((ns + 1) * sizeof *first), *map = malloc((bm->jobs.n + 1) * sizeof *map);
  int32_t *head = malloc((m->jobs.n + 1) * sizeof *head), *next = NULL;
  size_t *start = calloc(ni + 2, sizeof *start), *list = malloc((ns + 1) * sizeof *list);
  uint8_t *holds = calloc(m->jobs.n + 1, 1);
  cs__billed *v = NULL;
  size_t n = 0, cap = 0, ncap = 0;
  cs__idmap names = {0};
  int rc = first && map && head && start && list && holds ? 0 : CS_ENOMEM;
  for (size_t k = 0; k < ns && !rc; k++) {
    int32_t f = cs__idmap_get(&names, m->suppliers.supplier[k]);
    if (f < 0) rc = cs__idmap_put(&names, m->suppliers.supplier[k], f = (int32_t)k);
    first[k] = f;
  }
  /* Each item's supplier rows. */
  for (size_t k = 0; k < ns && !rc; k++) start[m->suppliers.item[k] + 2]++;
  for (size_t i = 0; i < ni && !rc; i++) start[i + 2] += start[i + 1];
  for (size_t k = 0; k < ns && !rc; k++) list[start[m->suppliers.item[k] + 1]++] = k;
  /* bm's jobs that are the neighbourhood's, by their place in m. */
  for (size_t r = 0; r < m->job_items.n && !rc; r++)
    if (S->items[m->job_items.item[r]] && m->job_items.job[r] != j) holds[m->job_items.job[r]] = 1;
  for (size_t b = 0; b < bm->jobs.n && !rc; b++) map[b] = -1;
  for (size_t jc = 0; jc < m->jobs.n && !rc; jc++) {
    int32_t jb = holds[jc] ? cs_model_find_job(bm, m->jobs.id[jc]) : -1;
    if (jb >= 0) map[jb] = (int32_t)jc;
    head[jc] = -1;
  }
  for (size_t r = 0; r < bm->job_items.n && !rc; r++) {
    int32_t jc = map[bm->job_items.job[r]], i = bm->job_items.item[r];
    for (size_t q = jc >= 0 ? start[i] : 0; jc >= 0 && q < start[i + 1] && !rc; q++) {
      size_t sr = list[q];
      int32_t at = pair_find(v, head, next, jc, first[sr]);
      if (at < 0) {
        if ((rc = cs__grow((void **)&v, sizeof *v, &cap, n + 1)) || (rc = cs__grow((void **)&next, sizeof *next, &ncap, n + 1)))
          break;
        v[n] = (cs__billed){jc, first[sr], 0, 0, 0};
        next[n] = head[jc], head[jc] = at = (int32_t)n++;
      }
      cs__billed *e = v ? &v[at] : NULL;
      if (!e) break;
      if (m->suppliers.min_charge[sr] > e->min_charge) e->min_charge = m->suppliers.min_charge[sr];
      if (m->suppliers.delivery_cost[sr] > e->delivery) e->delivery = m->suppliers.delivery_cost[sr];
    }
  }
  for (size_t l = 0; l < base->nlines && !rc; l++) {
    const cs_rental_line *L = &base->lines[l];
    int32_t jc = map[bm->job_items.job[L->row]];
    if (jc < 0 || S->items[bm->job_items.item[L->row]]) continue;
    for (size_t k = L->first; k < L->first + L->nsubs; k++) {
      int32_t at = base->subs[k].supplier < 0 ? -1 : pair_find(v, head, next, jc, first[base->subs[k].supplier]);
      if (at >= 0 && v) v[at].rent += base->subs[k].cost;
    }
  }
  if (!rc && n) {
    qsort(v, n, sizeof *v, by_job_supplier);
    cs__billed *kept = cs_arena_alloc(a, n * sizeof *kept);
    if (!kept) rc = CS_ENOMEM;
    else memcpy(kept, v, n * sizeof *kept), S->billed = kept, S->nbilled = n;
  }
  cs__idmap_free(&names);
  free(first), free(map), free(head), free(next), free(start), free(list), free(holds), free(v);
  return rc ? cs__err(err, CS_ENOMEM, "out of memory") : 0;
}

/* Quotes job j of m against base, the plan of bm without the job (bm is m, or the model m
 * was copied from: its items, suppliers and crew are m's, row for row). */
static int quote_on(const cs_model *m, int32_t j, double min_throughput, const cs_model *bm,
                    const cs_rental_plan *base, cs_arena *a, cs_job_quote **out, cs_error *err) {
  cs_job_quote *Q = cs_arena_calloc(a, 1, sizeof *Q);
  if (!Q) return cs__err(err, CS_ENOMEM, "out of memory");
  int rc = 0;
  cs__scope S;
  const cs_rental_options with = {CS_DATE_NONE, -1, j, 0, false, NULL, false};
  if ((rc = cs__scope_init(&S, m, &with, err))) return rc;
  if (!(rc = neighbourhood(&S, j, base, a, err)) && !(rc = outside_bills(&S, j, bm, base, a, err)) &&
      !(rc = cs__plan_scope(&S, CS_RENTAL_MILP_SECONDS, false, a, &Q->with, err))) {
    S.planned[j] = 0;
    rc = cs__plan_scope(&S, CS_RENTAL_MILP_SECONDS, false, a, &Q->without, err);
  }
  Q->crew_from = S.crew_from, Q->crew_to = S.crew_to;
  cs__scope_free(&S);
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

int cs_rental_quote(const cs_model *m, int32_t j, double min_throughput, const cs_rental_plan *base, cs_arena *a,
                    cs_job_quote **out, cs_error *err) {
  if (!base) {
    const cs_rental_options without = {CS_DATE_NONE, j, -1, 0, false, NULL, false};
    cs_rental_plan *b = NULL;
    int rc = cs_rental_plan_compute(m, &without, a, &b, err);
    if (rc) return rc;
    base = b;
  }
  return quote_on(m, j, min_throughput, m, base, a, out, err);
}

/* Which rows the quote's copy of the model keeps: the settings, items, suppliers, crew and
 * their calendar whole (so rows keep their places), and of the jobs only those the new
 * job's neighbourhood can touch (relevant[job]; NULL: every job). */
static bool rental_only(const cs_model *m, cs_table t, size_t row, void *ctx) {
  const uint8_t *relevant = ctx;
  if (t != CS_TABLE_SETTINGS && t < CS_TABLE_FIRST_RENTAL) return false;
  if (!relevant) return true;
  switch (t) {
    case CS_TABLE_JOBS: return relevant[row];
    case CS_TABLE_JOB_ITEMS: return relevant[m->job_items.job[row]];
    case CS_TABLE_JOB_CREW: return relevant[m->job_crew.job[row]];
    default: return true;
  }
}

/* Marks the jobs a new job's neighbourhood can touch: those holding an item it asks for,
 * and those with crew on the days its crew works (a line's from and to default to the
 * job's out and in). Returns NULL (every job relevant) when a date of the event does not
 * read: applying it then says why. */
static uint8_t *relevant_jobs(const cs_model *m, const cs_event *ev, cs_arena *a) {
  cs_date out, in, lo = CS_DATE_NONE, hi = CS_DATE_NONE;
  if (!ev->row[3] || !ev->row[4] || !cs_date_parse(ev->row[3], &out) || !cs_date_parse(ev->row[4], &in)) return NULL;
  for (size_t k = 0; k < ev->njob_crew; k++) {
    const cs_event_job_crew *c = &ev->job_crew[k];
    cs_date f = out, t = in;
    if ((c->from && *c->from && !cs_date_parse(c->from, &f)) || (c->to && *c->to && !cs_date_parse(c->to, &t))) return NULL;
    if (lo == CS_DATE_NONE || f < lo) lo = f;
    if (hi == CS_DATE_NONE || t > hi) hi = t;
  }
  uint8_t *asked = cs_arena_calloc(a, m->items.n + 1, 1), *rel = cs_arena_calloc(a, m->jobs.n + 1, 1);
  if (!asked || !rel) return NULL;
  for (size_t k = 0; k < ev->njob_items; k++) {
    int32_t i = ev->job_items[k].item ? cs_model_find_item(m, ev->job_items[k].item) : -1;
    if (i >= 0) asked[i] = 1;
  }
  for (size_t r = 0; r < m->job_items.n; r++)
    if (asked[m->job_items.item[r]]) rel[m->job_items.job[r]] = 1;
  for (size_t r = 0; r < m->job_crew.n && lo != CS_DATE_NONE; r++)
    if (m->job_crew.from[r] <= hi + CS_RENTAL_QUOTE_MARGIN_DAYS && m->job_crew.to[r] >= lo - CS_RENTAL_QUOTE_MARGIN_DAYS)
      rel[m->job_crew.job[r]] = 1;
  return rel;
}

/* A copy of s in the arena ("" when s is NULL); NULL when memory is short. */
static const char *keep(cs_arena *a, const char *s) { return cs_arena_strdup(a, s ? s : ""); }

int cs_rental_quote_event(const cs_model *m, const cs_event *ev, double min_throughput, const cs_rental_plan *base,
                          cs_arena *a, cs_job_quote **out, cs_error *err) {
  if (ev->type != CS_EVENT_JOB_CREATED) return cs__err(err, CS_EINPUT, "a quote needs a job.created event");
  int rc = 0;
  if (!base) {
    cs_rental_plan *b = NULL;
    if ((rc = cs_rental_plan_compute(m, NULL, a, &b, err))) return rc;
    base = b;
  }
  /* The copy holds the neighbourhood's jobs only: people and items keep their rows, so
   * base's person-days still name the copy's people. */
  cs_model *c = NULL;
  if ((rc = cs_model_copy(m, rental_only, relevant_jobs(m, ev, a), &c, err))) return rc;
  const cs_loc loc = {"job", 0, NULL};
  if (!(rc = cs_event_apply(c, ev, &loc, err)))
    rc = quote_on(c, (int32_t)c->jobs.n - 1, min_throughput, m, base, a, out, err);
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
