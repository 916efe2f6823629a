/* solve.c — the route engine's search: a start (the plan given, completed by cheapest
 * insertion), then on each thread ruin-and-recreate steps accepted by simulated annealing
 * (the temperature falling with the time used), each new best of a thread polished by the
 * local search; the threads cooperate through one shared best, which a thread that has
 * fallen behind takes up. Methods, parameters and sources: docs/internals/route.md. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "route_priv.h"

#define T_START 10.0     /* annealing temperature at the start, in travel units */
#define T_END 0.05       /* ... and at the end */
#define BLINK 0.01       /* SISR's beta: the chance a place is skipped when putting back */
#define SYNC_SECONDS 0.05 /* how often a thread looks at the shared best */

/* Seconds on a monotonic clock. */
static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Checks one number against [lo, hi] (finite unless hi is INFINITY). */
static int check_num(double v, double lo, double hi, const char *field, size_t i, cs_error *err) {
  if (v >= lo && v <= hi) return 0;
  char text[32];
  cs__fmt_double(v, text, sizeof text);
  return cs_error_set(err, CS_EINPUT, field, text, "%s of %zu: %s is out of range", field, i, text);
}

int cs_vrp_check(const cs_vrp *p, cs_error *err) {
  if (p->njobs > CS_VRP_MAX_JOBS) return cs_error_set(err, CS_EINPUT, "jobs", "", "at most %d jobs", CS_VRP_MAX_JOBS);
  if (!p->nvehicles || p->nvehicles > CS_VRP_MAX_VEHICLES)
    return cs_error_set(err, CS_EINPUT, "vehicles", "", "1 to %d vehicles", CS_VRP_MAX_VEHICLES);
  if (!p->nlocations || p->nlocations > CS_VRP_MAX_LOCATIONS)
    return cs_error_set(err, CS_EINPUT, "locations", "", "1 to %d locations", CS_VRP_MAX_LOCATIONS);
  double nl = (double)p->nlocations - 1;
  int rc = 0;
  for (size_t j = 0; j < p->njobs && !rc; j++) {
    const cs_vrp_job *x = &p->jobs[j];
    rc = check_num(x->location, 0, nl, "job location", j, err);
    if (!rc) rc = check_num(x->demand, 0, 1e12, "job demand", j, err);
    if (!rc) rc = check_num(x->service, 0, 1e12, "job service", j, err);
    if (!rc) rc = check_num(x->open, -1e12, 1e12, "job open", j, err);
    if (!rc) rc = check_num(x->close, x->open, 1e12, "job close", j, err);
    if (!rc) rc = check_num(x->vehicle, -1, (double)p->nvehicles - 1, "job vehicle", j, err);
  }
  for (size_t v = 0; v < p->nvehicles && !rc; v++) {
    const cs_vrp_vehicle *w = &p->vehicles[v];
    rc = check_num(w->start, 0, nl, "vehicle start", v, err);
    if (!rc) rc = check_num(w->end, 0, nl, "vehicle end", v, err);
    if (!rc) rc = check_num(w->shift_start, -1e12, 1e12, "vehicle shift_start", v, err);
    if (!rc) rc = check_num(w->shift_end, w->shift_start, 1e12, "vehicle shift_end", v, err);
    if (!rc) rc = check_num(w->capacity, 0, INFINITY, "vehicle capacity", v, err);
    if (!rc) rc = check_num(w->max_jobs, 0, CS_VRP_MAX_JOBS, "vehicle max_jobs", v, err);
  }
  size_t nn = p->nlocations * p->nlocations;
  for (size_t k = 0; k < nn && !rc; k++) rc = check_num(p->travel[k], 0, 1e12, "travel", k, err);
  return rc;
}

/* What the threads share: the best solution any has found. */
typedef struct shared {
  pthread_mutex_t mu;
  cs__sol best;
  size_t iterations;
} shared;

/* One thread's search. */
typedef struct worker {
  const cs__prob *P;
  const cs_vrp_options *opt;
  shared *sh;
  double t0;
  uint64_t seed;
  int rc;
} worker;

/* Makes `to` equal `from` on the routes t marks and in the jobs left out. */
static void sync_touched(cs__sol *to, const cs__sol *from, const cs__touch *t) {
  for (size_t k = 0; k < t->n; k++) {
    int32_t v = t->list[k];
    cs__route_copy(&to->r[v], &from->r[v]);
    for (int32_t i = 1; i <= to->r[v].len; i++) {
      to->route_of[to->r[v].job[i]] = v;
      to->pos_of[to->r[v].job[i]] = i;
    }
  }
  for (size_t k = 0; k < from->nabsent; k++) to->route_of[from->absent[k]] = -1;
  memcpy(to->absent, from->absent, from->nabsent * sizeof *to->absent);
  to->nabsent = from->nabsent;
  to->travel = from->travel;
}

