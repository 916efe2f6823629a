/* ruin.c — ruin and recreate by string removals (SISR, Christiaens and Vanden Berghe 2020):
 * strings of consecutive jobs are taken out of a few routes near a random job (sometimes
 * with a piece kept in the middle: the split string), then the jobs go back one by one,
 * each at its cheapest feasible place, some places skipped at random (blinks). Parameters
 * and sources: docs/internals/route.md. */
#include <stdlib.h>
#include <string.h>

#include "route_priv.h"

#define AVG_REMOVED 10.0 /* c-bar: jobs taken out on average */
#define MAX_STRING 10.0  /* L-max: the longest string */
#define SPLIT_STOP 0.01  /* alpha: the chance a split string's kept piece stops growing */

/* Marks route v as changed. */
static void touch(cs__touch *t, int32_t v) {
  if (t->mark[v]) return;
  t->mark[v] = 1;
  t->list[t->n++] = v;
}

/* Takes positions [from, from + count) of route v out, except [keep_from, keep_from +
 * keep_count) and any job held to its vehicle (it is promised: it never leaves its route),
 * in one update; the jobs taken out are absent and listed in removed. */
static void take_out(const cs__prob *P, cs__sol *S, cs__touch *t, size_t v, int32_t from, int32_t count,
                     int32_t keep_from, int32_t keep_count, int32_t *removed, size_t *nremoved) {
  cs__route *r = &S->r[v];
  int32_t n = 0;
  for (int32_t i = 1; i <= r->len; i++) {
    int32_t j = r->job[i];
    bool out = i >= from && i < from + count && !(i >= keep_from && i < keep_from + keep_count) &&
               P->p->jobs[j].vehicle < 0;
    if (out) {
      S->route_of[j] = -1;
      S->absent[S->nabsent++] = j;
      removed[(*nremoved)++] = j;
    } else {
      t->keep[n++] = j;
    }
  }
  memcpy(r->job + 1, t->keep, (size_t)n * sizeof *r->job);
  r->len = n;
  cs__route_update(P, S, v);
}

/* A whole number drawn uniformly from 1 to floor(hi) (at least 1). */
static int32_t draw_upto(cs__rng *g, double hi) {
  int32_t k = (int32_t)floor(cs__rng_uniform(g, 1, hi + 1));
  return k < 1 ? 1 : k;
}

void cs__ruin(const cs__prob *P, cs__sol *S, cs__rng *g, cs__touch *t, int32_t *removed, size_t *nremoved) {
  const cs_vrp *p = P->p;
  size_t assigned = p->njobs - S->nabsent, used = 0;
  *nremoved = 0;
  if (!assigned) return;
  for (size_t v = 0; v < S->nr; v++) used += S->r[v].len > 0;
  double ls_max = fmin(MAX_STRING, (double)assigned / (double)used);
  double ks_max = 4 * AVG_REMOVED / (1 + ls_max) - 1;
  int32_t ks = draw_upto(g, ks_max), ruined = 0;
  int32_t seed = (int32_t)cs__rng_pick(g, p->njobs);
  while (S->route_of[seed] < 0) seed = (int32_t)((size_t)(seed + 1) % p->njobs);
  for (size_t k = 0; k <= P->nnear && ruined < ks; k++) {
    int32_t c = k == 0 ? seed : P->near[(size_t)seed * P->nnear + k - 1];
    int32_t v = S->route_of[c];
    if (v < 0 || t->mark[v]) continue;
    /* A string is not started at a job held to its vehicle (which stays in any case). */
    if (p->jobs[c].vehicle >= 0) continue;
    int32_t len = S->r[v].len, pos = S->pos_of[c];
    int32_t lt = draw_upto(g, fmin((double)len, ls_max));
    int32_t m = 0;
    if (lt < len && cs__rng_uniform(g, 0, 1) < 0.5) {
      /* The split string: lt + m positions, m of them kept in the middle. */
      m = 1;
      while (lt + m < len && cs__rng_uniform(g, 0, 1) >= SPLIT_STOP) m++;
    }
    int32_t w = lt + m;
    int32_t lo = pos - w + 1 > 1 ? pos - w + 1 : 1, hi = pos < len - w + 1 ? pos : len - w + 1;
    int32_t from = lo + (int32_t)cs__rng_pick(g, (size_t)(hi - lo) + 1);
    int32_t keep = m ? from + (int32_t)cs__rng_pick(g, (size_t)lt + 1) : 0;
    take_out(P, S, t, (size_t)v, from, w, keep, m, removed, nremoved);
    touch(t, v);
    ruined++;
  }
}

/* Orders the jobs to put back: at random, by demand, by distance from the start (far
 * first) or (close first), in SISR's proportions 4 : 4 : 2 : 1. */
static void recreate_order(const cs__prob *P, cs__rng *g, int32_t *o, size_t n) {
  for (size_t i = n; i > 1; i--) {
    size_t k = cs__rng_pick(g, i);
    int32_t x = o[i - 1];
    o[i - 1] = o[k];
    o[k] = x;
  }
  double u = cs__rng_uniform(g, 0, 11);
  if (u < 4) return;
  const cs_vrp *p = P->p;
  for (size_t i = 1; i < n; i++) {
    int32_t x = o[i];
    double kx = u < 8 ? -p->jobs[x].demand : u < 10 ? -P->far[x] : P->far[x];
    size_t k = i;
    for (; k > 0; k--) {
      int32_t y = o[k - 1];
      double ky = u < 8 ? -p->jobs[y].demand : u < 10 ? -P->far[y] : P->far[y];
      if (ky <= kx) break;
      o[k] = y;
    }
    o[k] = x;
  }
}

void cs__recreate(const cs__prob *P, cs__sol *S, cs__rng *g, cs__touch *t, double blink) {
  const cs_vrp *p = P->p;
  size_t n = S->nabsent;
  memcpy(t->order, S->absent, n * sizeof *t->order);
  recreate_order(P, g, t->order, n);
  uint64_t skip = (uint64_t)(blink * 18446744073709551615.0);
  for (size_t k = 0; k < n; k++) {
    int32_t j = t->order[k], x = p->jobs[j].location;
    double best = INFINITY;
    int32_t bv = -1, bpos = 0;
    for (size_t v = 0; v < S->nr; v++) {
      if (!cs__may_serve(P, j, v) || !cs__has_room(P, S, v, p->jobs[j].demand)) continue;
      const cs__route *r = &S->r[v];
      for (int32_t i = 0; i <= r->len; i++) {
        if (skip && cs__rng_u64(g) < skip) continue;
        int32_t a = cs__loc(P, S, v, i), b = cs__loc(P, S, v, i + 1);
        double d = cs__t(p, a, x) + cs__t(p, x, b) - (r->len ? cs__t(p, a, b) : 0);
        if (d >= best) continue;
        cs__seg s = cs__seg_cat(p, &r->pre[i], &P->jseg[j]);
        if (s.TW > CS__VRP_EPS) continue;
        s = cs__seg_cat(p, &s, &r->suf[i + 1]);
        if (s.TW > CS__VRP_EPS) continue;
        best = d, bv = (int32_t)v, bpos = i;
      }
    }
    if (bv < 0) continue;
    cs__sol_insert(P, S, j, (size_t)bv, bpos);
    touch(t, bv);
  }
  cs__sol_sum(S);
}
