/* commands.c — the one table of commands (cs_command.h): for each, the decoder of its
 * arguments, the engine call that answers it and the JSON of the answer. The CLI's
 * `--json` and the HTTP API both run these, so they say the same. The ranges every
 * number is checked against are in docs/internals/commands.md. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "clockspeed/cs_command.h"
#include "clockspeed/cs_json.h"
#include "internal.h"
#include "json_priv.h"

/* Limits of the numbers a question may carry (docs/internals/commands.md). */
#define MAX_QTY 1e9        /* units */
#define MAX_MONEY 1e12     /* currency, per unit or in all */
#define MAX_MINUTES 1e9
#define MAX_DAYS 3660.0
#define MAX_SEED 9007199254740992.0
#define MAX_GENERATE 100000.0
#define MAX_STEPS 32

/* The JSON of a command whose answer alone is encoded (the question adds nothing). */
#define ENCODE(name, encode)                                                         \
  static json_t *name##_json(const cs_model *m, const void *req, const void *result) { \
    (void)req;                                                                       \
    return encode(m, result);                                                        \
  }

/* Allocates a zeroed request or result in the arena, or fails. */
static void *make(cs_arena *a, size_t size, cs_error *err) {
  void *p = cs_arena_alloc(a, size);
  if (!p) cs__err(err, CS_ENOMEM, "out of memory");
  return p;
}

/* A quantity: a number in (0, MAX_QTY]. */
static int arg_qty(json_t *args, const char *key, bool required, double *out, cs_error *err) {
  int rc = cs_arg_number(args, key, required, 0, MAX_QTY, out, err);
  if (!rc && *out == 0) return cs_error_set(err, CS_EINPUT, key, "0", "must be greater than zero");
  return rc;
}

/* ---- constraint ------------------------------------------------------------------- */

static int constraint_decode(const cs_model *m, json_t *args, cs_arena *a, void **req, cs_error *err) {
  (void)m;
  cs_load_basis *b = make(a, sizeof *b, err);
  const char *basis = NULL;
  int rc = b ? cs_arg_string(args, "basis", false, &basis, err) : CS_ENOMEM;
  if (rc) return rc;
  if (basis && strcmp(basis, "demand") != 0 && strcmp(basis, "orders") != 0)
    return cs_error_set(err, CS_EINPUT, "basis", basis, "'%.40s' is not demand or orders", basis);
  *b = basis && strcmp(basis, "orders") == 0 ? CS_BASIS_ORDERS : CS_BASIS_DEMAND;
  *req = b;
  return 0;
}
static int constraint_compute(const cs_model *m, void *req, cs_arena *a, void **result, cs_error *err) {
  cs_load_result *L = NULL;
  int rc = cs_load_compute(m, *(cs_load_basis *)req, a, &L, err);
  *result = L;
  if (rc || m->settings.today == CS_DATE_NONE) return rc;
  /* The clockspeed over the last period up to today. */
  cs_clockspeed *C = make(a, sizeof *C, err);
  if (!C) return CS_ENOMEM;
  cs_date to = m->settings.today, from = to - (cs_date)ceil(m->settings.period_days) + 1;
  rc = cs_clockspeed_compute(m, L->drum, from, to, C, err);
  L->clockspeed = C;
  return rc;
}
ENCODE(constraint, cs_json_constraint)

/* ---- mix -------------------------------------------------------------------------- */

static int mix_decode(const cs_model *m, json_t *args, cs_arena *a, void **req, cs_error *err) {
  (void)m;
  cs_mix_options *o = make(a, sizeof *o, err);
  if (!o) return CS_ENOMEM;
  cs_mix_options_default(o);
  *req = o;
  return cs_arg_number(args, "gap", false, 0, 0.999999, &o->gap, err);
}
static int mix_compute(const cs_model *m, void *req, cs_arena *a, void **result, cs_error *err) {
  cs_load_result *L;
  int rc = cs_load_compute(m, CS_BASIS_DEMAND, a, &L, err);
  return rc ? rc : cs_mix_solve(m, L, req, a, (cs_mix_result **)result, err);
}
ENCODE(mix, cs_json_mix)

/* ---- promise ---------------------------------------------------------------------- */

static int promise_decode(const cs_model *m, json_t *args, cs_arena *a, void **req, cs_error *err) {
  cs_promise_ask *p = make(a, sizeof *p, err);
  if (!p) return CS_ENOMEM;
  p->at = CS_DATE_NONE;
  *req = p;
  int rc = cs_arg_ref(m, args, "product", 'p', true, &p->product, err);
  if (!rc) rc = arg_qty(args, "qty", true, &p->qty, err);
  if (!rc) rc = cs_arg_date(args, "at", false, &p->at, err);
  return rc;
}
static int promise_compute(const cs_model *m, void *req, cs_arena *a, void **result, cs_error *err) {
  const cs_promise_ask *p = req;
  cs_promise_answer *r = make(a, sizeof *r, err);
  int rc = r ? cs_sdbr_compute(m, p->at, a, &r->sdbr, err) : CS_ENOMEM;
  if (!rc) rc = cs_sdbr_promise(m, r->sdbr, p->product, p->qty, &r->promise, err);
  *result = r;
  return rc;
}
static json_t *promise_json(const cs_model *m, const void *req, const void *result) {
  (void)req;
  const cs_promise_answer *r = result;
  return cs_json_promise(m, r->sdbr, &r->promise);
}

/* ---- release, schedule, buffers: a moment ------------------------------------------ */

/* The computation of a command asked at a moment. */
#define AT_COMPUTE(name, compute, type)                                                       \
  static int name##_compute(const cs_model *m, void *req, cs_arena *a, void **result, cs_error *err) { \
    return compute(m, *(cs_date *)req, a, (type **)result, err); /* NOLINT(bugprone-macro-parentheses) */ \
  }

