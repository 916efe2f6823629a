/* state.c — the server's in-memory state and its lock (state.h). The model, the live
 * signals and the bid prices change only here, under the write lock; reads share the
 * read lock and change nothing. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "state.h"

/* An order's colour as told to people: its deadband, the last batch that fed it and the
 * last whose announcement it changed, and whether it is on the watch list. */
typedef struct told {
  cs_color_band band;
  uint32_t fed, moved;
  bool watched;
} told;

struct cs_state {
  char *path;
  bool is_store;
  pthread_rwlock_t lock;
  cs_model *m;
  cs_live *live;
  cs_bid *bid;       /* built on first use; NULL again whenever events change the book */
  cs_desk *desk;     /* the sales desk now: built on first use, NULL again after any event
                      * but a booked visit, which it takes in (its bid prices then stale) */
  bool desk_stale;   /* visits taken in since it was built: built again within a second */
  cs_arena *rental_a;       /* the rental plan now and its arena: built on first use, and */
  cs_rental_plan *rental;   /* again after events, from its gear basis; current while the model is at rental_seq */
  long long rental_seq;
  long long seq;     /* the last event of the store's log the model includes */
  cs_deadband band;  /* the Constraint announced to people, moved only by a lasting change */
  struct told *colors; /* per order: its colour as announced to people (the same deadband) */
  size_t ncolors;
  int32_t *watch;    /* the orders whose colour change is being watched (a candidate set) */
  size_t nwatch, cap_watch;
  uint32_t batch;    /* the batch being told, stamped on the orders it fed */
  unsigned long bid_us, desk_us; /* when the bid prices and the desk were built (their age) */
  /* Decisions answered without a booking (plain quotes, what-ifs), waiting to be logged
   * in the next period's batch; at most settings.decision_log_per_s a period, the rest
   * counted. */
  pthread_mutex_t pend_mu;
  char **pending;
  size_t npending, cap_pending;
  unsigned long unlogged;
};

/* Monotonic microseconds, for the age of a signal. */
static unsigned long now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (unsigned long)ts.tv_sec * 1000000UL + (unsigned long)ts.tv_nsec / 1000UL;
}

/* The wall-clock time for the decision log. */
static void utc_now(char out[32]) {
  time_t now = time(NULL);
  struct tm tm;
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
}

/* The resource the live signals find most loaded now, and its load. */
static int32_t leader(const cs_state *st, double *load) {
  const cs_live_signals *g = cs_live_get(st->live);
  int32_t best = -1;
  for (size_t r = 0; r < g->nresources; r++)
    if (best < 0 || g->load[r] > g->load[best]) best = (int32_t)r;
  *load = best >= 0 ? g->load[best] : 0;
  return best;
}

/* Whether an event, about to be applied, completes a step on the announced Constraint:
 * one Constraint cycle, the deadband's clock. */
static bool constraint_cycle(const cs_state *st, const cs_event *ev) {
  if (ev->type != CS_EVENT_STEP_COMPLETED || st->band.announced < 0 || !ev->order_id) return false;
  const cs_model *m = st->m;
  int32_t o = cs_model_find_order(m, ev->order_id);
  if (o < 0) return false;
  int32_t p = m->orders.product[o];
  size_t k = m->route_start[p] + (size_t)m->orders.steps_done[o];
  return k < m->route_start[p + 1] && m->routings.resource[m->route_index[k]] == st->band.announced;
}

/* Feeds the deadband once per Constraint cycle a batch made; true when the announced
 * Constraint changed. Write lock held. */
static bool feed_band(cs_state *st, size_t cycles) {
  bool changed = false;
  for (size_t i = 0; i < cycles; i++) {
    double lead = 0;
    int32_t id = leader(st, &lead);
    const cs_live_signals *g = cs_live_get(st->live);
    double now = st->band.announced >= 0 && (size_t)st->band.announced < g->nresources ? g->load[st->band.announced] : 0;
    changed |= cs_deadband_feed(&st->band, id, lead, now);
  }
  return changed;
}

/* Adds the announced Constraint (and whether it just changed) to a stream's signals. */
static char *with_announced(const cs_state *st, json_t *o, bool changed) {
  if (!o) return NULL;
  const cs_model *m = st->m;
  json_object_set_new(o, "announced_constraint",
                      st->band.announced >= 0 ? json_string(m->resources.id[st->band.announced]) : json_null());
  if (changed) json_object_set_new(o, "constraint_changed", json_true());
  char *text = json_dumps(o, JSON_COMPACT);
  json_decref(o);
  return text;
}

/* How often a batch or a booking that met another writer's events is tried again. */
#define ATTEMPTS 5