/* Offers a thread's best to the others, or takes up theirs when it is better than the
 * thread's own; true when the thread took it up (into best, cur and cand). */
static bool cooperate(shared *sh, cs__sol *best, cs__sol *cur, cs__sol *cand) {
  bool took = false;
  pthread_mutex_lock(&sh->mu);
  if (cs__sol_better(best, &sh->best)) {
    cs__sol_copy(&sh->best, best);
  } else if (cs__sol_better(&sh->best, best)) {
    cs__sol_copy(best, &sh->best);
    cs__sol_copy(cur, best);
    cs__sol_copy(cand, best);
    took = true;
  }
  pthread_mutex_unlock(&sh->mu);
  return took;
}

static void *work(void *arg) {
  worker *W = arg;
  const cs__prob *P = W->P;
  size_t nj = P->p->njobs, nr = P->p->nvehicles;
  cs__rng g = {W->seed};
  cs__sol cur, cand, best;
  cs__touch t = {calloc(nr + 1, 1), malloc((nr + 1) * sizeof(int32_t)), 0, malloc((nj + 1) * sizeof(int32_t)),
                 malloc((nj + 1) * sizeof(int32_t))};
  int32_t *removed = malloc((nj + 1) * sizeof *removed);
  int rc1 = cs__sol_init(P, &cur), rc2 = cs__sol_init(P, &cand), rc3 = cs__sol_init(P, &best);
  W->rc = rc1 || rc2 || rc3 || !t.mark || !t.list || !t.order || !t.keep || !removed ? CS_ENOMEM : 0;
  if (W->rc) goto out;
  pthread_mutex_lock(&W->sh->mu);
  cs__sol_copy(&cur, &W->sh->best);
  pthread_mutex_unlock(&W->sh->mu);
  cs__sol_copy(&cand, &cur);
  cs__sol_copy(&best, &cur);
  double limit = W->opt->time_limit, temp = T_START, next_sync = SYNC_SECONDS;
  size_t it = 0;
  for (;; it++) {
    if ((it & 31) == 0) {
      double el = now_s() - W->t0;
      if (el >= limit) break;
      temp = T_START * pow(T_END / T_START, el / limit);
      if (el >= next_sync) {
        next_sync = el + SYNC_SECONDS;
        cooperate(W->sh, &best, &cur, &cand);
      }
    }
    size_t nremoved;
    t.n = 0;
    cs__ruin(P, &cand, &g, &t, removed, &nremoved);
    cs__recreate(P, &cand, &g, &t, BLINK);
    double u = cs__rng_uniform(&g, 1e-12, 1);
    bool accept = cand.nabsent < cur.nabsent ||
                  (cand.nabsent == cur.nabsent && cand.travel < cur.travel - temp * log(u));
    if (accept) sync_touched(&cur, &cand, &t);
    else sync_touched(&cand, &cur, &t);
    for (size_t k = 0; k < t.n; k++) t.mark[t.list[k]] = 0;
    if (accept && cs__sol_better(&cur, &best)) {
      cs__sol_copy(&best, &cur);
      if (cs__local_search(P, &best, &g)) {
        cs__sol_copy(&cur, &best);
        cs__sol_copy(&cand, &best);
      }
    }
  }
  cooperate(W->sh, &best, &cur, &cand);
  pthread_mutex_lock(&W->sh->mu);
  W->sh->iterations += it;
  pthread_mutex_unlock(&W->sh->mu);
out:
  cs__sol_free(&cur);
  cs__sol_free(&cand);
  cs__sol_free(&best);
  free(t.mark);
  free(t.list);
  free(t.order);
  free(t.keep);
  free(removed);
  return NULL;
}

/* The start: the plan given, route by route (a route that breaks a rule is left out and
 * its jobs put back by insertion), then every job not placed at its cheapest place. */
static int start(const cs__prob *P, const cs_vrp_options *opt, cs__sol *S) {
  const cs_vrp *p = P->p;
  size_t nj = p->njobs, nr = p->nvehicles;
  int rc = cs__sol_init(P, S);
  if (rc) return rc;
  uint8_t *placed = calloc(nj + 1, 1);
  cs__touch t = {calloc(nr + 1, 1), malloc((nr + 1) * sizeof(int32_t)), 0, malloc((nj + 1) * sizeof(int32_t)),
                 malloc((nj + 1) * sizeof(int32_t))};
  if (!placed || !t.mark || !t.list || !t.order || !t.keep) rc = CS_ENOMEM;
  for (size_t v = 0; opt->initial && !rc && v < nr; v++) {
    const int32_t *jobs = opt->initial + opt->initial_first[v];
    int32_t n = (int32_t)opt->initial_len[v];
    bool ok = n <= S->r[v].cap;
    for (int32_t i = 0; ok && i < n; i++) ok = jobs[i] >= 0 && (size_t)jobs[i] < nj && !placed[jobs[i]];
    double travel;
    if (!ok || !cs__seq_feasible(P, v, jobs, n, &travel)) continue;
    for (int32_t i = 0; i < n; i++) placed[jobs[i]] = 1;
    memcpy(S->r[v].job + 1, jobs, (size_t)n * sizeof *jobs);
    S->r[v].len = n;
    cs__route_update(P, S, v);
  }
  if (!rc) {
    S->nabsent = 0;
    for (size_t j = 0; j < nj; j++)
      if (!placed[j]) S->absent[S->nabsent++] = (int32_t)j;
    cs__rng g = {opt->seed};
    cs__recreate(P, S, &g, &t, 0);
  }
  free(placed);
  free(t.mark);
  free(t.list);
  free(t.order);
  free(t.keep);
  return rc;
}