static int at_decode(const cs_model *m, json_t *args, cs_arena *a, void **req, cs_error *err) {
  (void)m;
  cs_date *at = make(a, sizeof *at, err);
  if (!at) return CS_ENOMEM;
  *at = CS_DATE_NONE;
  *req = at;
  return cs_arg_date(args, "at", false, at, err);
}
AT_COMPUTE(release, cs_rope_compute, cs_rope)
ENCODE(release, cs_json_rope)
AT_COMPUTE(schedule, cs_schedule_compute, cs_schedule)
ENCODE(schedule, cs_json_schedule)
AT_COMPUTE(buffers, cs_buffers_compute, cs_buffers)
ENCODE(buffers, cs_json_buffers)

/* ---- measures --------------------------------------------------------------------- */

static int measures_decode(const cs_model *m, json_t *args, cs_arena *a, void **req, cs_error *err) {
  cs_window *w = make(a, sizeof *w, err);
  if (!w) return CS_ENOMEM;
  w->from = w->to = CS_DATE_NONE;
  *req = w;
  int rc = cs_arg_date(args, "from", false, &w->from, err);
  if (!rc) rc = cs_arg_date(args, "to", false, &w->to, err);
  if (rc) return rc;
  if (w->to == CS_DATE_NONE) w->to = m->settings.today;
  if (w->from == CS_DATE_NONE) w->from = w->to - (cs_date)ceil(m->settings.period_days) + 1;
  return 0;
}
static int measures_compute(const cs_model *m, void *req, cs_arena *a, void **result, cs_error *err) {
  const cs_window *w = req;
  cs_measures *M = make(a, sizeof *M, err);
  *result = M;
  if (!M) return CS_ENOMEM;
  cs_spread *S = NULL;
  int rc = cs_measures_compute(m, w->from, w->to, M, err);
  if (!rc) rc = cs_measures_spread(m, w->from, w->to, a, &S, err);
  M->spread = S;
  return rc;
}
ENCODE(measures, cs_json_measures)

/* ---- quote ------------------------------------------------------------------------ */

static int quote_decode(const cs_model *m, json_t *args, cs_arena *a, void **req, cs_error *err) {
  cs_quote_ask *k = make(a, sizeof *k, err);
  if (!k) return CS_ENOMEM;
  k->q = (cs_quote_request){-1, NAN, CS_DATE_NONE, NAN};
  k->at = CS_DATE_NONE;
  *req = k;
  json_t *book = json_object_get(args, "book");
  if (book && !json_is_boolean(book)) return cs_error_set(err, CS_EINPUT, "book", "", "must be true or false");
  k->book = json_is_true(book);
  int rc = cs_arg_ref(m, args, "product", 'p', true, &k->q.product, err);
  if (!rc) rc = arg_qty(args, "qty", true, &k->q.qty, err);
  if (!rc) rc = cs_arg_date(args, "due", true, &k->q.due, err);
  if (!rc) rc = cs_arg_number(args, "price", k->book, 0, MAX_MONEY, &k->q.price, err);
  if (!rc) rc = cs_arg_date(args, "at", false, &k->at, err);
  if (!rc) rc = cs_arg_number(args, "bucket_days", false, 0, MAX_DAYS, &k->bucket_days, err);
  if (!rc) rc = cs_arg_string(args, "customer", false, &k->customer, err);
  if (!rc) rc = cs_arg_string(args, "id", false, &k->id, err);
  if (!rc && k->id && (!*k->id || strlen(k->id) > 60))
    rc = cs_error_set(err, CS_EINPUT, "id", k->id, "an order id has 1 to 60 characters");
  if (!rc && k->book && k->id && cs_model_find_order(m, k->id) >= 0) rc = cs_booked_id_error(k->id, err);
  return rc;
}
static int quote_compute(const cs_model *m, void *req, cs_arena *a, void **result, cs_error *err) {
  const cs_quote_ask *k = req;
  cs_quote_answer *r = make(a, sizeof *r, err);
  if (!r) return CS_ENOMEM;
  *result = r;
  cs_bid_options bo;
  cs_bid_options_default(&bo);
  bo.bucket_days = k->bucket_days;
  cs_bid *b = NULL;
  int rc = cs_bid_new(m, k->at, &bo, &b, err);
  if (!rc) rc = cs_bid_quote(b, &k->q, &r->quote, err);
  r->at = b ? cs_bid_clock(b) : CS_DATE_NONE;
  cs_bid_free(b);
  return rc;
}
static json_t *quote_json(const cs_model *m, const void *req, const void *result) {
  const cs_quote_ask *k = req;
  const cs_quote_answer *r = result;
  return cs_json_quote(m, &k->q, r->at, &r->quote, r->booked);
}

/* ---- decide ----------------------------------------------------------------------- */