/* Fills err with "out of memory". */
static int nomem(cs_error *err) {
  cs_error_set(err, CS_ENOMEM, NULL, NULL, "out of memory");
  return CS_ENOMEM;
}

/* Fills err with a usage failure. */
static int usage(cs_error *err, const char *message) {
  cs_error_set(err, CS_EUSAGE, NULL, NULL, "%s", message);
  return CS_EUSAGE;
}

int cs__state_open(const char *model, cs_state **out, cs_error *err) {
  *out = NULL;
  cs_state *st = calloc(1, sizeof *st);
  if (!st || !(st->path = strdup(model))) {
    free(st);
    return nomem(err);
  }
  pthread_rwlock_init(&st->lock, NULL);
  pthread_mutex_init(&st->pend_mu, NULL);
  cs_source_kind kind;
  int rc = cs_source_detect(model, &kind, err);
  st->is_store = !rc && (kind == CS_SOURCE_SQLITE || kind == CS_SOURCE_POSTGRES);
  if (!rc) rc = st->is_store ? cs_store_read_seq(model, &st->m, &st->seq, err) : cs_model_load(model, &st->m, err);
  if (!rc && st->m->settings.today == CS_DATE_NONE) st->m->settings.today = (cs_date)(time(NULL) / 86400);
  if (!rc) rc = cs_live_new(st->m, &st->live, err);
  if (!rc) {
    /* The Constraint first announced is the live signals' drum (the declared one, else the
     * measured one); later ones come through the deadband. */
    double lead = 0;
    int32_t drum = cs_live_get(st->live)->drum;
    cs_deadband_init(&st->band, st->m->settings.deadband_band, (int)st->m->settings.deadband_cycles);
    cs_deadband_feed(&st->band, drum >= 0 ? drum : leader(st, &lead), lead, 0);
    *out = st;
    st = NULL;
  }
  cs__state_free(st);
  return rc;
}

void cs__state_free(cs_state *st) {
  if (!st) return;
  cs_bid_free(st->bid);
  cs_desk_free(st->desk);
  cs_arena_free(st->rental_a);
  free(st->colors);
  free(st->watch);
  cs_live_free(st->live);
  cs_model_free(st->m);
  for (size_t i = 0; i < st->npending; i++) free(st->pending[i]);
  free(st->pending);
  pthread_mutex_destroy(&st->pend_mu);
  pthread_rwlock_destroy(&st->lock);
  free(st->path);
  free(st);
}

const char *cs__state_announced(cs_state *st) {
  pthread_rwlock_rdlock(&st->lock);
  int32_t r = st->band.announced;
  const char *id = r >= 0 && (size_t)r < st->m->resources.n ? st->m->resources.id[r] : NULL;
  pthread_rwlock_unlock(&st->lock);
  return id;
}

const char *cs__state_store(const cs_state *st) { return st->is_store ? st->path : NULL; }

unsigned cs__state_read(cs_state *st, cs__state_read_fn fn, void *ctx, json_t **out) {
  pthread_rwlock_rdlock(&st->lock);
  unsigned status = fn(st->m, st->live, ctx, out);
  pthread_rwlock_unlock(&st->lock);
  return status;
}

/* Whether an event leaves the plans alone: a decision logged changes no capacity, order or
 * visit, so the bid prices and the desk built before it stay good. */
static bool plans_unchanged(const cs_event *ev) { return ev->type == CS_EVENT_DECISION_LOGGED; }

/* The order an event names, or NULL. */
static const char *event_order(const cs_event *ev) {
  return ev->type == CS_EVENT_ORDER_CREATED ? ev->row[0] : ev->order_id;
}

/* Feeds the colour deadband of order k after `cycles` Constraint cycles, once a batch;
 * appends it to moved[] (of room cap) when its announced colour changes. */
static void feed_color(cs_state *st, int32_t k, size_t cycles, int32_t *moved, size_t *nmoved, size_t cap) {
  if (k < 0 || (size_t)k >= st->ncolors || st->colors[k].fed == st->batch) return;
  const cs_live_signals *g = cs_live_get(st->live);
  const cs_settings *set = &st->m->settings;
  told *t = &st->colors[k];
  t->fed = st->batch;
  if (cs_color_band_feed(&t->band, set->deadband_band, (int)set->deadband_cycles, g->color[k], g->penetration[k], cycles) &&
      *nmoved < cap)
    t->moved = st->batch, moved[(*nmoved)++] = k;
}

