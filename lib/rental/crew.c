/* crew.c — the crew half of the rental plan (DESIGN §9): who works which job line on each
 * day. A person works at most one job a day, only with a skill they have, only when
 * available, and at most max_days over the plan; staff cost nothing more (operating
 * expense), freelancers their day rate (a TVC of the job).
 *
 * People are grouped in classes of equal skills, kind and rate. Each day is a
 * transportation LP, classes to the skills asked that day (integral: its matrix is that of
 * a bipartite graph), solved with Clp; the sum of those LPs with everybody available is a
 * lower bound. The classes' counts are then given to people, keeping a person on the line
 * they worked the day before (continuity), and days are planned in order so that max_days
 * is never passed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lp.h"
#include "rental_priv.h"

#define EPS 1e-6

typedef struct crewplan {
  const cs_model *m;
  cs_date d0;
  size_t span;
  int32_t *lines;               /* planned job_crew rows */
  size_t nlines;
  int32_t *first, *last;        /* each line's planned days, indices */
  /* Skills asked: distinct strings, and each line's. */
  const char **skill;
  size_t nskills;
  int32_t *line_skill;
  /* Classes of people: members (CSR), and which skills each class has. */
  int32_t *class_of;
  size_t nclasses;
  size_t *class_start, *class_members;
  uint8_t *can;                 /* [class * nskills + skill] */
  uint8_t *away;                /* [person * span + day]: not available */
  int32_t *days_used, *last_line, *last_day;
} crewplan;

static void crew_free(crewplan *c) {
  free(c->lines), free(c->first), free(c->last), free(c->skill), free(c->line_skill), free(c->class_of);
  free(c->class_start), free(c->class_members), free(c->can), free(c->away), free(c->days_used);
  free(c->last_line), free(c->last_day);
}

/* A person as the classes see them. */
typedef struct person {
  const char *skills;
  uint8_t kind;
  double rate;
  int32_t id;
} person;

/* Orders people by skills, kind and rate, to form the classes. */
static int same_class(const person *a, const person *b) {
  int s = strcmp(a->skills, b->skills);
  if (s) return s;
  if (a->kind != b->kind) return a->kind < b->kind ? -1 : 1;
  if (a->rate != b->rate) return a->rate < b->rate ? -1 : 1;
  return 0;
}

static int by_class(const void *pa, const void *pb) {
  const person *a = pa, *b = pb;
  int s = same_class(a, b);
  return s ? s : (a->id > b->id) - (a->id < b->id);
}

