/* crew.c — the crew half of the rental plan (DESIGN §9): who works which job line on each
 * day. A person works at most one job a day, only with a skill they have, only when
 * available, and at most max_days over the plan; staff cost nothing more (operating
 * expense), freelancers their day rate (a TVC of the job).
 *
 * People are grouped in classes of equal skills, kind, rate and max_days. One minimum-cost
 * flow over the whole plan (lib/engine/mincost.h) gives each class's people to each skill
 * on each day: at most the class's people available that day, at most their days in all,
 * each skill-day's need met or left unfilled at a prohibitive price; its cost is a lower
 * bound. Day by day, its counts are given to people (those who worked the line the day
 * before stay on it; then those with the most days left), and a transportation LP of the
 * day (integral: a bipartite graph's matrix) places what a person's own max_days or
 * calendar left open. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lp.h"
#include "mincost.h"
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
  uint8_t *work;                /* [person * span + day]: a day designate() gives them */
  int32_t *days_used, *last_line, *last_day;
} crewplan;

/* The days person p may still work in the plan: max_days less what they already work
 * outside it (a quote's neighbourhood), never below zero. */
static int64_t days_left(const crewplan *c, size_t p) {
  int32_t left = c->m->crew.max_days[p] - c->days_used[p];
  return left > 0 ? left : 0;
}

static void crew_free(crewplan *c) {
  free(c->lines), free(c->first), free(c->last), free(c->skill), free(c->line_skill), free(c->class_of);
  free(c->class_start), free(c->class_members), free(c->can), free(c->away), free(c->work), free(c->days_used);
  free(c->last_line), free(c->last_day);
}

/* A person as the classes see them. */
typedef struct person {
  const char *skills;
  uint8_t kind;
  double rate;
  int32_t max_days, id;
} person;

/* Orders people by skills, kind, rate and days they may work, to form the classes: people
 * of a class are interchangeable in the plan. */
