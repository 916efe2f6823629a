/* decide.c — what-if decisions (DESIGN §2): each decision changes the period's plan (a
 * copy of the product-mix LP: capacities, bounds, objective or a column) and the LP is
 * re-solved, so the answer is right however many resources bind. A due-date move is
 * valued on the bid-price LP over the horizon instead. The cost-accounting verdict, the
 * table's own arithmetic, is computed beside it. Method: docs/internals/decide.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clockspeed/cs_decide.h"
#include "clockspeed/cs_pricing.h"
#include "engine_priv.h"
#include "internal.h"
#include "lp.h"

static const char *const kind_names[CS_DECIDE_COUNT] = {
  "accept-order", "overtime", "over-hire", "buy-product", "buy-step", "drop-product", "add-product",
  "move-due",
};

const char *cs_decision_name(cs_decision_kind k) {
  return k < CS_DECIDE_COUNT ? kind_names[k] : "unknown";
}

int cs_decision_parse(const char *name) {
  for (int k = 0; k < CS_DECIDE_COUNT; k++)
    if (strcmp(name, kind_names[k]) == 0) return k;
  return -1;
}

void cs_decision_init(cs_decision *d, cs_decision_kind kind) {
  memset(d, 0, sizeof *d);
  d->kind = kind;
  d->product = d->resource = d->order = -1;
  d->qty = d->price = d->minutes = d->cost_per_minute = d->buy_price = d->tvc = d->demand = NAN;
  d->due = CS_DATE_NONE;
}

/* The period's plan as LP data that a decision may change: one column per product (plus
 * room for one more), one row per resource. */
typedef struct plan {
  size_t n, nr;
  size_t *start;      /* n + 1 entries; column j is [start[j], start[j+1]) */
  int32_t *res;
  double *min;        /* minutes per unit; 0 drops the entry */
  double *ub, *obj, *tvc;
  double *cap;
} plan;

/* Allocates a plan of n columns (room for one more) over nr rows and nnz entries. */
static int plan_alloc(plan *P, size_t n, size_t nr, size_t nnz, cs_arena *a) {
  P->n = n;
  P->nr = nr;
  const cs_arena_slot slots[] = {CS_ARENA_SLOT(P->start, n + 2), CS_ARENA_SLOT(P->res, nnz + 1),
                             CS_ARENA_SLOT(P->min, nnz + 1), CS_ARENA_SLOT(P->ub, n + 2),
                             CS_ARENA_SLOT(P->obj, n + 2),   CS_ARENA_SLOT(P->tvc, n + 2),
                             CS_ARENA_SLOT(P->cap, nr + 1)};
  return cs_arena_fill(a, slots, sizeof slots / sizeof slots[0]);
}

/* Copies the mix LP's data from the model, leaving room for one extra column of
 * extra_nnz entries. */
static int plan_build(const cs_model *m, const cs__matrix *x, size_t extra_nnz, cs_arena *a, plan *P) {
  size_t np = m->products.n;
  if (plan_alloc(P, np, m->resources.n, x->nnz + extra_nnz, a)) return CS_ENOMEM;
  memcpy(P->start, x->start, (np + 1) * sizeof(size_t));
  memcpy(P->res, x->res, x->nnz * sizeof(int32_t));
  memcpy(P->min, x->min, x->nnz * sizeof(double));
  for (size_t p = 0; p < np; p++) {
    P->ub[p] = floor(m->products.demand[p] + 1e-9);
    P->obj[p] = cs_product_throughput(m, (int32_t)p);
    P->tvc[p] = m->products.tvc[p];
  }
  cs__mix_capacity_all(m, x, P->cap);
  return 0;
}

/* Copies a plan (same room) so a decision can change the copy. */
static int plan_copy(const plan *S, size_t extra_nnz, cs_arena *a, plan *P) {
  size_t nnz = S->start[S->n];
  if (plan_alloc(P, S->n, S->nr, nnz + extra_nnz, a)) return CS_ENOMEM;
  memcpy(P->start, S->start, (S->n + 1) * sizeof(size_t));
  memcpy(P->res, S->res, nnz * sizeof(int32_t));
  memcpy(P->min, S->min, nnz * sizeof(double));
  memcpy(P->ub, S->ub, S->n * sizeof(double));
  memcpy(P->obj, S->obj, S->n * sizeof(double));
  memcpy(P->tvc, S->tvc, S->n * sizeof(double));
  memcpy(P->cap, S->cap, S->nr * sizeof(double));
  return 0;
}