/* Gathers the lines, skills, classes and who is away when. */
static int crew_init(crewplan *c, const cs__scope *S) {
  const cs_model *m = S->m;
  const cs_job_crew *J = &m->job_crew;
  c->m = m;
  c->lines = malloc((J->n + 1) * sizeof *c->lines);
  c->first = malloc((J->n + 1) * sizeof *c->first), c->last = malloc((J->n + 1) * sizeof *c->last);
  c->line_skill = malloc((J->n + 1) * sizeof *c->line_skill);
  c->skill = malloc((J->n + 1) * sizeof *c->skill);
  if (!c->lines || !c->first || !c->last || !c->line_skill || !c->skill) return CS_ENOMEM;
  cs_date lo = INT32_MAX, hi = INT32_MIN;
  for (size_t r = 0; r < J->n; r++) {
    if (!S->planned[J->job[r]]) continue;
    cs_date a = J->from[r], b = J->to[r];
    if (S->from != CS_DATE_NONE && a < S->from) a = S->from;
    if (b < a) continue;
    c->lines[c->nlines++] = (int32_t)r;
    if (a < lo) lo = a;
    if (b > hi) hi = b;
  }
  c->d0 = lo;
  c->span = c->nlines ? (size_t)(hi - lo + 1) : 0;
  cs__idmap skills = {0};
  int rc = 0;
  for (size_t k = 0; k < c->nlines && !rc; k++) {
    int32_t r = c->lines[k];
    cs_date a = J->from[r] < lo ? lo : J->from[r];
    c->first[k] = a - lo, c->last[k] = J->to[r] - lo;
    int32_t s = cs__idmap_get(&skills, J->skill[r]);
    if (s < 0) {
      s = (int32_t)c->nskills;
      c->skill[c->nskills++] = J->skill[r];
      rc = cs__idmap_put(&skills, J->skill[r], s);
    }
    c->line_skill[k] = s;
  }
  cs__idmap_free(&skills);
  if (rc) return rc;
  /* Classes. */
  size_t np = m->crew.n;
  person *order = malloc((np + 1) * sizeof *order);
  c->class_of = malloc((np + 1) * sizeof *c->class_of);
  if (!order || !c->class_of) {
    free(order);
    return CS_ENOMEM;
  }
  for (size_t p = 0; p < np; p++)
    order[p] = (person){m->crew.skills[p], m->crew.kind[p], m->crew.cost_per_day[p], (int32_t)p};
  qsort(order, np, sizeof *order, by_class);
  for (size_t k = 0; k < np; k++) {
    if (k > 0 && same_class(&order[k - 1], &order[k]) != 0) c->nclasses++;
    c->class_of[order[k].id] = (int32_t)c->nclasses;
  }
  if (np) c->nclasses++;
  free(order);
  c->class_start = calloc(c->nclasses + 1, sizeof *c->class_start);
  c->class_members = malloc((np + 1) * sizeof *c->class_members);
  c->can = calloc(c->nclasses * c->nskills + 1, 1);
  c->away = calloc(np * c->span + 1, 1);
  c->days_used = calloc(np + 1, sizeof *c->days_used);
  c->last_line = malloc((np + 1) * sizeof *c->last_line), c->last_day = malloc((np + 1) * sizeof *c->last_day);
  if (!c->class_start || !c->class_members || !c->can || !c->away || !c->days_used || !c->last_line || !c->last_day)
    return CS_ENOMEM;
  for (size_t p = 0; p < np; p++) c->class_start[c->class_of[p] + 1]++;
  for (size_t k = 0; k < c->nclasses; k++) c->class_start[k + 1] += c->class_start[k];
  size_t *fill = malloc((c->nclasses + 1) * sizeof *fill);
  if (!fill) return CS_ENOMEM;
  memcpy(fill, c->class_start, (c->nclasses + 1) * sizeof *fill);
  for (size_t p = 0; p < np; p++) c->class_members[fill[c->class_of[p]]++] = p;
  free(fill);
  for (size_t k = 0; k < c->nclasses; k++) {
    int32_t p = (int32_t)c->class_members[c->class_start[k]];
    for (size_t s = 0; s < c->nskills; s++) c->can[k * c->nskills + s] = cs_crew_has_skill(m, p, c->skill[s]);
  }
  const cs_crew_calendar *K = &m->crew_calendar;
  for (size_t i = 0; i < K->n; i++) {
    cs_date d = K->date[i];
    if (!K->available[i] && d >= lo && d <= hi) c->away[(size_t)K->crew[i] * c->span + (size_t)(d - lo)] = 1;
  }
  for (size_t p = 0; p < np; p++) c->last_line[p] = -1, c->last_day[p] = -2;
  return 0;
}

/* Solves one day's transportation LP: class k may give up to supply[k] people to the
 * skills it has, skill s needs need[s]; people not found cost the unfilled price. Writes
 * take[k * nskills + s] and returns what the freelancers cost (the unfilled price left
 * out), or NAN when Clp fails. */