static int decide_decode(const cs_model *m, json_t *args, cs_arena *a, void **req, cs_error *err) {
  const char *name = NULL;
  int rc = cs_arg_string(args, "decision", true, &name, err);
  if (rc) return rc;
  int kind = cs_decision_parse(name);
  if (kind < 0)
    return cs_error_set(err, CS_EINPUT, "decision", name,
                        "'%.40s' is not a decision (accept-order, overtime, over-hire, buy-product, buy-step, "
                        "drop-product, add-product, move-due)", name);
  cs_decision *d = make(a, sizeof *d, err);
  if (!d) return CS_ENOMEM;
  cs_decision_init(d, (cs_decision_kind)kind);
  *req = d;
  if ((rc = cs_arg_ref(m, args, "product", 'p', false, &d->product, err)) ||
      (rc = cs_arg_ref(m, args, "resource", 'r', false, &d->resource, err)) ||
      (rc = cs_arg_ref(m, args, "order", 'o', false, &d->order, err)) ||
      (rc = cs_arg_number(args, "qty", false, 0, MAX_QTY, &d->qty, err)) ||
      (rc = cs_arg_number(args, "price", false, 0, MAX_MONEY, &d->price, err)) ||
      (rc = cs_arg_number(args, "minutes", false, 0, MAX_MINUTES, &d->minutes, err)) ||
      (rc = cs_arg_number(args, "cost", false, 0, MAX_MONEY, &d->cost_per_minute, err)) ||
      (rc = cs_arg_number(args, "buy_price", false, 0, MAX_MONEY, &d->buy_price, err)) ||
      (rc = cs_arg_number(args, "tvc", false, 0, MAX_MONEY, &d->tvc, err)) ||
      (rc = cs_arg_number(args, "demand", false, 0, MAX_QTY, &d->demand, err)) ||
      (rc = cs_arg_number(args, "oe_saved", false, 0, MAX_MONEY, &d->oe_saved, err)) ||
      (rc = cs_arg_date(args, "due", false, &d->due, err)))
    return rc;
  json_t *steps = json_object_get(args, "steps");
  if (steps) {
    if (!json_is_array(steps) || json_array_size(steps) > MAX_STEPS)
      return cs_error_set(err, CS_EINPUT, "steps", "", "an array of at most %d {resource, minutes}", MAX_STEPS);
    size_t n = json_array_size(steps);
    int32_t *res = cs_arena_calloc(a, n + 1, sizeof *res);
    double *min = cs_arena_calloc(a, n + 1, sizeof *min);
    if (!res || !min) return cs__err(err, CS_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
      json_t *e = json_array_get(steps, i);
      if (!json_is_object(e)) return cs_error_set(err, CS_EINPUT, "steps", "", "each step is {resource, minutes}");
      if ((rc = cs_arg_ref(m, e, "resource", 'r', true, &res[i], err)) ||
          (rc = cs_arg_number(e, "minutes", true, 0, MAX_MINUTES, &min[i], err)))
        return rc;
    }
    d->nsteps = n;
    d->step_resource = res;
    d->step_minutes = min;
  }
  /* Overtime and over-hire cost what the resource's overtime costs, unless told. */
  if (isnan(d->cost_per_minute) && d->resource >= 0) d->cost_per_minute = m->resources.overtime_cost[d->resource];
  return 0;
}
static int decide_compute(const cs_model *m, void *req, cs_arena *a, void **result, cs_error *err) {
  cs_decision_result *R = make(a, sizeof *R, err);
  *result = R;
  return R ? cs_decide(m, req, R, err) : CS_ENOMEM;
}
static json_t *decide_json(const cs_model *m, const void *req, const void *result) {
  return cs_json_decision(m, req, result);
}

/* ---- simulate-pricing ------------------------------------------------------------- */

static int simulate_decode(const cs_model *m, json_t *args, cs_arena *a, void **req, cs_error *err) {
  cs_sim_ask *s = make(a, sizeof *s, err);
  if (!s) return CS_ENOMEM;
  cs_sim_options_default(&s->opt);
  *req = s;
  const char *policy = NULL;
  double gen = 0, seed = 1;
  int rc = cs_arg_string(args, "policy", false, &policy, err);
  if (!rc && policy && strcmp(policy, "all") != 0) {
    int p = cs_policy_parse(policy);
    if (p < 0)
      return cs_error_set(err, CS_EINPUT, "policy", policy,
                          "'%.40s' is not first-come, cost-plus, tcu, bid-price or all", policy);
    s->opt.policies = 1u << p;
  }
  if (!rc) rc = cs_arg_number(args, "bucket_days", false, 0, MAX_DAYS, &s->opt.bucket_days, err);
  if (!rc) rc = cs_arg_number(args, "generate", false, 1, MAX_GENERATE, &gen, err);
  if (!rc) rc = cs_arg_number(args, "seed", false, 0, MAX_SEED, &seed, err);
  if (rc) return rc;
  if (gen != floor(gen)) return cs_error_set(err, CS_EINPUT, "generate", "", "must be a whole number");
  if (seed != floor(seed)) return cs_error_set(err, CS_EINPUT, "seed", "", "must be a whole number");
  json_t *list = json_object_get(args, "requests"), *hist = json_object_get(args, "history");
  if (hist && !json_is_boolean(hist)) return cs_error_set(err, CS_EINPUT, "history", "", "must be true or false");
  if (json_is_array(list) + (gen > 0) + json_is_true(hist) != 1)
    return cs_error_set(err, CS_EINPUT, NULL, NULL,
                        "give one of \"requests\" (an array), \"generate\" (1 to 100000) or \"history\": true");
  if (json_is_true(hist)) return cs_requests_from_history(m, (uint64_t)seed, a, &s->requests, &s->n, err);
  if (gen > 0) {
    s->n = (size_t)gen;
    return cs_requests_generate(m, s->n, (uint64_t)seed, a, &s->requests, err);
  }
  s->n = json_array_size(list);
  s->requests = cs_arena_calloc(a, s->n + 1, sizeof *s->requests);
  if (!s->requests) return cs__err(err, CS_ENOMEM, "out of memory");
  for (size_t i = 0; i < s->n; i++) {
    char path[32];
    snprintf(path, sizeof path, "requests[%zu]", i);
    cs_loc loc = {"body", 0, path};
    if ((rc = cs__request_decode(m, json_array_get(list, i), &loc, &s->requests[i], err))) return rc;
  }
  return 0;
}
static int simulate_compute(const cs_model *m, void *req, cs_arena *a, void **result, cs_error *err) {
  const cs_sim_ask *s = req;
  return cs_simulate_pricing(m, s->requests, s->n, &s->opt, a, (cs_sim_result **)result, err);
}
ENCODE(simulate, cs_json_simulation)

/* ---- book, desk (the sales desk) ---------------------------------------------------- */

#define MAX_K 100