/* Puts order k on the watch list when its band watches a change (and it is not on it). */
static int watch(cs_state *st, int32_t k) {
  if (k < 0 || (size_t)k >= st->ncolors) return 0;
  told *t = &st->colors[k];
  if (t->watched || t->band.candidate == CS_COLOR_UNSEEN) return 0;
  if (st->nwatch == st->cap_watch) {
    size_t cap = st->cap_watch ? 2 * st->cap_watch : 64;
    int32_t *w = realloc(st->watch, cap * sizeof *w);
    if (!w) return CS_ENOMEM;
    st->watch = w, st->cap_watch = cap;
  }
  st->watch[st->nwatch++] = k;
  t->watched = true;
  return 0;
}

/* Feeds the colour deadbands after `cycles` Constraint cycles: of the orders named (n ids,
 * some NULL) and of the orders on the watch list, which is then rebuilt from both; the
 * work is the batch's orders and the watched ones, never every order. Returns the orders
 * whose announced colour changed (malloc'd, *nmoved of them), or NULL (none, or out of
 * memory). Write lock held. */
static int32_t *feed_colors(cs_state *st, const char *const *ids, size_t n, size_t cycles, size_t *nmoved) {
  size_t norders = st->m->orders.n;
  *nmoved = 0;
  if (st->ncolors < norders) {
    told *c = realloc(st->colors, norders * sizeof *c);
    if (!c) return NULL;
    for (size_t k = st->ncolors; k < norders; k++) c[k] = (told){.watched = false}, cs_color_band_init(&c[k].band);
    st->colors = c, st->ncolors = norders;
  }
  st->batch++;
  size_t cap = n + st->nwatch;
  int32_t *moved = malloc((cap + 1) * sizeof *moved), *named = malloc((n + 1) * sizeof *named);
  if (!moved || !named) {
    free(moved), free(named);
    return NULL;
  }
  for (size_t i = 0; i < n; i++) {
    named[i] = ids[i] ? cs_model_find_order(st->m, ids[i]) : -1;
    feed_color(st, named[i], cycles, moved, nmoved, cap);
  }
  size_t before = st->nwatch;
  for (size_t i = 0; i < before; i++) feed_color(st, st->watch[i], cycles, moved, nmoved, cap);
  /* The watch list again: those still watched, then the named ones that now are. */
  size_t keep = 0;
  for (size_t i = 0; i < before; i++) {
    int32_t k = st->watch[i];
    st->colors[k].watched = false;
    if (st->colors[k].band.candidate != CS_COLOR_UNSEEN) st->watch[keep++] = k, st->colors[k].watched = true;
  }
  st->nwatch = keep;
  for (size_t i = 0; i < n; i++)
    if (watch(st, named[i])) break; /* out of memory: that order is fed when next named */
  free(named);
  return moved;
}

/* Adds to each order of the stream's signals its colour as announced (through the
 * deadband) and whether this batch changed it. */
static void with_colors(const cs_state *st, json_t *o) {
  json_t *orders = o ? json_object_get(o, "orders") : NULL;
  size_t i;
  json_t *e;
  json_array_foreach(orders, i, e) {
    int32_t k = cs_model_find_order(st->m, json_string_value(json_object_get(e, "id")));
    if (k < 0 || (size_t)k >= st->ncolors || st->colors[k].band.announced == CS_COLOR_UNSEEN) continue;
    int8_t c = st->colors[k].band.announced;
    json_object_set_new(e, "announced", json_string(c < 0 ? "closed" : cs_color_name((cs_color)c)));
    if (st->colors[k].moved == st->batch) json_object_set_new(e, "color_changed", json_true());
  }
}

/* The stream's signals for the orders named (n ids, some NULL), after `cycles`
 * Constraint cycles, with those whose announced colour changed. Write lock held. */
static char *signals_text(cs_state *st, const char *const *ids, size_t n, size_t cycles) {
  bool changed = feed_band(st, cycles);
  size_t nmoved = 0;
  int32_t *moved = feed_colors(st, ids, n, cycles, &nmoved);
  const cs_model *m = st->m;
  const char **all = calloc(n + nmoved + 1, sizeof *all);
  size_t nall = n;
  if (all) {
    if (n) memcpy(all, ids, n * sizeof *ids);
    /* An order moved without being named joins the event. */
    for (size_t q = 0; q < nmoved; q++) {
      const char *id = m->orders.id[moved[q]];
      bool named = false;
      for (size_t i = 0; i < n && !named; i++) named = ids[i] && strcmp(ids[i], id) == 0;
      if (!named) all[nall++] = id;
    }
  }
  json_t *o = cs_json_signals(m, cs_live_get(st->live), 0, all ? all : ids, all ? nall : n);
  with_colors(st, o);
  free(all);
  free(moved);
  return with_announced(st, o, changed);
}

