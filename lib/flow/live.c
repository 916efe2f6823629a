/* live.c — signals kept live as events arrive. Each open order contributes its remaining
 * work to the resources it still visits, its penetration and colour, and its place in the
 * queue of the resource it waits at. An event that names an order takes that order's
 * contribution out, lets the model change (the event applied), and puts the new contribution
 * back: the cost is the order's routing and one queue, not the order book. A capacity
 * event refreshes one resource; a setting change rebuilds everything (settings move every
 * order's penetration). Method: docs/internals/live.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clockspeed/cs_events.h"
#include "clockspeed/cs_live.h"
#include "engine_priv.h"
#include "internal.h"
#include "model_priv.h"

/* A resource's queue: order indices by due date, then index (= deepest penetration first,
 * since every open order shares the same now and buffer). */
typedef struct queue {
  int32_t *v;
  size_t n, cap;
} queue;

struct cs_live {
  cs_model *m;
  cs_live_signals s;
  size_t nr, ocap;
  double *work, *avail, *load;
  double *dwork, *davail;      /* one period of demand and capacity: they name the drum */
  double *pen;
  int8_t *color;
  int32_t *at_res;
  queue *q;
  double *drum_day;            /* the drum's minutes on each day from now */
  size_t ndays, dcap;
};

/* Grows the per-order arrays to hold n orders. */
static int reserve_orders(cs_live *L, size_t n) {
  if (n <= L->ocap) return 0;
  size_t cap = L->ocap ? L->ocap : 64;
  while (cap < n) cap *= 2;
  double *pen = realloc(L->pen, cap * sizeof *pen);
  if (pen) L->pen = pen;
  int8_t *color = realloc(L->color, cap * sizeof *color);
  if (color) L->color = color;
  int32_t *at = realloc(L->at_res, cap * sizeof *at);
  if (at) L->at_res = at;
  if (!pen || !color || !at) return CS_ENOMEM;
  for (size_t o = L->ocap; o < cap; o++) {
    L->pen[o] = NAN;
    L->color[o] = -1;
    L->at_res[o] = -1;
  }
  L->ocap = cap;
  return 0;
}

/* Queue order: by due date, then by index. */
static int before(const cs_model *m, int32_t a, int32_t b) {
  if (m->orders.due[a] != m->orders.due[b]) return m->orders.due[a] < m->orders.due[b];
  return a < b;
}

static int queue_insert(cs_live *L, int32_t r, int32_t o) {
  queue *q = &L->q[r];
  if (q->n == q->cap) {
    size_t cap = q->cap ? q->cap * 2 : 8;
    int32_t *v = realloc(q->v, cap * sizeof *v);
    if (!v) return CS_ENOMEM;
    q->v = v;
    q->cap = cap;
  }
  size_t lo = 0, hi = q->n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (before(L->m, q->v[mid], o)) lo = mid + 1;
    else hi = mid;
  }
  memmove(q->v + lo + 1, q->v + lo, (q->n - lo) * sizeof *q->v);
  q->v[lo] = o;
  q->n++;
  return 0;
}

static void queue_remove(cs_live *L, int32_t r, int32_t o) {
  queue *q = &L->q[r];
  for (size_t i = 0; i < q->n; i++)
    if (q->v[i] == o) {
      memmove(q->v + i, q->v + i + 1, (q->n - i - 1) * sizeof *q->v);
      q->n--;
      return;
    }
}

/* The drum's minutes on day d from now, computed once and kept. */
static double drum_day(cs_live *L, size_t d) {
  if (d >= L->ndays) {
    if (d >= L->dcap) {
      size_t cap = L->dcap ? L->dcap : 64;
      while (cap <= d) cap *= 2;
      double *v = realloc(L->drum_day, cap * sizeof *v);
      if (!v) return 0;
      L->drum_day = v;
      L->dcap = cap;
    }
    for (; L->ndays <= d; L->ndays++)
      L->drum_day[L->ndays] = cs_available_minutes(L->m, L->s.drum, L->s.now + (cs_date)L->ndays, 1);
  }
  return L->drum_day[d];
}

