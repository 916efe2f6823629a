/* bid.c — the live bid-price state (DESIGN §2, "Bid prices"): time buckets over the
 * horizon, the capacity the booked orders leave in each, the remaining expected demand,
 * and the LP whose capacity duals are the bid prices. Bookings and the passing of time
 * change bounds only, so the LP is re-solved warm from its previous basis; it is rebuilt
 * cold only when a capacity row that could never bind becomes one that can.
 * The method is in docs/internals/bidprice.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bid_priv.h"
#include "internal.h"
#include "lp.h"

void cs_bid_options_default(cs_bid_options *o) {
  o->bucket_days = 0;
  o->solve = true;
  o->exclude_order = -1;
}

/* Start and end of bucket k in days from settings.today. */
static double bstart(const cs_bid *b, size_t k) { return (double)k * b->blen; }
static double bend(const cs_bid *b, size_t k) {
  double e = (double)(k + 1) * b->blen;
  return e < b->horizon ? e : b->horizon;
}

size_t cs__bid_bucket_of(const cs_bid *b, double day) {
  if (day <= 0) return 0;
  size_t k = (size_t)(day / b->blen);
  return k < b->nb ? k : b->nb - 1;
}

/* Fills pot[] (the load every row would carry if all remaining demand were served) from
 * the expected demand. */
static void potential_all(cs_bid *b) {
  size_t nb = b->nb;
  memset(b->pot, 0, b->nr * nb * sizeof(double));
  for (size_t p = 0; p < b->np; p++)
    for (size_t j = b->x->start[p]; j < b->x->start[p + 1]; j++) {
      double *row = b->pot + (size_t)b->x->res[j] * nb;
      const double *d = b->dem + p * nb;
      for (size_t k = 0; k < nb; k++) row[k] += b->x->min[j] * d[k];
    }
}

double cs__bid_rem(const cs_bid *b, size_t rk) {
  double rem = b->cap[rk] - b->placed[rk];
  return rem > 0 ? rem : 0;
}

/* Builds one LP over buckets [k0, k1]: a row for every (resource, bucket) that some
 * remaining demand could load, a column for every (product, bucket) with demand that
 * touches such a row. row_of/col_of (indexed rk/pk) receive the LP's numbering; *col_pk
 * (malloc'd) maps columns back. Buckets share no rows or columns, so the bid-price LP is
 * one such LP per bucket; the whole horizon in one LP is only written out for glpsol. */
static cs__lp *build_lp(const cs_bid *b, size_t k0, size_t k1, int *row_of, int *col_of,
                        size_t **col_pk, size_t *nrows_out, size_t *ncols_out) {
  size_t nb = b->nb, nrows = 0, ncols = 0, nnz = 0;
  for (size_t k = k0; k <= k1; k++)
    for (size_t r = 0; r < b->nr; r++) {
      size_t rk = r * nb + k;
      row_of[rk] = b->pot[rk] > 0 ? (int)nrows++ : -1;
    }
  for (size_t p = 0; p < b->np; p++)
    for (size_t k = k0; k <= k1; k++) {
      col_of[p * nb + k] = -1;
      if (b->dem[p * nb + k] <= 0) continue;
      size_t e = 0;
      for (size_t j = b->x->start[p]; j < b->x->start[p + 1]; j++)
        if (b->x->min[j] > 0 && row_of[(size_t)b->x->res[j] * nb + k] >= 0) e++;
      if (e) { ncols++; nnz += e; }
    }
  *nrows_out = nrows;
  *ncols_out = ncols;
  cs__lp *lp = NULL;
  cs__lp_data d;
  size_t *pk_of = malloc((ncols + 1) * sizeof(size_t));
  if (!pk_of || cs__lp_data_alloc(&d, ncols, nnz, nrows)) {
    free(pk_of);
    return NULL;
  }
  size_t c = 0, z = 0;
  for (size_t p = 0; p < b->np; p++)
    for (size_t k = k0; k <= k1; k++) {
      if (b->dem[p * nb + k] <= 0) continue;
      size_t z0 = z;
      for (size_t j = b->x->start[p]; j < b->x->start[p + 1]; j++) {
        int row = b->x->min[j] > 0 ? row_of[(size_t)b->x->res[j] * nb + k] : -1;
        if (row < 0) continue;
        d.index[z] = row;
        d.value[z++] = b->x->min[j];
      }
      if (z == z0) continue;
      d.start[c] = (int)z0;
      d.colub[c] = b->dem[p * nb + k];
      d.obj[c] = b->t[p];
      pk_of[c] = p * nb + k;
      col_of[p * nb + k] = (int)c;
      c++;
    }
  d.start[c] = (int)z;
  for (size_t k = k0; k <= k1; k++)
    for (size_t r = 0; r < b->nr; r++) {
      size_t rk = r * nb + k;
      if (row_of[rk] >= 0) d.rowub[row_of[rk]] = cs__bid_rem(b, rk);
    }
  lp = cs__lp_from_data(&d, (int)c, (int)nrows);
  cs__lp_data_free(&d);
  if (lp) *col_pk = pk_of;
  else free(pk_of);
  return lp;
}