/* The stream's signals after a batch: the orders the events named. Write lock held. */
static char *batch_signals(cs_state *st, const cs_event *evs, size_t n, size_t cycles) {
  const char **ids = calloc(n + 1, sizeof *ids);
  if (!ids) return NULL;
  for (size_t i = 0; i < n; i++) ids[i] = event_order(&evs[i]);
  char *text = signals_text(st, ids, n, cycles);
  free(ids);
  return text;
}

/* Drops the kept desk: the next question builds it again. Write lock held. */
static void drop_desk(cs_state *st) {
  cs_desk_free(st->desk);
  st->desk = NULL;
  st->desk_stale = false;
  st->desk_us = 0;
}

/* What catching up took in: the orders the events named, for the stream's signals. */
typedef struct tail_taken {
  cs_state *st;
  cs_arena *a;
  const char **ids;
  size_t n, cap;
  size_t cycles;     /* steps completed on the announced Constraint */
  bool changed;      /* an event that changes the plans (not only decisions logged) */
} tail_taken;

/* Applies one event another writer appended to the store (already validated there) and
 * notes the order it names. */
static int apply_tail_event(void *ctx, long long seq, const char *text, cs_error *err) {
  tail_taken *t = ctx;
  char path[48];
  snprintf(path, sizeof path, "event %lld", seq);
  cs_loc loc = {"store", 0, path};
  cs_event ev;
  int rc = cs_event_decode(text, strlen(text), t->a, &loc, &ev, err);
  if (!rc && constraint_cycle(t->st, &ev)) t->cycles++;
  if (!rc && !plans_unchanged(&ev)) t->changed = true;
  if (!rc) rc = cs_live_apply(t->st->live, &ev, &loc, err);
  if (rc || !event_order(&ev)) return rc;
  if (t->n == t->cap) {
    size_t cap = t->cap ? 2 * t->cap : 16;
    const char **ids = cs_arena_calloc(t->a, cap, sizeof *ids);
    if (!ids) return nomem(err);
    if (t->n) memcpy(ids, t->ids, t->n * sizeof *ids);
    t->ids = ids;
    t->cap = cap;
  }
  t->ids[t->n++] = event_order(&ev);
  return 0;
}

/* Applies the events other writers (the CLI, another server) appended since the model's
 * last one; with signals given, *signals receives the stream's signals for them (NULL when
 * there were none). Write lock held. */
static int catch_up_signals(cs_state *st, char **signals, cs_error *err) {
  long long last = st->seq;
  tail_taken t = {st, cs_arena_new(), NULL, 0, 0, 0, false};
  int rc = t.a ? cs_store_tail(st->path, st->seq, apply_tail_event, &t, &last, err) : nomem(err);
  if (last != st->seq && t.changed) {
    cs_bid_free(st->bid);
    st->bid = NULL;
    drop_desk(st);
  }
  if (last != st->seq) {
    if (signals) *signals = signals_text(st, t.ids, t.n, t.cycles);
    else feed_band(st, t.cycles);
  }
  st->seq = last;
  cs_arena_free(t.a);
  return rc;
}

/* Catches up without telling the stream (the caller's own answer follows). */
static int catch_up(cs_state *st, cs_error *err) { return catch_up_signals(st, NULL, err); }

int cs__state_refresh(cs_state *st, char **signals) {
  *signals = NULL;
  if (!st->is_store) return 0;
  cs_error err;
  pthread_rwlock_wrlock(&st->lock);
  int rc = catch_up_signals(st, signals, &err);
  /* The rep-time bid prices are priced again on the visits booked meanwhile. */
  if (st->desk_stale) drop_desk(st);
  pthread_rwlock_unlock(&st->lock);
  if (rc) fprintf(stderr, "clockspeed: serve: reading other writers' events: %s\n", err.message);
  return rc;
}

/* Applies decoded events and commits their texts to the log, all or nothing, provided the
 * log still ends where the model does: CS_ECONFLICT (nothing changed) when another writer
 * appended first. Write lock held. When `booking` is given, the bid prices take it warm
 * instead of being dropped. A booked visit (`visit`) leaves the plant's bid prices alone
 * and joins the kept desk's route; anything else drops the desk. */
