/* solution.c — the route engine's solutions: what is derived from the problem once (each
 * job's stretch, the vehicles' ends, each job's nearest jobs), routes kept with their
 * prefix and suffix stretches so that a move is checked in O(1), and the steps every
 * method builds on: take a job out, put it in, copy, sum, compare. */
#include <stdlib.h>
#include <string.h>

#include "route_priv.h"

/* How many nearest jobs each job keeps (the string removals walk them; the local search
 * tries moves toward them). */
#define NEAREST 40

/* A job and how far it is from another, for choosing the nearest. */
typedef struct by_dist { double d; int32_t j; } by_dist;

/* Keeps the k nearest jobs to j in near[0..k), nearest first, by travel both ways. */
static void nearest_jobs(const cs_vrp *p, int32_t j, size_t k, int32_t *near, by_dist *tmp) {
  size_t have = 0;
  int32_t a = p->jobs[j].location;
  for (size_t i = 0; i < p->njobs; i++) {
    if ((int32_t)i == j) continue;
    int32_t b = p->jobs[i].location;
    by_dist c = {cs__t(p, a, b) + cs__t(p, b, a), (int32_t)i};
    if (have == k && c.d >= tmp[have - 1].d) continue;
    size_t at = have < k ? have++ : have - 1;
    for (; at > 0 && tmp[at - 1].d > c.d; at--) tmp[at] = tmp[at - 1];
    tmp[at] = c;
  }
  for (size_t i = 0; i < have; i++) near[i] = tmp[i].j;
}

int cs__prob_init(cs__prob *P, const cs_vrp *p) {
  memset(P, 0, sizeof *P);
  P->p = p;
  size_t nj = p->njobs, nv = p->nvehicles;
  P->nnear = nj > 1 ? (nj - 1 < NEAREST ? nj - 1 : NEAREST) : 0;
  P->jseg = malloc((nj + 1) * sizeof *P->jseg);
  P->vstart = malloc((nv + 1) * sizeof *P->vstart);
  P->vend = malloc((nv + 1) * sizeof *P->vend);
  P->near = malloc((nj * P->nnear + 1) * sizeof *P->near);
  P->far = malloc((nj + 1) * sizeof *P->far);
  by_dist *tmp = malloc((P->nnear + 1) * sizeof *tmp);
  if (!P->jseg || !P->vstart || !P->vend || !P->near || !P->far || !tmp) {
    free(tmp);
    cs__prob_free(P);
    return CS_ENOMEM;
  }
  for (size_t j = 0; j < nj; j++) {
    const cs_vrp_job *x = &p->jobs[j];
    P->jseg[j] = (cs__seg){x->service, 0, x->open, x->close, x->location, x->location};
    nearest_jobs(p, (int32_t)j, P->nnear, P->near + j * P->nnear, tmp);
    P->far[j] = nv ? cs__t(p, p->vehicles[0].start, x->location) : 0;
    P->pinned |= x->vehicle >= 0;
  }
  free(tmp);
  P->route_cap = 0;
  for (size_t v = 0; v < nv; v++) {
    const cs_vrp_vehicle *w = &p->vehicles[v];
    P->vstart[v] = (cs__seg){0, 0, w->shift_start, w->shift_end, w->start, w->start};
    P->vend[v] = (cs__seg){0, 0, w->shift_start, w->shift_end, w->end, w->end};
    size_t cap = w->max_jobs > 0 && (size_t)w->max_jobs < nj ? (size_t)w->max_jobs : nj;
    if (cap > P->route_cap) P->route_cap = cap;
  }
  return 0;
}

void cs__prob_free(cs__prob *P) {
  free(P->jseg);
  free(P->vstart);
  free(P->vend);
  free(P->near);
  free(P->far);
  memset(P, 0, sizeof *P);
}

int cs__sol_init(const cs__prob *P, cs__sol *S) {
  const cs_vrp *p = P->p;
  memset(S, 0, sizeof *S);
  S->nr = p->nvehicles;
  S->r = calloc(S->nr + 1, sizeof *S->r);
  S->route_of = malloc((p->njobs + 1) * sizeof *S->route_of);
  S->pos_of = malloc((p->njobs + 1) * sizeof *S->pos_of);
  S->absent = malloc((p->njobs + 1) * sizeof *S->absent);
  if (!S->r || !S->route_of || !S->pos_of || !S->absent) {
    cs__sol_free(S);
    return CS_ENOMEM;
  }
  for (size_t v = 0; v < S->nr; v++) {
    cs__route *r = &S->r[v];
    const cs_vrp_vehicle *w = &p->vehicles[v];
    size_t cap = (w->max_jobs > 0 && (size_t)w->max_jobs < p->njobs ? (size_t)w->max_jobs : p->njobs) + 2;
    r->cap = (int32_t)cap - 2;
    r->job = malloc(cap * sizeof *r->job);
    r->pre = malloc(cap * sizeof *r->pre);
    r->suf = malloc(cap * sizeof *r->suf);
    r->dist = malloc(cap * sizeof *r->dist);
    r->load = malloc(cap * sizeof *r->load);
    if (!r->job || !r->pre || !r->suf || !r->dist || !r->load) {
      cs__sol_free(S);
      return CS_ENOMEM;
    }
    cs__route_update(P, S, v);
  }
  for (size_t j = 0; j < p->njobs; j++) {
    S->route_of[j] = -1;
    S->absent[S->nabsent++] = (int32_t)j;
  }
  cs__sol_sum(S);
  return 0;
}

void cs__sol_free(cs__sol *S) {
  for (size_t v = 0; S->r && v < S->nr; v++) {
    free(S->r[v].job);
    free(S->r[v].pre);
    free(S->r[v].suf);
    free(S->r[v].dist);
    free(S->r[v].load);
  }
  free(S->r);
  free(S->route_of);
  free(S->pos_of);
  free(S->absent);
  memset(S, 0, sizeof *S);
}