/* Solves bucket k's LP (warm or cold) and copies its capacity duals into the bid prices. */
static int solve_bucket(cs_bid *b, size_t k, int warm, cs_error *err) {
  if (!b->lp[k]) return 0;
  int rc = cs__lp_solve(b->lp[k], warm);
  if (rc != 0 && warm) rc = cs__lp_solve(b->lp[k], 0);
  if (rc != 0)
    return cs__err(err, CS_ESOLVER, "the bid-price LP of bucket %zu has no optimal solution: %s", k + 1,
                   cs__lp_why(b->lp[k]));
  const double *duals = cs__lp_duals(b->lp[k]);
  for (size_t r = 0; r < b->nr; r++) {
    size_t rk = r * b->nb + k;
    double d = b->row_of[rk] >= 0 ? duals[b->row_of[rk]] : 0;
    b->bid[rk] = d > 1e-12 ? d : 0;
  }
  return 0;
}

/* (Re)builds bucket k's LP from the current demand and capacity and solves it cold. */
static int build_bucket(cs_bid *b, size_t k, cs_error *err) {
  cs__lp_free(b->lp[k]);
  b->lp[k] = NULL;
  free(b->col_pk[k]);
  b->col_pk[k] = NULL;
  size_t nrows, ncols;
  b->lp[k] = build_lp(b, k, k, b->row_of, b->col_of, &b->col_pk[k], &nrows, &ncols);
  if (!b->lp[k]) return cs__err(err, CS_ENOMEM, "out of memory");
  b->lp_rows[k] = nrows;
  b->lp_cols[k] = ncols;
  b->rebuilds++;
  return solve_bucket(b, k, 0, err);
}

/* Pushes the capacity and demand of every changed bucket into its LP and re-solves it
 * warm; a bucket where a row left out (no demand could load it) now has demand is rebuilt. */
int cs__bid_refresh(cs_bid *b, cs_error *err) {
  int rc = 0;
  for (size_t k = 0; k < b->nb && !rc; k++) {
    if (!b->dirty[k]) continue;
    b->dirty[k] = 0;
    if (!b->opt.solve) continue;
    int rebuild = b->lp[k] == NULL;
    for (size_t r = 0; r < b->nr && !rebuild; r++) {
      size_t rk = r * b->nb + k;
      if (b->row_of[rk] < 0 && b->pot[rk] > 0) rebuild = 1;
    }
    if (rebuild) {
      rc = build_bucket(b, k, err);
      continue;
    }
    for (size_t r = 0; r < b->nr; r++) {
      size_t rk = r * b->nb + k;
      if (b->row_of[rk] >= 0) cs__lp_set_row_upper(b->lp[k], b->row_of[rk], cs__bid_rem(b, rk));
    }
    for (size_t c = 0; c < b->lp_cols[k]; c++)
      cs__lp_set_col_bounds(b->lp[k], (int)c, 0, b->dem[b->col_pk[k][c]]);
    rc = solve_bucket(b, k, 1, err);
  }
  return rc;
}

/* Sets one demand bound (column (p, k)) and keeps the rows' potential in step. */
void cs__bid_set_demand(cs_bid *b, size_t p, size_t k, double d) {
  size_t nb = b->nb, pk = p * nb + k;
  double delta = d - b->dem[pk];
  if (delta == 0) return;
  b->dem[pk] = d;
  for (size_t j = b->x->start[p]; j < b->x->start[p + 1]; j++)
    b->pot[(size_t)b->x->res[j] * nb + k] += b->x->min[j] * delta;
  b->dirty[k] = 1;
}