/* Walks the drum's days until the planned minutes are used up (at most ten years). */
static void planned_load(cs_live *L) {
  if (L->s.drum < 0) return; /* no plant */
  double left = L->s.planned_minutes, pos = 0;
  for (size_t d = 0; left > 1e-9 && d < 3650; d++) {
    double day = drum_day(L, d);
    if (day >= left) {
      pos = (double)d + left / day;
      left = 0;
    } else {
      left -= day;
      pos = (double)d + 1;
    }
  }
  L->s.planned_load_days = pos;
  L->s.planned_load_date = L->s.now + (cs_date)floor(pos + 1e-9);
}

/* Adds (sign 1) or takes out (sign -1) order o's contribution to every signal. */
static int contribute(cs_live *L, size_t o, int sign) {
  const cs_model *m = L->m;
  if (!cs_order_open(m, o)) return 0;
  int32_t p = m->orders.product[o];
  double qty = m->orders.qty[o];
  for (size_t i = m->route_start[p] + (size_t)m->orders.steps_done[o]; i < m->route_start[p + 1]; i++) {
    size_t st = m->route_index[i];
    int32_t r = m->routings.resource[st];
    double w = sign * qty * m->routings.minutes[st];
    L->work[r] += w;
    if (sign < 0 && fabs(L->work[r]) < 1e-9) L->work[r] = 0;
    L->load[r] = L->avail[r] > 0 ? L->work[r] / L->avail[r] : 0;
    if (r == L->s.drum) L->s.planned_minutes += w;
  }
  if (fabs(L->s.planned_minutes) < 1e-9) L->s.planned_minutes = 0;
  if (!L->pen || !L->color || !L->at_res) return CS_ENOMEM;
  if (sign > 0) {
    double bp = cs_penetration(m->orders.due[o], L->s.now, m->settings.production_buffer_days);
    L->pen[o] = bp;
    L->color[o] = (int8_t)cs_color_of(bp);
    L->s.counts[L->color[o]]++;
    size_t next = m->route_start[p] + (size_t)m->orders.steps_done[o];
    if (m->orders.status[o] == CS_ORDER_RELEASED && next < m->route_start[p + 1]) {
      L->at_res[o] = m->routings.resource[m->route_index[next]];
      if (queue_insert(L, L->at_res[o], (int32_t)o)) return CS_ENOMEM;
    }
  } else {
    L->s.counts[L->color[o]]--;
    if (L->at_res[o] >= 0) queue_remove(L, L->at_res[o], (int32_t)o);
    L->pen[o] = NAN;
    L->color[o] = -1;
    L->at_res[o] = -1;
  }
  return 0;
}

/* The drum, as cs_load_compute names it: the declared constraint, else the resource with
 * the highest load from one period of demand (the first among equals). */
static int32_t pick_drum(const cs_live *L) {
  if (L->m->settings.constraint >= 0) return L->m->settings.constraint;
  int32_t best = -1;
  double top = 0;
  for (size_t r = 0; r < L->nr; r++) {
    double load = L->davail[r] > 0 ? L->dwork[r] / L->davail[r] : L->dwork[r] > 0 ? INFINITY : 0;
    if (best < 0 || load > top) {
      best = (int32_t)r;
      top = load;
    }
  }
  return best;
}