static double day_lp(const crewplan *c, const int32_t *supply, const int32_t *need, int32_t *take) {
  const cs_model *m = c->m;
  size_t ns = c->nskills, nk = c->nclasses;
  size_t ncols = 0, nnz = 0;
  for (size_t k = 0; k < nk; k++)
    for (size_t s = 0; s < ns; s++) ncols += supply[k] > 0 && need[s] > 0 && c->can[k * ns + s];
  for (size_t s = 0; s < ns; s++) ncols += need[s] > 0;
  nnz = 2 * ncols;
  memset(take, 0, nk * ns * sizeof *take);
  if (!ncols) return 0;
  cs__lp_data d = {0};
  if (cs__lp_data_alloc(&d, ncols, nnz, nk + ns)) return NAN;
  size_t col = 0, at = 0;
  size_t *ck = malloc(ncols * sizeof *ck), *cs = malloc(ncols * sizeof *cs);
  if (!ck || !cs) {
    free(ck), free(cs), cs__lp_data_free(&d);
    return NAN;
  }
  for (size_t k = 0; k < nk; k++) {
    double rate = m->crew.kind[c->class_members[c->class_start[k]]] == CS_CREW_STAFF
                      ? 0
                      : m->crew.cost_per_day[c->class_members[c->class_start[k]]];
    for (size_t s = 0; s < ns; s++) {
      if (!(supply[k] > 0 && need[s] > 0 && c->can[k * ns + s])) continue;
      d.start[col] = (int)at;
      d.index[at] = (int)k, d.value[at++] = 1;
      d.index[at] = (int)(nk + s), d.value[at++] = -1;
      d.obj[col] = -rate;
      d.colub[col] = supply[k] < need[s] ? supply[k] : need[s];
      ck[col] = k, cs[col] = s;
      col++;
    }
  }
  for (size_t s = 0; s < ns; s++) {
    if (need[s] <= 0) continue;
    d.start[col] = (int)at;
    d.index[at] = (int)(nk + s), d.value[at++] = -1;
    d.obj[col] = -CS__UNFILLED_PER_DAY;
    d.colub[col] = need[s];
    ck[col] = SIZE_MAX, cs[col] = s;
    col++;
  }
  d.start[col] = (int)at;
  for (size_t k = 0; k < nk; k++) d.rowub[k] = supply[k];
  for (size_t s = 0; s < ns; s++) d.rowub[nk + s] = -need[s];
  cs__lp *lp = cs__lp_from_data(&d, (int)ncols, (int)(nk + ns));
  double cost = NAN;
  if (lp && !cs__lp_solve(lp, 0)) {
    const double *x = cs__lp_primal(lp);
    cost = 0;
    for (size_t j = 0; j < ncols; j++) {
      int32_t v = (int32_t)floor(x[j] + 0.5);
      if (ck[j] == SIZE_MAX) continue;
      cost -= v * d.obj[j];
      take[ck[j] * ns + cs[j]] = v;
    }
  }
  cs__lp_free(lp);
  cs__lp_data_free(&d);
  free(ck), free(cs);
  return cost;
}

/* Appends one person-day to the plan (the array grows in the arena). */
static int add_day(cs_rental_plan *p, cs_arena *a, size_t *cap, const cs_crew_day *x) {
  if (p->ncrew == *cap) {
    size_t nc = *cap ? *cap * 2 : 64;
    cs_crew_day *n = cs_arena_alloc(a, nc * sizeof *n);
    if (!n) return CS_ENOMEM;
    if (p->ncrew) memcpy(n, p->crew, p->ncrew * sizeof *n);
    p->crew = n, *cap = nc;
  }
  p->crew[p->ncrew++] = *x;
  return 0;
}

/* Orders the plan's person-days by line, then date. */
static int by_line_date(const void *pa, const void *pb) {
  const cs_crew_day *a = pa, *b = pb;
  if (a->line != b->line) return a->line < b->line ? -1 : 1;
  if (a->date != b->date) return a->date < b->date ? -1 : 1;
  return (a->crew > b->crew) - (a->crew < b->crew);
}