/* What a solved plan tells: its throughput, quantities, shadow prices and inventory. */
typedef struct solved {
  double value;
  double *x, *dual;
  double inventory;   /* average WIP at TVC: TVC per day x production buffer days */
} solved;

/* Solves the plan's LP with Clp. */
static int plan_solve(const cs_model *m, const plan *P, cs_arena *a, solved *S, cs_error *err) {
  S->x = cs_arena_calloc(a, P->n + 1, sizeof(double));
  S->dual = cs_arena_calloc(a, P->nr + 1, sizeof(double));
  cs__lp_data d;
  if (!S->x || !S->dual || cs__lp_data_alloc(&d, P->n, P->start[P->n], P->nr))
    return cs__err(err, CS_ENOMEM, "out of memory");
  size_t z = 0;
  for (size_t j = 0; j < P->n; j++) {
    d.start[j] = (int)z;
    d.colub[j] = P->ub[j];
    d.obj[j] = P->obj[j];
    for (size_t k = P->start[j]; k < P->start[j + 1]; k++)
      if (P->min[k] > 0) {
        d.index[z] = P->res[k];
        d.value[z++] = P->min[k];
      }
  }
  d.start[P->n] = (int)z;
  memcpy(d.rowub, P->cap, P->nr * sizeof(double));
  cs__lp *lp = cs__lp_from_data(&d, (int)P->n, (int)P->nr);
  cs__lp_data_free(&d);
  if (!lp) return cs__err(err, CS_ENOMEM, "out of memory");
  int rc = cs__lp_solve(lp, 0);
  if (rc) {
    rc = cs__err(err, CS_ESOLVER, "the plan's LP has no optimal solution: %s", cs__lp_why(lp));
    cs__lp_free(lp);
    return rc;
  }
  S->value = cs__lp_objective(lp);
  memcpy(S->x, cs__lp_primal(lp), P->n * sizeof(double));
  const double *duals = cs__lp_duals(lp);
  for (size_t r = 0; r < P->nr; r++) S->dual[r] = duals[r] > 1e-12 ? duals[r] : 0;
  cs__lp_free(lp);
  double tvc_per_period = 0;
  for (size_t j = 0; j < P->n; j++) tvc_per_period += S->x[j] * P->tvc[j];
  S->inventory = tvc_per_period / m->settings.period_days * m->settings.production_buffer_days;
  return 0;
}

/* The resource among column j's entries with the highest shadow price (ties: the most
 * minutes), or -1 when the column has no minutes. */
static int32_t busiest(const plan *P, const solved *S, size_t j) {
  int32_t best = -1;
  double bp = -1, bm = -1;
  for (size_t k = P->start[j]; k < P->start[j + 1]; k++) {
    if (P->min[k] <= 0) continue;
    double sp = S->dual[P->res[k]];
    if (sp > bp || (sp == bp && P->min[k] > bm)) {
      best = P->res[k];
      bp = sp;
      bm = P->min[k];
    }
  }
  return best;
}

/* Minutes per unit of column j on resource r. */
static double col_minutes(const plan *P, size_t j, int32_t r) {
  double v = 0;
  for (size_t k = P->start[j]; k < P->start[j + 1]; k++)
    if (P->res[k] == r) v += P->min[k];
  return v;
}

/* Checks that a decision names what its kind needs. */
static int check(const cs_model *m, const cs_decision *d, cs_error *err) {
  const char *name = cs_decision_name(d->kind);
  int need_p = d->kind == CS_DECIDE_ACCEPT_ORDER || d->kind == CS_DECIDE_BUY_PRODUCT ||
               d->kind == CS_DECIDE_BUY_STEP || d->kind == CS_DECIDE_DROP_PRODUCT;
  int need_r = d->kind == CS_DECIDE_OVERTIME || d->kind == CS_DECIDE_OVERHIRE || d->kind == CS_DECIDE_BUY_STEP;
  if (need_p && (d->product < 0 || (size_t)d->product >= m->products.n))
    return cs__err(err, CS_EINPUT, "%s needs a product", name);
  if (need_r && (d->resource < 0 || (size_t)d->resource >= m->resources.n))
    return cs__err(err, CS_EINPUT, "%s needs a resource", name);
  switch (d->kind) {
    case CS_DECIDE_ACCEPT_ORDER:
      if (!(d->qty > 0) || !isfinite(d->price)) return cs__err(err, CS_EINPUT, "%s needs a positive quantity and a price", name);
      break;
    case CS_DECIDE_OVERTIME:
    case CS_DECIDE_OVERHIRE:
      if (!(d->minutes > 0) || !(d->cost_per_minute >= 0))
        return cs__err(err, CS_EINPUT, "%s needs positive minutes and a cost per minute", name);
      break;
    case CS_DECIDE_BUY_PRODUCT:
    case CS_DECIDE_BUY_STEP:
      if (!(d->buy_price >= 0)) return cs__err(err, CS_EINPUT, "%s needs a buy price", name);
      break;
    case CS_DECIDE_ADD_PRODUCT:
      if (!isfinite(d->price) || !(d->tvc >= 0) || !(d->demand >= 0) || d->nsteps == 0)
        return cs__err(err, CS_EINPUT, "%s needs a price, a TVC, a demand and at least one step", name);
      for (size_t i = 0; i < d->nsteps; i++)
        if (d->step_resource[i] < 0 || (size_t)d->step_resource[i] >= m->resources.n || !(d->step_minutes[i] >= 0))
          return cs__err(err, CS_EINPUT, "%s: step %zu needs a known resource and minutes", name, i + 1);
      break;
    case CS_DECIDE_MOVE_DUE:
      if (d->order < 0 || (size_t)d->order >= m->orders.n || d->due == CS_DATE_NONE)
        return cs__err(err, CS_EINPUT, "%s needs an order and a new due date", name);
      break;
    default:
      break;
  }
  return 0;
}

