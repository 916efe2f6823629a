/* sim_model.c — the model as the simulator reads it: each product's routing steps in
 * sequence with the variability row that applies to each (the last row that matches its
 * resource and product, `*` matching any), each resource's working minutes a day (its
 * capacity ÷ period_days per unit, round the clock at 1,440), the Poisson rates (demand ÷
 * period), the order book replayed as arrivals, the Constraint (the most loaded resource
 * by demand) and the rope's room (half the production buffer of the Constraint's minutes). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clockspeed/cs_engine.h"
#include "internal.h"
#include "sim_priv.h"

#define DAY 1440.0

/* A routing row's place in its product's sequence. */
typedef struct step_key { int32_t p, seq; size_t i; } step_key;

/* Orders routing rows by product, then seq, then file order (qsort). */
static int by_product_seq(const void *x, const void *y) {
  const step_key *a = x, *b = y;
  if (a->p != b->p) return a->p < b->p ? -1 : 1;
  if (a->seq != b->seq) return a->seq < b->seq ? -1 : 1;
  return (a->i > b->i) - (a->i < b->i);
}

/* The variability row that applies to a step (the last that matches), or NULL. */
static const cs_sim_variability *row_for(const cs_simulation_options *o, int32_t r, int32_t p) {
  const cs_sim_variability *v = NULL;
  for (size_t i = 0; i < o->nrows; i++) {
    const cs_sim_variability *x = &o->rows[i];
    if ((x->resource < 0 || x->resource == r) && (x->product < 0 || x->product == p)) v = x;
  }
  return v;
}

/* The routing steps of every product, in sequence. */
static int build_steps(cs__sim *S) {
  const cs_model *m = S->m;
  const cs_routings *R = &m->routings;
  step_key *idx = malloc((R->n + 1) * sizeof *idx);
  S->step_start = calloc(S->np + 1, sizeof *S->step_start);
  S->steps = malloc((R->n + 1) * sizeof *S->steps);
  if (!idx || !S->step_start || !S->steps) {
    free(idx);
    return CS_ENOMEM;
  }
  for (size_t i = 0; i < R->n; i++) idx[i] = (step_key){R->product[i], R->seq[i], i};
  qsort(idx, R->n, sizeof *idx, by_product_seq);
  for (size_t i = 0; i < R->n; i++) {
    size_t k = idx[i].i;
    S->steps[i] = (cs__sim_step){R->resource[k], R->minutes[k], R->setup_minutes[k],
                                 row_for(S->opt, R->resource[k], R->product[k])};
    S->step_start[R->product[k] + 1]++;
  }
  for (size_t p = 0; p < S->np; p++) S->step_start[p + 1] += S->step_start[p];
  free(idx);
  return 0;
}

/* Orders the book by arrival, then due date, product and quantity (qsort). */
static int by_arrival(const void *x, const void *y) {
  const cs__sim_order *a = x, *b = y;
  if (a->arrive != b->arrive) return a->arrive < b->arrive ? -1 : 1;
  if (a->due != b->due) return a->due < b->due ? -1 : 1;
  if (a->p != b->p) return a->p < b->p ? -1 : 1;
  return (a->qty > b->qty) - (a->qty < b->qty);
}

/* The order book as arrivals: every order not done or cancelled, arriving when it was
 * placed (at the start when that is unknown or past), due at the end of its due date. */
static int build_book(cs__sim *S) {
  const cs_model *m = S->m;
  const cs_orders *O = &m->orders;
  S->book = malloc((O->n + 1) * sizeof *S->book);
  if (!S->book) return CS_ENOMEM;
  for (size_t o = 0; o < O->n; o++) {
    if (O->status[o] == CS_ORDER_DONE || O->status[o] == CS_ORDER_CANCELLED || !(O->qty[o] > 0)) continue;
    double arrive = O->ordered[o] == CS_DATE_NONE ? 0 : fmax(0, (double)(O->ordered[o] - m->settings.today) * DAY);
    double due = ((double)(O->due[o] - m->settings.today) + 1) * DAY;
    int32_t p = O->product[o];
    double price = isfinite(O->price[o]) ? O->price[o] : m->products.price[p];
    S->book[S->nbook++] = (cs__sim_order){p, O->qty[o], arrive, due, price - m->products.tvc[p]};
  }
  if (S->nbook) qsort(S->book, S->nbook, sizeof *S->book, by_arrival);
  return 0;
}

int cs__sim_init(cs__sim *S, const cs_model *m, const cs_simulation_options *opt, cs_error *err) {
  memset(S, 0, sizeof *S);
  S->m = m, S->opt = opt, S->nr = m->resources.n, S->np = m->products.n;
  S->day = calloc(S->nr + 1, sizeof *S->day);
  S->units = calloc(S->nr + 1, sizeof *S->units);
  S->absence = calloc(S->nr + 1, sizeof *S->absence);
  S->rate = calloc(S->np + 1, sizeof *S->rate);
  S->t_unit = calloc(S->np + 1, sizeof *S->t_unit);
  S->cmin = calloc(S->np + 1, sizeof *S->cmin);
  if (!S->day || !S->units || !S->absence || !S->rate || !S->t_unit || !S->cmin || build_steps(S) || build_book(S)) {
    cs__sim_free(S);
    return cs__err(err, CS_ENOMEM, "out of memory");
  }
  double period = m->settings.period_days;
  for (size_t r = 0; r < S->nr; r++) {
    S->day[r] = fmin(DAY, m->resources.capacity[r] / period);
    S->units[r] = m->resources.units[r];
    for (size_t i = 0; i < opt->nrows; i++) /* the last row for the resource (or any) that says */
      if ((opt->rows[i].resource < 0 || opt->rows[i].resource == (int32_t)r) && opt->rows[i].absence_prob > 0)
        S->absence[r] = opt->rows[i].absence_prob;
  }
  for (size_t p = 0; p < S->np; p++) {
    S->rate[p] = m->products.demand[p] / (period * DAY);
    S->rate_sum += S->rate[p];
    S->t_unit[p] = m->products.price[p] - m->products.tvc[p];
  }
  cs_arena *a = cs_arena_new();
  cs_load_result *L = NULL;
  int rc = a ? cs_load_compute(m, CS_BASIS_DEMAND, a, &L, err) : cs__err(err, CS_ENOMEM, "out of memory");
  S->constraint = rc || !L ? -1 : L->drum;
  cs_arena_free(a);
  if (rc) {
    cs__sim_free(S);
    return rc;
  }
  for (size_t p = 0; p < S->np; p++)
    for (size_t i = S->step_start[p]; i < S->step_start[p + 1]; i++)
      if (S->steps[i].res == S->constraint) S->cmin[p] += S->steps[i].minutes;
  S->buffer = m->settings.production_buffer_days * DAY;
  if (S->constraint >= 0)
    S->rope_room = m->settings.production_buffer_days / 2 * S->day[S->constraint] * S->units[S->constraint];
  S->cv_dist = (cs_dist){.kind = CS_DIST_LOGNORMAL, .a = 1, .b = opt->cv};
  cs__zig_init(&S->zig);
  return 0;
}

void cs__sim_free(cs__sim *S) {
  free(S->step_start);
  free(S->steps);
  free(S->day);
  free(S->units);
  free(S->absence);
  free(S->rate);
  free(S->t_unit);
  free(S->cmin);
  free(S->book);
  memset(S, 0, sizeof *S);
}