static int apply_locked(cs_state *st, char **texts, const cs_event *evs, size_t n,
                        const cs_quote_request *booking, const char *visit, char **signals, cs_error *err) {
  int rc = 0;
  long long last = st->seq;
  size_t cycles = 0;
  cs_model_begin(st->m);
  for (size_t i = 0; i < n && !rc; i++) {
    cs_loc loc = {"event", (long)i + 1, NULL};
    if (constraint_cycle(st, &evs[i])) cycles++;
    rc = cs_live_apply(st->live, &evs[i], &loc, err);
  }
  if (!rc) rc = cs_store_log_events(st->path, (const char *const *)texts, n, st->seq, &last, err);
  if (rc) {
    /* Take the batch back in memory: the store never saw it. */
    cs_error e2;
    if (cs_live_rollback(st->live, &e2)) fprintf(stderr, "clockspeed: serve: rolling back a refused batch: %s\n", e2.message);
    return rc;
  }
  cs_model_commit(st->m);
  st->seq = last;
  cs_error e3;
  bool changed = false;
  for (size_t i = 0; i < n && !changed; i++) changed = !plans_unchanged(&evs[i]);
  if (!changed) {
    /* Only decisions logged: the plans stand. */
  } else if (visit && st->desk && !cs_desk_add_visit(st->desk, cs_model_find_appointment(st->m, visit), &e3)) {
    st->desk_stale = true;
  } else {
    drop_desk(st);
  }
  if (changed && !visit && (!booking || !st->bid || cs_bid_book(st->bid, booking, &e3))) {
    cs_bid_free(st->bid);
    st->bid = NULL;
  }
  if (signals) *signals = batch_signals(st, evs, n, cycles);
  else feed_band(st, cycles);
  return 0;
}

int cs__state_apply(cs_state *st, json_t *events, char **signals, cs_error *err) {
  *signals = NULL;
  if (!st->is_store) return usage(err, "events need the server to run on a store");
  /* Decoded before the lock: a malformed batch costs the other requests nothing. The log
   * keeps each event's compact text. */
  size_t n = json_array_size(events);
  cs_arena *a = cs_arena_new();
  cs_event *evs = a ? cs_arena_calloc(a, n + 1, sizeof *evs) : NULL;
  char **texts = calloc(n + 1, sizeof *texts);
  int rc = evs && texts ? 0 : nomem(err);
  for (size_t i = 0; i < n && !rc; i++) {
    cs_loc loc = {"event", (long)i + 1, NULL};
    rc = cs_event_decode_json(json_array_get(events, i), a, &loc, &evs[i], err);
    if (!rc && !(texts[i] = json_dumps(json_array_get(events, i), JSON_COMPACT))) rc = nomem(err);
  }
  if (!rc) {
    /* Validated against the true latest state: when another writer appended first, its
     * events are applied and the batch is tried again; one that then conflicts (an id
     * taken meanwhile, an order already released) is refused with 409. */
    pthread_rwlock_wrlock(&st->lock);
    bool behind = false;
    for (int k = 0; k < ATTEMPTS; k++) {
      rc = apply_locked(st, texts, evs, n, NULL, NULL, signals, err);
      if (rc != CS_ECONFLICT) break;
      behind = true;
      if ((rc = catch_up(st, err))) break;
      rc = CS_ECONFLICT;
    }
    if (rc == CS_EINPUT && behind) err->code = rc = CS_ECONFLICT;
    pthread_rwlock_unlock(&st->lock);
  }
  for (size_t i = 0; texts && i < n; i++) free(texts[i]);
  free(texts);
  cs_arena_free(a);
  return rc;
}

/* Prices the request; the bid prices are built first when they are missing, which needs
 * the write lock (writable). */
static int price(cs_state *st, const cs_quote_request *q, cs_quote *Q, cs_error *err) {
  if (!st->bid) {
    int rc = cs_bid_new(st->m, CS_DATE_NONE, NULL, &st->bid, err);
    if (rc) return rc;
    st->bid_us = now_us();
  }
  return cs_bid_quote(st->bid, q, Q, err);
}

/* Decodes the two event texts of a booking (the booking and its decision) and applies and
 * commits them as one batch; frees the texts. Write lock held. */
static int apply_pair(cs_state *st, char *texts[2], const cs_quote_request *booking, const char *visit, char **signals,
                      cs_error *err) {
  cs_arena *a = cs_arena_new();
  cs_event ev[2];
  cs_loc loc = {"booking", 0, NULL};
  int rc = !texts[0] || !texts[1] || !a ? nomem(err) : 0;
  for (int i = 0; i < 2 && !rc; i++) rc = cs_event_decode(texts[i], strlen(texts[i]), a, &loc, &ev[i], err);
  if (!rc) rc = apply_locked(st, texts, ev, 2, booking, visit, signals, err);
  cs_arena_free(a);
  free(texts[0]);
  free(texts[1]);
  return rc;
}

/* Books an accepted quote: the order.created event is written, decoded and applied like
 * any other, with the decision it was (the decision log), and the bid prices take the
 * booking warm. Write lock held. */
