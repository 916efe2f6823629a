/* buffers.c — buffer management (DESIGN §2): the penetration of every open order into its
 * production buffer, its colour, each resource's priority queue (the released orders
 * waiting for a step on it, deepest penetration first), the Pareto of where red and black
 * orders wait, and the non-constraints whose protective capacity is too thin. */
#include <math.h>
#include <stdlib.h>

#include "flow_priv.h"
#include "internal.h"

static const char *const color_names[] = {"green", "yellow", "red", "black"};

const char *cs_color_name(cs_color c) { return c <= CS_BLACK ? color_names[c] : "unknown"; }

double cs_penetration(cs_date due, cs_date now, double pb_days) {
  if (pb_days <= 0) return now >= due ? INFINITY : 0;
  return 1 - (double)(due - now) / pb_days;
}

cs_color cs_color_of(double bp) {
  return bp >= 1 ? CS_BLACK : bp >= 2.0 / 3 ? CS_RED : bp >= 1.0 / 3 ? CS_YELLOW : CS_GREEN;
}

/* The resource of order o's next step, or -1 when it has none left. */
static int32_t next_resource(const cs_model *m, size_t o) {
  int32_t p = m->orders.product[o];
  size_t i = m->route_start[p] + (size_t)m->orders.steps_done[o];
  return i < m->route_start[p + 1] ? m->routings.resource[m->route_index[i]] : -1;
}

/* Deepest penetration first; ties by due date, then as the order book lists them. */
static int by_penetration(const void *x, const void *y) {
  const cs_buffer_order *a = x, *b = y;
  if (a->penetration != b->penetration) return a->penetration > b->penetration ? -1 : 1;
  if (a->due != b->due) return a->due < b->due ? -1 : 1;
  return a->order < b->order ? -1 : a->order > b->order;
}

/* Most red and black orders first, then most throughput held. */
static int by_weight(const void *x, const void *y) {
  const cs_cause *a = x, *b = y;
  if (a->orders != b->orders) return a->orders > b->orders ? -1 : 1;
  if (a->throughput != b->throughput) return a->throughput > b->throughput ? -1 : 1;
  return a->resource < b->resource ? -1 : a->resource > b->resource;
}

int cs_buffers_compute(const cs_model *m, cs_date at, cs_arena *a, cs_buffers **out, cs_error *err) {
  if (at == CS_DATE_NONE) at = m->settings.today;
  if (at == CS_DATE_NONE) return cs__err(err, CS_EINPUT, "buffers need settings.today or --at");
  size_t n = m->orders.n, nr = m->resources.n;
  double pb = m->settings.production_buffer_days;
  cs_date pbd = (cs_date)ceil(pb - 1e-9);
  cs_buffers *B = cs_arena_calloc(a, 1, sizeof *B);
  if (!B) return cs__err(err, CS_ENOMEM, "out of memory");
  B->at = at;
  const cs_arena_slot slots[] = {CS_ARENA_SLOT(B->orders, n + 1), CS_ARENA_SLOT(B->queue_start, nr + 2),
                             CS_ARENA_SLOT(B->queue, n + 1),  CS_ARENA_SLOT(B->causes, nr + 2),
                             CS_ARENA_SLOT(B->flagged, nr + 1), CS_ARENA_SLOT(B->protective, nr + 1)};
  if (cs_arena_fill(a, slots, sizeof slots / sizeof slots[0])) return cs__err(err, CS_ENOMEM, "out of memory");
  for (size_t o = 0; o < n; o++) {
    if (!cs_order_open(m, o)) continue;
    cs_buffer_order *e = &B->orders[B->n++];
    e->order = (int32_t)o;
    e->due = m->orders.due[o];
    int released = m->orders.status[o] == CS_ORDER_RELEASED;
    e->release = released && m->orders.released[o] != CS_DATE_NONE ? m->orders.released[o] : e->due - pbd;
    e->penetration = cs_penetration(e->due, at, pb);
    e->color = cs_color_of(e->penetration);
    e->at_resource = released ? next_resource(m, o) : -1;
  }
  qsort(B->orders, B->n, sizeof *B->orders, by_penetration);

  /* Queues: count per resource, then fill in penetration order (already sorted). */
  for (size_t i = 0; i < B->n; i++)
    if (B->orders[i].at_resource >= 0) B->queue_start[B->orders[i].at_resource + 1]++;
  for (size_t r = 0; r < nr; r++) B->queue_start[r + 1] += B->queue_start[r];
  size_t *fill = cs_arena_calloc(a, nr + 1, sizeof *fill);
  if (!fill) return cs__err(err, CS_ENOMEM, "out of memory");
  for (size_t i = 0; i < B->n; i++) {
    int32_t r = B->orders[i].at_resource;
    if (r >= 0) B->queue[B->queue_start[r] + fill[r]++] = B->orders[i].order;
  }

  /* Causes: where the red and black orders wait; slot nr is "not released in time". */
  for (size_t r = 0; r <= nr; r++) B->causes[r].resource = r < nr ? (int32_t)r : -1;
  for (size_t i = 0; i < B->n; i++) {
    const cs_buffer_order *e = &B->orders[i];
    if (e->color < CS_RED) continue;
    size_t slot = e->at_resource >= 0 ? (size_t)e->at_resource : nr;
    size_t o = (size_t)e->order;
    B->causes[slot].orders++;
    B->causes[slot].throughput += m->orders.qty[o] * (m->orders.price[o] - m->products.tvc[m->orders.product[o]]);
  }
  qsort(B->causes, nr + 1, sizeof *B->causes, by_weight);
  while (B->ncauses <= nr && B->causes[B->ncauses].orders > 0) B->ncauses++;

  /* Protective capacity on one period of demand; the drum is exempt. */
  cs_load_result *L;
  int rc = cs_load_compute(m, CS_BASIS_DEMAND, a, &L, err);
  if (rc) return rc;
  B->drum = L->drum;
  for (size_t r = 0; r < nr; r++) {
    B->protective[r] = 1 - L->load[r];
    if ((int32_t)r != L->drum && B->protective[r] < m->settings.protective_capacity_min)
      B->flagged[B->nflagged++] = (int32_t)r;
  }
  *out = B;
  return 0;
}