static int same_class(const person *a, const person *b) {
  int s = strcmp(a->skills, b->skills);
  if (s) return s;
  if (a->kind != b->kind) return a->kind < b->kind ? -1 : 1;
  if (a->rate != b->rate) return a->rate < b->rate ? -1 : 1;
  if (a->max_days != b->max_days) return a->max_days < b->max_days ? -1 : 1;
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
  c->lines = calloc(J->n + 1, sizeof *c->lines);
  c->first = malloc((J->n + 1) * sizeof *c->first), c->last = malloc((J->n + 1) * sizeof *c->last);
  c->line_skill = malloc((J->n + 1) * sizeof *c->line_skill);
  c->skill = malloc((J->n + 1) * sizeof *c->skill);
  if (!c->lines || !c->first || !c->last || !c->line_skill || !c->skill) return CS_ENOMEM;
  cs_date lo = INT32_MAX, hi = INT32_MIN;
  for (size_t r = 0; r < J->n; r++) {
    if (!S->planned[J->job[r]]) continue;
    cs_date a = J->from[r], b = J->to[r];
    if (S->from != CS_DATE_NONE && a < S->from) a = S->from;
    if (S->crew_from != CS_DATE_NONE && a < S->crew_from) a = S->crew_from;
    if (S->crew_to != CS_DATE_NONE && b > S->crew_to) b = S->crew_to;
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
    cs_date b = S->crew_to != CS_DATE_NONE && J->to[r] > S->crew_to ? S->crew_to : J->to[r];
    c->first[k] = a - lo, c->last[k] = b - lo;
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
    order[p] = (person){m->crew.skills[p], m->crew.kind[p], m->crew.cost_per_day[p], m->crew.max_days[p], (int32_t)p};
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
  c->work = calloc(np * c->span + 1, 1);
  c->days_used = calloc(np + 1, sizeof *c->days_used);
  c->last_line = malloc((np + 1) * sizeof *c->last_line), c->last_day = malloc((np + 1) * sizeof *c->last_day);
  if (!c->class_start || !c->class_members || !c->can || !c->away || !c->work || !c->days_used || !c->last_line || !c->last_day)
    return CS_ENOMEM;
  for (size_t p = 0; p < np; p++) c->class_start[c->class_of[p] + 1]++;
  for (size_t k = 0; k < c->nclasses; k++) c->class_start[k + 1] += c->class_start[k];
  size_t *fill = malloc((c->nclasses + 1) * sizeof *fill);
  if (!fill) return CS_ENOMEM;
  memcpy(fill, c->class_start, (c->nclasses + 1) * sizeof *fill);
  for (size_t p = 0; p < np; p++) c->class_members[fill[c->class_of[p]]++] = p;
  free(fill);
  for (size_t k = 0; k < c->nclasses; k++) {
    if (c->class_start[k] == c->class_start[k + 1]) continue;
    int32_t p = (int32_t)c->class_members[c->class_start[k]];
    for (size_t s = 0; s < c->nskills; s++) c->can[k * c->nskills + s] = cs_crew_has_skill(m, p, c->skill[s]);
  }
  const cs_crew_calendar *K = &m->crew_calendar;
  for (size_t i = 0; i < K->n; i++) {
    cs_date d = K->date[i];
    if (!K->available[i] && d >= lo && d <= hi) c->away[(size_t)K->crew[i] * c->span + (size_t)(d - lo)] = 1;
  }
  for (size_t p = 0; p < np; p++) c->last_line[p] = -1, c->last_day[p] = -2, c->days_used[p] = S->used0 ? S->used0[p] : 0;
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

/* A person: whether the day is one designate() gave them, and the days they have left. */
typedef struct ranked {
  int32_t work, left, per;
} ranked;

/* Orders people by the day being theirs, then days left, most first, then by row. */
static int by_days_left(const void *pa, const void *pb) {
  const ranked *a = pa, *b = pb;
  if (a->work != b->work) return a->work > b->work ? -1 : 1;
  if (a->left != b->left) return a->left > b->left ? -1 : 1;
  return (a->per > b->per) - (a->per < b->per);
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
  /* Within a class, people with more days left go first (max_days binds later). */
  size_t np = m->crew.n;
  ranked *order = malloc((np + 1) * sizeof *order);
  if (!order) {
    free(need), free(left);
    return CS_ENOMEM;
  }
  for (size_t k = 0; k < c->nclasses; k++) {
    for (size_t q = c->class_start[k]; q < c->class_start[k + 1]; q++) {
      size_t per = c->class_members[q];
      order[q] = (ranked){c->work[per * c->span + t], m->crew.max_days[per] - c->days_used[per], (int32_t)per};
    }
    qsort(order + c->class_start[k], c->class_start[k + 1] - c->class_start[k], sizeof *order, by_days_left);
  }
  /* Two passes over every class: people whose day it is and who worked a line of the skill
   * yesterday stay on it, then the others fill what is left, those whose day it is
   * first. */
  for (int pass = 0; pass < 2 && !rc; pass++) {
    for (size_t k = 0; k < c->nclasses && !rc; k++) {
      for (size_t s = 0; s < ns && !rc; s++) {
        int32_t *n = &left[k * ns + s];
        for (size_t q = c->class_start[k]; q < c->class_start[k + 1] && *n > 0 && !rc; q++) {
          size_t per = (size_t)order[q].per;
          if (c->away[per * c->span + t] || c->days_used[per] >= m->crew.max_days[per] ||
              c->last_day[per] == (int32_t)t)
            continue;
          int32_t prev = c->last_line[per];
          bool cont = prev >= 0 && c->last_day[per] == (int32_t)t - 1 && c->line_skill[prev] == (int32_t)s &&
                      need[prev] > 0;
          if (pass == 0 && (!cont || !c->work[per * c->span + t])) continue;
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
  free(left), free(order);
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

/* The whole plan's crew problem, a minimum-cost flow: from a source, each class k may send
 * at most the days its people may work in all (the sum of their max_days); on day t at
 * most its people available go on, each to a skill s the class has that is needed that
 * day, at the class's day rate; each skill-day's need arrives, from people or straight
 * from the source at the unfilled price. A class that can give that day to one skill only
 * goes straight to it (no node of its own). Writes x[(t * nclasses + k) * nskills + s],
 * whole numbers, and returns the freelance cost (the unfilled price left out), a lower
 * bound on any plan that fills as much; NAN when the solver fails. */
static double horizon_flow(const crewplan *c, const int32_t *need, const int32_t *avail, double *x) {
  const cs_model *m = c->m;
  size_t ns = c->nskills, nk = c->nclasses, T = c->span;
  memset(x, 0, T * nk * ns * sizeof *x);
  /* Nodes: the source, the classes, the skill-days needed, the class-days that split. */
  size_t nnodes = 1 + nk, narcs = nk, nwork = 0;
  int32_t *sd = malloc((T * ns + 1) * sizeof *sd);
  if (!sd) return NAN;
  for (size_t q = 0; q < T * ns; q++) {
    sd[q] = need[q] > 0 ? (int32_t)nnodes++ : -1;
    narcs += need[q] > 0;
  }
  for (size_t t = 0; t < T; t++)
    for (size_t k = 0; k < nk; k++) {
      if (avail[t * nk + k] <= 0) continue;
      size_t fit = 0;
      for (size_t s = 0; s < ns; s++) fit += sd[t * ns + s] >= 0 && c->can[k * ns + s];
      nwork += fit;
      if (fit > 1) nnodes++, narcs++;
    }
  narcs += nwork;
  if (nnodes > INT_MAX || narcs > INT_MAX) { /* beyond what the solver indexes */
    free(sd);
    return NAN;
  }
  int *tail = malloc((narcs + 1) * sizeof *tail), *head = malloc((narcs + 1) * sizeof *head);
  int64_t *cap = malloc((narcs + 1) * sizeof *cap), *cost = malloc((narcs + 1) * sizeof *cost);
  int64_t *flow = malloc((narcs + 1) * sizeof *flow), *supply = calloc(nnodes + 1, sizeof *supply);
  size_t *where = malloc((narcs + 1) * sizeof *where);
  double *rate = malloc((nk + 1) * sizeof *rate), bound = NAN;
  if (!tail || !head || !cap || !cost || !flow || !supply || !where || !rate) goto out;
  /* The class-day nodes follow the skill-day nodes. */
  size_t arc = 0, next = 1 + nk;
  for (size_t q = 0; q < T * ns; q++) next += sd[q] >= 0;
#define ARC(from, to, u, c_, w) (tail[arc] = (int)(from), head[arc] = (int)(to), cap[arc] = (u), cost[arc] = (c_), where[arc++] = (w))
  for (size_t k = 0; k < nk; k++) {
    size_t p0 = c->class_members[c->class_start[k]];
    int64_t days = 0;
    for (size_t q = c->class_start[k]; q < c->class_start[k + 1]; q++) days += days_left(c, c->class_members[q]);
    rate[k] = m->crew.kind[p0] == CS_CREW_STAFF ? 0 : m->crew.cost_per_day[p0];
    ARC(0, 1 + k, days, 0, SIZE_MAX);
  }
  for (size_t q = 0; q < T * ns; q++) {
    if (sd[q] < 0) continue;
    ARC(0, sd[q], need[q], (int64_t)(CS__UNFILLED_PER_DAY * 100), SIZE_MAX);
    supply[0] += need[q], supply[sd[q]] = -need[q];
  }
  for (size_t t = 0; t < T; t++)
    for (size_t k = 0; k < nk; k++) {
      int32_t av = avail[t * nk + k];
      if (av <= 0) continue;
      size_t fit = 0;
      for (size_t s = 0; s < ns; s++) fit += sd[t * ns + s] >= 0 && c->can[k * ns + s];
      if (!fit) continue;
      size_t from = 1 + k;
      if (fit > 1) {
        ARC(1 + k, next, av, 0, SIZE_MAX);
        from = next++;
      }
      int64_t cents = llround(rate[k] * 100);
      for (size_t s = 0; s < ns; s++) {
        int32_t n = need[t * ns + s];
        if (sd[t * ns + s] < 0 || !c->can[k * ns + s]) continue;
        ARC(from, sd[t * ns + s], av < n ? av : n, cents, (t * nk + k) * ns + s);
      }
    }
#undef ARC
  const cs__mincost prob = {(int)nnodes, (int)arc, tail, head, cap, cost, supply};
  int64_t total = 0;
  if (cs__mincost_solve(&prob, flow, &total)) goto out;
  bound = 0;
  for (size_t e = 0; e < arc; e++) {
    if (where[e] == SIZE_MAX || !flow[e]) continue;
    x[where[e]] = (double)flow[e];
    bound += (double)flow[e] * rate[where[e] / ns % nk];
  }
out:
  free(sd), free(tail), free(head), free(cap), free(cost), free(flow), free(supply), free(where), free(rate);
  return bound;
}

/* Gives each class's days of the flow to its people: a person works at most their own
 * max_days, only on days they are available, and on day t the class's people given the day
 * number what the flow asks of the class (as far as that is possible: a maximum flow from
 * people to days, what it cannot place left to the day's own LP). Marks c->work. Without
 * it, people the day-by-day order favours run out of days that the flow counted on.
 * Returns 0, CS_ENOMEM, or CS_ESOLVER. */
static int designate(crewplan *c, const double *x) {
  size_t ns = c->nskills, nk = c->nclasses, T = c->span;
  size_t most = 0;
  for (size_t k = 0; k < nk; k++)
    if (c->class_start[k + 1] - c->class_start[k] > most) most = c->class_start[k + 1] - c->class_start[k];
  /* Nodes: source, sink, people, days; arcs: source to person, person to day, day to sink,
   * and source to sink for what cannot be placed. */
  size_t maxn = 2 + most + T, maxa = most + most * T + T + 1;
  if (maxn > INT_MAX || maxa > INT_MAX) return CS_ESOLVER; /* beyond what the solver indexes */
  int *tail = malloc((maxa + 1) * sizeof *tail), *head = malloc((maxa + 1) * sizeof *head);
  int64_t *cap = malloc((maxa + 1) * sizeof *cap), *cost = calloc(maxa + 1, sizeof *cost);
  int64_t *flow = malloc((maxa + 1) * sizeof *flow), *supply = malloc((maxn + 1) * sizeof *supply);
  int32_t *want = malloc((T + 1) * sizeof *want);
  int rc = tail && head && cap && cost && flow && supply && want ? 0 : CS_ENOMEM;
  for (size_t k = 0; k < nk && !rc; k++) {
    size_t first = c->class_start[k], np = c->class_start[k + 1] - first, narc = 0;
    int64_t total = 0;
    for (size_t t = 0; t < T; t++) {
      double v = 0;
      for (size_t s = 0; s < ns; s++) v += x[(t * nk + k) * ns + s];
      want[t] = (int32_t)floor(v + 0.5);
      total += want[t];
    }
    if (!total) continue;
    size_t nn = 2 + np + T;
    memset(supply, 0, nn * sizeof *supply);
    supply[0] = total, supply[1] = -total;
    for (size_t q = 0; q < np; q++) {
      tail[narc] = 0, head[narc] = (int)(2 + q), cap[narc] = days_left(c, c->class_members[first + q]), cost[narc++] = 0;
      for (size_t t = 0; t < T; t++) {
        if (!want[t] || c->away[c->class_members[first + q] * T + t]) continue;
        tail[narc] = (int)(2 + q), head[narc] = (int)(2 + np + t), cap[narc] = 1, cost[narc++] = 0;
      }
    }
    for (size_t t = 0; t < T; t++)
      if (want[t]) tail[narc] = (int)(2 + np + t), head[narc] = 1, cap[narc] = want[t], cost[narc++] = 0;
    tail[narc] = 0, head[narc] = 1, cap[narc] = total, cost[narc++] = 1;
    const cs__mincost prob = {(int)nn, (int)narc, tail, head, cap, cost, supply};
    int64_t unplaced = 0;
    if ((rc = cs__mincost_solve(&prob, flow, &unplaced))) break;
    for (size_t e = 0; e < narc; e++)
      if (flow[e] && tail[e] >= 2 && head[e] >= (int)(2 + np))
        c->work[c->class_members[first + (size_t)(tail[e] - 2)] * T + (size_t)(head[e] - 2 - (int)np)] = 1;
  }
  free(tail), free(head), free(cap), free(cost), free(flow), free(supply), free(want);
  return rc == CS_ENOMEM ? CS_ENOMEM : rc ? CS_ESOLVER : 0;
}

int cs__crew_plan(const cs__scope *S, cs_arena *a, cs_rental_plan *p, double *lb, cs_error *err) {
  crewplan c = {0};
  size_t cap = 0, cap_unfilled = p->nunfilled;
  int32_t *supply = NULL, *need = NULL, *take = NULL, *more = NULL, *needs = NULL, *avail = NULL;
  double *x = NULL;
  *lb = 0;
  int rc = crew_init(&c, S);
  if (rc) goto nomem;
  size_t nk = c.nclasses, ns = c.nskills, T = c.span;
  supply = calloc(nk + 1, sizeof *supply), need = calloc(ns + 1, sizeof *need);
  take = malloc((nk * ns + 1) * sizeof *take), more = malloc((nk * ns + 1) * sizeof *more);
  needs = calloc(T * ns + 1, sizeof *needs), avail = calloc(T * nk + 1, sizeof *avail);
  x = malloc((T * nk * ns + 1) * sizeof *x);
  if (!supply || !need || !take || !more || !needs || !avail || !x) goto nomem;
  /* Each skill's need and each class's people available, day by day. */
  for (size_t l = 0; l < c.nlines; l++)
    for (int32_t t = c.first[l]; t <= c.last[l]; t++) needs[(size_t)t * ns + c.line_skill[l]] += S->m->job_crew.qty[c.lines[l]];
  for (size_t t = 0; t < T; t++)
    for (size_t k = 0; k < nk; k++)
      for (size_t q = c.class_start[k]; q < c.class_start[k + 1]; q++) avail[t * nk + k] += !c.away[c.class_members[q] * T + t];
  double bound = horizon_flow(&c, needs, avail, x);
  if (isnan(bound)) {
    rc = cs__err(err, CS_ESOLVER, "the crew plan's LP was not solved");
    goto out;
  }
  *lb = bound;
  if ((rc = designate(&c, x))) {
    if (rc == CS_ENOMEM) goto nomem;
    rc = cs__err(err, CS_ESOLVER, "the crew plan's days were not given to people");
    goto out;
  }
  /* Day by day: the LP's counts, rounded down and within the people left (max_days), then
   * the day's own LP for what that leaves. */
  for (size_t t = 0; t < T; t++) {
    bool any = false;
    for (size_t sk = 0; sk < ns; sk++) need[sk] = needs[t * ns + sk], any |= need[sk] > 0;
    if (!any) continue;
    for (size_t k = 0; k < nk; k++) {
      supply[k] = 0;
      for (size_t q = c.class_start[k]; q < c.class_start[k + 1]; q++) {
        size_t per = c.class_members[q];
        supply[k] += !c.away[per * T + t] && c.days_used[per] < S->m->crew.max_days[per];
      }
    }
    for (size_t k = 0; k < nk; k++)
      for (size_t sk = 0; sk < ns; sk++) {
        int32_t v = (int32_t)floor(x[(t * nk + k) * ns + sk] + 1e-6);
        if (v > supply[k]) v = supply[k];
        if (v > need[sk]) v = need[sk];
        take[k * ns + sk] = v, supply[k] -= v, need[sk] -= v;
      }
    any = false;
    for (size_t sk = 0; sk < ns; sk++) any |= need[sk] > 0;
    if (any) {
      if (isnan(day_lp(&c, supply, need, more))) {
        rc = cs__err(err, CS_ESOLVER, "the crew plan's LP for a day was not solved");
        goto out;
      }
      for (size_t k = 0; k < nk * ns; k++) take[k] += more[k];
    }
    if ((rc = assign_day(&c, t, take, p, a, &cap, &cap_unfilled))) goto nomem;
  }
  if (p->ncrew) qsort(p->crew, p->ncrew, sizeof *p->crew, by_line_date);
  goto out;
nomem:
  rc = cs__err(err, CS_ENOMEM, "out of memory");
out:
  free(supply), free(need), free(take), free(more), free(needs), free(avail), free(x);
  crew_free(&c);
  return rc;
}