/* Places the open orders of the model as late as their due dates allow, resource by
 * resource, and takes what they fill off the expected demand of their due buckets. */
static void place_book(cs_bid *b) {
  const cs_model *m = b->m;
  const cs_orders *O = &m->orders;
  size_t nb = b->nb;
  double *due_work = b->pot; /* scratch: overwritten by potential_all() afterwards */
  memset(due_work, 0, b->nr * nb * sizeof(double));
  for (size_t o = 0; o < O->n; o++) {
    if ((int32_t)o == b->opt.exclude_order) continue;
    if (O->status[o] != CS_ORDER_CONFIRMED && O->status[o] != CS_ORDER_RELEASED) continue;
    double day = (double)(O->due[o] - m->settings.today);
    if (day >= b->horizon) continue;
    size_t k = cs__bid_bucket_of(b, day), p = (size_t)O->product[o];
    for (size_t j = b->x->start[p]; j < b->x->start[p + 1]; j++)
      due_work[(size_t)b->x->res[j] * nb + k] += O->qty[o] * b->x->min[j];
    b->booked[p * nb + k] += O->qty[o];
  }
  for (size_t r = 0; r < b->nr; r++) {
    double carry = 0;
    for (size_t k = nb; k-- > 0;) {
      size_t rk = r * nb + k;
      double need = due_work[rk] + carry, put = need < b->cap[rk] ? need : b->cap[rk];
      b->placed[rk] = put;
      carry = need - put;
    }
    b->over += carry;
  }
  for (size_t p = 0; p < b->np; p++) {
    double per_bucket = b->m->products.demand[p] / m->settings.period_days;
    for (size_t k = 0; k < nb; k++) {
      double d = per_bucket * (bend(b, k) - bstart(b, k)) - b->booked[p * nb + k];
      b->dem[p * nb + k] = d > 0 ? d : 0;
    }
  }
}

/* Moves the clock to `day` (days from today): capacity, planned work and expected demand
 * in the time that has passed are gone. In the bucket the clock is in, the resources are
 * taken to have worked on the planned work for all the minutes that passed (they work as
 * fast as work arrives), and the expected demand shrinks to the share of days left. The
 * caller refreshes the LP. */
static void spend_time(cs_bid *b, double day, double *tmp) {
  const cs_model *m = b->m;
  size_t nb = b->nb;
  for (size_t k = 0; k < nb; k++) {
    double s = bstart(b, k), e = bend(b, k);
    if (s >= day || e <= b->clock_day) continue;
    double from = b->clock_day > s ? b->clock_day : s;
    b->dirty[k] = 1;
    if (e <= day) {
      for (size_t r = 0; r < b->nr; r++) b->cap[r * nb + k] = b->placed[r * nb + k] = 0;
      for (size_t p = 0; p < b->np; p++) cs__bid_set_demand(b, p, k, 0);
      continue;
    }
    cs__available_all(m, m->settings.today + (cs_date)day, e - day, tmp);
    for (size_t r = 0; r < b->nr; r++) {
      size_t rk = r * nb + k;
      double spent = b->cap[rk] - tmp[r];
      b->placed[rk] = spent > 0 && b->placed[rk] > spent ? b->placed[rk] - spent : spent > 0 ? 0 : b->placed[rk];
      b->cap[rk] = tmp[r];
    }
    double tshare = (e - day) / (e - from);
    for (size_t p = 0; p < b->np; p++) cs__bid_set_demand(b, p, k, b->dem[p * nb + k] * tshare);
  }
  b->clock_day = day;
}