static int book_locked(cs_state *st, const cs_quote_ask *ask, const cs_quote *Q, char *booked, char **signals,
                       cs_error *err) {
  if (!st->is_store) return usage(err, "bookings need the server to run on a store");
  if (ask->id && cs_model_find_order(st->m, ask->id) >= 0) return cs_booked_id_error(ask->id, err);
  if (ask->id) snprintf(booked, 64, "%.60s", ask->id);
  else cs_booking_id(st->m, cs_bid_clock(st->bid), booked, 64);
  char logged[32];
  utc_now(logged);
  char *texts[2] = {cs_json_booking_event(st->m, &ask->q, booked, ask->customer, cs_bid_clock(st->bid)),
                    cs_json_decision_quote(st->m, &ask->q, Q, cs_bid_clock(st->bid), booked, logged,
                                           (double)(now_us() - st->bid_us) / 1000.0)};
  return apply_pair(st, texts, &ask->q, NULL, signals, err);
}

/* The most decisions one period logs (settings.decision_log_per_s: a desk quotes far
 * less; a load test far more). Read without the model's lock: a setting changed meanwhile
 * takes effect a period late at most. */
static size_t pending_max(const cs_state *st) {
  double n = st->m->settings.decision_log_per_s;
  return n >= 1 && n <= 100000 ? (size_t)n : 256;
}

/* Whether a decision would be kept for the log now (a store, and room this period). */
static bool room_to_log(cs_state *st) {
  if (!st->is_store) return false;
  pthread_mutex_lock(&st->pend_mu);
  bool room = st->npending < pending_max(st);
  if (!room) st->unlogged++;
  pthread_mutex_unlock(&st->pend_mu);
  return room;
}

/* Keeps a decision's event text (taken) for the next period's batch. */
static void note_decision(cs_state *st, char *text) {
  if (!text) return;
  pthread_mutex_lock(&st->pend_mu);
  if (st->npending == st->cap_pending && st->npending < pending_max(st)) {
    size_t cap = st->cap_pending ? 2 * st->cap_pending : 16;
    char **p = realloc(st->pending, cap * sizeof *p);
    if (p) st->pending = p, st->cap_pending = cap;
  }
  if (st->npending < pending_max(st) && st->npending < st->cap_pending) {
    st->pending[st->npending++] = text;
    text = NULL;
  } else {
    st->unlogged++;
  }
  pthread_mutex_unlock(&st->pend_mu);
  free(text);
}

void cs__state_note_decide(cs_state *st, const char *kind, const char *request, const cs_decision_result *R,
                           double age_ms) {
  if (!room_to_log(st)) return;
  char logged[32];
  utc_now(logged);
  pthread_rwlock_rdlock(&st->lock);
  char *text = cs_json_decision_decide(st->m, kind, request, R, st->m->settings.today, logged, age_ms);
  pthread_rwlock_unlock(&st->lock);
  note_decision(st, text);
}

int cs__state_flush_decisions(cs_state *st, char **signals, unsigned long *unlogged) {
  *signals = NULL;
  pthread_mutex_lock(&st->pend_mu);
  size_t n = st->npending;
  char **texts = st->pending;
  st->pending = NULL, st->npending = st->cap_pending = 0;
  *unlogged = st->unlogged;
  pthread_mutex_unlock(&st->pend_mu);
  if (!n) {
    free(texts);
    return 0;
  }
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++) {
    json_t *ev = json_loads(texts[i], 0, NULL);
    if (arr && ev) json_array_append_new(arr, ev);
    else json_decref(ev);
    free(texts[i]);
  }
  free(texts);
  cs_error err;
  int rc = arr ? cs__state_apply(st, arr, signals, &err) : nomem(&err);
  json_decref(arr);
  if (rc) fprintf(stderr, "clockspeed: serve: logging %zu decisions: %s\n", n, err.message);
  return rc;
}

