/* routes.c — the JSON API: one route per CLI command, answered by the same engine calls
 * and the same results-to-JSON functions as `--json`, plus events in and settings. */
#include <math.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

/* A query parameter, or NULL. */
static const char *arg(const cs_http_request *r, const char *key) {
  return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
}

/* Parses an optional date parameter; 0 when absent or valid, else fills an error. */
static unsigned date_arg(const cs_http_request *r, const char *key, cs_date *d, json_t **out) {
  const char *v = arg(r, key);
  *d = CS_DATE_NONE;
  if (!v) return 0;
  if (cs_date_parse(v, d)) return 0;
  char msg[160];
  snprintf(msg, sizeof msg, "parameter '%s': '%.40s' is not a date (YYYY-MM-DD)", key, v);
  return cs__srv_fail(400, msg, out);
}

/* Parses the request body as a JSON object. */
static unsigned body_object(const cs_http_request *r, json_t **obj, json_t **out) {
  json_error_t e;
  *obj = json_loadb(r->body, r->body_len, 0, &e);
  if (json_is_object(*obj)) return 0;
  json_decref(*obj);
  *obj = NULL;
  char msg[300];
  snprintf(msg, sizeof msg, "the body must be a JSON object%s%s", e.text[0] ? ": " : "", e.text);
  return cs__srv_fail(400, msg, out);
}

/* Reads a field of a body: a string, a number or a date; 0 when present and right. */
static unsigned field_string(json_t *o, const char *key, bool required, const char **v, json_t **out) {
  json_t *f = json_object_get(o, key);
  if (!f && !required) return 0;
  if (json_is_string(f)) {
    *v = json_string_value(f);
    return 0;
  }
  char msg[128];
  snprintf(msg, sizeof msg, "field '%s' must be %s", key, f ? "text" : "given");
  return cs__srv_fail(400, msg, out);
}
static unsigned field_number(json_t *o, const char *key, bool required, double *v, json_t **out) {
  json_t *f = json_object_get(o, key);
  if (!f && !required) return 0;
  if (json_is_number(f)) {
    *v = json_number_value(f);
    return 0;
  }
  char msg[128];
  snprintf(msg, sizeof msg, "field '%s' must be %s", key, f ? "a number" : "given");
  return cs__srv_fail(400, msg, out);
}
static unsigned field_date(json_t *o, const char *key, bool required, cs_date *v, json_t **out) {
  const char *text = NULL;
  unsigned st = field_string(o, key, required, &text, out);
  if (st || !text) return st;
  if (cs_date_parse(text, v)) return 0;
  char msg[160];
  snprintf(msg, sizeof msg, "field '%s': '%.40s' is not a date (YYYY-MM-DD)", key, text);
  return cs__srv_fail(400, msg, out);
}

/* Finds a product or resource by id for a body field. */
static unsigned field_ref(const cs_model *m, json_t *o, const char *key, bool product, bool required, int32_t *v, json_t **out) {
  const char *id = NULL;
  unsigned st = field_string(o, key, required, &id, out);
  if (st || !id) return st;
  *v = product ? cs_model_find_product(m, id) : cs_model_find_resource(m, id);
  if (*v >= 0) return 0;
  char msg[160];
  snprintf(msg, sizeof msg, "field '%s': no %s '%.60s'", key, product ? "product" : "resource", id);
  return cs__srv_fail(400, msg, out);
}

/* ---- Reads ------------------------------------------------------------------------- */

/* Runs a read against the state. */
static unsigned read_state(cs_server *s, cs__state_read_fn fn, void *ctx, json_t **out) {
  return cs__state_read(cs__srv_state(s), fn, ctx, out);
}

static unsigned constraint_read(const cs_model *m, const cs_live *live, void *ctx, json_t **out) {
  (void)live;
  cs_arena *a = cs_arena_new();
  cs_load_result *L;
  cs_error err;
  int rc = cs_load_compute(m, *(cs_load_basis *)ctx, a, &L, &err);
  unsigned st = rc ? cs__srv_error(&err, out) : (*out = cs_json_constraint(m, L), 200);
  cs_arena_free(a);
  return st;
}