/* Builds every signal from the model. */
static int build(cs_live *L, cs_error *err) {
  cs_model *m = L->m;
  L->nr = m->resources.n;
  L->work = calloc(L->nr + 1, sizeof *L->work);
  L->avail = calloc(L->nr + 1, sizeof *L->avail);
  L->load = calloc(L->nr + 1, sizeof *L->load);
  L->q = calloc(L->nr + 1, sizeof *L->q);
  L->dwork = calloc(L->nr + 1, sizeof *L->dwork);
  L->davail = calloc(L->nr + 1, sizeof *L->davail);
  if (!L->work || !L->avail || !L->load || !L->q || !L->dwork || !L->davail || reserve_orders(L, m->orders.n + 1))
    return cs__err(err, CS_ENOMEM, "out of memory");
  L->s.now = m->settings.today;
  if (L->s.now == CS_DATE_NONE) return cs__err(err, CS_EINPUT, "live signals need settings.today");
  for (size_t i = 0; i < m->routings.n; i++) {
    double d = m->products.demand[m->routings.product[i]];
    if (d > 0) L->dwork[m->routings.resource[i]] += d * m->routings.minutes[i] + m->routings.setup_minutes[i];
  }
  for (size_t r = 0; r < L->nr; r++)
    L->davail[r] = cs_available_minutes(m, (int32_t)r, m->settings.today, m->settings.period_days);
  L->s.drum = pick_drum(L);
  /* A sales desk alone has no plant: its signals stay empty, with no drum. */
  if (!L->nr) {
    L->s.planned_load_date = CS_DATE_NONE;
    return 0;
  }
  cs__available_all(m, m->settings.today, m->settings.horizon_days, L->avail);
  for (size_t o = 0; o < m->orders.n; o++)
    if (contribute(L, o, 1)) return cs__err(err, CS_ENOMEM, "out of memory");
  planned_load(L);
  return 0;
}

/* Frees everything the state holds, leaving the model. */
static void clear(cs_live *L) {
  for (size_t r = 0; L->q && r < L->nr; r++) free(L->q[r].v);
  free(L->q);
  free(L->work);
  free(L->avail);
  free(L->load);
  free(L->dwork);
  free(L->davail);
  free(L->pen);
  free(L->color);
  free(L->at_res);
  free(L->drum_day);
  cs_model *m = L->m;
  memset(L, 0, sizeof *L);
  L->m = m;
}

/* Makes the published signals point at the current arrays (they move when they grow). */
static void publish(cs_live *L) {
  cs_live_signals *s = &L->s;
  s->nresources = L->nr;
  s->norders = L->m->orders.n;
  s->work = L->work;
  s->available = L->avail;
  s->load = L->load;
  s->penetration = L->pen;
  s->color = L->color;
  s->at_resource = L->at_res;
}

int cs_live_new(cs_model *m, cs_live **out, cs_error *err) {
  *out = NULL;
  cs_live *L = calloc(1, sizeof *L);
  if (!L) return cs__err(err, CS_ENOMEM, "out of memory");
  L->m = m;
  int rc = build(L, err);
  publish(L);
  if (rc) {
    cs_live_free(L);
    return rc;
  }
  *out = L;
  return 0;
}

void cs_live_free(cs_live *L) {
  if (!L) return;
  clear(L);
  free(L);
}

/* Builds everything again from the model (a setting changed, or the drum wandered). */
static int rebuild(cs_live *L, cs_error *err) {
  clear(L);
  int rc = build(L, err);
  publish(L);
  return rc;
}

/* Refreshes resource r after its calendar changed. Tells whether the drum wandered (the
 * caller then rebuilds). */
static bool wandered_after_refresh(cs_live *L, int32_t r) {
  const cs_model *m = L->m;
  L->avail[r] = cs_available_minutes(m, r, m->settings.today, m->settings.horizon_days);
  L->load[r] = L->avail[r] > 0 ? L->work[r] / L->avail[r] : 0;
  L->davail[r] = cs_available_minutes(m, r, m->settings.today, m->settings.period_days);
  if (pick_drum(L) != L->s.drum) return true;
  if (r == L->s.drum) L->ndays = 0; /* the drum's days are computed again as needed */
  return false;
}