/* Writes the solution out: each route, and when each job's service starts. */
static int answer(const cs__prob *P, const cs__sol *S, size_t iterations, double seconds, cs_arena *a,
                  cs_vrp_solution **out) {
  const cs_vrp *p = P->p;
  size_t nj = p->njobs, nv = p->nvehicles;
  cs_vrp_solution *X = cs_arena_calloc(a, 1, sizeof *X);
  if (!X) return CS_ENOMEM;
  X->first = cs_arena_calloc(a, nv + 1, sizeof *X->first);
  X->len = cs_arena_calloc(a, nv + 1, sizeof *X->len);
  X->jobs = cs_arena_calloc(a, nj + 1, sizeof *X->jobs);
  X->start = cs_arena_calloc(a, nj + 1, sizeof *X->start);
  X->vehicle_of = cs_arena_calloc(a, nj + 1, sizeof *X->vehicle_of);
  if (!X->first || !X->len || !X->jobs || !X->start || !X->vehicle_of) return CS_ENOMEM;
  for (size_t j = 0; j < nj; j++) X->vehicle_of[j] = -1, X->start[j] = NAN;
  size_t at = 0;
  for (size_t v = 0; v < nv; v++) {
    const cs__route *r = &S->r[v];
    X->first[v] = at;
    X->len[v] = (size_t)r->len;
    double time = p->vehicles[v].shift_start;
    int32_t from = p->vehicles[v].start;
    for (int32_t i = 1; i <= r->len; i++) {
      int32_t j = r->job[i];
      double arrive = time + cs__t(p, from, p->jobs[j].location);
      X->start[j] = fmax(arrive, p->jobs[j].open);
      time = X->start[j] + p->jobs[j].service;
      from = p->jobs[j].location;
      X->jobs[at++] = j;
      X->vehicle_of[j] = (int32_t)v;
    }
  }
  X->travel = S->travel;
  X->unassigned = S->nabsent;
  X->iterations = iterations;
  X->seconds = seconds;
  *out = X;
  return 0;
}

int cs_vrp_solve(const cs_vrp *p, const cs_vrp_options *opt, cs_arena *a, cs_vrp_solution **out, cs_error *err) {
  *out = NULL;
  int rc = cs_vrp_check(p, err);
  if (rc) return rc;
  if (!(opt->time_limit > 0 && opt->time_limit <= 86400))
    return cs_error_set(err, CS_EINPUT, "time_limit", "", "must be above 0 and at most 86400 seconds");
  if (opt->threads < 1 || opt->threads > CS_VRP_MAX_THREADS)
    return cs_error_set(err, CS_EINPUT, "threads", "", "must be 1 to %d", CS_VRP_MAX_THREADS);
  double t0 = now_s();
  cs__prob P;
  shared sh = {.iterations = 0};
  worker W[CS_VRP_MAX_THREADS];
  pthread_t th[CS_VRP_MAX_THREADS];
  int started = 0;
  if (cs__prob_init(&P, p)) return cs__err(err, CS_ENOMEM, "out of memory");
  pthread_mutex_init(&sh.mu, NULL);
  rc = start(&P, opt, &sh.best);
  if (!rc && p->njobs) {
    cs__rng g = {opt->seed ^ 0x5DEECE66DULL};
    cs__local_search(&P, &sh.best, &g);
    for (int k = 0; k < opt->threads; k++)
      W[k] = (worker){&P, opt, &sh, t0, opt->seed * 0x9E3779B97F4A7C15ULL + (uint64_t)k + 1, 0};
    for (int k = 1; k < opt->threads; k++, started++)
      if (pthread_create(&th[k], NULL, work, &W[k])) break;
    work(&W[0]);
    for (int k = 1; k <= started; k++) pthread_join(th[k], NULL);
    for (int k = 0; k <= started; k++)
      if (W[k].rc) rc = W[k].rc;
  }
  if (!rc) rc = answer(&P, &sh.best, sh.iterations, now_s() - t0, a, out);
  if (rc == CS_ENOMEM) cs__err(err, CS_ENOMEM, "out of memory");
  cs__sol_free(&sh.best);
  pthread_mutex_destroy(&sh.mu);
  cs__prob_free(&P);
  return rc;
}