/* Recomputes route v's stretches, travel and load from its jobs, and where its jobs are. */
void cs__route_update(const cs__prob *P, cs__sol *S, size_t v) {
  const cs_vrp *p = P->p;
  cs__route *r = &S->r[v];
  int32_t n = r->len;
  r->pre[0] = P->vstart[v];
  r->dist[0] = r->load[0] = 0;
  for (int32_t i = 1; i <= n; i++) {
    int32_t j = r->job[i];
    r->pre[i] = cs__seg_cat(p, &r->pre[i - 1], &P->jseg[j]);
    r->dist[i] = r->dist[i - 1] + cs__t(p, cs__loc(P, S, v, i - 1), p->jobs[j].location);
    r->load[i] = r->load[i - 1] + p->jobs[j].demand;
    S->route_of[j] = (int32_t)v;
    S->pos_of[j] = i;
  }
  r->pre[n + 1] = cs__seg_cat(p, &r->pre[n], &P->vend[v]);
  r->dist[n + 1] = r->dist[n] + cs__t(p, cs__loc(P, S, v, n), p->vehicles[v].end);
  r->load[n + 1] = r->load[n];
  r->suf[n + 1] = P->vend[v];
  for (int32_t i = n; i >= 1; i--) r->suf[i] = cs__seg_cat(p, &P->jseg[r->job[i]], &r->suf[i + 1]);
  r->suf[0] = cs__seg_cat(p, &P->vstart[v], &r->suf[1]);
}

void cs__route_copy(cs__route *to, const cs__route *from) {
  size_t n = (size_t)from->len + 2;
  to->len = from->len;
  memcpy(to->job, from->job, n * sizeof *to->job);
  memcpy(to->pre, from->pre, n * sizeof *to->pre);
  memcpy(to->suf, from->suf, n * sizeof *to->suf);
  memcpy(to->dist, from->dist, n * sizeof *to->dist);
  memcpy(to->load, from->load, n * sizeof *to->load);
}

void cs__sol_copy(cs__sol *to, const cs__sol *from) {
  for (size_t v = 0; v < from->nr; v++) cs__route_copy(&to->r[v], &from->r[v]);
  size_t nj = 0;
  for (size_t v = 0; v < from->nr; v++) nj += (size_t)from->r[v].len;
  nj += from->nabsent;
  memcpy(to->route_of, from->route_of, nj * sizeof *to->route_of);
  memcpy(to->pos_of, from->pos_of, nj * sizeof *to->pos_of);
  memcpy(to->absent, from->absent, from->nabsent * sizeof *to->absent);
  to->nabsent = from->nabsent;
  to->travel = from->travel;
}

/* Takes job j out of its route (it becomes absent). */
void cs__sol_remove(const cs__prob *P, cs__sol *S, int32_t j) {
  int32_t v = S->route_of[j], i = S->pos_of[j];
  cs__route *r = &S->r[v];
  memmove(r->job + i, r->job + i + 1, (size_t)(r->len - i) * sizeof *r->job);
  r->len--;
  cs__route_update(P, S, (size_t)v);
  S->route_of[j] = -1;
  S->absent[S->nabsent++] = j;
}

/* Puts absent job j into route v after position `after`. */
void cs__sol_insert(const cs__prob *P, cs__sol *S, int32_t j, size_t v, int32_t after) {
  cs__route *r = &S->r[v];
  memmove(r->job + after + 2, r->job + after + 1, (size_t)(r->len - after) * sizeof *r->job);
  r->job[after + 1] = j;
  r->len++;
  cs__route_update(P, S, v);
  for (size_t k = 0; k < S->nabsent; k++)
    if (S->absent[k] == j) {
      S->absent[k] = S->absent[--S->nabsent];
      break;
    }
}

/* Sums the routes' travel (an empty route travels nothing: its vehicle stays home). */
void cs__sol_sum(cs__sol *S) {
  double t = 0;
  for (size_t v = 0; v < S->nr; v++)
    if (S->r[v].len) t += S->r[v].dist[S->r[v].len + 1];
  S->travel = t;
}

/* Whether a is better than b: fewer jobs left out, then less travel. */
bool cs__sol_better(const cs__sol *a, const cs__sol *b) {
  if (a->nabsent != b->nabsent) return a->nabsent < b->nabsent;
  return a->travel < b->travel - 1e-9;
}

/* Whether vehicle v can drive jobs[0..n) in that order (its windows, shift, capacity,
 * most jobs, who may serve what), and the travel it takes. O(n). */
bool cs__seq_feasible(const cs__prob *P, size_t v, const int32_t *jobs, int32_t n, double *travel) {
  const cs_vrp *p = P->p;
  const cs_vrp_vehicle *w = &p->vehicles[v];
  if (w->max_jobs > 0 && n > w->max_jobs) return false;
  cs__seg s = P->vstart[v];
  double load = 0, t = 0;
  int32_t at = w->start;
  for (int32_t i = 0; i < n; i++) {
    int32_t j = jobs[i];
    if (!cs__may_serve(P, j, v)) return false;
    load += p->jobs[j].demand;
    t += cs__t(p, at, p->jobs[j].location);
    at = p->jobs[j].location;
    s = cs__seg_cat(p, &s, &P->jseg[j]);
  }
  s = cs__seg_cat(p, &s, &P->vend[v]);
  t += n ? cs__t(p, at, w->end) : 0;
  *travel = t;
  return s.TW <= CS__VRP_EPS && load <= w->capacity + CS__VRP_EPS;
}