static int book_decode(const cs_model *m, json_t *args, cs_arena *a, void **req, cs_error *err) {
  cs_book_ask *b = make(a, sizeof *b, err);
  if (!b) return CS_ENOMEM;
  *req = b;
  double duration = 0, k = 3, slot = 1;
  *b = (cs_book_ask){{-1, 0, CS_DATE_NONE, CS_DATE_NONE, NULL, -1, -1, 3, NULL}, CS_DATE_NONE, false, 1, NULL};
  json_t *confirm = json_object_get(args, "confirm");
  if (confirm && !json_is_boolean(confirm)) return cs_error_set(err, CS_EINPUT, "confirm", "", "must be true or false");
  b->confirm = json_is_true(confirm);
  int rc = cs_arg_ref(m, args, "opportunity", 'y', true, &b->q.opportunity, err);
  if (!rc) rc = cs_arg_number(args, "duration", true, 1, 1440, &duration, err);
  if (!rc && duration != floor(duration)) rc = cs_error_set(err, CS_EINPUT, "duration", "", "must be whole minutes");
  if (!rc) rc = cs_arg_number(args, "k", false, 1, MAX_K, &k, err);
  if (!rc && k != floor(k)) rc = cs_error_set(err, CS_EINPUT, "k", "", "must be a whole number");
  if (!rc) rc = cs_arg_date(args, "from", false, &b->q.from, err);
  if (!rc) rc = cs_arg_date(args, "to", false, &b->q.to, err);
  if (!rc) rc = cs_arg_string(args, "skill", false, &b->q.skill, err);
  if (!rc) rc = cs_arg_time(args, "window_from", false, &b->q.window_from, err);
  if (!rc) rc = cs_arg_time(args, "window_to", false, &b->q.window_to, err);
  if (!rc) rc = cs_arg_date(args, "at", false, &b->at, err);
  if (!rc) rc = cs_arg_number(args, "slot", false, 1, k, &slot, err);
  if (!rc && slot != floor(slot)) rc = cs_error_set(err, CS_EINPUT, "slot", "", "must be a whole number");
  if (!rc) rc = cs_arg_string(args, "id", false, &b->id, err);
  if (!rc && b->id && (!*b->id || strlen(b->id) > 60))
    rc = cs_error_set(err, CS_EINPUT, "id", b->id, "must be 1 to 60 characters");
  if (!rc) rc = cs_arg_string(args, "next_step", false, &b->q.next_step, err);
  if (!rc && b->q.next_step && (!*b->q.next_step || strlen(b->q.next_step) > 500))
    rc = cs_error_set(err, CS_EINPUT, "next_step", "", "must be 1 to 500 characters");
  if (!rc && b->id && cs_model_find_appointment(m, b->id) >= 0)
    rc = cs_error_set(err, CS_EINPUT, "id", b->id, "an appointment '%.60s' exists", b->id);
  b->q.duration = (int32_t)duration;
  b->q.k = (size_t)k;
  b->slot = (size_t)slot;
  if (!rc && b->q.from != CS_DATE_NONE && b->q.to != CS_DATE_NONE && b->q.to < b->q.from)
    rc = cs_error_set(err, CS_EINPUT, "to", "", "must not come before from");
  if (!rc && b->q.window_from >= 0 && b->q.window_to >= 0 && b->q.window_to <= b->q.window_from)
    rc = cs_error_set(err, CS_EINPUT, "window_to", "", "must come after window_from");
  return rc;
}
static int book_compute(const cs_model *m, void *req, cs_arena *a, void **result, cs_error *err) {
  const cs_book_ask *b = req;
  cs_desk *d;
  /* The desk covers the dates asked for (and at least the buffer's). */
  cs_date at = b->at != CS_DATE_NONE ? b->at : m->settings.today, until = CS_DATE_NONE;
  if (b->q.to != CS_DATE_NONE && at != CS_DATE_NONE && b->q.to - at > 14) until = b->q.to;
  int rc = cs_desk_new(m, at, until, &d, err);
  if (!rc) rc = cs_desk_best_slots(d, &b->q, a, (cs_slot_result **)result, err);
  cs_desk_free(d);
  return rc;
}
ENCODE(book, cs_json_slots)

static int desk_compute(const cs_model *m, void *req, cs_arena *a, void **result, cs_error *err) {
  cs_desk *d;
  int rc = cs_desk_new(m, *(cs_date *)req, CS_DATE_NONE, &d, err);
  if (!rc) rc = cs_desk_board(d, a, (cs_board **)result, err);
  cs_desk_free(d);
  return rc;
}
ENCODE(desk, cs_json_board)

#define MAX_DIARY_DAYS 31
#define MAX_DIARY_REPS 100000

static int diary_decode(const cs_model *m, json_t *args, cs_arena *a, void **req, cs_error *err) {
  cs_diary_ask *q = make(a, sizeof *q, err);
  if (!q) return CS_ENOMEM;
  *req = q;
  double days = 7, limit = 200;
  *q = (cs_diary_ask){-1, CS_DATE_NONE, 7, 200};
  int rc = cs_arg_ref(m, args, "rep", 's', false, &q->rep, err);
  if (!rc) rc = cs_arg_date(args, "from", false, &q->from, err);
  if (!rc) rc = cs_arg_number(args, "days", false, 1, MAX_DIARY_DAYS, &days, err);
  if (!rc && days != floor(days)) rc = cs_error_set(err, CS_EINPUT, "days", "", "must be a whole number");
  if (!rc) rc = cs_arg_number(args, "limit", false, 1, MAX_DIARY_REPS, &limit, err);
  if (!rc && limit != floor(limit)) rc = cs_error_set(err, CS_EINPUT, "limit", "", "must be a whole number");
  q->days = (size_t)days;
  q->limit = (size_t)limit;
  return rc;
}
static int diary_compute(const cs_model *m, void *req, cs_arena *a, void **result, cs_error *err) {
  const cs_diary_ask *q = req;
  cs_desk *d = NULL;
  cs_date from = q->from != CS_DATE_NONE ? q->from : m->settings.today;
  int rc = from == CS_DATE_NONE ? cs__err(err, CS_EINPUT, "the diary needs settings.today (or from)")
                                : cs_desk_new(m, from, from + (cs_date)q->days - 1, &d, err);
  if (rc) return rc;
  rc = cs_desk_diary(d, q->rep, q->limit, from, q->days, a, (cs_diary **)result, err);
  cs_desk_free(d);
  return rc;
}
ENCODE(diary, cs_json_diary)