/* What each decision is called when it raises net profit, and when it does not. */
static const char *const verdicts[CS_DECIDE_COUNT][2] = {
  [CS_DECIDE_ACCEPT_ORDER] = {"accept", "reject"},   [CS_DECIDE_OVERTIME] = {"worth it", "not worth it"},
  [CS_DECIDE_OVERHIRE] = {"worth it", "not worth it"}, [CS_DECIDE_BUY_PRODUCT] = {"buy", "make"},
  [CS_DECIDE_BUY_STEP] = {"buy", "make"},            [CS_DECIDE_DROP_PRODUCT] = {"drop", "keep"},
  [CS_DECIDE_ADD_PRODUCT] = {"add", "do not add"},   [CS_DECIDE_MOVE_DUE] = {"move", "keep"},
};

/* Values a due-date move on the bid-price LP: the order is booked at its old date and at
 * its new one on two otherwise identical states; the difference in the throughput the
 * remaining demand can still earn is the move's effect. */
static int move_due(const cs_model *m, const cs_decision *d, cs_decision_result *R, cs_error *err) {
  const cs_orders *O = &m->orders;
  size_t o = (size_t)d->order;
  cs_bid_options bo;
  cs_bid_options_default(&bo);
  bo.exclude_order = d->order;
  cs_bid *before = NULL, *after = NULL;
  cs_quote_request q = {O->product[o], O->qty[o], O->due[o], NAN};
  cs_quote Q;
  memset(&Q, 0, sizeof Q);
  char d1[11], d2[11];
  int rc = cs_bid_new(m, CS_DATE_NONE, &bo, &before, err);
  if (!rc) rc = cs_bid_new(m, CS_DATE_NONE, &bo, &after, err);
  if (!rc && q.due < m->settings.today) q.due = m->settings.today;
  if (!rc) rc = cs_bid_book(before, &q, err);
  q.due = d->due;
  if (!rc) rc = cs_bid_quote(after, &q, &Q, err);
  if (!rc) rc = cs_bid_book(after, &q, err);
  if (!rc) {
    R->base_throughput = cs_bid_objective(before);
    R->new_throughput = cs_bid_objective(after);
    R->delta_throughput = R->new_throughput - R->base_throughput;
    R->loads = Q.nbids ? Q.bids[0].resource : -1;
    R->loads_shadow_price = Q.nbids ? Q.bids[0].per_minute : 0;
    R->worth = Q.feasible && R->delta_throughput >= -1e-9;
    R->verdict = R->worth ? "move" : "do not move";
    if (!Q.feasible)
      snprintf(R->reason, sizeof R->reason,
               "order %s cannot be ready by %s: the capacity left before then is too small (earliest %s)",
               O->id[o], cs_date_format(d->due, d1),
               Q.earliest_feasible_due == CS_DATE_NONE ? "beyond the horizon" : cs_date_format(Q.earliest_feasible_due, d2));
    else
      snprintf(R->reason, sizeof R->reason,
               "moving order %s to %s changes the throughput the rest of the horizon can earn by %.2f",
               O->id[o], cs_date_format(d->due, d1), R->delta_throughput);
    R->ca_delta_net_profit = 0;
    R->ca_verdict = "no view: cost accounting does not see dates";
  }
  cs_bid_free(before);
  cs_bid_free(after);
  return rc;
}