int cs__state_quote(cs_state *st, const cs_quote_ask *ask, json_t **out, char *booked, char **signals,
                    cs_error *err) {
  *out = NULL;
  *signals = NULL;
  booked[0] = '\0';
  cs_quote Q;
  int rc;
  if (!ask->book) {
    /* A plain quote reads: the read lock is enough while the bid prices are built. */
    bool log = ask->q.price > 0 && room_to_log(st);
    char logged[32];
    if (log) utc_now(logged);
    pthread_rwlock_rdlock(&st->lock);
    if (st->bid) {
      rc = cs_bid_quote(st->bid, &ask->q, &Q, err);
      if (!rc) *out = cs_json_quote(st->m, &ask->q, cs_bid_clock(st->bid), &Q, NULL);
      /* An answered price goes to the decision log, in the next period's batch. */
      char *text = !rc && log ? cs_json_decision_quote(st->m, &ask->q, &Q, cs_bid_clock(st->bid), NULL, logged,
                                                        (double)(now_us() - st->bid_us) / 1000.0)
                              : NULL;
      pthread_rwlock_unlock(&st->lock);
      note_decision(st, text);
      return rc;
    }
    pthread_rwlock_unlock(&st->lock);
  }
  /* A booking, or prices to build: price, check and book under one write lock, so no
   * other booking can take the capacity between the check and the append. */
  pthread_rwlock_wrlock(&st->lock);
  cs_date clock = CS_DATE_NONE;
  for (int k = 0; k < ATTEMPTS; k++) {
    rc = price(st, &ask->q, &Q, err);
    clock = rc ? CS_DATE_NONE : cs_bid_clock(st->bid);
    if (rc || !ask->book || !Q.accept) break;
    rc = book_locked(st, ask, &Q, booked, signals, err);
    if (rc != CS_ECONFLICT) break;
    /* Another writer booked first: take its events in and price again on them. */
    booked[0] = '\0';
    if ((rc = catch_up(st, err))) break;
    rc = CS_ECONFLICT;
  }
  if (!rc) *out = cs_json_quote(st->m, &ask->q, clock, &Q, booked[0] ? booked : NULL);
  /* A price answered without a booking goes to the log in the next period's batch (a
   * booking's went with it). */
  char *text = NULL;
  if (!rc && !booked[0] && ask->q.price > 0 && room_to_log(st)) {
    char logged[32];
    utc_now(logged);
    text = cs_json_decision_quote(st->m, &ask->q, &Q, clock, NULL, logged, (double)(now_us() - st->bid_us) / 1000.0);
  }
  pthread_rwlock_unlock(&st->lock);
  note_decision(st, text);
  return rc;
}

/* Whether the kept desk answers a visit's question: asked at its moment, within its dates.
 * The desk is built. */
static bool desk_covers(const cs_state *st, const cs_book_ask *ask) {
  cs_date first, last;
  cs_desk_dates(st->desk, &first, &last);
  return (ask->at == CS_DATE_NONE || ask->at == first) && (ask->q.to == CS_DATE_NONE || ask->q.to <= last);
}

/* The best slots for ask: on the kept desk when it covers the question, else on a desk
 * built for it (the book command's own computation). A lock held; the desk built. */
static int find_slots(cs_state *st, const cs_book_ask *ask, cs_arena *a, cs_slot_result **R, cs_error *err) {
  if (desk_covers(st, ask)) return cs_desk_best_slots(st->desk, &ask->q, a, R, err);
  void *res = NULL;
  int rc = cs_command_find("book")->compute(st->m, (void *)ask, a, &res, err);
  *R = res;
  return rc;
}

/* Runs fn with the rental plan of the model now, kept while no event changes the model:
 * under the read lock when it is kept, else under the write lock after planning it. The
 * caller serialises rental plans (Cbc is not re-entrant). */
int cs__state_with_rental(cs_state *st, cs__state_rental_fn fn, void *ctx, cs_error *err) {
  pthread_rwlock_rdlock(&st->lock);
  if (st->rental && st->rental_seq == st->seq) {
    int rc = fn(st->m, st->rental, ctx, err);
    pthread_rwlock_unlock(&st->lock);
    return rc;
  }
  pthread_rwlock_unlock(&st->lock);
  pthread_rwlock_wrlock(&st->lock);
  int rc = 0;
  if (!st->rental || st->rental_seq != st->seq) {
    /* The plan again after events: its gear LP starts from the basis the last plan ended
     * with (issue 13), whose arena is freed only then. */
    cs_arena *a = cs_arena_new();
    cs_rental_plan *p = NULL;
    const cs_rental_options o = {CS_DATE_NONE, -1, -1, 0, false, st->rental ? st->rental->basis : NULL, true};
    rc = a ? cs_rental_plan_compute(st->m, &o, a, &p, err) : nomem(err);
    if (!rc) {
      cs_arena_free(st->rental_a);
      st->rental_a = a, st->rental = p, st->rental_seq = st->seq;
    } else {
      cs_arena_free(a);
    }
  }
  if (!rc) rc = fn(st->m, st->rental, ctx, err);
  pthread_rwlock_unlock(&st->lock);
  return rc;
}

/* Something to do with the kept desk. */
typedef int (*desk_fn)(cs_state *st, void *ctx, cs_error *err);

/* Runs fn with the kept desk: under the read lock when it is built, else under the write
 * lock, after building it (settings.today, the buffer's dates). */
