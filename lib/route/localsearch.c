/* localsearch.c — the route engine's local search: relocate, exchange, 2-opt* and or-opt
 * between two routes, each checked in O(1) (O(k) for a string of k) from the routes'
 * prefix and suffix stretches, and relocate, or-opt and 2-opt inside one route, checked
 * on the new order; tried toward each job's nearest jobs, first improvement, until no move
 * shortens the routes. Methods and sources: docs/internals/route.md. */
#include <stdlib.h>
#include <string.h>

#include "route_priv.h"

/* The smallest gain worth a move. */
#define GAIN 1e-9

/* A route's travel now (an empty route travels nothing). */
static double travel_of(const cs__route *r) { return r->len ? r->dist[r->len + 1] : 0; }

/* Whether every job of route v's positions [from, to] may ride vehicle w. */
static bool all_may_serve(const cs__prob *P, const cs__sol *S, size_t v, int32_t from, int32_t to, size_t w) {
  if (!P->p->allowed && !P->pinned) return true;
  for (int32_t i = from; i <= to; i++)
    if (!cs__may_serve(P, S->r[v].job[i], w)) return false;
  return true;
}

/* Sets route v's jobs to jobs[0..n) and brings it up to date. */
static void set_route(const cs__prob *P, cs__sol *S, size_t v, const int32_t *jobs, int32_t n) {
  memcpy(S->r[v].job + 1, jobs, (size_t)n * sizeof *jobs);
  S->r[v].len = n;
  cs__route_update(P, S, v);
}

/* Moves a string of k jobs of route a (positions i .. i+k-1) after position q of route b
 * (a != b), when that is feasible and shortens the routes. k = 1 is relocate. */
static bool move_string(const cs__prob *P, cs__sol *S, size_t a, int32_t i, int32_t k, size_t b, int32_t q,
                        int32_t *buf) {
  const cs_vrp *p = P->p;
  cs__route *ra = &S->r[a], *rb = &S->r[b];
  const cs_vrp_vehicle *wb = &p->vehicles[b];
  if (wb->max_jobs > 0 && rb->len + k > wb->max_jobs) return false;
  double q_load = ra->load[i + k - 1] - ra->load[i - 1];
  if (rb->load[rb->len] + q_load > wb->capacity + CS__VRP_EPS) return false;
  int32_t f = ra->job[i], l = ra->job[i + k - 1];
  int32_t fl = p->jobs[f].location, ll = p->jobs[l].location;
  double inner = ra->dist[i + k - 1] - ra->dist[i];
  double new_a = ra->len == k ? 0
                              : ra->dist[i - 1] + cs__t(p, cs__loc(P, S, a, i - 1), cs__loc(P, S, a, i + k)) +
                                    ra->dist[ra->len + 1] - ra->dist[i + k];
  int32_t x = cs__loc(P, S, b, q), y = cs__loc(P, S, b, q + 1);
  double new_b = rb->dist[q] + cs__t(p, x, fl) + inner + cs__t(p, ll, y) + rb->dist[rb->len + 1] - rb->dist[q + 1];
  if (new_a + new_b >= travel_of(ra) + travel_of(rb) - GAIN) return false;
  if (!all_may_serve(P, S, a, i, i + k - 1, b)) return false;
  if (ra->len > k) {
    cs__seg s = cs__seg_cat(p, &ra->pre[i - 1], &ra->suf[i + k]);
    if (s.TW > CS__VRP_EPS) return false;
  }
  cs__seg s = rb->pre[q];
  for (int32_t t = i; t < i + k; t++) s = cs__seg_cat(p, &s, &P->jseg[ra->job[t]]);
  s = cs__seg_cat(p, &s, &rb->suf[q + 1]);
  if (s.TW > CS__VRP_EPS) return false;
  /* Apply: b gets the string, a loses it. */
  int32_t n = 0;
  for (int32_t t = 1; t <= q; t++) buf[n++] = rb->job[t];
  for (int32_t t = i; t < i + k; t++) buf[n++] = ra->job[t];
  for (int32_t t = q + 1; t <= rb->len; t++) buf[n++] = rb->job[t];
  set_route(P, S, b, buf, n);
  n = 0;
  for (int32_t t = 1; t <= ra->len; t++)
    if (t < i || t >= i + k) buf[n++] = ra->job[t];
  set_route(P, S, a, buf, n);
  return true;
}