int cs_live_apply(cs_live *L, const cs_event *ev, const cs_loc *loc, cs_error *err) {
  cs_model *m = L->m;
  int32_t o = ev->order_id && ev->type != CS_EVENT_ORDER_CREATED ? cs_model_find_order(m, ev->order_id) : -1;
  size_t before_n = m->orders.n;
  if (o >= 0 && contribute(L, (size_t)o, -1)) return cs__err(err, CS_ENOMEM, "out of memory");
  int rc = cs_event_apply(m, ev, loc, err);
  if (rc) {
    if (o >= 0) contribute(L, (size_t)o, 1);
    return rc;
  }
  if (ev->type == CS_EVENT_SETTING_CHANGED) return rebuild(L, err);
  if (o >= 0 && contribute(L, (size_t)o, 1)) return cs__err(err, CS_ENOMEM, "out of memory");
  for (size_t n = before_n; n < m->orders.n; n++)
    if (reserve_orders(L, n + 1) || contribute(L, n, 1)) return cs__err(err, CS_ENOMEM, "out of memory");
  if (ev->type == CS_EVENT_RESOURCE_CAPACITY) {
    int32_t r = cs_model_find_resource(m, ev->resource_id);
    if (wandered_after_refresh(L, r)) return rebuild(L, err); /* the Constraint has wandered */
  }
  planned_load(L);
  publish(L);
  return 0;
}

int cs_live_rollback(cs_live *L, cs_error *err) {
  cs_model *m = L->m;
  bool full = false;
  /* Resources whose calendar the batch touched, refreshed once at the end. */
  int32_t *touched = calloc(L->nr + 1, sizeof *touched);
  if (!touched) full = true;
  for (const cs__jentry *e; (e = cs__journal_last(m));) {
    size_t i = e->index;
    switch (e->kind) {
      case CS__J_ORDER:
        contribute(L, i, -1);
        cs__journal_undo_last(m);
        contribute(L, i, 1);
        break;
      case CS__J_ORDER_ADDED:
        contribute(L, i, -1);
        cs__journal_undo_last(m);
        break;
      case CS__J_CALENDAR:
      case CS__J_CALENDAR_ADDED:
        if (touched) touched[m->calendar.resource[i]] = 1;
        cs__journal_undo_last(m);
        break;
      case CS__J_SETTINGS:
        full = true;
        cs__journal_undo_last(m);
        break;
      default: /* the sales desk's: the plant's signals do not read them */
        cs__journal_undo_last(m);
        break;
    }
  }
  cs_model_rollback(m);
  for (size_t r = 0; !full && r < L->nr; r++)
    if (touched[r] && wandered_after_refresh(L, (int32_t)r)) full = true;
  free(touched);
  if (full) return rebuild(L, err);
  planned_load(L);
  publish(L);
  return 0;
}

const cs_live_signals *cs_live_get(const cs_live *L) { return &L->s; }

const int32_t *cs_live_queue(const cs_live *L, int32_t r, size_t *n) {
  *n = L->q[r].n;
  return L->q[r].v;
}

/* Whether two sums agree within rounding. */
static int close_to(double a, double b) { return fabs(a - b) <= 1e-6 * fmax(1, fabs(b)); }

/* Compares the signals with what the batch modules compute from the model alone:
 * cs_flow_drum, cs_sdbr_compute (planned load), cs_buffers_compute (penetration, colours,
 * queues) and each order's remaining minutes (work per resource). */