#define MAX_ROUTE_DAYS 31

static int route_decode(const cs_model *m, json_t *args, cs_arena *a, void **req, cs_error *err) {
  cs_route_ask *q = make(a, sizeof *q, err);
  if (!q) return CS_ENOMEM;
  *req = q;
  double days = 1, limit = 0, threads = 2, seed = 1;
  *q = (cs_route_ask){.date = CS_DATE_NONE, .days = 1};
  json_t *apply = json_object_get(args, "apply");
  if (apply && !json_is_boolean(apply)) return cs_error_set(err, CS_EINPUT, "apply", "", "must be true or false");
  q->apply = json_is_true(apply);
  int rc = cs_arg_date(args, "date", true, &q->date, err);
  if (!rc) rc = cs_arg_number(args, "days", false, 1, MAX_ROUTE_DAYS, &days, err);
  if (!rc && days != floor(days)) rc = cs_error_set(err, CS_EINPUT, "days", "", "must be a whole number");
  if (!rc) rc = cs_arg_number(args, "time_limit", false, 0.001, 3600, &limit, err);
  if (!rc) rc = cs_arg_number(args, "threads", false, 1, CS_VRP_MAX_THREADS, &threads, err);
  if (!rc && threads != floor(threads)) rc = cs_error_set(err, CS_EINPUT, "threads", "", "must be a whole number");
  if (!rc) rc = cs_arg_number(args, "seed", false, 0, 4294967295.0, &seed, err);
  if (!rc && seed != floor(seed)) rc = cs_error_set(err, CS_EINPUT, "seed", "", "must be a whole number");
  if (!rc && m->settings.today != CS_DATE_NONE && q->date < m->settings.today)
    rc = cs_error_set(err, CS_EINPUT, "date", "", "must be today or later: route improvement moves visits to come");
  q->days = (size_t)days;
  q->opt = (cs_reroute_options){limit, (int)threads, (uint64_t)seed, 0, NULL, NULL};
  return rc;
}
static int route_compute(const cs_model *m, void *req, cs_arena *a, void **result, cs_error *err) {
  const cs_route_ask *q = req;
  cs_desk *d = NULL;
  int rc = cs_desk_new(m, q->date, q->date + (cs_date)q->days - 1, &d, err);
  if (!rc) rc = cs_desk_reroute(d, q->date, q->days, &q->opt, a, (cs_reroute **)result, err);
  cs_desk_free(d);
  return rc;
}
/* The plan; "applied" when the caller was asked to write its moves (and there were some). */
static json_t *route_json(const cs_model *m, const void *req, const void *result) {
  const cs_reroute *P = result;
  json_t *j = cs_json_reroute(m, P);
  if (j) json_object_set_new(j, "applied", json_boolean(((const cs_route_ask *)req)->apply && P->nmoves));
  return j;
}

/* ---- simulate (the variability simulator) ------------------------------------------ */

/* Splits a comma-separated list into words of at most 31 characters; the count, or -1. */
static int split_list(const char *text, char words[][32], int most) {
  int n = 0;
  for (const char *p = text; *p;) {
    size_t len = strcspn(p, ",");
    if (!len || len > 31 || n == most) return -1;
    memcpy(words[n], p, len);
    words[n++][len] = 0;
    p += len;
    if (*p == ',') p++;
  }
  return n;
}

/* The release x dispatch pairs the arguments name. */
static int sim_policies(json_t *args, cs_simulate_ask *q, cs_error *err) {
  const char *rel = "push,rope", *dis = "fifo,bp";
  int rc = cs_arg_string(args, "release", false, &rel, err);
  if (!rc) rc = cs_arg_string(args, "dispatch", false, &dis, err);
  if (rc) return rc;
  char rw[CS_SIM_MAX_POLICIES][32], dw[3][32];
  int nr = split_list(rel, rw, CS_SIM_MAX_POLICIES), nd = split_list(dis, dw, 3);
  if (nr < 1) return cs_error_set(err, CS_EINPUT, "release", rel, "'%.40s' is not a list of push, rope, conwip:N", rel);
  if (nd < 1) return cs_error_set(err, CS_EINPUT, "dispatch", dis, "'%.40s' is not a list of fifo, edd, bp", dis);
  if (nr * nd > CS_SIM_MAX_POLICIES)
    return cs_error_set(err, CS_EINPUT, "release", rel, "at most %d release x dispatch pairs", CS_SIM_MAX_POLICIES);
  size_t n = 0;
  for (int i = 0; i < nr; i++) {
    cs_sim_policy p = {CS_SIM_PUSH, 0, CS_SIM_FIFO};
    long cap = 0;
    if (strcmp(rw[i], "push") == 0) p.release = CS_SIM_PUSH;
    else if (strcmp(rw[i], "rope") == 0) p.release = CS_SIM_ROPE;
    else if (strncmp(rw[i], "conwip:", 7) == 0 && !cs__parse_long(rw[i] + 7, 1, 1000000, &cap))
      p.release = CS_SIM_CONWIP, p.wip_cap = (int32_t)cap;
    else return cs_error_set(err, CS_EINPUT, "release", rw[i], "'%s' is not push, rope or conwip:N (N from 1 to 1000000)", rw[i]);
    for (int k = 0; k < nd; k++) {
      if (strcmp(dw[k], "fifo") == 0) p.dispatch = CS_SIM_FIFO;
      else if (strcmp(dw[k], "edd") == 0) p.dispatch = CS_SIM_EDD;
      else if (strcmp(dw[k], "bp") == 0) p.dispatch = CS_SIM_BP;
      else return cs_error_set(err, CS_EINPUT, "dispatch", dw[k], "'%s' is not fifo, edd or bp", dw[k]);
      q->policies[n++] = p;
    }
  }
  q->opt.policies = q->policies;
  q->opt.npolicies = n;
  return 0;
}