/* Exchanges job u (route a, position i) with job v (route b, position q), a != b. */
static bool exchange(const cs__prob *P, cs__sol *S, size_t a, int32_t i, size_t b, int32_t q) {
  const cs_vrp *p = P->p;
  cs__route *ra = &S->r[a], *rb = &S->r[b];
  int32_t u = ra->job[i], v = rb->job[q], ul = p->jobs[u].location, vl = p->jobs[v].location;
  int32_t pa = cs__loc(P, S, a, i - 1), na = cs__loc(P, S, a, i + 1);
  int32_t pb = cs__loc(P, S, b, q - 1), nb = cs__loc(P, S, b, q + 1);
  double gain = cs__t(p, pa, ul) + cs__t(p, ul, na) + cs__t(p, pb, vl) + cs__t(p, vl, nb) - cs__t(p, pa, vl) -
                cs__t(p, vl, na) - cs__t(p, pb, ul) - cs__t(p, ul, nb);
  if (gain <= GAIN) return false;
  double du = p->jobs[u].demand, dv = p->jobs[v].demand;
  if (ra->load[ra->len] - du + dv > p->vehicles[a].capacity + CS__VRP_EPS ||
      rb->load[rb->len] - dv + du > p->vehicles[b].capacity + CS__VRP_EPS)
    return false;
  if (!cs__may_serve(P, v, a) || !cs__may_serve(P, u, b)) return false;
  cs__seg s = cs__seg_cat(p, &ra->pre[i - 1], &P->jseg[v]);
  s = cs__seg_cat(p, &s, &ra->suf[i + 1]);
  if (s.TW > CS__VRP_EPS) return false;
  s = cs__seg_cat(p, &rb->pre[q - 1], &P->jseg[u]);
  s = cs__seg_cat(p, &s, &rb->suf[q + 1]);
  if (s.TW > CS__VRP_EPS) return false;
  ra->job[i] = v;
  rb->job[q] = u;
  cs__route_update(P, S, a);
  cs__route_update(P, S, b);
  return true;
}

/* Whether vehicles a and b end alike (place and shift): their tails then swap in O(1). */
static bool same_end(const cs_vrp *p, size_t a, size_t b) {
  const cs_vrp_vehicle *x = &p->vehicles[a], *y = &p->vehicles[b];
  return x->end == y->end && x->shift_start == y->shift_start && x->shift_end == y->shift_end;
}

/* 2-opt*: route a keeps positions 1..i and takes b's tail after q; b keeps 1..q and takes
 * a's tail after i (a != b). */
static bool two_opt_star(const cs__prob *P, cs__sol *S, size_t a, int32_t i, size_t b, int32_t q, int32_t *buf) {
  const cs_vrp *p = P->p;
  cs__route *ra = &S->r[a], *rb = &S->r[b];
  int32_t na = i + (rb->len - q), nb = q + (ra->len - i);
  const cs_vrp_vehicle *wa = &p->vehicles[a], *wb = &p->vehicles[b];
  if ((wa->max_jobs > 0 && na > wa->max_jobs) || (wb->max_jobs > 0 && nb > wb->max_jobs)) return false;
  if (ra->load[i] + rb->load[rb->len] - rb->load[q] > wa->capacity + CS__VRP_EPS ||
      rb->load[q] + ra->load[ra->len] - ra->load[i] > wb->capacity + CS__VRP_EPS)
    return false;
  bool fast = same_end(p, a, b);
  double new_a = 0, new_b = 0;
  if (fast) {
    if (na) new_a = ra->dist[i] + cs__t(p, cs__loc(P, S, a, i), cs__loc(P, S, b, q + 1)) + rb->dist[rb->len + 1] - rb->dist[q + 1];
    if (nb) new_b = rb->dist[q] + cs__t(p, cs__loc(P, S, b, q), cs__loc(P, S, a, i + 1)) + ra->dist[ra->len + 1] - ra->dist[i + 1];
    if (new_a + new_b >= travel_of(ra) + travel_of(rb) - GAIN) return false;
    if (!all_may_serve(P, S, b, q + 1, rb->len, a) || !all_may_serve(P, S, a, i + 1, ra->len, b)) return false;
    cs__seg s = cs__seg_cat(p, &ra->pre[i], &rb->suf[q + 1]);
    if (s.TW > CS__VRP_EPS) return false;
    s = cs__seg_cat(p, &rb->pre[q], &ra->suf[i + 1]);
    if (s.TW > CS__VRP_EPS) return false;
  }
  int32_t *sa = buf, *sb = buf + na;
  int32_t n = 0;
  for (int32_t t = 1; t <= i; t++) sa[n++] = ra->job[t];
  for (int32_t t = q + 1; t <= rb->len; t++) sa[n++] = rb->job[t];
  n = 0;
  for (int32_t t = 1; t <= q; t++) sb[n++] = rb->job[t];
  for (int32_t t = i + 1; t <= ra->len; t++) sb[n++] = ra->job[t];
  if (!fast) {
    /* Different ends: the new routes are checked whole. */
    if (!cs__seq_feasible(P, a, sa, na, &new_a) || !cs__seq_feasible(P, b, sb, nb, &new_b)) return false;
    if (new_a + new_b >= travel_of(ra) + travel_of(rb) - GAIN) return false;
  }
  set_route(P, S, a, sa, na);
  set_route(P, S, b, sb, nb);
  return true;
}

