/* mix.c — the product mix (DESIGN §2): maximise throughput in whole units within every
 * resource's capacity, with shadow prices and T/CU, and the cost-accounting mix beside it.
 * Method (docs/internals/mix.md): solve the LP relaxation with Clp; round down and fill
 * greedily by throughput; if that is not within `gap` of the LP bound, branch and bound. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine_priv.h"
#include "internal.h"
#include "lp.h"

void cs_mix_options_default(cs_mix_options *o) {
  o->gap = 0.005;
  o->node_limit = 100000;
}

/* Capacity the mix may use: the period's available minutes less the setups of every
 * product with demand that visits the resource (one batch each per period). */
void cs__mix_capacity_all(const cs_model *m, const cs__matrix *x, double *cap) {
  cs__available_all(m, m->settings.today, m->settings.period_days, cap);
  for (size_t p = 0; p < x->np; p++) {
    if (m->products.demand[p] <= 0) continue;
    for (size_t k = x->start[p]; k < x->start[p + 1]; k++) cap[x->res[k]] -= x->setup[k];
  }
  for (size_t r = 0; r < m->resources.n; r++)
    if (cap[r] < 0) cap[r] = 0;
}

double cs_mix_capacity(const cs_model *m, int32_t r) {
  double v = cs_available_minutes(m, r, m->settings.today, m->settings.period_days);
  for (size_t i = 0; i < m->routings.n; i++)
    if (m->routings.resource[i] == r && m->products.demand[m->routings.product[i]] > 0)
      v -= m->routings.setup_minutes[i];
  return v < 0 ? 0 : v;
}

/* Whole units of product p that still fit in the slack, capped at `room`. */
static double units_that_fit(const cs__matrix *x, size_t p, const double *cap, const double *used,
                             double room) {
  double k = room;
  for (size_t j = x->start[p]; j < x->start[p + 1]; j++) {
    if (x->min[j] <= 0) continue;
    double fit = floor((cap[x->res[j]] - used[x->res[j]]) / x->min[j] + 1e-9);
    if (fit < k) k = fit;
  }
  return k < 0 ? 0 : k;
}

/* Adds k units of product p to used[]. */
static void use(const cs__matrix *x, size_t p, double k, double *used) {
  for (size_t j = x->start[p]; j < x->start[p + 1]; j++) used[x->res[j]] += k * x->min[j];
}

/* Sorts product indices by key, descending, stable by index. */
typedef struct keyed { double key; size_t p; } keyed;
static int by_key_desc(const void *a, const void *b) {
  const keyed *x = a, *y = b;
  if (x->key != y->key) return x->key > y->key ? -1 : 1;
  return x->p < y->p ? -1 : x->p > y->p;
}

/* Fills demand in the order given while capacity lasts; returns the throughput. */
static double greedy_fill(const cs_model *m, const cs__matrix *x, const keyed *order, size_t n,
                          const double *cap, double *used, double *qty) {
  for (size_t i = 0; i < n; i++) {
    size_t p = order[i].p;
    double room = floor(m->products.demand[p] + 1e-9) - qty[p];
    if (room <= 0) continue;
    double k = units_that_fit(x, p, cap, used, room);
    if (k <= 0) continue;
    qty[p] += k;
    use(x, p, k, used);
  }
  double t = 0;
  for (size_t p = 0; p < x->np; p++) t += qty[p] * cs_product_throughput(m, (int32_t)p);
  return t;
}

/* The cost-accounting mix: rank by unit margin after allocating OE per resource minute. */
static int cost_accounting(const cs_model *m, const cs__matrix *x, const double *cap, cs_arena *a,
                           cs_mix_result *R) {
  size_t np = m->products.n, nr = m->resources.n;
  double *avail = cs_arena_calloc(a, nr + 1, sizeof(double));
  double *used = cs_arena_calloc(a, nr + 1, sizeof(double));
  keyed *order = cs_arena_calloc(a, np + 1, sizeof(keyed));
  R->ca_full_cost = cs_arena_calloc(a, np + 1, sizeof(double));
  R->ca_qty = cs_arena_calloc(a, np + 1, sizeof(double));
  if (!avail || !used || !order || !R->ca_full_cost || !R->ca_qty) return CS_ENOMEM;
  cs__available_all(m, m->settings.today, m->settings.period_days, avail);
  double total = 0;
  for (size_t r = 0; r < nr; r++) total += avail[r];
  R->ca_rate = total > 0 ? m->settings.operating_expense / total : 0;
  for (size_t p = 0; p < np; p++) {
    R->ca_full_cost[p] = m->products.tvc[p] + R->ca_rate * x->total[p];
    order[p].key = m->products.price[p] - R->ca_full_cost[p];
    order[p].p = p;
  }
  qsort(order, np, sizeof *order, by_key_desc);
  R->ca_throughput = greedy_fill(m, x, order, np, cap, used, R->ca_qty);
  R->ca_net_profit = R->ca_throughput - m->settings.operating_expense;
  return 0;
}

/* Builds the mix LP: one column per product (0 <= x <= whole demand, objective T), one
 * row per resource (minutes <= cap). */