static unsigned get_constraint(cs_server *s, const cs_http_request *r, json_t **out) {
  const char *basis = arg(r, "basis");
  if (basis && strcmp(basis, "demand") != 0 && strcmp(basis, "orders") != 0)
    return cs__srv_fail(400, "parameter 'basis' is demand or orders", out);
  cs_load_basis lb = basis && strcmp(basis, "orders") == 0 ? CS_BASIS_ORDERS : CS_BASIS_DEMAND;
  return read_state(s, constraint_read, &lb, out);
}

static unsigned mix_read(const cs_model *m, const cs_live *live, void *ctx, json_t **out) {
  (void)live;
  (void)ctx;
  cs_arena *a = cs_arena_new();
  cs_load_result *L;
  cs_mix_result *M;
  cs_error err;
  int rc = cs_load_compute(m, CS_BASIS_DEMAND, a, &L, &err);
  if (!rc) rc = cs_mix_solve(m, L, NULL, a, &M, &err);
  unsigned st = rc ? cs__srv_error(&err, out) : (*out = cs_json_mix(m, M), 200);
  cs_arena_free(a);
  return st;
}

static unsigned get_mix(cs_server *s, const cs_http_request *r, json_t **out) {
  (void)r;
  return read_state(s, mix_read, NULL, out);
}

/* A read computed at the moment `?at=` (default today) and encoded as JSON. */
typedef struct at_read {
  int (*compute)(const cs_model *m, cs_date at, cs_arena *a, void **out, cs_error *err);
  json_t *(*to_json)(const cs_model *m, const void *result);
  cs_date at;
} at_read;

static unsigned at_read_fn(const cs_model *m, const cs_live *live, void *ctx, json_t **out) {
  (void)live;
  const at_read *how = ctx;
  cs_arena *a = cs_arena_new();
  void *result = NULL;
  cs_error err;
  int rc = how->compute(m, how->at, a, &result, &err);
  unsigned st = rc ? cs__srv_error(&err, out) : (*out = how->to_json(m, result), 200);
  cs_arena_free(a);
  return st;
}

static unsigned read_at(cs_server *s, const cs_http_request *r, at_read how, json_t **out) {
  unsigned st = date_arg(r, "at", &how.at, out);
  return st ? st : read_state(s, at_read_fn, &how, out);
}

static int schedule_at(const cs_model *m, cs_date at, cs_arena *a, void **out, cs_error *err) {
  return cs_schedule_compute(m, at, a, (cs_schedule **)out, err);
}
static json_t *schedule_json(const cs_model *m, const void *v) { return cs_json_schedule(m, v); }
static unsigned get_schedule(cs_server *s, const cs_http_request *r, json_t **out) {
  return read_at(s, r, (at_read){schedule_at, schedule_json, CS_DATE_NONE}, out);
}

static int rope_at(const cs_model *m, cs_date at, cs_arena *a, void **out, cs_error *err) {
  return cs_rope_compute(m, at, a, (cs_rope **)out, err);
}
static json_t *rope_json(const cs_model *m, const void *v) { return cs_json_rope(m, v); }
static unsigned get_release(cs_server *s, const cs_http_request *r, json_t **out) {
  return read_at(s, r, (at_read){rope_at, rope_json, CS_DATE_NONE}, out);
}

static int buffers_at(const cs_model *m, cs_date at, cs_arena *a, void **out, cs_error *err) {
  return cs_buffers_compute(m, at, a, (cs_buffers **)out, err);
}
static json_t *buffers_json(const cs_model *m, const void *v) { return cs_json_buffers(m, v); }
static unsigned get_buffers(cs_server *s, const cs_http_request *r, json_t **out) {
  return read_at(s, r, (at_read){buffers_at, buffers_json, CS_DATE_NONE}, out);
}

/* The window of GET /api/measures. */
typedef struct window { cs_date from, to; } window;

static unsigned measures_read(const cs_model *m, const cs_live *live, void *ctx, json_t **out) {
  (void)live;
  window w = *(window *)ctx;
  cs_measures M;
  cs_error err;
  if (w.to == CS_DATE_NONE) w.to = m->settings.today;
  if (w.from == CS_DATE_NONE) w.from = w.to - (cs_date)ceil(m->settings.period_days) + 1;
  int rc = cs_measures_compute(m, w.from, w.to, &M, &err);
  return rc ? cs__srv_error(&err, out) : (*out = cs_json_measures(m, &M), 200);
}