/* Rows of variability given as JSON objects with variability.csv's columns. */
static int sim_rows(const cs_model *m, json_t *args, cs_arena *a, cs_simulate_ask *q, cs_error *err) {
  json_t *list = json_object_get(args, "variability");
  if (!list) return 0;
  size_t n = json_array_size(list);
  if (!json_is_array(list) || n > CS_SIM_MAX_VARIABILITY_ROWS)
    return cs_error_set(err, CS_EINPUT, "variability", "", "must be an array of at most %d rows", CS_SIM_MAX_VARIABILITY_ROWS);
  q->rows = cs_arena_calloc(a, n + 1, sizeof *q->rows);
  if (!q->rows) return cs__err(err, CS_ENOMEM, "out of memory");
  for (size_t i = 0; i < n; i++) {
    json_t *o = json_array_get(list, i);
    char path[40], buf[CS_SIM_VARIABILITY_COLUMNS][64];
    snprintf(path, sizeof path, "variability[%zu]", i);
    cs_loc loc = {"body", 0, path};
    const char *values[CS_SIM_VARIABILITY_COLUMNS] = {0};
    if (!json_is_object(o)) return cs__err_at(err, &loc, NULL, 0, "", "a row must be an object");
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v) {
      int k = 0;
      while (k < CS_SIM_VARIABILITY_COLUMNS && strcmp(cs_sim_variability_columns[k], key) != 0) k++;
      if (k == CS_SIM_VARIABILITY_COLUMNS) return cs__err_at(err, &loc, key, 0, key, "unknown field '%s'", key);
      if (cs__json_scalar_text(v, buf[k], sizeof buf[k], &values[k]) < 0)
        return cs__err_at(err, &loc, key, 0, "", "field '%s' must be text or a number", key);
    }
    int rc = cs_sim_variability_parse(m, values, &loc, &q->rows[i], err);
    if (rc) return rc;
  }
  q->opt.rows = q->rows;
  q->opt.nrows = n;
  return 0;
}

static int simulate_run_decode(const cs_model *m, json_t *args, cs_arena *a, void **req, cs_error *err) {
  cs_simulate_ask *q = make(a, sizeof *q, err);
  if (!q) return CS_ENOMEM;
  *req = q;
  double days = 60, warm = 10, reps = 20, seed = 1, threads = 2, cv = 0;
  const char *arrivals = "poisson";
  json_t *sat = json_object_get(args, "saturated");
  if (sat && !json_is_boolean(sat)) return cs_error_set(err, CS_EINPUT, "saturated", "", "must be true or false");
  int rc = sim_policies(args, q, err);
  if (!rc) rc = cs_arg_number(args, "days", false, 0.001, CS_SIM_MAX_DAYS, &days, err);
  if (!rc) rc = cs_arg_number(args, "warmup", false, 0, CS_SIM_MAX_DAYS, &warm, err);
  if (!rc) rc = cs_arg_number(args, "replications", false, 1, CS_SIM_MAX_REPLICATIONS, &reps, err);
  if (!rc && reps != floor(reps)) rc = cs_error_set(err, CS_EINPUT, "replications", "", "must be a whole number");
  if (!rc) rc = cs_arg_number(args, "seed", false, 0, MAX_SEED, &seed, err);
  if (!rc && seed != floor(seed)) rc = cs_error_set(err, CS_EINPUT, "seed", "", "must be a whole number");
  if (!rc) rc = cs_arg_number(args, "threads", false, 1, 64, &threads, err);
  if (!rc && threads != floor(threads)) rc = cs_error_set(err, CS_EINPUT, "threads", "", "must be a whole number");
  if (!rc) rc = cs_arg_number(args, "cv", false, 0, 10, &cv, err);
  if (!rc) rc = cs_arg_string(args, "arrivals", false, &arrivals, err);
  if (!rc && strcmp(arrivals, "poisson") != 0 && strcmp(arrivals, "orders") != 0)
    rc = cs_error_set(err, CS_EINPUT, "arrivals", arrivals, "'%.40s' is not poisson or orders", arrivals);
  if (!rc) rc = sim_rows(m, args, a, q, err);
  q->opt.days = days, q->opt.warmup_days = warm, q->opt.replications = (size_t)reps, q->opt.seed = (uint64_t)seed;
  q->opt.threads = (int)threads, q->opt.cv = cv, q->opt.saturated = json_is_true(sat);
  q->opt.arrivals = strcmp(arrivals, "orders") == 0 ? CS_SIM_ARRIVALS_ORDERS : CS_SIM_ARRIVALS_POISSON;
  return rc;
}
static int simulate_run_compute(const cs_model *m, void *req, cs_arena *a, void **result, cs_error *err) {
  return cs_simulate(m, &((cs_simulate_ask *)req)->opt, a, (cs_simulation_result **)result, err);
}
ENCODE(simulate_run, cs_json_sim)

/* ---- friction, frictions (the pipeline) --------------------------------------------- */