int cs_decide(const cs_model *m, const cs_decision *d, cs_decision_result *R, cs_error *err) {
  memset(R, 0, sizeof *R);
  R->loads = -1;
  int rc = check(m, d, err);
  if (rc) return rc;
  if (d->kind == CS_DECIDE_MOVE_DUE) return move_due(m, d, R, err);
  cs_arena *a = cs_arena_new();
  cs__matrix *x = a ? cs__matrix_build(m, a) : NULL;
  plan base, alt;
  solved s0 = {0}, s1 = {0};
  if (!x || plan_build(m, x, d->nsteps, a, &base) || plan_copy(&base, d->nsteps, a, &alt)) {
    rc = cs__err(err, CS_ENOMEM, "out of memory");
    goto out;
  }
  rc = plan_solve(m, &base, a, &s0, err);
  if (rc) goto out;
  /* The cost-accounting rate: OE per available minute over the period (as in the mix). */
  double total = 0;
  for (size_t r = 0; r < m->resources.n; r++)
    total += cs_available_minutes(m, (int32_t)r, m->settings.today, m->settings.period_days);
  double rate = total > 0 ? m->settings.operating_expense / total : 0;
  size_t p = d->product >= 0 ? (size_t)d->product : 0;
  double full = d->product >= 0 ? m->products.tvc[p] + rate * x->total[p] : 0;
  double extra_t = 0, extra_i = 0, d_oe = 0;
  const char *ids_r = d->resource >= 0 ? m->resources.id[d->resource] : "";
  const char *ids_p = d->product >= 0 ? m->products.id[p] : "";
  char fits[256] = "";

  switch (d->kind) {
    case CS_DECIDE_ACCEPT_ORDER: {
      for (size_t k = base.start[p]; k < base.start[p + 1]; k++) {
        int32_t r = base.res[k];
        alt.cap[r] -= d->qty * base.min[k];
        if (alt.cap[r] < -1e-9 && !fits[0])
          snprintf(fits, sizeof fits, "it needs %.1f more minutes of %s than the period has",
                   -alt.cap[r], m->resources.id[r]);
      }
      for (size_t r = 0; r < base.nr; r++)
        if (alt.cap[r] < 0) alt.cap[r] = 0;
      extra_t = d->qty * (d->price - m->products.tvc[p]);
      extra_i = d->qty * m->products.tvc[p] / m->settings.period_days * m->settings.production_buffer_days;
      R->loads = busiest(&base, &s0, p);
      R->ca_delta_net_profit = d->qty * (d->price - full);
      R->ca_verdict = R->ca_delta_net_profit >= 0 ? "accept" : "reject";
      break;
    }
    case CS_DECIDE_OVERTIME:
    case CS_DECIDE_OVERHIRE: {
      alt.cap[d->resource] += d->minutes;
      double cost = d->minutes * d->cost_per_minute;
      if (d->kind == CS_DECIDE_OVERTIME) d_oe = cost;
      else extra_t = -cost;
      R->loads = d->resource;
      R->ca_delta_net_profit = d->minutes * (rate - d->cost_per_minute);
      R->ca_verdict = R->ca_delta_net_profit > 0 ? "worth it" : "not worth it";
      break;
    }
    case CS_DECIDE_BUY_PRODUCT: {
      for (size_t k = base.start[p]; k < base.start[p + 1]; k++) {
        alt.cap[base.res[k]] += base.ub[p] > 0 ? x->setup[k] : 0;
        alt.min[k] = 0;
      }
      alt.obj[p] = m->products.price[p] - d->buy_price;
      alt.tvc[p] = d->buy_price;
      R->loads = busiest(&base, &s0, p);
      R->ca_delta_net_profit = m->products.demand[p] * (full - d->buy_price);
      R->ca_verdict = R->ca_delta_net_profit > 0 ? "buy" : "make";
      break;
    }
    case CS_DECIDE_BUY_STEP: {
      double step_min = col_minutes(&base, p, d->resource);
      if (step_min <= 0) {
        rc = cs__err(err, CS_EINPUT, "product %s has no step on %s", ids_p, ids_r);
        goto out;
      }
      for (size_t k = base.start[p]; k < base.start[p + 1]; k++)
        if (base.res[k] == d->resource) {
          alt.cap[base.res[k]] += base.ub[p] > 0 ? x->setup[k] : 0;
          alt.min[k] = 0;
        }
      alt.obj[p] -= d->buy_price;
      alt.tvc[p] += d->buy_price;
      R->loads = d->resource;
      R->ca_delta_net_profit = m->products.demand[p] * (rate * step_min - d->buy_price);
      R->ca_verdict = R->ca_delta_net_profit > 0 ? "buy" : "make";
      break;
    }
    case CS_DECIDE_DROP_PRODUCT: {
      alt.ub[p] = 0;
      for (size_t k = base.start[p]; k < base.start[p + 1]; k++)
        alt.cap[base.res[k]] += base.ub[p] > 0 ? x->setup[k] : 0;
      d_oe = 0.0 - (isfinite(d->oe_saved) ? d->oe_saved : 0);
      R->loads = busiest(&base, &s0, p);
      R->ca_delta_net_profit = -m->products.demand[p] * (m->products.price[p] - full);
      R->ca_verdict = R->ca_delta_net_profit > 0 ? "drop" : "keep";
      break;
    }
    case CS_DECIDE_ADD_PRODUCT: {
      size_t j = alt.n++, z = alt.start[j];
      double total_min = 0;
      for (size_t i = 0; i < d->nsteps; i++) {
        alt.res[z] = d->step_resource[i];
        alt.min[z++] = d->step_minutes[i];
        total_min += d->step_minutes[i];
      }
      alt.start[j + 1] = z;
      alt.ub[j] = floor(d->demand + 1e-9);
      alt.obj[j] = d->price - d->tvc;
      alt.tvc[j] = d->tvc;
      double fc = d->tvc + rate * total_min;
      R->ca_delta_net_profit = d->demand * (d->price - fc);
      R->ca_verdict = R->ca_delta_net_profit > 0 ? "add" : "do not add";
      break;
    }
    default:
      break;
  }
  rc = plan_solve(m, &alt, a, &s1, err);
  if (rc) goto out;
  if (d->kind == CS_DECIDE_ADD_PRODUCT) R->loads = busiest(&alt, &s1, alt.n - 1);
  R->loads_shadow_price = R->loads >= 0 ? s0.dual[R->loads] : 0;
  R->base_throughput = s0.value;
  R->new_throughput = s1.value + extra_t;
  R->delta_throughput = R->new_throughput - R->base_throughput;
  R->delta_operating_expense = d_oe;
  R->delta_net_profit = R->delta_throughput - d_oe;
  R->delta_inventory = s1.inventory + extra_i - s0.inventory;
  R->worth = R->delta_net_profit > 1e-9 && !fits[0];
  const char *rn = R->loads >= 0 ? m->resources.id[R->loads] : "no resource";
  char sp[64];
  snprintf(sp, sizeof sp, "%.4g per minute", R->loads_shadow_price);
  R->verdict = verdicts[d->kind][R->worth ? 0 : 1];
  switch (d->kind) {
    case CS_DECIDE_ACCEPT_ORDER:
      if (fits[0])
        snprintf(R->reason, sizeof R->reason, "the order does not fit in the period: %s", fits);
      else
        snprintf(R->reason, sizeof R->reason,
                 "the order brings T %.2f and loads %s (shadow price %s); the plan gives up %.2f of other throughput",
                 extra_t, rn, sp, s0.value - s1.value);
      break;
    case CS_DECIDE_OVERTIME:
    case CS_DECIDE_OVERHIRE:
      snprintf(R->reason, sizeof R->reason,
               "%g more minutes on %s (shadow price %s) bring T %.2f and cost %.2f",
               d->minutes, rn, sp, s1.value - s0.value, d->minutes * d->cost_per_minute);
      break;
    case CS_DECIDE_BUY_PRODUCT:
    case CS_DECIDE_BUY_STEP:
      snprintf(R->reason, sizeof R->reason,
               "buying frees minutes on %s (shadow price %s) and costs %.2f more per unit of %s",
               rn, sp, d->kind == CS_DECIDE_BUY_STEP ? d->buy_price : d->buy_price - m->products.tvc[p], ids_p);
      break;
    case CS_DECIDE_DROP_PRODUCT:
      snprintf(R->reason, sizeof R->reason,
               "dropping %s loses its throughput; the minutes it frees on %s (shadow price %s) "
               "are worth %.2f to other products; OE falls by %.2f",
               ids_p, rn, sp, s1.value - (s0.value - s0.x[p] * base.obj[p]), -d_oe);
      break;
    case CS_DECIDE_ADD_PRODUCT:
      snprintf(R->reason, sizeof R->reason,
               "the new product would sell %.2f units a period and load %s most", s1.x[alt.n - 1], rn);
      break;
    default:
      break;
  }
out:
  cs_arena_free(a);
  return rc;
}
