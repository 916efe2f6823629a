/* horizon_lp.c — the LP over the whole horizon behind the bid prices and the hindsight
 * bound (DESIGN §2, "Bid prices"; docs/internals/bidprice.md).
 *
 * A unit of a class served puts its minutes on every resource of its route in a bucket of
 * the class's window: the same bucket on all of them (shared: the forecast behind the bid
 * prices, the smaller LP), or each resource its own (the hindsight bound, which must be at
 * least what any booking desk can deliver, and a desk checks each resource on its own). Booked work is
 * must-serve but flexible: for every resource of the LP a column V[i,k] is the booked work
 * the resource has done by the end of bucket k; its lower bound is the booked work due by
 * then (so everything is on time), and V rises by at most what the bucket's capacity leaves
 * (earliest-due-first on one resource makes this exact for work that is all available now).
 * A product's forecast is made through a stock per resource: what is made in a bucket and
 * not yet due waits, and what waits must belong to classes that have arrived and are not
 * due yet (exact when a product's windows are ordered alike at both ends, as with one lead
 * time; a relaxation otherwise, so the hindsight bound stays a bound).
 *
 *   columns  V[i,k]    booked work done on i by the end of k     lb = booked due by k
 *            u[c]      units of class c served                    ub = units, obj T
 *            x[p,i,k]  minutes of p made on i in bucket k
 *            S[p,i,k]  minutes of p made on i and waiting at the end of k
 *   rows     cap[i,k]:   V[i,k] - V[i,k-1] + sum_p x[p,i,k] <= capacity[i,k]
 *            mono[i,k]:  V[i,k-1] - V[i,k] <= 0
 *            bal[p,i,k]: S[p,i,k] - S[p,i,k-1] - x[p,i,k] + sum_{c due in k} m u[c] <= 0
 *            arr[p,i,k]: S[p,i,k] - sum_{c: a_c <= k < d_c} m u[c] <= 0
 *
 * with m the minutes of p on i. Shared, there is one block per product counted in units
 * (m = 1), whose x[p,k] puts minutes(p,i) into every cap[i,k]. The duals of the cap rows
 * are the bid prices. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bid_priv.h"
#include "internal.h"
#include "lp.h"

#define INF DBL_MAX

void cs__hlp_free(cs__hlp *h) {
  cs__lp_free(h->lp);
  free(h->res_of);
  free(h->res);
  free(h->ycol);
  free(h->xcol);
  memset(h, 0, sizeof *h);
}

/* The lower bound of V[r,k]: booked work due by the end of bucket k, but never more than
 * the capacity from the clock to then allows (what cannot be on time is counted as
 * overbooked in b->over and does not make the LP infeasible). */
static void booked_bounds(const cs_bid *b, size_t r, double *lb) {
  double due = 0, capsum = 0;
  for (size_t k = 0; k < b->nb; k++) {
    size_t rk = r * b->nb + k;
    due += b->due_work[rk];
    capsum += b->cap[rk];
    lb[k] = due < capsum ? due : capsum;
  }
}

/* The LP resources product p visits (minutes > 0), counted. */
static size_t touches(const cs_bid *b, const cs__hlp *h, size_t p) {
  size_t n = 0;
  for (size_t j = b->x->start[p]; j < b->x->start[p + 1]; j++) n += b->x->min[j] > 0 && h->res_of[b->x->res[j]] >= 0;
  return n;
}

/* Whether entry j of the matrix opens a block of its product: every LP resource does
 * when each makes its own work, only the first one when they share buckets. */
static bool opens_block(const cs_bid *b, const cs__hlp *h, size_t p, size_t j, bool shared) {
  if (!(b->x->min[j] > 0) || h->res_of[b->x->res[j]] < 0) return false;
  if (!shared) return true;
  for (size_t q = b->x->start[p]; q < j; q++)
    if (b->x->min[q] > 0 && h->res_of[b->x->res[q]] >= 0) return false;
  return true;
}