static int friction_decode(const cs_model *m, json_t *args, cs_arena *a, void **req, cs_error *err) {
  cs_friction_ask *q = make(a, sizeof *q, err);
  if (!q) return CS_ENOMEM;
  *req = q;
  *q = (cs_friction_ask){-1, -1, CS_DATE_NONE, false, 1, NULL};
  double slot = 1;
  json_t *book = json_object_get(args, "book");
  if (book && !json_is_boolean(book)) return cs_error_set(err, CS_EINPUT, "book", "", "must be true or false");
  q->book = json_is_true(book);
  int rc = cs_arg_ref(m, args, "opportunity", 'y', true, &q->opportunity, err);
  if (!rc) rc = cs_arg_ref(m, args, "friction", 'f', false, &q->friction, err);
  if (!rc) rc = cs_arg_date(args, "at", false, &q->at, err);
  if (!rc) rc = cs_arg_number(args, "slot", false, 1, 3, &slot, err);
  if (!rc && slot != floor(slot)) rc = cs_error_set(err, CS_EINPUT, "slot", "", "must be a whole number");
  if (!rc) rc = cs_arg_string(args, "id", false, &q->id, err);
  if (!rc && q->id && (!*q->id || strlen(q->id) > 60))
    rc = cs_error_set(err, CS_EINPUT, "id", q->id, "must be 1 to 60 characters");
  q->slot = (size_t)slot;
  return rc;
}
static int friction_compute(const cs_model *m, void *req, cs_arena *a, void **result, cs_error *err) {
  const cs_friction_ask *q = req;
  cs_friction_answer *F = make(a, sizeof *F, err);
  if (!F) return CS_ENOMEM;
  *F = (cs_friction_answer){NULL, -1, NULL, NULL};
  int rc = cs_friction_advise(m, q->opportunity, q->at, a, &F->advice, err);
  if (rc) return rc;
  /* The friction to remove first: the one asked for, else the oldest that holds. */
  F->friction = q->friction >= 0 ? q->friction : F->advice->n ? F->advice->holds[0].friction : -1;
  *result = F;
  return 0;
}
ENCODE(friction, cs_json_friction)

static int frictions_decode(const cs_model *m, json_t *args, cs_arena *a, void **req, cs_error *err) {
  (void)m;
  cs_frictions_ask *q = make(a, sizeof *q, err);
  if (!q) return CS_ENOMEM;
  *req = q;
  *q = (cs_frictions_ask){CS_DATE_NONE, CS_DATE_NONE};
  int rc = cs_arg_date(args, "from", false, &q->from, err);
  if (!rc) rc = cs_arg_date(args, "to", false, &q->to, err);
  if (!rc && q->from != CS_DATE_NONE && q->to != CS_DATE_NONE && q->to < q->from)
    rc = cs_error_set(err, CS_EINPUT, "to", "", "must not come before from");
  return rc;
}
static int frictions_compute(const cs_model *m, void *req, cs_arena *a, void **result, cs_error *err) {
  const cs_frictions_ask *q = req;
  return cs_pipeline_view_compute(m, q->from, q->to, a, (cs_pipeline_view **)result, err);
}
ENCODE(frictions, cs_json_pipeline)

/* ---- regret (the decision log against hindsight) ------------------------------------- */

static int regret_compute(const cs_model *m, void *req, cs_arena *a, void **result, cs_error *err) {
  const cs_frictions_ask *q = req;
  /* Each what-if logged with its request, decoded on the model as it stands (one whose
   * product or resource is gone is not valued again). */
  const cs_decision **whatif = cs_arena_calloc(a, m->decisions.n + 1, sizeof(const cs_decision *));
  if (!whatif) return cs__err(err, CS_ENOMEM, "out of memory");
  for (size_t i = 0; i < m->decisions.n; i++) {
    if (m->decisions.type[i] != CS_DECISION_DECIDE || !m->decisions.request[i][0]) continue;
    json_t *args = json_loads(m->decisions.request[i], 0, NULL);
    void *d = NULL;
    cs_error ignored;
    if (json_is_object(args) && !decide_decode(m, args, a, &d, &ignored)) whatif[i] = d;
    json_decref(args);
  }
  return cs_regret_compute(m, q->from, q->to, whatif, a, (cs_regret **)result, err);
}
ENCODE(regret, cs_json_regret)

/* ---- rental and projects (DESIGN §9) ----------------------------------------------- */

static int shortages_compute(const cs_model *m, void *req, cs_arena *a, void **result, cs_error *err) {
  const cs_frictions_ask *q = req;
  return cs_rental_shortages(m, q->from, q->to, a, (cs_shortages **)result, err);
}
ENCODE(shortages, cs_json_shortages)

/* allocate: {"from"?} (default today). */
static int allocate_decode(const cs_model *m, json_t *args, cs_arena *a, void **req, cs_error *err) {
  (void)m;
  cs_allocate_ask *q = make(a, sizeof *q, err);
  if (!q) return CS_ENOMEM;
  *q = (cs_allocate_ask){{CS_DATE_NONE, -1, -1, 0, false, NULL, false}, NULL};
  *req = q;
  return cs_arg_date(args, "from", false, &q->opt.from, err);
}
/* The plan (the one kept, when given), and the Constraint and the items worth buying read
 * off its duals (one plan). */
static int allocate_compute(const cs_model *m, void *req, cs_arena *a, void **result, cs_error *err) {
  const cs_allocate_ask *q = req;
  cs_rental_plan *p = NULL;
  int rc = q->base ? 0 : cs_rental_plan_compute(m, &q->opt, a, &p, err);
  return rc ? rc : cs_rental_signal_of(m, q->base ? q->base : p, a, (cs_rental_signal **)result, err);
}
static json_t *allocate_json(const cs_model *m, const void *req, const void *result) {
  (void)req;
  const cs_rental_signal *S = result;
  json_t *o = cs_json_rental_plan(m, S->plan);
  if (o) json_object_set_new(o, "signal", cs_json_rental_signal(m, S, true));
  return o;
}

/* rental-constraint and buy-or-subrent: no arguments. */
static int none_decode(const cs_model *m, json_t *args, cs_arena *a, void **req, cs_error *err) {
  (void)m, (void)a, (void)err;
  *req = NULL;
  return json_object_size(args) ? cs_error_set(err, CS_EINPUT, NULL, NULL, "the command takes no arguments") : 0;
}
static int signal_compute(const cs_model *m, void *req, cs_arena *a, void **result, cs_error *err) {
  (void)req;
  return cs_rental_signal_compute(m, a, (cs_rental_signal **)result, err);
}
static json_t *rental_constraint_json(const cs_model *m, const void *req, const void *result) {
  (void)req;
  return cs_json_rental_signal(m, result, false);
}
static json_t *buy_json(const cs_model *m, const void *req, const void *result) {
  (void)req;
  return cs_json_rental_signal(m, result, true);
}