static unsigned get_measures(cs_server *s, const cs_http_request *r, json_t **out) {
  window w;
  unsigned st = date_arg(r, "from", &w.from, out);
  if (!st) st = date_arg(r, "to", &w.to, out);
  return st ? st : read_state(s, measures_read, &w, out);
}

/* The measures of each of the last eight periods, for the trend chart. */
static unsigned trend_read(const cs_model *m, const cs_live *live, void *ctx, json_t **out) {
  (void)live;
  (void)ctx;
  json_t *arr = json_array();
  cs_date period = (cs_date)ceil(m->settings.period_days);
  for (int k = 7; k >= 0; k--) {
    cs_measures M;
    cs_error err;
    cs_date to = m->settings.today - period * k;
    if (cs_measures_compute(m, to - period + 1, to, &M, &err)) {
      json_decref(arr);
      return cs__srv_error(&err, out);
    }
    json_array_append_new(arr, cs_json_measures(m, &M));
  }
  *out = json_pack("{s:o}", "periods", arr);
  return 200;
}

static unsigned get_trend(cs_server *s, const cs_http_request *r, json_t **out) {
  (void)r;
  return read_state(s, trend_read, NULL, out);
}

/* ---- Questions that need a body ---------------------------------------------------- */

static unsigned promise_read(const cs_model *m, const cs_live *live, void *ctx, json_t **out) {
  (void)live;
  json_t *b = ctx;
  double qty = NAN;
  int32_t p = -1;
  cs_date at = CS_DATE_NONE;
  unsigned st = field_ref(m, b, "product", true, true, &p, out);
  if (!st) st = field_number(b, "qty", true, &qty, out);
  if (!st) st = field_date(b, "at", false, &at, out);
  if (st) return st;
  cs_arena *a = cs_arena_new();
  cs_sdbr *sd;
  cs_promise pr;
  cs_error err;
  int rc = cs_sdbr_compute(m, at, a, &sd, &err);
  if (!rc) rc = cs_sdbr_promise(m, sd, p, qty, &pr, &err);
  st = rc ? cs__srv_error(&err, out) : (*out = cs_json_promise(m, sd, &pr), 200);
  cs_arena_free(a);
  return st;
}

/* Runs a read whose question is the request body (a JSON object). */
static unsigned read_body(cs_server *s, const cs_http_request *r, cs__state_read_fn fn, json_t **out) {
  json_t *b;
  unsigned st = body_object(r, &b, out);
  if (st) return st;
  st = read_state(s, fn, b, out);
  json_decref(b);
  return st;
}

static unsigned post_promise(cs_server *s, const cs_http_request *r, json_t **out) {
  return read_body(s, r, promise_read, out);
}

/* What a quote body asks, decoded against the model (product ids are stable). */
typedef struct quote_body {
  json_t *b;
  cs__quote_ask ask;
} quote_body;

static unsigned quote_decode(const cs_model *m, const cs_live *live, void *ctx, json_t **out) {
  (void)live;
  quote_body *qb = ctx;
  json_t *b = qb->b;
  cs__quote_ask *k = &qb->ask;
  unsigned st = field_ref(m, b, "product", true, true, &k->q.product, out);
  if (!st) st = field_number(b, "qty", true, &k->q.qty, out);
  if (!st) st = field_date(b, "due", true, &k->q.due, out);
  if (!st) st = field_number(b, "price", k->book, &k->q.price, out);
  if (!st) st = field_string(b, "customer", false, &k->customer, out);
  if (!st) st = field_string(b, "id", false, &k->id, out);
  return st;
}