/* Gives the day's class counts to people and people to lines. */
static int assign_day(crewplan *c, size_t t, const int32_t *take, cs_rental_plan *p, cs_arena *a, size_t *cap,
                      size_t *cap_unfilled) {
  const cs_model *m = c->m;
  size_t ns = c->nskills;
  /* Lines of the day and the people each still needs. */
  int32_t *need = malloc((c->nlines + 1) * sizeof *need);
  if (!need) return CS_ENOMEM;
  for (size_t k = 0; k < c->nlines; k++)
    need[k] = (int32_t)t >= c->first[k] && (int32_t)t <= c->last[k] ? m->job_crew.qty[c->lines[k]] : 0;
  int rc = 0;
  int32_t *left = malloc((c->nclasses * ns + 1) * sizeof *left);
  if (!left) {
    free(need);
    return CS_ENOMEM;
  }
  memcpy(left, take, c->nclasses * ns * sizeof *left);
  /* Two passes over every class: people who worked a line of the skill yesterday stay on
   * it, then the others fill what is left. */
  for (int pass = 0; pass < 2 && !rc; pass++) {
    for (size_t k = 0; k < c->nclasses && !rc; k++) {
      for (size_t s = 0; s < ns && !rc; s++) {
        int32_t *n = &left[k * ns + s];
        for (size_t q = c->class_start[k]; q < c->class_start[k + 1] && *n > 0 && !rc; q++) {
          size_t per = c->class_members[q];
          if (c->away[per * c->span + t] || c->days_used[per] >= m->crew.max_days[per] ||
              c->last_day[per] == (int32_t)t)
            continue;
          int32_t prev = c->last_line[per];
          bool cont = prev >= 0 && c->last_day[per] == (int32_t)t - 1 && c->line_skill[prev] == (int32_t)s &&
                      need[prev] > 0;
          if (pass == 0 && !cont) continue;
          size_t line = SIZE_MAX;
          if (cont) line = (size_t)prev;
          else
            for (size_t l = 0; l < c->nlines && line == SIZE_MAX; l++)
              if (need[l] > 0 && c->line_skill[l] == (int32_t)s) line = l;
          if (line == SIZE_MAX) break;
          need[line]--, (*n)--;
          c->days_used[per]++, c->last_line[per] = (int32_t)line, c->last_day[per] = (int32_t)t;
          double cost = m->crew.kind[per] == CS_CREW_STAFF ? 0 : m->crew.cost_per_day[per];
          const cs_crew_day x = {c->lines[line], c->d0 + (cs_date)t, (int32_t)per, cost};
          p->crew_cost += cost;
          rc = add_day(p, a, cap, &x);
        }
      }
    }
  }
  free(left);
  for (size_t l = 0; l < c->nlines && !rc; l++) {
    if (need[l] <= 0) continue;
    int32_t r = c->lines[l];
    const cs_unfilled u = {m->job_crew.job[r], -1, r, c->d0 + (cs_date)t, need[l],
                           "nobody with the skill is free that day, staff or freelance"};
    const cs_crew_day x = {r, c->d0 + (cs_date)t, -1, 0};
    for (int32_t k = 0; k < need[l] && !rc; k++) rc = add_day(p, a, cap, &x);
    if (!rc) rc = cs__plan_unfilled(p, a, cap_unfilled, &u);
  }
  free(need);
  return rc;
}

int cs__crew_plan(const cs__scope *S, cs_arena *a, cs_rental_plan *p, double *lb, cs_error *err) {
  crewplan c = {0};
  size_t cap = 0, cap_unfilled = p->nunfilled;
  int32_t *supply = NULL, *all = NULL, *need = NULL, *take = NULL;
  *lb = 0;
  int rc = crew_init(&c, S);
  if (rc) goto nomem;
  size_t nk = c.nclasses, ns = c.nskills;
  supply = malloc((nk + 1) * sizeof *supply), all = malloc((nk + 1) * sizeof *all);
  need = malloc((ns + 1) * sizeof *need), take = malloc((nk * ns + 1) * sizeof *take);
  if (!supply || !all || !need || !take) goto nomem;
  for (size_t t = 0; t < c.span; t++) {
    memset(need, 0, ns * sizeof *need);
    bool any = false;
    for (size_t l = 0; l < c.nlines; l++)
      if ((int32_t)t >= c.first[l] && (int32_t)t <= c.last[l]) {
        need[c.line_skill[l]] += S->m->job_crew.qty[c.lines[l]];
        any = true;
      }
    if (!any) continue;
    bool limited = false;
    for (size_t k = 0; k < nk; k++) {
      supply[k] = all[k] = 0;
      for (size_t q = c.class_start[k]; q < c.class_start[k + 1]; q++) {
        size_t per = c.class_members[q];
        if (c.away[per * c.span + t]) continue;
        all[k]++;
        if (c.days_used[per] < S->m->crew.max_days[per]) supply[k]++;
        else limited = true;
      }
    }
    double bound = limited ? day_lp(&c, all, need, take) : 0;
    double cost = day_lp(&c, supply, need, take);
    if (isnan(cost) || isnan(bound)) {
      rc = cs__err(err, CS_ESOLVER, "the crew plan's LP for a day was not solved");
      goto out;
    }
    *lb += limited ? bound : cost;
    if ((rc = assign_day(&c, t, take, p, a, &cap, &cap_unfilled))) goto nomem;
  }
  qsort(p->crew, p->ncrew, sizeof *p->crew, by_line_date);
  goto out;
nomem:
  rc = cs__err(err, CS_ENOMEM, "out of memory");
out:
  free(supply), free(all), free(need), free(take);
  crew_free(&c);
  return rc;
}
