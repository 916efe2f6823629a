/* sdbr.c — Simplified Drum-Buffer-Rope (DESIGN §2): the drum's planned load and its date,
 * safe dates for new requests, and the rope that releases work by the drum's pace. Also
 * the drum calendar the schedule shares. Method: docs/flow.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "flow_priv.h"
#include "internal.h"

bool cs_order_open(const cs_model *m, size_t o) {
  return m->orders.status[o] == CS_ORDER_CONFIRMED || m->orders.status[o] == CS_ORDER_RELEASED;
}

double cs_order_remaining_minutes(const cs_model *m, size_t o, int32_t r) {
  int32_t p = m->orders.product[o];
  size_t first = m->route_start[p] + (size_t)m->orders.steps_done[o];
  double v = 0;
  for (size_t i = first; i < m->route_start[p + 1]; i++) {
    size_t s = m->route_index[i];
    if (m->routings.resource[s] == r) v += m->routings.minutes[s];
  }
  return v * m->orders.qty[o];
}

int32_t cs_flow_drum(const cs_model *m, cs_arena *a, cs_error *err) {
  cs_load_result *L;
  if (cs_load_compute(m, CS_BASIS_DEMAND, a, &L, err)) return -1;
  return L->drum;
}

void cs__drum_cal_init(cs__drum_cal *c, const cs_model *m, int32_t r, cs_date start, cs_arena *a) {
  memset(c, 0, sizeof *c);
  c->m = m;
  c->drum = r;
  c->start = start;
  c->a = a;
}

/* Makes sure the calendar covers day d (0-based from start). */
static int cover(cs__drum_cal *c, size_t d) {
  if (d < c->ndays) return 0;
  if (d >= c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 64;
    while (cap <= d) cap *= 2;
    double *n = cs_arena_alloc(c->a, cap * sizeof(double));
    if (!n) return CS_ENOMEM;
    if (c->ndays) memcpy(n, c->minutes, c->ndays * sizeof(double));
    c->minutes = n;
    c->cap = cap;
  }
  for (; c->ndays <= d; c->ndays++)
    c->minutes[c->ndays] = cs_available_minutes(c->m, c->drum, c->start + (cs_date)c->ndays, 1);
  return 0;
}

#define MAX_DAYS 3650

int cs__drum_cal_advance(cs__drum_cal *c, double from_days, double minutes, double *end_days, cs_error *err) {
  double pos = from_days < 0 ? 0 : from_days;
  double left = minutes;
  while (left > 1e-9) {
    size_t d = (size_t)floor(pos);
    if (d >= MAX_DAYS)
      return cs__err(err, CS_EINPUT, "the drum %s has too little capacity to finish its work within ten years",
                     c->m->resources.id[c->drum]);
    if (cover(c, d)) return cs__err(err, CS_ENOMEM, "out of memory");
    double day = c->minutes[d], frac = pos - (double)d, room = day * (1 - frac);
    if (room >= left) {
      pos += left / day;
      left = 0;
    } else {
      left -= room;
      pos = (double)d + 1;
    }
  }
  *end_days = pos;
  return 0;
}

cs_date cs__half_buffer_days(const cs_model *m) {
  return (cs_date)ceil(m->settings.production_buffer_days / 2 - 1e-9);
}

int cs_sdbr_compute(const cs_model *m, cs_date at, cs_arena *a, cs_sdbr **out, cs_error *err) {
  cs_sdbr *s = cs_arena_calloc(a, 1, sizeof *s);
  if (!s) return cs__err(err, CS_ENOMEM, "out of memory");
  s->at = at == CS_DATE_NONE ? m->settings.today : at;
  if (s->at == CS_DATE_NONE) return cs__err(err, CS_EINPUT, "S-DBR needs settings.today or --at");
  s->buffer_days = m->settings.production_buffer_days;
  s->drum = cs_flow_drum(m, a, err);
  if (s->drum < 0) return cs__err(err, CS_EINPUT, "the model has no resources to pace the flow");
  for (size_t o = 0; o < m->orders.n; o++)
    if (cs_order_open(m, o)) s->planned_minutes += cs_order_remaining_minutes(m, o, s->drum);
  cs__drum_cal c;
  cs__drum_cal_init(&c, m, s->drum, s->at, a);
  int rc = cs__drum_cal_advance(&c, 0, s->planned_minutes, &s->planned_load_days, err);
  if (rc) return rc;
  s->planned_load_date = s->at + (cs_date)floor(s->planned_load_days + 1e-9);
  *out = s;
  return 0;
}

int cs_sdbr_promise(const cs_model *m, const cs_sdbr *s, int32_t p, double qty, cs_promise *out,
                    cs_error *err) {
  if (p < 0 || (size_t)p >= m->products.n) return cs__err(err, CS_EINPUT, "no product with index %d", (int)p);
  if (!(qty > 0)) return cs__err(err, CS_EINPUT, "the quantity must be positive");
  double own = qty * cs_product_minutes(m, p, s->drum), days = 0;
  cs_arena *a = cs_arena_new();
  if (!a) return cs__err(err, CS_ENOMEM, "out of memory");
  cs__drum_cal c;
  cs__drum_cal_init(&c, m, s->drum, s->at, a);
  int rc = cs__drum_cal_advance(&c, 0, s->planned_minutes + own, &days, err);
  cs_arena_free(a);
  if (rc) return rc;
  out->planned_load_days = days;
  out->planned_load_date = s->at + (cs_date)floor(days + 1e-9);
  cs_date pb = (cs_date)ceil(s->buffer_days - 1e-9);
  cs_date a1 = s->at + pb, a2 = out->planned_load_date + cs__half_buffer_days(m);
  out->safe_date = a1 > a2 ? a1 : a2;
  return 0;
}

/* Orders rope entries by release date, then as the order book lists them. */
static int by_release(const void *x, const void *y) {
  const cs_rope_entry *a = x, *b = y;
  return cs__by_date_then_order(a->release_date, a->order, b->release_date, b->order);
}

int cs_rope_compute(const cs_model *m, cs_date at, cs_arena *a, cs_rope **out, cs_error *err) {
  if (at == CS_DATE_NONE) at = m->settings.today;
  cs_rope *R = cs_arena_calloc(a, 1, sizeof *R);
  size_t n = m->orders.n;
  if (!R || !(R->release = cs_arena_calloc(a, n + 1, sizeof *R->release)) ||
      !(R->held = cs_arena_calloc(a, n + 1, sizeof *R->held)))
    return cs__err(err, CS_ENOMEM, "out of memory");
  cs_date pb = (cs_date)ceil(m->settings.production_buffer_days - 1e-9);
  for (size_t o = 0; o < n; o++) {
    if (m->orders.status[o] != CS_ORDER_CONFIRMED) continue;
    cs_rope_entry e = {(int32_t)o, m->orders.due[o] - pb};
    if (e.release_date <= at) R->release[R->nrelease++] = e;
    else R->held[R->nheld++] = e;
  }
  qsort(R->release, R->nrelease, sizeof *R->release, by_release);
  qsort(R->held, R->nheld, sizeof *R->held, by_release);
  *out = R;
  return 0;
}