int cs__hlp_build(const cs_bid *b, const unsigned char *in_lp, const cs__class *cls, size_t n, bool shared,
                  cs__hlp *h) {
  memset(h, 0, sizeof *h);
  size_t nb = b->nb;
  h->nb = nb;
  h->shared = shared;
  h->res_of = malloc((b->nr + 1) * sizeof(int));
  h->res = calloc(b->nr + 1, sizeof(int32_t));
  h->ycol = malloc((n + 1) * sizeof(int));
  h->xcol = malloc((b->np + 1) * sizeof(int));
  if (!h->res_of || !h->res || !h->ycol || !h->xcol) goto nomem;
  for (size_t r = 0; r < b->nr; r++) {
    h->res_of[r] = in_lp[r] ? (int)h->nres : -1;
    if (in_lp[r]) h->res[h->nres++] = (int32_t)r;
  }
  for (size_t p = 0; p < b->np; p++) h->xcol[p] = -1;
  /* Sizes: V and the cap and mono rows; per product with classes, x and S and the bal and
   * arr rows per resource of the LP; per class its u. */
  size_t nres = h->nres, ncols = nres * nb, nrows = 2 * nres * nb, nnz = 4 * nres * nb;
  for (size_t c = 0; c < n;) {
    size_t p = (size_t)cls[c].p, e = c, t = touches(b, h, p), blocks = shared && t ? 1 : t;
    while (e < n && (size_t)cls[e].p == p) e++;
    if (t) {
      ncols += 2 * blocks * nb;
      nrows += 2 * blocks * nb;
      nnz += (4 + t) * blocks * nb;
      for (size_t k = c; k < e; k++) {
        ncols++;
        nnz += blocks * (1 + (cls[k].d > cls[k].a ? cls[k].d - cls[k].a : 0));
      }
    }
    c = e;
  }
  cs__lp_data d;
  if (cs__lp_data_alloc(&d, ncols, nnz, nrows)) goto nomem;
  double *lb = calloc(nb + 1, sizeof(double));
  if (!lb) {
    cs__lp_data_free(&d);
    goto nomem;
  }
  size_t col = 0, z = 0;
#define PUT(r, v) (d.index[z] = (int)(r), d.value[z++] = (v))
  /* V[i,k]: +1 in cap[i,k], -1 in cap[i,k+1], -1 in mono[i,k], +1 in mono[i,k+1]. */
  for (size_t i = 0; i < nres; i++) {
    booked_bounds(b, (size_t)h->res[i], lb);
    for (size_t k = 0; k < nb; k++, col++) {
      size_t cap = i * nb + k, mono = nres * nb + i * nb + k;
      d.start[col] = (int)z;
      PUT(cap, 1);
      if (k + 1 < nb) PUT(cap + 1, -1);
      PUT(mono, -1);
      if (k + 1 < nb) PUT(mono + 1, 1);
      d.collb[col] = lb[k];
      d.colub[col] = INF;
      d.obj[col] = 0;
      d.rowub[cap] = b->cap[(size_t)h->res[i] * nb + k];
      d.rowub[mono] = 0;
    }
  }
  free(lb);
  size_t row = 2 * nres * nb;
  for (size_t c = 0; c < n;) {
    size_t p = (size_t)cls[c].p, e = c, t = touches(b, h, p), blocks = shared && t ? 1 : t;
    while (e < n && (size_t)cls[e].p == p) e++;
    for (size_t k = c; k < e; k++) h->ycol[k] = -1;
    if (!t) {
      c = e;
      continue;
    }
    /* Per resource of the LP on the route: bal rows [row0, row0 + nb), arr rows after. */
    h->xcol[p] = (int)col;
    size_t row0 = row;
    for (size_t j = b->x->start[p], blk = 0; j < b->x->start[p + 1]; j++) {
      if (!opens_block(b, h, p, j, shared)) continue;
      size_t i = (size_t)h->res_of[b->x->res[j]], bal = row0 + blk * 2 * nb, arr = bal + nb;
      for (size_t k = 0; k < nb; k++, col++) { /* x[p,i,k], or x[p,k] in units */
        d.start[col] = (int)z;
        if (!shared) PUT(i * nb + k, 1);
        else
          for (size_t q = b->x->start[p]; q < b->x->start[p + 1]; q++)
            if (b->x->min[q] > 0 && h->res_of[b->x->res[q]] >= 0) PUT((size_t)h->res_of[b->x->res[q]] * nb + k, b->x->min[q]);
        PUT(bal + k, -1);
        d.collb[col] = 0, d.colub[col] = INF, d.obj[col] = 0;
      }
      for (size_t k = 0; k < nb; k++, col++) { /* S[p,i,k] */
        d.start[col] = (int)z;
        PUT(bal + k, 1);
        if (k + 1 < nb) PUT(bal + k + 1, -1);
        PUT(arr + k, 1);
        d.collb[col] = 0, d.colub[col] = INF, d.obj[col] = 0;
        d.rowub[bal + k] = 0;
        d.rowub[arr + k] = 0;
      }
      blk++;
    }
    row = row0 + 2 * blocks * nb;
    for (size_t k = c; k < e; k++, col++) { /* u[c] */
      h->ycol[k] = (int)col;
      d.start[col] = (int)z;
      for (size_t j = b->x->start[p], blk = 0; j < b->x->start[p + 1]; j++) {
        if (!opens_block(b, h, p, j, shared)) continue;
        size_t bal = row0 + blk * 2 * nb, arr = bal + nb;
        double m = shared ? 1 : b->x->min[j];
        PUT(bal + cls[k].d, m);
        for (size_t q = cls[k].a; q < cls[k].d; q++) PUT(arr + q, -m);
        blk++;
      }
      d.collb[col] = 0;
      d.colub[col] = cls[k].units > 0 ? cls[k].units : 0;
      d.obj[col] = cls[k].t;
    }
    c = e;
  }
#undef PUT
  d.start[col] = (int)z;
  h->nrows = row;
  h->ncols = col;
  h->lp = cs__lp_from_data(&d, (int)col, (int)row);
  cs__lp_data_free(&d);
  if (!h->lp) goto nomem;
  return 0;
nomem:
  cs__hlp_free(h);
  return CS_ENOMEM;
}

