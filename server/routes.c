/* routes.c — the JSON API: one route per CLI command, answered by the same engine calls
 * and the same results-to-JSON functions as `--json`, plus events in and settings. */
#include <math.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

/* A query parameter, or NULL. */
static const char *arg(const cs_http_request *r, const char *key) {
  return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
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

/* A query parameter's value: a number when the key is marked numeric ('#' before its
 * name) and the whole text reads as one, else the text (which the command then refuses
 * naming the field). */
static json_t *query_value(const char *text, bool numeric) {
  char *end = NULL;
  double v = numeric && *text ? strtod(text, &end) : 0;
  if (numeric && end && !*end && isfinite(v)) return json_real(v);
  return json_string(text);
}

/* The arguments of a GET: the query parameters named in keys ('#days': a number), as
 * JSON; NULL when one is not valid UTF-8 (or memory is short). */
static json_t *query_args(const cs_http_request *r, const char *const *keys) {
  json_t *args = json_object();
  for (size_t i = 0; args && keys[i]; i++) {
    bool numeric = keys[i][0] == '#';
    const char *key = keys[i] + numeric, *text = arg(r, key);
    if (text && json_object_set_new(args, key, query_value(text, numeric)) != 0) {
      json_decref(args);
      return NULL;
    }
  }
  return args;
}

/* Runs a read against the state. */
static unsigned read_state(cs_server *s, cs__state_read_fn fn, void *ctx, json_t **out) {
  return cs__state_read(cs__srv_state(s), fn, ctx, out);
}

/* A command of the one command table (cs_command.h) and its arguments. */
typedef struct command_call {
  const cs_command *c;
  json_t *args;
} command_call;

static unsigned command_read(const cs_model *m, const cs_live *live, void *ctx, json_t **out) {
  (void)live;
  const command_call *call = ctx;
  cs_arena *a = cs_arena_new();
  cs_error err;
  int rc = a ? cs_command_run(call->c, m, call->args, a, NULL, NULL, out, &err) : cs_error_set(&err, CS_ENOMEM, NULL, NULL, "out of memory");
  cs_arena_free(a);
  return rc ? cs__srv_error(&err, out) : 200;
}

/* Answers a command from its arguments (owned by the caller). */
static unsigned run_command(cs_server *s, const char *name, json_t *args, json_t **out) {
  if (!args) return cs__srv_fail(400, "a parameter is not valid UTF-8", out);
  command_call call = {cs_command_find(name), args};
  return read_state(s, command_read, &call, out);
}

/* A GET command: its arguments are the query parameters named in keys. */
static unsigned get_command(cs_server *s, const cs_http_request *r, const char *name, const char *const *keys,
                            json_t **out) {
  json_t *args = query_args(r, keys);
  unsigned st = run_command(s, name, args, out);
  json_decref(args);
  return st;
}

/* A POST command: its arguments are the body. */
static unsigned post_command(cs_server *s, const cs_http_request *r, const char *name, json_t **out) {
  json_t *b;
  unsigned st = body_object(r, &b, out);
  if (st) return st;
  st = run_command(s, name, b, out);
  json_decref(b);
  return st;
}

/* ---- Reads ------------------------------------------------------------------------- */

static const char *const no_keys[] = {NULL};
static const char *const at_keys[] = {"at", NULL};

static unsigned rental_command(cs_server *s, const cs_http_request *r, const char *name, const char *const *keys,
                               json_t **out);
static unsigned get_constraint(cs_server *s, const cs_http_request *r, json_t **out) {
  static const char *const keys[] = {"basis", NULL};
  /* On a rental house alone it is the rental plan's (cs_command_for), one at a time. */
  return rental_command(s, r, "constraint", keys, out);
}
static unsigned get_mix(cs_server *s, const cs_http_request *r, json_t **out) {
  return get_command(s, r, "mix", no_keys, out);
}
static unsigned get_schedule(cs_server *s, const cs_http_request *r, json_t **out) {
  return get_command(s, r, "schedule", at_keys, out);
}
static unsigned get_release(cs_server *s, const cs_http_request *r, json_t **out) {
  return get_command(s, r, "release", at_keys, out);
}
static unsigned get_buffers(cs_server *s, const cs_http_request *r, json_t **out) {
  return get_command(s, r, "buffers", at_keys, out);
}
static unsigned get_measures(cs_server *s, const cs_http_request *r, json_t **out) {
  static const char *const keys[] = {"from", "to", NULL};
  return get_command(s, r, "measures", keys, out);
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

static unsigned post_promise(cs_server *s, const cs_http_request *r, json_t **out) {
  return post_command(s, r, "promise", out);
}
/* A what-if, valued and kept for the decision log. */
typedef struct decide_call {
  json_t *args;
  cs_decision_result R;
  const char *kind;
  char *request;            /* the decision's arguments (cs_json_decide_request), malloc'd */
  unsigned long at_us;
} decide_call;
static unsigned decide_read(const cs_model *m, const cs_live *live, void *ctx, json_t **out) {
  (void)live;
  decide_call *call = ctx;
  cs_arena *a = cs_arena_new();
  cs_error err;
  void *req = NULL, *res = NULL;
  int rc = a ? cs_command_run(cs_command_find("decide"), m, call->args, a, &req, &res, out, &err)
             : cs_error_set(&err, CS_ENOMEM, NULL, NULL, "out of memory");
  if (!rc && res && req) {
    call->R = *(const cs_decision_result *)res;
    call->kind = cs_decision_name(((const cs_decision *)req)->kind);
    call->request = cs_json_decide_request(m, req);
    call->at_us = cs__now_us();
  }
  cs_arena_free(a);
  return rc ? cs__srv_error(&err, out) : 200;
}
static unsigned post_decide(cs_server *s, const cs_http_request *r, json_t **out) {
  json_t *b;
  unsigned st = body_object(r, &b, out);
  if (st) return st;
  decide_call call;
  memset(&call, 0, sizeof call);
  call.args = b;
  st = read_state(s, decide_read, &call, out);
  /* The log takes the decision in the next period's batch. */
  if (st == 200 && call.kind)
    cs__state_note_decide(cs__srv_state(s), call.kind, call.request, &call.R, (double)(cs__now_us() - call.at_us) / 1000.0);
  free(call.request);
  json_decref(b);
  return st;
}
static unsigned post_simulate(cs_server *s, const cs_http_request *r, json_t **out) {
  return post_command(s, r, "simulate-pricing", out);
}
static unsigned quote_error(const cs_error *err, json_t **out);

/* The best slots for a visit; with "confirm", the chosen one booked (planner). */
typedef struct book_body {
  json_t *b;
  cs_arena *a;
  cs_book_ask *ask;
} book_body;

static unsigned book_decode(const cs_model *m, const cs_live *live, void *ctx, json_t **out) {
  (void)live;
  book_body *bb = ctx;
  void *req = NULL;
  cs_error err;
  const cs_command *c = cs_command_find("book");
  if (cs_command_check(c, m, &err) || c->decode(m, bb->b, bb->a, &req, &err)) return quote_error(&err, out);
  bb->ask = req;
  return 0;
}

static unsigned post_book(cs_server *s, const cs_http_request *r, json_t **out) {
  book_body bb = {NULL, cs_arena_new(), NULL};
  unsigned st = bb.a ? body_object(r, &bb.b, out) : cs__srv_fail(500, "out of memory", out);
  if (!st) st = read_state(s, book_decode, &bb, out);
  if (!st && bb.ask->confirm && r->role < CS_ROLE_PLANNER)
    st = cs__srv_fail(403, "booking needs a bearer token with role planner", out);
  if (!st && !bb.ask->confirm) {
    cs_error err;
    if (cs__state_slots(cs__srv_state(s), bb.ask, out, &err)) st = cs__srv_error(&err, out);
    else st = 200;
  } else if (!st) {
    unsigned long t0 = cs__now_us();
    char booked[64], *signals = NULL;
    cs_error err;
    int rc = cs__state_book(cs__srv_state(s), bb.ask, out, booked, &signals, &err);
    if (rc) st = quote_error(&err, out);
    else st = booked[0] ? 201 : 200;
    if (!rc && booked[0]) cs__srv_committed(s, 1, signals, t0);
    else free(signals);
  }
  json_decref(bb.b);
  cs_arena_free(bb.a);
  return st;
}
/* The board: now from the server's kept desk, at another moment through the command. */
static unsigned get_desk(cs_server *s, const cs_http_request *r, json_t **out) {
  if (arg(r, "at")) return get_command(s, r, "desk", at_keys, out);
  cs_error err;
  return cs__state_board(cs__srv_state(s), out, &err) ? cs__srv_error(&err, out) : 200;
}
/* The pipeline (DESIGN §11): the recurring view of buying frictions, and the frictions
 * that hold one opportunity with their countermeasures (booking one goes through
 * POST /api/book with the countermeasure's minutes). */
static unsigned get_frictions(cs_server *s, const cs_http_request *r, json_t **out) {
  static const char *const keys[] = {"from", "to", NULL};
  return get_command(s, r, "frictions", keys, out);
}
/* The decision log against hindsight and cost accounting (issue 15). */
static unsigned get_regret(cs_server *s, const cs_http_request *r, json_t **out) {
  static const char *const keys[] = {"from", "to", NULL};
  return get_command(s, r, "regret", keys, out);
}
static unsigned get_friction(cs_server *s, const cs_http_request *r, json_t **out) {
  static const char *const keys[] = {"opportunity", "friction", "at", NULL};
  return get_command(s, r, "friction", keys, out);
}
static unsigned get_diary(cs_server *s, const cs_http_request *r, json_t **out) {
  static const char *const keys[] = {"rep", "from", "#days", "#limit", NULL};
  return get_command(s, r, "diary", keys, out);
}

/* Runs a read that takes seconds on a copy of the model read from the store, so that
 * writers go on meanwhile; under the read lock when MODEL is not a store. */
static unsigned on_a_copy(cs_server *s, cs__state_read_fn fn, void *ctx, json_t **out) {
  const char *db = cs__state_store(cs__srv_state(s));
  cs_model *copy = NULL;
  cs_error err;
  if (!db || cs_store_read(db, &copy, &err) != 0) return read_state(s, fn, ctx, out);
  unsigned st = fn(copy, NULL, ctx, out);
  cs_model_free(copy);
  return st;
}

/* The simulator through the API: at most this many replication-days (replications x
 * (days + warm-up) x policies), on at most two threads. */
#define SIM_MAX_WORK 20000.0
#define SIM_THREADS 2

static unsigned simulate_on(const cs_model *m, const cs_live *live, void *ctx, json_t **out) {
  (void)live;
  json_t *args = ctx;
  cs_arena *a = cs_arena_new();
  cs_error err;
  void *req = NULL;
  const cs_command *c = cs_command_find("simulate");
  int rc = a ? cs_command_check(c, m, &err) : cs_error_set(&err, CS_ENOMEM, NULL, NULL, "out of memory");
  if (!rc) rc = c->decode(m, args, a, &req, &err);
  if (!rc) {
    cs_simulate_ask *q = req;
    double work = (double)q->opt.replications * (q->opt.days + q->opt.warmup_days) * (double)q->opt.npolicies;
    if (work > SIM_MAX_WORK)
      rc = cs_error_set(&err, CS_EINPUT, "replications", "",
                        "replications x (days + warmup) x policies is %.0f; the API runs at most %.0f (the CLI has no limit)",
                        work, SIM_MAX_WORK);
    if (q->opt.threads > SIM_THREADS) q->opt.threads = SIM_THREADS;
  }
  void *result = NULL;
  if (!rc) rc = c->compute(m, req, a, &result, &err);
  if (!rc) *out = c->to_json(m, req, result);
  cs_arena_free(a);
  return rc ? cs__srv_error(&err, out) : 200;
}

/* The variability simulator: the body is the command's arguments (docs/simulate.md). */
static unsigned post_variability(cs_server *s, const cs_http_request *r, json_t **out) {
  json_t *b;
  unsigned st = body_object(r, &b, out);
  if (st) return st;
  st = on_a_copy(s, simulate_on, b, out);
  json_decref(b);
  return st;
}

/* Route improvement through the API: the default search, and the most a request may ask
 * (the answer waits for it). */
#define ROUTE_SECONDS 2.0
#define ROUTE_MAX_SECONDS 30.0

/* A route improvement's arguments, and the event that applies its plan when asked. */
typedef struct route_call {
  json_t *args;
  bool apply;
  char *event;
} route_call;

/* Computes the plan on model m: *out its JSON; with apply, the event text kept. */
static unsigned route_on(const cs_model *m, const cs_live *live, void *ctx, json_t **out) {
  (void)live;
  route_call *rc = ctx;
  cs_arena *a = cs_arena_new();
  cs_error err;
  void *result = NULL;
  int r = a ? cs_command_run(cs_command_find("route"), m, rc->args, a, NULL, &result, out, &err)
            : cs_error_set(&err, CS_ENOMEM, NULL, NULL, "out of memory");
  if (!r && rc->apply) rc->event = cs_json_reroute_event(m, result);
  cs_arena_free(a);
  return r ? cs__srv_error(&err, out) : 200;
}

/* The reps' days improved: the plan computed on a copy of the model read from the store,
 * so that bookings go on meanwhile (under the read lock when MODEL is not a store); with
 * "apply" (planner), its moves committed as one appointments.rerouted event, checked again
 * against the model as it then stands — a visit booked meanwhile that collides with the
 * plan refuses it whole (409). */
static unsigned post_route(cs_server *s, const cs_http_request *r, json_t **out) {
  json_t *b;
  unsigned st = body_object(r, &b, out);
  if (st) return st;
  route_call rc = {b, json_is_true(json_object_get(b, "apply")), NULL};
  json_t *limit = json_object_get(b, "time_limit");
  if (rc.apply && r->role < CS_ROLE_PLANNER)
    st = cs__srv_fail(403, "applying a route plan needs a bearer token with role planner", out);
  else if (!limit) json_object_set_new(b, "time_limit", json_real(ROUTE_SECONDS));
  else if (json_is_number(limit) && json_number_value(limit) > ROUTE_MAX_SECONDS)
    st = cs__srv_fail(400, "field 'time_limit': at most 30 seconds through the API (the CLI has no limit)", out);
  cs_error err;
  if (!st) st = on_a_copy(s, route_on, &rc, out);
  if (st == 200 && rc.event) {
    json_t *events = json_array();
    char *signals = NULL;
    unsigned long t0 = cs__now_us();
    if (events) json_array_append_new(events, json_loads(rc.event, 0, NULL));
    int applied = json_array_size(events) == 1 ? cs__state_apply(cs__srv_state(s), events, &signals, &err)
                                                 : cs_error_set(&err, CS_ENOMEM, NULL, NULL, "out of memory");
    if (!applied) {
      cs__srv_committed(s, 1, signals, t0);
      st = 201;
    } else {
      json_decref(*out);
      if (err.code == CS_EINPUT) *out = cs_json_error(&err), st = 409;
      else st = cs__srv_error(&err, out);
    }
    json_decref(events);
  }
  free(rc.event);
  json_decref(b);
  return st;
}

/* A quote's question, decoded by the command table against the model (product ids are
 * stable, so the answer may be priced after the read lock is let go). */
typedef struct quote_body {
  json_t *b;
  cs_arena *a;
  cs_quote_ask *ask;
} quote_body;

/* A quote's failure: a booking whose order id exists conflicts (409). */
static unsigned quote_error(const cs_error *err, json_t **out) {
  if (err->code == CS_EINPUT && strcmp(err->field, "id") == 0) {
    *out = cs_json_error(err);
    return 409;
  }
  return cs__srv_error(err, out);
}

static unsigned quote_decode(const cs_model *m, const cs_live *live, void *ctx, json_t **out) {
  (void)live;
  quote_body *qb = ctx;
  void *req = NULL;
  cs_error err;
  const cs_command *c = cs_command_find("quote");
  if (cs_command_check(c, m, &err) || c->decode(m, qb->b, qb->a, &req, &err)) return quote_error(&err, out);
  qb->ask = req;
  return 0;
}

static unsigned post_quote(cs_server *s, const cs_http_request *r, json_t **out) {
  quote_body qb = {NULL, cs_arena_new(), NULL};
  unsigned st = qb.a ? body_object(r, &qb.b, out) : cs__srv_fail(500, "out of memory", out);
  if (!st) st = read_state(s, quote_decode, &qb, out);
  if (!st && qb.ask->book && r->role < CS_ROLE_PLANNER) st = cs__srv_fail(403, "booking needs a bearer token with role planner", out);
  if (!st && (qb.ask->at != CS_DATE_NONE || qb.ask->bucket_days > 0)) {
    /* Another moment or other buckets: priced at bid prices built for the question. */
    st = qb.ask->book ? cs__srv_fail(400, "a booking is priced at the server's own bid prices: leave out 'at' and 'bucket_days'", out)
                      : run_command(s, "quote", qb.b, out);
  } else if (!st) {
    unsigned long t0 = cs__now_us();
    char booked[64], *signals = NULL;
    cs_error err;
    int rc = cs__state_quote(cs__srv_state(s), qb.ask, out, booked, &signals, &err);
    if (rc) st = quote_error(&err, out);
    else st = booked[0] ? 201 : 200;
    if (!rc && booked[0]) cs__srv_committed(s, 1, signals, t0);
  }
  json_decref(qb.b);
  cs_arena_free(qb.a);
  return st;
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
  unsigned st = read_state(s, signals_read, &n, out);
  if (st == 200) {
    /* What people are told, and how fresh: the Constraint as announced (moved only by a
     * lasting change) and how long after an event its signals were sent, on average. */
    const char *announced = cs__state_announced(cs__srv_state(s));
    double ms = cs__srv_refresh_ms(s);
    json_object_set_new(*out, "announced_constraint", announced ? json_string(announced) : json_null());
    json_object_set_new(*out, "refresh_ms", ms >= 0 ? json_real(ms) : json_null());
  }
  return st;
}

/* ---- The rental house (DESIGN §9) -------------------------------------------------- */

/* The rental plan may search whole numbers with Cbc, whose solver is not re-entrant: the
 * server runs one rental plan at a time (readers of everything else go on). */
static pthread_mutex_t rental_lock = PTHREAD_MUTEX_INITIALIZER;

/* A rental command, one at a time. */
static unsigned rental_command(cs_server *s, const cs_http_request *r, const char *name, const char *const *keys,
                               json_t **out) {
  pthread_mutex_lock(&rental_lock);
  unsigned st = get_command(s, r, name, keys, out);
  pthread_mutex_unlock(&rental_lock);
  return st;
}

static unsigned get_shortages(cs_server *s, const cs_http_request *r, json_t **out) {
  static const char *const keys[] = {"from", "to", NULL};
  return get_command(s, r, "shortages", keys, out);
}
static unsigned kept_plan_command(cs_server *s, const char *name, json_t *args, json_t **out);

/* The plan: the one the server keeps (planned again after events from its last basis),
 * unless another first day is asked for. */
static unsigned get_allocate(cs_server *s, const cs_http_request *r, json_t **out) {
  static const char *const keys[] = {"from", NULL};
  json_t *args = query_args(r, keys);
  if (!args || json_object_get(args, "from")) {
    json_decref(args);
    return rental_command(s, r, "allocate", keys, out);
  }
  pthread_mutex_lock(&rental_lock);
  unsigned st = kept_plan_command(s, "allocate", args, out);
  pthread_mutex_unlock(&rental_lock);
  json_decref(args);
  return st;
}
static unsigned get_buy(cs_server *s, const cs_http_request *r, json_t **out) {
  return rental_command(s, r, "buy-or-subrent", no_keys, out);
}

static unsigned apply_batch(cs_server *s, json_t *events, const char *key, unsigned status, json_t **out);

/* A command answered from the kept plan (allocate, quote-job): its arguments and answer. */
typedef struct kept_call {
  const char *name;
  json_t *args, *out;
} kept_call;

/* Runs the command with the kept plan of the model as its base (state lock held). */
static int command_on_plan(const cs_model *m, const cs_rental_plan *plan, void *ctx, cs_error *err) {
  kept_call *call = ctx;
  const cs_command *c = cs_command_find(call->name);
  cs_arena *a = cs_arena_new();
  void *req = NULL;
  int rc = a ? cs_command_decode(&c, m, call->args, a, &req, err) : cs_error_set(err, CS_ENOMEM, NULL, NULL, "out of memory");
  if (!rc && req) {
    if (strcmp(call->name, "allocate") == 0) ((cs_allocate_ask *)req)->base = plan;
    else ((cs_quote_job_ask *)req)->base = plan;
    rc = cs_command_answer(c, m, req, a, NULL, &call->out, err);
  }
  cs_arena_free(a);
  return rc;
}

/* The command with the server's kept rental plan as its base: the plan itself, or a
 * quote that re-plans only the job's neighbourhood. */
static unsigned kept_plan_command(cs_server *s, const char *name, json_t *args, json_t **out) {
  if (!args) return cs__srv_fail(400, "a parameter is not valid UTF-8", out);
  kept_call call = {name, args, NULL};
  cs_error err;
  if (cs__state_with_rental(cs__srv_state(s), command_on_plan, &call, &err)) return cs__srv_error(&err, out);
  *out = call.out;
  return 200;
}

/* A new job quoted against the whole book's plan; with "book" (a planner's), stored as
 * job.created in the same answer, "booked" telling so. */
static unsigned post_quote_job(cs_server *s, const cs_http_request *r, json_t **out) {
  json_t *b;
  unsigned st = body_object(r, &b, out);
  if (st) return st;
  bool book = json_is_true(json_object_get(b, "book"));
  if (book && r->role < CS_ROLE_PLANNER) st = cs__srv_fail(403, "booking needs a bearer token with role planner", out);
  if (!st) {
    pthread_mutex_lock(&rental_lock);
    st = kept_plan_command(s, "quote-job", b, out);
    pthread_mutex_unlock(&rental_lock);
  }
  if (st == 200 && book) {
    json_t *ev = json_pack("[{s:s, s:O}]", "type", "job.created", "job", json_object_get(b, "job"));
    json_t *applied = NULL;
    unsigned bst = ev ? apply_batch(s, ev, "applied", 201, &applied) : cs__srv_fail(500, "out of memory", &applied);
    json_decref(ev);
    if (bst == 201) {
      json_object_set_new(*out, "booked", json_true());
      st = 201;
    } else {
      json_decref(*out);
      *out = applied, applied = NULL, st = bst;
    }
    json_decref(applied);
  }
  json_decref(b);
  return st;
}

/* ---- Writes ------------------------------------------------------------------------ */

/* Splits a body into events, parsed once: a JSON object, an array of objects, or JSON
 * lines. *events receives an array (a new reference). */
static unsigned split_events(const cs_http_request *r, json_t **events, json_t **out) {
  *events = NULL;
  json_t *doc = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, NULL);
  json_t *arr;
  if (json_is_array(doc)) {
    arr = doc;
  } else if (json_is_object(doc)) {
    arr = json_array();
    json_array_append_new(arr, doc);
  } else {
    json_decref(doc);
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
        json_t *ev = json_loadb(p, len, JSON_REJECT_DUPLICATES, &e);
        if (!ev) {
          char msg[300];
          snprintf(msg, sizeof msg, "event %zu: not JSON: %s", json_array_size(arr) + 1, e.text);
          json_decref(arr);
          return cs__srv_fail(400, msg, out);
        }
        json_array_append_new(arr, ev);
      }
      p += len + 1;
    }
  }
  if (json_array_size(arr) == 0) {
    json_decref(arr);
    return cs__srv_fail(400, "no events in the body", out);
  }
  *events = arr;
  return 0;
}