static unsigned post_quote(cs_server *s, const cs_http_request *r, json_t **out) {
  quote_body qb = {NULL, {{-1, NAN, CS_DATE_NONE, NAN}, false, NULL, NULL}};
  unsigned st = body_object(r, &qb.b, out);
  if (st) return st;
  qb.ask.book = json_is_true(json_object_get(qb.b, "book"));
  if (qb.ask.book && r->role < CS_ROLE_PLANNER) st = cs__srv_fail(403, "booking needs a bearer token with role planner", out);
  if (!st) st = read_state(s, quote_decode, &qb, out);
  if (!st) {
    unsigned long t0 = cs__now_us();
    char booked[64], *signals = NULL;
    cs_error err;
    int rc = cs__state_quote(cs__srv_state(s), &qb.ask, out, booked, &signals, &err);
    if (rc) st = rc == CS_EINPUT && strcmp(err.field, "id") == 0 ? (*out = cs_json_error(&err), 409) : cs__srv_error(&err, out);
    else st = booked[0] ? 201 : 200;
    if (!rc && booked[0]) cs__srv_committed(s, 1, signals, t0);
  }
  json_decref(qb.b);
  return st;
}

static unsigned decide_read(const cs_model *m, const cs_live *live, void *ctx, json_t **out) {
  (void)live;
  json_t *b = ctx;
  const char *name = NULL;
  unsigned st = field_string(b, "decision", true, &name, out);
  int kind = st ? -1 : cs_decision_parse(name);
  if (!st && kind < 0) st = cs__srv_fail(400, "field 'decision': not a decision (accept-order, overtime, ...)", out);
  if (st) return st;
  cs_decision d;
  cs_decision_init(&d, (cs_decision_kind)kind);
  int32_t step_res[32];
  double step_min[32];
  st = field_ref(m, b, "product", true, false, &d.product, out);
  if (!st) st = field_ref(m, b, "resource", false, false, &d.resource, out);
  const char *order = NULL;
  if (!st) st = field_string(b, "order", false, &order, out);
  if (!st && order && (d.order = cs_model_find_order(m, order)) < 0) st = cs__srv_fail(400, "field 'order': no such order", out);
  if (!st) st = field_number(b, "qty", false, &d.qty, out);
  if (!st) st = field_number(b, "price", false, &d.price, out);
  if (!st) st = field_number(b, "minutes", false, &d.minutes, out);
  if (!st) st = field_number(b, "cost", false, &d.cost_per_minute, out);
  if (!st) st = field_number(b, "buy_price", false, &d.buy_price, out);
  if (!st) st = field_number(b, "tvc", false, &d.tvc, out);
  if (!st) st = field_number(b, "demand", false, &d.demand, out);
  if (!st) st = field_number(b, "oe_saved", false, &d.oe_saved, out);
  if (!st) st = field_date(b, "due", false, &d.due, out);
  json_t *steps = json_object_get(b, "steps");
  if (!st && steps) {
    if (!json_is_array(steps) || json_array_size(steps) > 32) st = cs__srv_fail(400, "field 'steps': an array of {resource, minutes}", out);
    size_t i;
    json_t *e;
    json_array_foreach(steps, i, e) {
      if (st) break;
      st = field_ref(m, e, "resource", false, true, &step_res[i], out);
      if (!st) st = field_number(e, "minutes", true, &step_min[i], out);
    }
    d.nsteps = json_array_size(steps);
    d.step_resource = step_res;
    d.step_minutes = step_min;
  }
  if (st) return st;
  if (isnan(d.cost_per_minute) && d.resource >= 0) d.cost_per_minute = m->resources.overtime_cost[d.resource];
  cs_decision_result R;
  cs_error err;
  int rc = cs_decide(m, &d, &R, &err);
  return rc ? cs__srv_error(&err, out) : (*out = cs_json_decision(m, &d, &R), 200);
}

static unsigned post_decide(cs_server *s, const cs_http_request *r, json_t **out) {
  return read_body(s, r, decide_read, out);
}

/* Replays a request stream under the pricing policies: {"requests": [{at, product, qty,
 * due, price}]} or {"generate": N, "seed": S}. */