/* quote-job: {"job": {jobs.csv's columns, "items": [{"item", "qty"}], "crew": [{"skill",
 * "qty", "from", "to"}]}, "min_throughput"?, "book"?}; decoded as a job.created event. */
static int quote_job_decode(const cs_model *m, json_t *args, cs_arena *a, void **req, cs_error *err) {
  (void)m;
  cs_quote_job_ask *q = make(a, sizeof *q, err);
  if (!q) return CS_ENOMEM;
  *req = q;
  json_t *job = json_object_get(args, "job");
  if (!json_is_object(job)) return cs_error_set(err, CS_EINPUT, "job", "", "field 'job' must be an object (the job to quote)");
  json_t *ev = json_pack("{s:s, s:O}", "type", "job.created", "job", job);
  if (!ev) return cs__err(err, CS_ENOMEM, "out of memory");
  const cs_loc loc = {"job", 0, NULL};
  int rc = cs_event_decode_json(ev, a, &loc, &q->event, err);
  char *text = rc ? NULL : json_dumps(ev, JSON_COMPACT);
  json_decref(ev);
  if (!rc && (!text || !(q->event_text = cs_arena_strdup(a, text)))) rc = cs__err(err, CS_ENOMEM, "out of memory");
  free(text);
  if (!rc) rc = cs_arg_number(args, "min_throughput", false, 0, 1e12, &q->min_throughput, err);
  q->book = json_is_true(json_object_get(args, "book"));
  return rc;
}
static int quote_job_compute(const cs_model *m, void *req, cs_arena *a, void **result, cs_error *err) {
  const cs_quote_job_ask *q = req;
  return cs_rental_quote_event(m, &q->event, q->min_throughput, q->base, a, (cs_job_quote **)result, err);
}
ENCODE(quote_job, cs_json_job_quote)

static const cs_command commands[] = {
  {"constraint", constraint_decode, constraint_compute, constraint_json, 'p'},
  {"mix", mix_decode, mix_compute, mix_json, 'p'},
  {"promise", promise_decode, promise_compute, promise_json, 'p'},
  {"release", at_decode, release_compute, release_json, 'p'},
  {"schedule", at_decode, schedule_compute, schedule_json, 'p'},
  {"buffers", at_decode, buffers_compute, buffers_json, 'p'},
  {"measures", measures_decode, measures_compute, measures_json, 'p'},
  {"quote", quote_decode, quote_compute, quote_json, 'p'},
  {"decide", decide_decode, decide_compute, decide_json, 'p'},
  {"simulate-pricing", simulate_decode, simulate_compute, simulate_json, 'p'},
  {"book", book_decode, book_compute, book_json, 's'},
  {"desk", at_decode, desk_compute, desk_json, 's'},
  {"diary", diary_decode, diary_compute, diary_json, 's'},
  {"route", route_decode, route_compute, route_json, 's'},
  {"simulate", simulate_run_decode, simulate_run_compute, simulate_run_json, 'p'},
  {"friction", friction_decode, friction_compute, friction_json, 's'},
  {"frictions", frictions_decode, frictions_compute, frictions_json, 's'},
  {"regret", frictions_decode, regret_compute, regret_json, 'a'},
  {"shortages", frictions_decode, shortages_compute, shortages_json, 'r'},
  {"allocate", allocate_decode, allocate_compute, allocate_json, 'r'},
  {"rental-constraint", none_decode, signal_compute, rental_constraint_json, 'r'},
  {"buy-or-subrent", none_decode, signal_compute, buy_json, 'r'},
  {"quote-job", quote_job_decode, quote_job_compute, quote_job_json, 'r'},
};

const cs_command *cs_command_for(const cs_command *c, const cs_model *m) {
  if (c && strcmp(c->name, "constraint") == 0 && !m->resources.n && m->items.n) return cs_command_find("rental-constraint");
  return c;
}

const cs_command *cs_command_find(const char *name) {
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp(commands[i].name, name) == 0) return &commands[i];
  return NULL;
}

int cs_command_check(const cs_command *c, const cs_model *m, cs_error *err) {
  if (c->needs == 'p' && !m->resources.n)
    return cs__err(err, CS_EINPUT, "the model has no plant (resources.csv, products.csv, routings.csv)");
  if (c->needs == 's' && !m->reps.n) return cs__err(err, CS_EINPUT, "the model has no sales desk (reps.csv)");
  if (c->needs == 'r' && !m->items.n) return cs__err(err, CS_EINPUT, "the model has no rental house (items.csv)");
  return 0;
}

int cs_command_decode(const cs_command **c, const cs_model *m, json_t *args, cs_arena *a, void **req, cs_error *err) {
  *req = NULL;
  if (!*c) return cs__err(err, CS_EUSAGE, "no such command");
  *c = cs_command_for(*c, m);
  int rc = cs_command_check(*c, m, err);
  return rc ? rc : (*c)->decode(m, args, a, req, err);
}

int cs_command_answer(const cs_command *c, const cs_model *m, void *req, cs_arena *a, void **result, json_t **out,
                      cs_error *err) {
  void *rs = NULL;
  if (out) *out = NULL;
  int rc = c->compute(m, req, a, &rs, err);
  if (!rc && out && !(*out = c->to_json(m, req, rs))) rc = cs__err(err, CS_ENOMEM, "out of memory");
  if (result) *result = rs;
  return rc;
}

int cs_command_run(const cs_command *c, const cs_model *m, json_t *args, cs_arena *a, void **req, void **result,
                   json_t **out, cs_error *err) {
  void *rq = NULL;
  if (out) *out = NULL;
  if (result) *result = NULL;
  int rc = cs_command_decode(&c, m, args, a, &rq, err);
  if (!rc) rc = cs_command_answer(c, m, rq, a, result, out, err);
  if (req) *req = rq;
  return rc;
}