cs__lp *cs__mix_lp(const cs_model *m, const cs__matrix *x, const double *cap, cs_arena *a) {
  size_t np = m->products.n, nr = m->resources.n;
  int *start = cs_arena_calloc(a, np + 1, sizeof(int));
  int *index = cs_arena_calloc(a, x->nnz + 1, sizeof(int));
  double *collb = cs_arena_calloc(a, np + 1, sizeof(double));
  double *colub = cs_arena_calloc(a, np + 1, sizeof(double));
  double *obj = cs_arena_calloc(a, np + 1, sizeof(double));
  if (!start || !index || !collb || !colub || !obj) return NULL;
  for (size_t p = 0; p < np; p++) {
    start[p] = (int)x->start[p];
    colub[p] = floor(m->products.demand[p] + 1e-9);
    obj[p] = cs_product_throughput(m, (int32_t)p);
  }
  start[np] = (int)x->nnz;
  for (size_t k = 0; k < x->nnz; k++) index[k] = x->res[k];
  return cs__lp_new((int)np, (int)nr, start, index, x->min, collb, colub, obj, cap);
}

/* Solves the mix and everything reported with it. */
int cs_mix_solve(const cs_model *m, const cs_load_result *load, const cs_mix_options *opt,
                 cs_arena *a, cs_mix_result **out, cs_error *err) {
  cs_mix_options defaults;
  if (!opt) {
    cs_mix_options_default(&defaults);
    opt = &defaults;
  }
  size_t np = m->products.n, nr = m->resources.n;
  if (np > 0x7fffffff || nr > 0x7fffffff) return cs__err(err, CS_EINPUT, "model too large for the LP");
  cs__matrix *x = cs__matrix_build(m, a);
  cs_mix_result *R = cs_arena_alloc(a, sizeof *R);
  if (!x || !R) return cs__err(err, CS_ENOMEM, "out of memory");
  R->nproducts = np;
  R->nresources = nr;
  keyed *order = NULL;
  const cs_arena_slot slots[] = {CS_ARENA_SLOT(R->qty, np + 1),          CS_ARENA_SLOT(R->lp_qty, np + 1),
                             CS_ARENA_SLOT(R->t_per_unit, np + 1),   CS_ARENA_SLOT(R->t_per_cu, np + 1),
                             CS_ARENA_SLOT(R->shadow_price, nr + 1), CS_ARENA_SLOT(R->used, nr + 1),
                             CS_ARENA_SLOT(R->capacity, nr + 1),     CS_ARENA_SLOT(order, np + 1)};
  if (cs_arena_fill(a, slots, sizeof slots / sizeof slots[0])) return cs__err(err, CS_ENOMEM, "out of memory");

  cs__mix_capacity_all(m, x, R->capacity);
  R->drum = load ? load->drum : -1;
  for (size_t p = 0; p < np; p++) {
    double t = cs_product_throughput(m, (int32_t)p);
    R->t_per_unit[p] = t;
    double dm = R->drum >= 0 ? cs_product_minutes(m, (int32_t)p, R->drum) : 0;
    R->t_per_cu[p] = dm > 0 ? t / dm : NAN;
    order[p].key = t;
    order[p].p = p;
  }
  cs__lp *lp = cs__mix_lp(m, x, R->capacity, a);
  if (!lp) return cs__err(err, CS_ENOMEM, "out of memory");
  int rc = cs__lp_solve(lp, 0);
  if (rc != 0) {
    rc = cs__err(err, CS_ESOLVER, "the product-mix LP has no optimal solution: %s", cs__lp_why(lp));
    cs__lp_free(lp);
    return rc;
  }
  R->lp_bound = cs__lp_objective(lp);
  const double *xs = cs__lp_primal(lp), *duals = cs__lp_duals(lp);
  for (size_t p = 0; p < np; p++) {
    R->lp_qty[p] = xs[p];
    R->qty[p] = fmin(floor(xs[p] + 1e-9), floor(m->products.demand[p] + 1e-9));
    if (R->qty[p] < 0) R->qty[p] = 0;
    use(x, p, R->qty[p], R->used);
  }
  for (size_t r = 0; r < nr; r++) R->shadow_price[r] = duals[r] > 1e-12 ? duals[r] : 0;

  /* Rounding down cannot break a capacity; then fill what is left by throughput per unit. */
  qsort(order, np, sizeof *order, by_key_desc);
  size_t positive = 0;
  while (positive < np && order[positive].key > 0) positive++;
  R->throughput = greedy_fill(m, x, order, positive, R->capacity, R->used, R->qty);
  R->proven = R->lp_bound - R->throughput <= opt->gap * fabs(R->lp_bound) + 1e-9;
  if (!R->proven) {
    int proven = 0;
    R->nodes = cs__lp_branch_and_bound(lp, (int)np, opt->gap, opt->node_limit, R->qty,
                                       &R->throughput, &proven);
    R->proven = proven;
    memset(R->used, 0, nr * sizeof(double));
    R->throughput = 0;
    for (size_t p = 0; p < np; p++) {
      use(x, p, R->qty[p], R->used);
      R->throughput += R->qty[p] * R->t_per_unit[p];
    }
  }
  cs__lp_free(lp);
  R->gap = R->lp_bound > 0 ? (R->lp_bound - R->throughput) / R->lp_bound : 0;
  R->operating_expense = m->settings.operating_expense;
  R->net_profit = R->throughput - R->operating_expense;
  if (cost_accounting(m, x, R->capacity, a, R)) return cs__err(err, CS_ENOMEM, "out of memory");
  *out = R;
  return CS_OK;
}