static int check_against_batch(const cs_live *L, cs_arena *a, cs_error *err) {
  const cs_model *m = L->m;
  const int bad = CS_EINPUT;
  int32_t drum = cs_flow_drum(m, a, err);
  if (drum != L->s.drum) return cs__err(err, bad, "drum %d, cs_flow_drum %d", L->s.drum, drum);
  cs_sdbr *sd;
  cs_buffers *B;
  int rc = cs_sdbr_compute(m, CS_DATE_NONE, a, &sd, err);
  if (!rc) rc = cs_buffers_compute(m, CS_DATE_NONE, a, &B, err);
  if (rc) return rc;
  if (!close_to(L->s.planned_minutes, sd->planned_minutes) || L->s.planned_load_date != sd->planned_load_date ||
      fabs(L->s.planned_load_days - sd->planned_load_days) > 1e-6)
    return cs__err(err, bad, "planned load %.9g minutes (%.9g days), cs_sdbr_compute %.9g (%.9g days)",
                   L->s.planned_minutes, L->s.planned_load_days, sd->planned_minutes, sd->planned_load_days);
  /* Work per resource from each open order's remaining minutes (cs_flow.h), each resource
   * of its routing counted once (stamp marks the order that counted it last). */
  double *work = cs_arena_calloc(a, L->nr + 1, sizeof *work);
  size_t *stamp = cs_arena_calloc(a, L->nr + 1, sizeof *stamp);
  if (!work || !stamp) return cs__err(err, CS_ENOMEM, "out of memory");
  size_t counts[4] = {0}, open = 0;
  for (size_t o = 0; o < m->orders.n; o++) {
    if (!cs_order_open(m, o)) {
      if (L->color[o] >= 0) return cs__err(err, bad, "order %s is closed but has a colour", m->orders.id[o]);
      continue;
    }
    open++;
    int32_t p = m->orders.product[o];
    for (size_t i = m->route_start[p]; i < m->route_start[p + 1]; i++) {
      int32_t r = m->routings.resource[m->route_index[i]];
      if (stamp[r] == o + 1) continue;
      stamp[r] = o + 1;
      work[r] += cs_order_remaining_minutes(m, o, r);
    }
  }
  if (B->n != open) return cs__err(err, bad, "%zu open orders, cs_buffers_compute %zu", open, B->n);
  for (size_t i = 0; i < B->n; i++) {
    const cs_buffer_order *e = &B->orders[i];
    size_t o = (size_t)e->order;
    counts[e->color]++;
    int same_pen = L->pen[o] == e->penetration || (isnan(L->pen[o]) && isnan(e->penetration));
    if (!same_pen || L->color[o] != (int8_t)e->color || L->at_res[o] != e->at_resource)
      return cs__err(err, bad, "order %s: penetration %g, colour %d at %d; cs_buffers_compute %g, %d at %d",
                     m->orders.id[o], L->pen[o], L->color[o], L->at_res[o], e->penetration, (int)e->color,
                     e->at_resource);
  }
  for (int c = 0; c < 4; c++)
    if (L->s.counts[c] != counts[c])
      return cs__err(err, bad, "%zu %s orders, cs_buffers_compute %zu", L->s.counts[c], cs_color_name((cs_color)c), counts[c]);
  for (size_t r = 0; r < L->nr; r++) {
    size_t n = B->queue_start[r + 1] - B->queue_start[r];
    if (n != L->q[r].n || (n && memcmp(L->q[r].v, B->queue + B->queue_start[r], n * sizeof(int32_t)) != 0))
      return cs__err(err, bad, "resource %s: queue of %zu orders, cs_buffers_compute %zu", m->resources.id[r], L->q[r].n, n);
    double w = work[r], avail = cs_available_minutes(m, (int32_t)r, m->settings.today, m->settings.horizon_days);
    if (!close_to(L->work[r], w) || !close_to(L->avail[r], avail))
      return cs__err(err, bad, "resource %s: work %.9g of %.9g, recomputed %.9g of %.9g", m->resources.id[r],
                     L->work[r], L->avail[r], w, avail);
  }
  return 0;
}

int cs_live_check(const cs_live *L, cs_error *err) {
  cs_arena *a = cs_arena_new();
  if (!a) return cs__err(err, CS_ENOMEM, "out of memory");
  int rc = check_against_batch(L, a, err);
  cs_arena_free(a);
  return rc;
}

size_t cs_live_bytes(const cs_live *L) {
  size_t b = sizeof *L + L->nr * (5 * sizeof(double) + sizeof(queue)) +
             L->ocap * (sizeof(double) + sizeof(int8_t) + sizeof(int32_t)) + L->dcap * sizeof(double);
  for (size_t r = 0; r < L->nr; r++) b += L->q[r].cap * sizeof(int32_t);
  return b;
}
