/* cs_command.h — the one table of commands both edges answer. Each command is described
 * once: how its question is decoded from a JSON object of arguments (the HTTP body or
 * query, or the CLI's options put in the same form), how its answer is computed, and how
 * the answer is encoded as JSON. `clockspeed CMD --json` and the command's HTTP route run
 * the same three functions, so they accept, refuse and answer alike.
 *
 * Ownership: requests and results live in the arena the caller passes; strings of a
 * request point into the arguments object, which must outlive them; the JSON answer is a
 * new reference owned by the caller. */
#ifndef CS_COMMAND_H
#define CS_COMMAND_H

#include <jansson.h>

#include "cs_arena.h"
#include "cs_decide.h"
#include "cs_engine.h"
#include "cs_error.h"
#include "cs_events.h"
#include "cs_flow.h"
#include "cs_model.h"
#include "cs_pipeline.h"
#include "cs_pricing.h"
#include "cs_rental.h"
#include "cs_sales.h"
#include "cs_sim.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cs_command {
  const char *name;
  /* Decodes and checks the arguments against the model; *req lives in the arena. A bad
   * argument fails with CS_EINPUT, err->field naming it ("field 'qty': ..."). */
  int (*decode)(const cs_model *m, json_t *args, cs_arena *a, void **req, cs_error *err);
  /* Computes the answer; *result lives in the arena. */
  int (*compute)(const cs_model *m, void *req, cs_arena *a, void **result, cs_error *err);
  /* Encodes the answer. */
  json_t *(*to_json)(const cs_model *m, const void *req, const void *result);
  /* The part of a model the command reads: 'p' the plant, 's' the sales desk, 'r' the
   * rental house, 'a' any. */
  char needs;
} cs_command;

/* Returns the command named `name` ("constraint", "mix", "promise", "release",
 * "schedule", "buffers", "measures", "quote", "decide", "simulate-pricing", "book",
 * "desk", "diary", "route", "simulate", "friction", "frictions", "regret", "shortages",
 * "allocate", "rental-constraint", "buy-or-subrent"), or NULL. shortages takes
 * {"from"?, "to"?}, allocate {"from"?} (its answer a cs_rental_signal: the plan with the
 * Constraint and the items worth buying read off it), the other two nothing. */
const cs_command *cs_command_find(const char *name);

/* The command that answers c on model m: `constraint` on a rental house alone is
 * `rental-constraint`; any other is c itself. */
const cs_command *cs_command_for(const cs_command *c, const cs_model *m);

/* Whether the model has the part the command reads: CS_EINPUT naming it when not. */
int cs_command_check(const cs_command *c, const cs_model *m, cs_error *err);

/* Decodes, computes and (when out is not NULL) encodes. req and result receive the typed
 * question and answer, for a caller that prints them its own way. A model without the part
 * the command reads (a plant command on a sales desk alone) is CS_EINPUT. */
int cs_command_run(const cs_command *c, const cs_model *m, json_t *args, cs_arena *a, void **req, void **result,
                   json_t **out, cs_error *err);

/* cs_command_run in two steps, for a caller that adds to the typed question in between
 * (a server giving quote-job the rental plan it keeps): the question decoded (with the
 * model's check, *c becoming the command that answers it), then answered. */
int cs_command_decode(const cs_command **c, const cs_model *m, json_t *args, cs_arena *a, void **req, cs_error *err);
int cs_command_answer(const cs_command *c, const cs_model *m, void *req, cs_arena *a, void **result, json_t **out,
                      cs_error *err);

/* ---- The typed questions and answers a caller may read --------------------------- */

/* promise: {"product", "qty", "at"?} */
typedef struct cs_promise_ask { int32_t product; double qty; cs_date at; } cs_promise_ask;
typedef struct cs_promise_answer { cs_sdbr *sdbr; cs_promise promise; } cs_promise_answer;

/* measures: {"from"?, "to"?} (default: the period that ends today). */
typedef struct cs_window { cs_date from, to; } cs_window;

/* quote: {"product", "qty", "due", "price"?, "at"?, "bucket_days"?, "book"?, "id"?,
 * "customer"?}. The command prices at bid prices built for the request; a server with
 * bid prices of its own decodes with it and prices with those. */
typedef struct cs_quote_ask {
  cs_quote_request q;
  cs_date at;
  double bucket_days;
  bool book;
  const char *id, *customer;   /* of the booked order: id NULL for cs_booking_id's rule */
} cs_quote_ask;
typedef struct cs_quote_answer {
  cs_quote quote;
  cs_date at;                  /* the bid prices' clock */
  const char *booked;          /* set by whoever books: the order id, else NULL */
} cs_quote_answer;

/* simulate-pricing: {"requests": [{"at", "product", "qty", "due", "price"}]},
 * {"generate": N, "seed"?: S} or {"history": true, "seed"?: S}, "policy"? (first-come,
 * cost-plus, tcu, bid-price or all) and "bucket_days"? (the policies' near buckets). */
typedef struct cs_sim_ask { cs_request *requests; size_t n; cs_sim_options opt; } cs_sim_ask;