static int with_desk(cs_state *st, desk_fn fn, void *ctx, cs_error *err) {
  pthread_rwlock_rdlock(&st->lock);
  if (st->desk) {
    int rc = fn(st, ctx, err);
    pthread_rwlock_unlock(&st->lock);
    return rc;
  }
  pthread_rwlock_unlock(&st->lock);
  pthread_rwlock_wrlock(&st->lock);
  int rc = st->desk ? 0 : cs_desk_new(st->m, CS_DATE_NONE, CS_DATE_NONE, &st->desk, err);
  if (!rc && !st->desk_us) st->desk_us = now_us();
  if (!rc) rc = fn(st, ctx, err);
  pthread_rwlock_unlock(&st->lock);
  return rc;
}

/* A question to the kept desk and where its JSON goes. */
typedef struct desk_question {
  const cs_book_ask *ask;
  json_t **out;
} desk_question;

/* The slots' JSON for a question. */
static int slots_json(cs_state *st, void *ctx, cs_error *err) {
  desk_question *q = ctx;
  cs_arena *a = cs_arena_new();
  cs_slot_result *R = NULL;
  int rc = a ? find_slots(st, q->ask, a, &R, err) : nomem(err);
  if (!rc && !(*q->out = cs_json_slots(st->m, R))) rc = nomem(err);
  cs_arena_free(a);
  return rc;
}

int cs__state_slots(cs_state *st, const cs_book_ask *ask, json_t **out, cs_error *err) {
  *out = NULL;
  desk_question q = {ask, out};
  return with_desk(st, slots_json, &q, err);
}

/* The board's JSON. */
static int board_json(cs_state *st, void *ctx, cs_error *err) {
  desk_question *q = ctx;
  cs_arena *a = cs_arena_new();
  cs_board *B = NULL;
  int rc = a ? cs_desk_board(st->desk, a, &B, err) : nomem(err);
  if (!rc && !(*q->out = cs_json_board(st->m, B))) rc = nomem(err);
  cs_arena_free(a);
  return rc;
}

int cs__state_board(cs_state *st, json_t **out, cs_error *err) {
  *out = NULL;
  desk_question q = {NULL, out};
  return with_desk(st, board_json, &q, err);
}

/* Books the chosen slot: the appointment.booked event is written, decoded and applied
 * like any other (which refuses a visit that overlaps another). Write lock held. */
static int visit_locked(cs_state *st, const cs_book_ask *ask, const cs_slot *slot, char *booked, char **signals,
                        cs_error *err) {
  if (ask->id) snprintf(booked, 64, "%.60s", ask->id);
  else cs_appointment_id(st->m, ask->at != CS_DATE_NONE ? ask->at : st->m->settings.today, booked, 64);
  char logged[32];
  utc_now(logged);
  cs_date at = ask->at != CS_DATE_NONE ? ask->at : st->m->settings.today;
  char *texts[2] = {cs_json_appointment_booked_event(st->m, ask, slot, booked),
                    cs_json_decision_slot(st->m, ask->q.opportunity, slot, booked, at, logged,
                                          (double)(now_us() - st->desk_us) / 1000.0)};
  /* A visit does not touch the plant: its bid prices stay; the desk takes it in. */
  return apply_pair(st, texts, NULL, booked, signals, err);
}

int cs__state_book(cs_state *st, const cs_book_ask *ask, json_t **out, char *booked, char **signals, cs_error *err) {
  *out = NULL;
  *signals = NULL;
  booked[0] = '\0';
  if (!st->is_store) return usage(err, "bookings need the server to run on a store");
  cs_arena *a = cs_arena_new();
  if (!a) return nomem(err);
  /* The slots are found and the chosen one booked under one write lock. */
  pthread_rwlock_wrlock(&st->lock);
  cs_slot_result *R = NULL;
  int rc = 0;
  for (int k = 0; k < ATTEMPTS; k++) {
    if (ask->id && cs_model_find_appointment(st->m, ask->id) >= 0) {
      rc = cs_error_set(err, CS_EINPUT, "id", ask->id, "an appointment '%.60s' exists", ask->id);
      break;
    }
    if (!st->desk && (rc = cs_desk_new(st->m, CS_DATE_NONE, CS_DATE_NONE, &st->desk, err))) break;
    if (!st->desk_us) st->desk_us = now_us();
    if ((rc = find_slots(st, ask, a, &R, err))) break;
    if (R->n < ask->slot) break;
    rc = visit_locked(st, ask, &R->slots[ask->slot - 1], booked, signals, err);
    if (rc != CS_ECONFLICT) break;
    /* Another writer appended first: take its events in and look again. */
    booked[0] = '\0';
    if ((rc = catch_up(st, err))) break;
    rc = CS_ECONFLICT;
  }
  if (!rc && R) {
    R->booked = booked[0] ? booked : NULL;
    *out = cs_json_slots(st->m, R);
  }
  pthread_rwlock_unlock(&st->lock);
  cs_arena_free(a);
  return rc;
}