int cs_bid_new(const cs_model *m, cs_date at, const cs_bid_options *opt, cs_bid **out,
               cs_error *err) {
  *out = NULL;
  if (m->settings.today == CS_DATE_NONE)
    return cs__err(err, CS_EINPUT, "bid prices need settings.today (the first day of the plan)");
  cs_bid_options defaults;
  if (!opt) {
    cs_bid_options_default(&defaults);
    opt = &defaults;
  }
  double blen = opt->bucket_days > 0 ? opt->bucket_days : m->settings.period_days;
  double horizon = m->settings.horizon_days;
  if (!(blen > 0) || !(horizon > 0))
    return cs__err(err, CS_EINPUT, "bucket_days and horizon_days must be positive");
  double nbd = ceil(horizon / blen - 1e-9);
  if (nbd > CS_BID_MAX_BUCKETS)
    return cs__err(err, CS_EINPUT, "horizon of %g days in buckets of %g days makes %g buckets (at most %d)",
                   horizon, blen, nbd, CS_BID_MAX_BUCKETS);
  if (at != CS_DATE_NONE && at < m->settings.today) {
    char d1[11], d2[11];
    return cs__err(err, CS_EINPUT, "--at %s is before the plan's first day %s", cs_date_format(at, d1),
                   cs_date_format(m->settings.today, d2));
  }
  cs_bid *b = calloc(1, sizeof *b);
  if (!b) return cs__err(err, CS_ENOMEM, "out of memory");
  b->m = m;
  b->opt = *opt;
  b->blen = blen;
  b->horizon = horizon;
  b->nb = (size_t)nbd;
  b->nr = m->resources.n;
  b->np = m->products.n;
  b->arena = cs_arena_new();
  size_t nrk = b->nr * b->nb + 1, npk = b->np * b->nb + 1;
  int rc = 0;
  double *tmp = malloc((b->nr + 1) * sizeof(double));
  b->cap = calloc(nrk, sizeof(double));
  b->placed = calloc(nrk, sizeof(double));
  b->pot = calloc(nrk, sizeof(double));
  b->bid = calloc(nrk, sizeof(double));
  b->row_of = calloc(nrk, sizeof(int));
  b->dem = calloc(npk, sizeof(double));
  b->booked = calloc(npk, sizeof(double));
  b->col_of = calloc(npk, sizeof(int));
  b->t = calloc(b->np + 1, sizeof(double));
  b->full_cost = calloc(b->np + 1, sizeof(double));
  b->lp = calloc(b->nb, sizeof(cs__lp *));
  b->col_pk = calloc(b->nb, sizeof *b->col_pk);
  b->lp_rows = calloc(b->nb, sizeof(size_t));
  b->lp_cols = calloc(b->nb, sizeof(size_t));
  b->dirty = calloc(b->nb, 1);
  b->x = b->arena ? cs__matrix_build(m, b->arena) : NULL;
  if (!tmp || !b->cap || !b->placed || !b->pot || !b->bid || !b->row_of || !b->dem || !b->booked ||
      !b->col_of || !b->t || !b->full_cost || !b->lp || !b->col_pk || !b->lp_rows || !b->lp_cols ||
      !b->dirty || !b->x) {
    rc = cs__err(err, CS_ENOMEM, "out of memory");
    goto out;
  }
  for (size_t i = 0; i + 1 < nrk; i++) b->row_of[i] = -1;
  for (size_t i = 0; i + 1 < npk; i++) b->col_of[i] = -1;
  for (size_t k = 0; k < b->nb; k++) {
    cs__available_all(m, m->settings.today + (cs_date)bstart(b, k), bend(b, k) - bstart(b, k), tmp);
    for (size_t r = 0; r < b->nr; r++) b->cap[r * b->nb + k] = tmp[r];
  }
  /* The cost-accounting rate: OE over one period's available minutes (as in the mix). */
  cs__available_all(m, m->settings.today, m->settings.period_days, tmp);
  double total = 0;
  for (size_t r = 0; r < b->nr; r++) total += tmp[r];
  b->rate = total > 0 ? m->settings.operating_expense / total : 0;
  for (size_t p = 0; p < b->np; p++) {
    b->t[p] = cs_product_throughput(m, (int32_t)p);
    b->full_cost[p] = m->products.tvc[p] + b->rate * b->x->total[p];
  }
  place_book(b);
  potential_all(b);
  if (at != CS_DATE_NONE && at > m->settings.today) spend_time(b, (double)(at - m->settings.today), tmp);
  memset(b->dirty, 1, b->nb);
  rc = cs__bid_refresh(b, err);
out:
  free(tmp);
  if (rc) {
    cs_bid_free(b);
    return rc;
  }
  *out = b;
  return CS_OK;
}