static unsigned simulate_read(const cs_model *m, const cs_live *live, void *ctx, json_t **out) {
  (void)live;
  json_t *b = ctx;
  cs_arena *a = cs_arena_new();
  cs_request *req = NULL;
  size_t n = 0;
  double gen = 0, seed = 1;
  cs_sim_result *S;
  cs_error err;
  json_t *list = json_object_get(b, "requests");
  unsigned st = field_number(b, "generate", false, &gen, out);
  if (!st) st = field_number(b, "seed", false, &seed, out);
  if (!st && !(seed >= 0 && seed <= 9007199254740992.0 && seed == floor(seed)))
    st = cs__srv_fail(400, "field 'seed': a whole number from 0 to 2^53", out);
  if (!st && json_is_array(list)) {
    n = json_array_size(list);
    req = cs_arena_calloc(a, n + 1, sizeof *req);
    for (size_t i = 0; !st && i < n; i++) {
      json_t *e = json_array_get(list, i);
      st = field_ref(m, e, "product", true, true, &req[i].product, out);
      if (!st) st = field_date(e, "at", true, &req[i].at, out);
      if (!st) st = field_date(e, "due", true, &req[i].due, out);
      if (!st) st = field_number(e, "qty", true, &req[i].qty, out);
      if (!st) st = field_number(e, "price", true, &req[i].price, out);
    }
  } else if (!st && gen >= 1 && gen <= 100000) {
    n = (size_t)gen;
    if (cs_requests_generate(m, n, (uint64_t)seed, a, &req, &err)) st = cs__srv_error(&err, out);
  } else if (!st) {
    st = cs__srv_fail(400, "give \"requests\" (an array) or \"generate\" (1 to 100000)", out);
  }
  if (!st) {
    int rc = cs_simulate_pricing(m, req, n, (1u << CS_POLICY_COUNT) - 1, a, &S, &err);
    st = rc ? cs__srv_error(&err, out) : (*out = cs_json_simulation(m, S), 200);
  }
  cs_arena_free(a);
  return st;
}

static unsigned post_simulate(cs_server *s, const cs_http_request *r, json_t **out) {
  return read_body(s, r, simulate_read, out);
}

/* The live signals: the drum's planned load, the colour counts and the most loaded
 * resources (`top`, default 20): small enough to poll and to push. */
static unsigned signals_read(const cs_model *m, const cs_live *live, void *ctx, json_t **out) {
  *out = cs_json_signals(m, cs_live_get(live), *(size_t *)ctx, NULL, 0);
  return *out ? 200 : cs__srv_fail(500, "out of memory", out);
}

static unsigned get_signals(cs_server *s, const cs_http_request *r, json_t **out) {
  const char *top_arg = arg(r, "top");
  long top = top_arg ? strtol(top_arg, NULL, 10) : 20;
  size_t n = top < 0 ? 0 : top > 100000 ? 100000 : (size_t)top;
  return read_state(s, signals_read, &n, out);
}

/* ---- Writes ------------------------------------------------------------------------ */

/* Splits a body into events: a JSON object, an array of objects, or JSON lines. */
static unsigned split_events(const cs_http_request *r, char ***events, size_t *n, json_t **out) {
  *events = NULL;
  *n = 0;
  json_t *doc = json_loadb(r->body, r->body_len, 0, NULL);
  json_t *arr;
  if (json_is_array(doc)) {
    arr = doc;
    doc = NULL;
  } else if (json_is_object(doc)) {
    arr = json_array();
    json_array_append(arr, doc);
  } else {
    arr = json_array();
    /* One object per line (a single object is one line). */
    const char *p = r->body, *end = r->body + r->body_len;
    while (p < end) {
      const char *nl = memchr(p, '\n', (size_t)(end - p));
      size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
      json_error_t e;
      bool blank = true;
      for (size_t i = 0; i < len; i++) blank &= p[i] == ' ' || p[i] == '\t' || p[i] == '\r';
      if (!blank) {
        json_t *ev = json_loadb(p, len, 0, &e);
        if (!ev) {
          char msg[300];
          snprintf(msg, sizeof msg, "event %zu: not JSON: %s", json_array_size(arr) + 1, e.text);
          json_decref(arr);
          json_decref(doc);
          return cs__srv_fail(400, msg, out);
        }
        json_array_append_new(arr, ev);
      }
      p += len + 1;
    }
  }
  json_decref(doc);
  size_t k = json_array_size(arr);
  if (k == 0) {
    json_decref(arr);
    return cs__srv_fail(400, "no events in the body", out);
  }
  *events = calloc(k, sizeof **events);
  for (size_t i = 0; *events && i < k; i++) (*events)[i] = json_dumps(json_array_get(arr, i), JSON_COMPACT);
  *n = k;
  json_decref(arr);
  return 0;
}

