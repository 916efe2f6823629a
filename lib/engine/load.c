/* load.c — resource load over a window and the identification of the Constraint
 * (DESIGN §2): the most loaded resource, interactive constraints within five points,
 * the market as the constraint below 100 %, and the declared-vs-measured alert. */
#include <math.h>
#include <string.h>

#include "engine_priv.h"
#include "internal.h"
#include "model_priv.h"

/* Builds per-product resource minutes, merging repeated visits to one resource. */
cs__matrix *cs__matrix_build(const cs_model *m, cs_arena *a) {
  size_t np = m->products.n, nr = m->routings.n;
  cs__matrix *x = cs_arena_alloc(a, sizeof *x);
  if (!x) return NULL;
  x->np = np;
  const cs_arena_slot slots[] = {CS_ARENA_SLOT(x->start, np + 1), CS_ARENA_SLOT(x->res, nr + 1),
                             CS_ARENA_SLOT(x->min, nr + 1), CS_ARENA_SLOT(x->setup, nr + 1),
                             CS_ARENA_SLOT(x->total, np + 1)};
  if (cs_arena_fill(a, slots, sizeof slots / sizeof slots[0])) return NULL;
  size_t k = 0;
  for (size_t p = 0; p < np; p++) {
    x->start[p] = k;
    for (size_t i = m->route_start[p]; i < m->route_start[p + 1]; i++) {
      size_t s = m->route_index[i];
      int32_t r = m->routings.resource[s];
      size_t j = x->start[p];
      while (j < k && x->res[j] != r) j++;
      if (j == k) { x->res[k] = r; x->min[k] = 0; x->setup[k] = 0; k++; }
      x->min[j] += m->routings.minutes[s];
      x->setup[j] += m->routings.setup_minutes[s];
      x->total[p] += m->routings.minutes[s];
    }
  }
  x->start[np] = k;
  x->nnz = k;
  return x;
}

/* Days of the window [start, start + days) that the calendar date d covers (0 to 1). */
static double window_overlap(cs_date d, cs_date start, double days) {
  double lo = (double)(d - start);
  return fmax(0, fmin(lo + 1, days) - fmax(lo, 0));
}

/* Available minutes of every resource: daily capacity times units over the window, with
 * calendar exceptions replacing the daily capacity on their dates (pro rata at the edges). */
void cs__available_all(const cs_model *m, cs_date start, double days, double *avail) {
  const cs_resources *R = &m->resources;
  double pd = m->settings.period_days;
  for (size_t r = 0; r < R->n; r++) avail[r] = R->capacity[r] / pd * days * R->units[r];
  if (start == CS_DATE_NONE) return;
  const cs_calendar *C = &m->calendar;
  for (size_t i = 0; i < C->n; i++) {
    double overlap = window_overlap(C->date[i], start, days);
    if (overlap <= 0) continue;
    int32_t r = C->resource[i];
    avail[r] += (C->capacity[i] - R->capacity[r] / pd) * R->units[r] * overlap;
  }
  for (size_t r = 0; r < R->n; r++)
    if (avail[r] < 0) avail[r] = 0;
}

double cs_available_minutes(const cs_model *m, int32_t r, cs_date start, double days) {
  const cs_resources *R = &m->resources;
  double pd = m->settings.period_days, daily = R->capacity[r] / pd;
  double v = daily * days * R->units[r];
  const cs__model_priv *pv = m->priv;
  if (start != CS_DATE_NONE && (size_t)r < pv->cap_cal_head)
    for (int32_t i = pv->cal_head[r]; i >= 0; i = pv->cal_next[i])
      v += (m->calendar.capacity[i] - daily) * R->units[r] * window_overlap(m->calendar.date[i], start, days);
  return v < 0 ? 0 : v;
}

double cs_product_minutes(const cs_model *m, int32_t p, int32_t r) {
  double v = 0;
  for (size_t i = m->route_start[p]; i < m->route_start[p + 1]; i++) {
    size_t s = m->route_index[i];
    if (m->routings.resource[s] == r) v += m->routings.minutes[s];
  }
  return v;
}

