/* route_priv.h — the inside of the route engine: route segments (the time-window
 * concatenation that checks a move in O(1)), routes and solutions, the read-only data the
 * threads share, and the steps solution.c, ruin.c, localsearch.c and solve.c share.
 *
 * Ownership: a cs__sol owns its routes' arrays (malloc'd); a cs__prob owns its derived
 * arrays and borrows the problem. */
#ifndef CS_ROUTE_PRIV_H
#define CS_ROUTE_PRIV_H

#include <math.h>
#include <stdbool.h>

#include "clockspeed/cs_route.h"
#include "internal.h"
#include "rng.h"

/* Tolerance of the time-window and capacity checks (Solomon's times are real numbers). */
#define CS__VRP_EPS 1e-7

/* A stretch of a route, summarised so that two stretches join in O(1) (Vidal et al.
 * 2013): its least duration D (service, travel and waiting), the time warp TW it needs
 * (0 when feasible), and the earliest E and latest L start at its first stop that reach
 * that duration; first and last are its end locations. */
typedef struct cs__seg {
  double D, TW, E, L;
  int32_t first, last;
} cs__seg;

/* The stretch a followed by b. */
static inline cs__seg cs__seg_cat(const cs_vrp *p, const cs__seg *a, const cs__seg *b) {
  double t = p->travel[(size_t)a->last * p->nlocations + (size_t)b->first];
  double delta = a->D - a->TW + t;
  double wait = fmax(b->E - delta - a->L, 0), warp = fmax(a->E + delta - b->L, 0);
  cs__seg s = {a->D + b->D + t + wait, a->TW + b->TW + warp, fmax(b->E - delta, a->E) - wait,
               fmin(b->L - delta, a->L) + warp, a->first, b->last};
  return s;
}

/* One vehicle's route: jobs at positions 1..len; position 0 is its start and len + 1 its
 * end. pre[i] is the stretch from the start through position i, suf[i] from position i
 * through the end; dist[i] the travel from the start to position i; load[i] the demand
 * of positions 1..i. */
typedef struct cs__route {
  int32_t len, cap;
  int32_t *job;
  cs__seg *pre, *suf;
  double *dist, *load;
} cs__route;

/* What every thread reads: the problem and what is derived from it once. */
typedef struct cs__prob {
  const cs_vrp *p;
  cs__seg *jseg;          /* per job: its own stretch */
  cs__seg *vstart, *vend; /* per vehicle */
  int32_t *near;          /* per job: its nnear nearest other jobs, nearest first */
  size_t nnear;
  double *far;            /* per job: travel from the first vehicle's start (recreate order) */
  size_t route_cap;       /* the most jobs a route can hold */
  bool pinned;            /* some job is held to one vehicle */
} cs__prob;

/* A solution: every vehicle's route, where each job is, and the jobs no route holds. */
typedef struct cs__sol {
  size_t nr;
  cs__route *r;
  int32_t *route_of, *pos_of; /* per job; route_of -1 when absent */
  int32_t *absent;
  size_t nabsent;
  double travel;
} cs__sol;

/* The travel from location a to b. */
static inline double cs__t(const cs_vrp *p, int32_t a, int32_t b) {
  return p->travel[(size_t)a * p->nlocations + (size_t)b];
}

/* The location at position i of route v. */
static inline int32_t cs__loc(const cs__prob *P, const cs__sol *S, size_t v, int32_t i) {
  const cs__route *r = &S->r[v];
  if (i == 0) return P->p->vehicles[v].start;
  if (i == r->len + 1) return P->p->vehicles[v].end;
  return P->p->jobs[r->job[i]].location;
}

/* Whether vehicle v may serve job j (skills, a job held to one vehicle). */
static inline bool cs__may_serve(const cs__prob *P, int32_t j, size_t v) {
  const cs_vrp *p = P->p;
  if (p->jobs[j].vehicle >= 0 && (size_t)p->jobs[j].vehicle != v) return false;
  return !p->allowed || p->allowed[(size_t)j * p->nvehicles + v];
}

/* Whether route v has room for one more job of demand q (count and capacity). */
static inline bool cs__has_room(const cs__prob *P, const cs__sol *S, size_t v, double q) {
  const cs_vrp_vehicle *w = &P->p->vehicles[v];
  const cs__route *r = &S->r[v];
  return (w->max_jobs <= 0 || r->len < w->max_jobs) && r->load[r->len] + q <= w->capacity + CS__VRP_EPS;
}

/* solution.c */
int cs__prob_init(cs__prob *P, const cs_vrp *p);
void cs__prob_free(cs__prob *P);
int cs__sol_init(const cs__prob *P, cs__sol *S);
void cs__sol_free(cs__sol *S);
void cs__route_update(const cs__prob *P, cs__sol *S, size_t v);
void cs__route_copy(cs__route *to, const cs__route *from);
void cs__sol_copy(cs__sol *to, const cs__sol *from);
void cs__sol_remove(const cs__prob *P, cs__sol *S, int32_t j);
void cs__sol_insert(const cs__prob *P, cs__sol *S, int32_t j, size_t v, int32_t after);
void cs__sol_sum(cs__sol *S);
bool cs__sol_better(const cs__sol *a, const cs__sol *b);
bool cs__seq_feasible(const cs__prob *P, size_t v, const int32_t *jobs, int32_t n, double *travel);

/* ruin.c: SISR's string removals and the greedy insertion with blinks. `touched` marks the
 * routes changed (and lists them in list, *nlist of them). */
typedef struct cs__touch {
  uint8_t *mark;          /* per route */
  int32_t *list;          /* the routes marked, n of them */
  size_t n;
  int32_t *order;         /* scratch: the jobs to put back, in the order tried */
  int32_t *keep;          /* scratch: a route's jobs while a string is taken out */
} cs__touch;
void cs__ruin(const cs__prob *P, cs__sol *S, cs__rng *g, cs__touch *t, int32_t *removed, size_t *nremoved);
void cs__recreate(const cs__prob *P, cs__sol *S, cs__rng *g, cs__touch *t, double blink);

/* localsearch.c: relocate, exchange, 2-opt* and or-opt to a local optimum. */
bool cs__local_search(const cs__prob *P, cs__sol *S, cs__rng *g);

#endif