void cs_bid_free(cs_bid *b) {
  if (!b) return;
  for (size_t k = 0; b->lp && k < b->nb; k++) cs__lp_free(b->lp[k]);
  for (size_t k = 0; b->col_pk && k < b->nb; k++) free(b->col_pk[k]);
  free(b->lp);
  free(b->lp_rows);
  free(b->lp_cols);
  free(b->dirty);
  free(b->cap);
  free(b->placed);
  free(b->pot);
  free(b->bid);
  free(b->row_of);
  free(b->dem);
  free(b->booked);
  free(b->col_of);
  free(b->col_pk);
  free(b->t);
  free(b->full_cost);
  cs_arena_free(b->arena);
  free(b);
}

int cs_bid_advance(cs_bid *b, cs_date at, cs_error *err) {
  double day = (double)(at - b->m->settings.today);
  if (day < b->clock_day) {
    char d[11];
    return cs__err(err, CS_EINPUT, "cannot move the clock back to %s", cs_date_format(at, d));
  }
  if (day == b->clock_day) return 0;
  double *tmp = malloc((b->nr + 1) * sizeof(double));
  if (!tmp) return cs__err(err, CS_ENOMEM, "out of memory");
  spend_time(b, day, tmp);
  free(tmp);
  return cs__bid_refresh(b, err);
}

size_t cs_bid_buckets(const cs_bid *b) { return b->nb; }
cs_date cs_bid_bucket_start(const cs_bid *b, size_t k) {
  return b->m->settings.today + (cs_date)bstart(b, k);
}
cs_date cs_bid_clock(const cs_bid *b) { return b->m->settings.today + (cs_date)b->clock_day; }
double cs_bid_price(const cs_bid *b, int32_t r, size_t k) { return b->bid[(size_t)r * b->nb + k]; }
double cs_bid_remaining(const cs_bid *b, int32_t r, size_t k) {
  return cs__bid_rem(b, (size_t)r * b->nb + k);
}
double cs_bid_overbooked(const cs_bid *b) { return b->over; }
/* Sums a per-bucket count. */
static size_t sum_sizes(const size_t *v, size_t n) {
  size_t s = 0;
  for (size_t i = 0; i < n; i++) s += v[i];
  return s;
}

size_t cs_bid_lp_rows(const cs_bid *b) { return sum_sizes(b->lp_rows, b->nb); }
size_t cs_bid_lp_cols(const cs_bid *b) { return sum_sizes(b->lp_cols, b->nb); }
long cs_bid_rebuilds(const cs_bid *b) { return b->rebuilds; }

/* The LPs' value plus the throughput of the demand they left out because no row of it
 * can bind (that demand is all served). */
double cs_bid_objective(const cs_bid *b) {
  double v = 0;
  for (size_t k = 0; k < b->nb; k++)
    if (b->lp[k]) v += cs__lp_objective(b->lp[k]);
  for (size_t i = 0; i < b->np * b->nb; i++)
    if (b->col_of[i] < 0 && b->dem[i] > 0) v += b->t[i / b->nb] * b->dem[i];
  return v;
}

int cs_bid_write_mps(const cs_bid *b, const char *file, double *objective_offset, cs_error *err) {
  size_t nrk = b->nr * b->nb, npk = b->np * b->nb, nrows, ncols;
  int *row_of = malloc((nrk + 1) * sizeof(int)), *col_of = malloc((npk + 1) * sizeof(int));
  size_t *col_pk = NULL;
  cs__lp *lp = row_of && col_of ? build_lp(b, 0, b->nb - 1, row_of, col_of, &col_pk, &nrows, &ncols) : NULL;
  int rc = 0;
  if (!lp || !col_of) rc = cs__err(err, CS_ENOMEM, "out of memory");
  else if (cs__lp_write_mps(lp, file)) rc = cs__err(err, CS_EIO, "%s: cannot write the MPS file", file);
  if (!rc && lp && col_of && objective_offset) {
    *objective_offset = 0;
    for (size_t i = 0; i < npk; i++)
      if (col_of[i] < 0 && b->dem[i] > 0) *objective_offset += b->t[i / b->nb] * b->dem[i];
  }
  cs__lp_free(lp);
  free(col_pk);
  free(row_of);
  free(col_of);
  return rc;
}

int cs_bid_solve_cold(cs_bid *b, cs_error *err) {
  int rc = 0;
  for (size_t k = 0; k < b->nb && !rc; k++) rc = solve_bucket(b, k, 0, err);
  return rc;
}