/* Inside one route: the order jobs[0..n) replaces route v's when it is feasible and
 * shorter. */
static bool reorder(const cs__prob *P, cs__sol *S, size_t v, const int32_t *jobs, int32_t n) {
  double t;
  if (!cs__seq_feasible(P, v, jobs, n, &t) || t >= travel_of(&S->r[v]) - GAIN) return false;
  set_route(P, S, v, jobs, n);
  return true;
}

/* Inside route v: the string of k jobs at position i moved after position q (q outside
 * the string), or, with k = 0, positions i..q reversed (2-opt). */
static bool intra(const cs__prob *P, cs__sol *S, size_t v, int32_t i, int32_t k, int32_t q, int32_t *buf) {
  const cs__route *r = &S->r[v];
  int32_t n = 0;
  if (k == 0) {
    if (q <= i) return false;
    for (int32_t t = 1; t < i; t++) buf[n++] = r->job[t];
    for (int32_t t = q; t >= i; t--) buf[n++] = r->job[t];
    for (int32_t t = q + 1; t <= r->len; t++) buf[n++] = r->job[t];
    return reorder(P, S, v, buf, n);
  }
  if (i + k - 1 > r->len || (q >= i - 1 && q <= i + k - 1)) return false;
  for (int32_t t = 0; t <= r->len; t++) {
    if (t >= 1 && (t < i || t >= i + k)) buf[n++] = r->job[t];
    if (t == q)
      for (int32_t s = i; s < i + k; s++) buf[n++] = r->job[s];
  }
  return reorder(P, S, v, buf, n);
}

/* Tries the moves between job u and its neighbour w; true when one was made. */
static bool improve_pair(const cs__prob *P, cs__sol *S, int32_t u, int32_t w, int32_t *buf) {
  int32_t a = S->route_of[u], b = S->route_of[w];
  if (a < 0 || b < 0) return false;
  int32_t i = S->pos_of[u], q = S->pos_of[w];
  if (a != b) {
    for (int32_t k = 1; k <= 3 && i + k - 1 <= S->r[a].len; k++) {
      if (move_string(P, S, (size_t)a, i, k, (size_t)b, q, buf)) return true;     /* after w */
      if (move_string(P, S, (size_t)a, i, k, (size_t)b, q - 1, buf)) return true; /* before w */
    }
    if (exchange(P, S, (size_t)a, i, (size_t)b, q)) return true;
    if (two_opt_star(P, S, (size_t)a, i, (size_t)b, q - 1, buf)) return true; /* u's tail joins w */
    if (two_opt_star(P, S, (size_t)a, i - 1, (size_t)b, q, buf)) return true; /* w's tail joins u */
    return false;
  }
  for (int32_t k = 1; k <= 3; k++) {
    if (intra(P, S, (size_t)a, i, k, q, buf)) return true;
    if (intra(P, S, (size_t)a, i, k, q - 1, buf)) return true;
  }
  return intra(P, S, (size_t)a, i < q ? i + 1 : q + 1, 0, i < q ? q : i, buf);
}

bool cs__local_search(const cs__prob *P, cs__sol *S, cs__rng *g) {
  const cs_vrp *p = P->p;
  size_t nj = p->njobs;
  int32_t *order = malloc((nj + 1) * sizeof *order), *buf = malloc((2 * nj + 2) * sizeof *buf);
  bool any = false;
  if (!order || !buf) goto out;
  for (size_t j = 0; j < nj; j++) order[j] = (int32_t)j;
  for (int pass = 0; pass < 50; pass++) {
    for (size_t i = nj; i > 1; i--) {
      size_t k = cs__rng_pick(g, i);
      int32_t x = order[i - 1];
      order[i - 1] = order[k];
      order[k] = x;
    }
    bool improved = false;
    for (size_t n = 0; n < nj; n++) {
      int32_t u = order[n];
      for (size_t k = 0; k < P->nnear && S->route_of[u] >= 0; k++)
        if (improve_pair(P, S, u, P->near[(size_t)u * P->nnear + k], buf)) {
          improved = any = true;
          break;
        }
    }
    if (!improved) break;
  }
  cs__sol_sum(S);
out:
  free(order);
  free(buf);
  return any;
}