double cs_product_throughput(const cs_model *m, int32_t p) {
  return m->products.price[p] - m->products.tvc[p];
}

/* Adds the work of `qty` units of product p (and one setup per step) to work[]. */
static void add_work(const cs_model *m, int32_t p, double qty, double *work) {
  for (size_t i = m->route_start[p]; i < m->route_start[p + 1]; i++) {
    size_t s = m->route_index[i];
    work[m->routings.resource[s]] += qty * m->routings.minutes[s] + m->routings.setup_minutes[s];
  }
}

/* Computes loads and names the Constraint. */
int cs_load_compute(const cs_model *m, cs_load_basis basis, cs_arena *a, cs_load_result **out,
                    cs_error *err) {
  const cs_settings *S = &m->settings;
  if (basis == CS_BASIS_ORDERS && S->today == CS_DATE_NONE)
    return cs__err(err, CS_EINPUT, "settings: 'today' is not set; the orders basis needs it");
  size_t n = m->resources.n;
  cs_load_result *L = cs_arena_alloc(a, sizeof *L);
  if (!L) return cs__err(err, CS_ENOMEM, "out of memory");
  L->basis = basis;
  L->n = n;
  const cs_arena_slot slots[] = {CS_ARENA_SLOT(L->work, n + 1), CS_ARENA_SLOT(L->available, n + 1),
                             CS_ARENA_SLOT(L->load, n + 1), CS_ARENA_SLOT(L->interactive, n + 1),
                             CS_ARENA_SLOT(L->overloaded_no_capacity, n + 1)};
  if (cs_arena_fill(a, slots, sizeof slots / sizeof slots[0]))
    return cs__err(err, CS_ENOMEM, "out of memory");
  L->window_start = S->today;
  L->window_days = basis == CS_BASIS_DEMAND ? S->period_days : S->horizon_days;
  cs__available_all(m, S->today, L->window_days, L->available);

  if (basis == CS_BASIS_DEMAND) {
    for (size_t p = 0; p < m->products.n; p++)
      if (m->products.demand[p] > 0) add_work(m, (int32_t)p, m->products.demand[p], L->work);
  } else {
    /* Committed work (confirmed or released, not done) due before the horizon's end,
     * overdue orders included. */
    double end = (double)S->today + S->horizon_days;
    const cs_orders *O = &m->orders;
    for (size_t o = 0; o < O->n; o++) {
      if (O->status[o] != CS_ORDER_CONFIRMED && O->status[o] != CS_ORDER_RELEASED) continue;
      if ((double)O->due[o] >= end) continue;
      add_work(m, O->product[o], O->qty[o], L->work);
    }
  }

  L->most_loaded = -1;
  for (size_t r = 0; r < n; r++) {
    if (L->available[r] > 0) L->load[r] = L->work[r] / L->available[r];
    else if (L->work[r] > 0) { L->load[r] = INFINITY; L->overloaded_no_capacity[r] = true; }
    if (L->most_loaded < 0 || L->load[r] > L->load[L->most_loaded]) L->most_loaded = (int32_t)r;
  }
  L->constraint = -1;
  L->market_constrained = true;
  if (L->most_loaded >= 0 && L->load[L->most_loaded] >= 1.0) {
    L->constraint = L->most_loaded;
    L->market_constrained = false;
    double top = L->load[L->constraint];
    for (size_t r = 0; r < n; r++)
      L->interactive[r] = (int32_t)r != L->constraint &&
                          (isinf(top) ? isinf(L->load[r]) : L->load[r] >= top - CS_INTERACTIVE_POINTS);
  }
  L->declared = S->constraint;
  L->wandering = L->declared >= 0 && L->constraint >= 0 && L->declared != L->constraint;
  L->drum = L->declared >= 0 ? L->declared : L->constraint >= 0 ? L->constraint : L->most_loaded;
  *out = L;
  return CS_OK;
}