/* Applies a batch (an array of event objects) and answers with `key`: the count. */
static unsigned apply_batch(cs_server *s, json_t *events, const char *key, unsigned status, json_t **out) {
  cs_error err;
  unsigned long t0 = cs__now_us();
  char *signals = NULL;
  size_t n = json_array_size(events);
  int rc = cs__state_apply(cs__srv_state(s), events, &signals, &err);
  if (rc) return cs__srv_error(&err, out);
  cs__srv_committed(s, n, signals, t0);
  *out = json_pack("{s:I}", key, (json_int_t)n);
  return status;
}

static unsigned post_events(cs_server *s, const cs_http_request *r, json_t **out) {
  json_t *events;
  unsigned st = split_events(r, &events, out);
  if (st) return st;
  st = apply_batch(s, events, "applied", 201, out);
  json_decref(events);
  return st;
}

/* Settings change through setting.changed events: {"key": value, ...}. */
static unsigned put_settings(cs_server *s, const cs_http_request *r, json_t **out) {
  json_t *b;
  unsigned st = body_object(r, &b, out);
  if (st) return st;
  json_t *events = json_array();
  const char *key;
  json_t *v;
  json_object_foreach(b, key, v) {
    json_array_append_new(events, json_pack("{s:s, s:s, s:O}", "type", "setting.changed", "key", key, "value", v));
  }
  st = json_array_size(events) ? apply_batch(s, events, "changed", 200, out) : (*out = json_pack("{s:i}", "changed", 0), 200);
  json_decref(events);
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
  {"GET", "/api/desk", CS_ROLE_VIEWER, "The sales desk's board: appointment buffers, the queue, the measures", get_desk},
  {"GET", "/api/diary", CS_ROLE_VIEWER, "The reps' diaries: each day's route, home to home", get_diary},
  {"GET", "/api/frictions", CS_ROLE_VIEWER, "Recurring buying frictions, what they hold, the pipeline by stage", get_frictions},
  {"GET", "/api/friction", CS_ROLE_VIEWER, "The frictions holding an opportunity and their countermeasures", get_friction},
  {"GET", "/api/regret", CS_ROLE_VIEWER, "The decision log against hindsight and cost accounting", get_regret},
  {"POST", "/api/book", CS_ROLE_VIEWER, "The best k slots for a visit (the sales desk)", post_book},
  {"POST", "/api/simulate", CS_ROLE_VIEWER, "The variability simulator: policies side by side with 95 % intervals", post_variability},
  {"POST", "/api/route", CS_ROLE_VIEWER, "The reps' days re-routed to drive less; with apply, the moves", post_route},
  {"GET", "/api/shortages", CS_ROLE_VIEWER, "Rental: items short by day, each job's peak shortage", get_shortages},
  {"GET", "/api/allocate", CS_ROLE_VIEWER, "Rental: one plan for every job, its cost, bound and duals", get_allocate},
  {"GET", "/api/buy-or-subrent", CS_ROLE_VIEWER, "Rental: the items worth buying one more of", get_buy},
  {"POST", "/api/quote-job", CS_ROLE_VIEWER, "Rental: a new job's marginal over-hire cost; with book, stored", post_quote_job},
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