/* book: {"opportunity", "duration", "from"?, "to"?, "skill"?, "window_from"?,
 * "window_to"? (HH:MM), "k"? (1 to 100, default 3), "at"?, "confirm"? (book a slot),
 * "slot"? (which, 1 to k, default 1), "id"? (of the appointment booked), "next_step"? (the
 * concrete step the visit is for, when the opportunity has none yet)}; the answer a
 * cs_slot_result. desk: {"at"?}; the answer a cs_board. Both on the desk at `at`. */
typedef struct cs_book_ask {
  cs_slot_request q;
  cs_date at;
  bool confirm;
  size_t slot;
  const char *id;
} cs_book_ask;

/* diary: {"rep"?, "from"? (default today), "days"? (1 to 31, default 7), "limit"? (reps
 * when no rep is named, 1 to 100000, default 200)}; the answer a cs_diary. */
typedef struct cs_diary_ask {
  int32_t rep;
  cs_date from;
  size_t days, limit;
} cs_diary_ask;

/* friction: {"opportunity", "at"?, "friction"? (the one to book, default the oldest that
 * holds the deal), "book"? (book its countermeasure as the next visit), "slot"? (which of
 * the best three, default 1), "id"? (of the appointment)}; the answer a cs_friction_answer,
 * whose booking the CLI fills in (the table's compute only advises). */
typedef struct cs_friction_ask {
  int32_t opportunity, friction;
  cs_date at;
  bool book;
  size_t slot;
  const char *id;
} cs_friction_ask;
typedef struct cs_friction_answer {
  cs_friction_advice *advice;
  int32_t friction;             /* the one whose countermeasure is (or would be) booked, -1: none */
  const cs_slot_result *slots;  /* the visit's best slots, when booking was asked */
  const char *booked;           /* the appointment booked, or NULL */
} cs_friction_answer;

/* frictions: {"from"?, "to"?}; the answer a cs_pipeline_view. regret: the same window
 * (absent: frictions' default, the 90 days to today; regret's, the whole log); the answer a
 * cs_regret. */
typedef struct cs_frictions_ask {
  cs_date from, to;
} cs_frictions_ask;

/* route: {"date", "days"? (1 to 31, default 1), "time_limit"? (seconds in all, default
 * half a second a neighbourhood), "threads"?, "seed"?, "apply"? (write the moves)}; the
 * answer a cs_reroute, on a desk built for those dates. */
typedef struct cs_route_ask {
  cs_date date;
  size_t days;
  cs_reroute_options opt;
  bool apply;
} cs_route_ask;

/* simulate: {"release"? ("push,rope,conwip:20": each one of push, rope, conwip:N; default
 * "push,rope"), "dispatch"? ("fifo,edd,bp", default "fifo,bp"), "cv"? (0 to 10),
 * "arrivals"? ("poisson" or "orders"), "saturated"?, "days"? (default 60), "warmup"?
 * (default 10), "replications"? (default 20), "seed"?, "threads"?, "variability"? (an array
 * of rows with variability.csv's columns)}: every release x dispatch pair on common random
 * numbers; the answer a cs_simulation_result. */
typedef struct cs_simulate_ask {
  cs_simulation_options opt;
  cs_sim_policy policies[CS_SIM_MAX_POLICIES];
  cs_sim_variability *rows;
} cs_simulate_ask;

/* allocate: {"from"?}: the plan's options, and the model's plan when the caller keeps it
 * (a server, for the default from) or NULL: planned for the answer; the answer a
 * cs_rental_signal (the plan, the Constraint and the items worth buying). */
typedef struct cs_allocate_ask {
  cs_rental_options opt;
  const cs_rental_plan *base;
} cs_allocate_ask;

/* quote-job: the job as a job.created event (and its JSON text, for --book), the least
 * throughput to accept (0: any positive), whether to book it; the answer a cs_job_quote. */
typedef struct cs_quote_job_ask {
  cs_event event;
  const char *event_text;
  double min_throughput;
  bool book;
  const cs_rental_plan *base;   /* the model's plan when the caller keeps it (a server), or
                                 * NULL: planned for the quote */
} cs_quote_job_ask;
/* decide: {"decision", "product"?, "resource"?, "order"?, "qty"?, "price"?, "minutes"?,
 * "cost"?, "buy_price"?, "tvc"?, "demand"?, "oe_saved"?, "due"?, "steps"?: [{"resource",
 * "minutes"}]}; the request is a cs_decision, the answer a cs_decision_result. */

/* The arguments' own decoders, for commands and routes outside the table: each reads one
 * field of args (absent: *out untouched, an error only when required). */
int cs_arg_string(json_t *args, const char *key, bool required, const char **out, cs_error *err);
int cs_arg_number(json_t *args, const char *key, bool required, double lo, double hi, double *out, cs_error *err);
int cs_arg_date(json_t *args, const char *key, bool required, cs_date *out, cs_error *err);
/* kind is 'p' (product), 'r' (resource), 'o' (order), 'y' (opportunity), 's' (rep) or
 * 'f' (a friction of the catalogue). */
int cs_arg_ref(const cs_model *m, json_t *args, const char *key, char kind, bool required, int32_t *out, cs_error *err);
/* A time of day "HH:MM" as minutes after midnight. */
int cs_arg_time(json_t *args, const char *key, bool required, int32_t *out, cs_error *err);

#ifdef __cplusplus
}
#endif
#endif