static unsigned post_events(cs_server *s, const cs_http_request *r, json_t **out) {
  char **events;
  size_t n;
  unsigned st = split_events(r, &events, &n, out);
  if (st) return st;
  cs_error err;
  unsigned long t0 = cs__now_us();
  char *signals = NULL;
  int rc = cs__state_apply(cs__srv_state(s), events, n, &signals, &err);
  if (rc) st = cs__srv_error(&err, out);
  else {
    cs__srv_committed(s, n, signals, t0);
    *out = json_pack("{s:i}", "applied", (json_int_t)n);
    st = 201;
  }
  for (size_t i = 0; i < n; i++) free(events[i]);
  free(events);
  return st;
}

/* Settings change through setting.changed events: {"key": value, ...}. */
static unsigned put_settings(cs_server *s, const cs_http_request *r, json_t **out) {
  json_t *b;
  unsigned st = body_object(r, &b, out);
  if (st) return st;
  size_t n = json_object_size(b), i = 0;
  char **events = calloc(n + 1, sizeof *events);
  const char *key;
  json_t *v;
  json_object_foreach(b, key, v) {
    json_t *ev = json_pack("{s:s, s:s, s:O}", "type", "setting.changed", "key", key, "value", v);
    events[i++] = json_dumps(ev, JSON_COMPACT);
    json_decref(ev);
  }
  cs_error err;
  unsigned long t0 = cs__now_us();
  char *signals = NULL;
  int rc = n ? cs__state_apply(cs__srv_state(s), events, n, &signals, &err) : 0;
  if (!rc && n) cs__srv_committed(s, n, signals, t0);
  st = rc ? cs__srv_error(&err, out) : (*out = json_pack("{s:i}", "changed", (json_int_t)n), 200);
  for (i = 0; i < n; i++) free(events[i]);
  free(events);
  json_decref(b);
  return st;
}

static const cs_route routes[] = {
  {"GET", "/api/constraint", CS_ROLE_VIEWER, "Loads, protective capacity and the Constraint", get_constraint},
  {"GET", "/api/mix", CS_ROLE_VIEWER, "The throughput mix beside the cost-accounting mix", get_mix},
  {"GET", "/api/schedule", CS_ROLE_VIEWER, "The drum schedule (DBR)", get_schedule},
  {"GET", "/api/release", CS_ROLE_VIEWER, "The rope: release now and held", get_release},
  {"GET", "/api/buffers", CS_ROLE_VIEWER, "Buffer colours, queues and causes of red", get_buffers},
  {"GET", "/api/measures", CS_ROLE_VIEWER, "Outcome measures over a window", get_measures},
  {"GET", "/api/trend", CS_ROLE_VIEWER, "Outcome measures of the last eight periods", get_trend},
  {"GET", "/api/signals", CS_ROLE_VIEWER, "The live signals: loads, planned load, colour counts", get_signals},
  {"POST", "/api/promise", CS_ROLE_VIEWER, "S-DBR safe date for a request", post_promise},
  {"POST", "/api/quote", CS_ROLE_VIEWER, "Floor price from bid prices; with book, a booking", post_quote},
  {"POST", "/api/decide", CS_ROLE_VIEWER, "A what-if decision", post_decide},
  {"POST", "/api/simulate-pricing", CS_ROLE_VIEWER, "Pricing policies replayed against the hindsight bound", post_simulate},
  {"POST", "/api/events", CS_ROLE_PLANNER, "Events, committed before the answer", post_events},
  {"PUT", "/api/settings", CS_ROLE_ADMIN, "Settings, as setting.changed events", put_settings},
  /* Answered by server.c itself (no handler here), listed so the table documents them all. */
  {"GET", "/api/stream", CS_ROLE_VIEWER, "Server-Sent Events of the signals", NULL},
  {"GET", "/healthz", CS_ROLE_NONE, "Health check", NULL},
  {"GET", "/metrics", CS_ROLE_NONE, "Prometheus metrics", NULL},
  {"GET", "/openapi.json", CS_ROLE_NONE, "The OpenAPI document (a static file)", NULL},
  {NULL, NULL, CS_ROLE_NONE, NULL, NULL},
};

const cs_route *cs_server_routes(void) { return routes; }