int cs__hlp_set_resource(const cs_bid *b, cs__hlp *h, size_t r) {
  int i = h->res_of[r];
  if (i < 0) return 0;
  double *lb = calloc(h->nb + 1, sizeof(double));
  if (!lb) return CS_ENOMEM;
  booked_bounds(b, r, lb);
  for (size_t k = 0; k < h->nb; k++) {
    cs__lp_set_col_bounds(h->lp, (int)((size_t)i * h->nb + k), lb[k], INF);
    cs__lp_set_row_upper(h->lp, (int)((size_t)i * h->nb + k), b->cap[r * h->nb + k]);
  }
  free(lb);
  return 0;
}

void cs__hlp_set_class(cs__hlp *h, size_t i, double units) {
  if (h->ycol[i] >= 0) cs__lp_set_col_bounds(h->lp, h->ycol[i], 0, units > 0 ? units : 0);
}

int cs__hlp_solve(cs__hlp *h, cs_error *err) {
  int rc = cs__lp_solve(h->lp, 0);
  h->cold_iterations = cs__lp_iterations(h->lp);
  if (rc != 0)
    return cs__err(err, CS_ESOLVER, "the bid-price LP over the horizon has no optimal solution: %s", cs__lp_why(h->lp));
  return 0;
}

/* A warm re-solve that takes more dual simplex pivots than a tenth of the cold solve's
 * (at least WARM_LEAST) is given up: a fresh model, presolved, gets there sooner. Measured
 * on a generated company at scale S after bookings: the warm path took 15,000 to 23,000
 * pivots (12 to 18 s), a fresh cold solve 1 to 3 s. */
#define WARM_SHARE 10
#define WARM_LEAST 1000

bool cs__hlp_resolve(cs__hlp *h) {
  int limit = h->cold_iterations / WARM_SHARE;
  bool stopped = false;
  int rc = cs__lp_resolve(h->lp, limit > WARM_LEAST ? limit : WARM_LEAST, &stopped);
  return rc == 0 && !stopped;
}

double cs__hlp_served(cs__hlp *h, size_t i) {
  return h->ycol[i] >= 0 ? cs__lp_primal(h->lp)[h->ycol[i]] : 0;
}

double cs__hlp_made(cs__hlp *h, size_t p, size_t block, size_t from, size_t until) {
  if (h->xcol[p] < 0 || (h->shared && block > 0)) return 0;
  const double *x = cs__lp_primal(h->lp) + (size_t)h->xcol[p] + block * 2 * h->nb;
  double s = 0;
  for (size_t k = from; k <= until && k < h->nb; k++) s += x[k];
  return s;
}
