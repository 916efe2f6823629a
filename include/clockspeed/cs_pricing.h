/* cs_pricing.h — prices from the Constraint's remaining capacity (DESIGN §1 idea 4, §2):
 * bid prices per resource and time bucket from an LP over the horizon, quote floors, live
 * bookings that move the bid prices, and a replay of request streams under several
 * pricing policies against the hindsight bound.
 *
 * Ownership: a cs_bid is created by cs_bid_new() and owned by the caller until
 * cs_bid_free(); it reads the model it was built from, which must outlive it and must not
 * change under it. Quotes are plain values the caller owns; simulation results live in
 * the arena passed in. */
#ifndef CS_PRICING_H
#define CS_PRICING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cs_arena.h"
#include "cs_decide.h"
#include "cs_error.h"
#include "cs_model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The live bid-price state of one company: time buckets from settings.today over the
 * horizon, what the booked orders still need in each, the LP and its duals. */
typedef struct cs_bid cs_bid;

/* At most this many buckets (horizon_days / bucket_days): ten years of days. */
#define CS_BID_MAX_BUCKETS 3660

/* Without a bucket length given, the near buckets are one day long unless the forecast
 * (products x buckets x 3) would pass this size; they are then doubled until it does not. */
#define CS_BID_MAX_LP_SIZE 40000

typedef struct cs_bid_options {
  double bucket_days;  /* length of the near buckets in days; 0: one day, or longer when the
                          LP would be too large (CS_BID_MAX_LP_SIZE) */
  bool solve;          /* solve the LP (false: capacity bookkeeping only, every bid price 0) */
  int32_t exclude_order; /* an order left out of the book (-1: none), for what-ifs */
} cs_bid_options;

/* Fills options with the defaults (daily near buckets, LP solved). */
void cs_bid_options_default(cs_bid_options *o);

/* Builds the state at moment `at` (CS_DATE_NONE: settings.today): buckets over
 * [today, today + horizon_days), confirmed and released orders as must-serve work the LP
 * places anywhere before their due dates, the forecast by arrival and lead time, capacity
 * and work before `at` taken as spent and done, and the LP solved. */
int cs_bid_new(const cs_model *m, cs_date at, const cs_bid_options *opt, cs_bid **out,
               cs_error *err);

/* Releases the state. Accepts NULL. */
void cs_bid_free(cs_bid *b);

/* Moves the state's clock forward to `at` and re-solves warm. Moving backwards is CS_EINPUT. */
int cs_bid_advance(cs_bid *b, cs_date at, cs_error *err);

/* A request: qty units of product (index) due on `due`; price per unit, NaN when none. */
typedef struct cs_quote_request {
  int32_t product;
  double qty;
  cs_date due;
  double price;
} cs_quote_request;

/* One bid price a quote paid for: minutes on resource in the bucket starting bucket_start. */
typedef struct cs_quote_bid {
  int32_t resource;
  cs_date bucket_start;
  double per_minute;
  double minutes;
} cs_quote_bid;

#define CS_QUOTE_MAX_BIDS 64

typedef struct cs_quote {
  double floor_price;          /* TVC + opportunity cost, for the whole quantity (when it
                                  cannot be ready by the due date: by the earliest date) */
  double floor_unit_price;     /* floor_price / qty */
  double tvc;                  /* TVC of the whole quantity */
  double opportunity_cost;     /* sum of bid price x minutes, placed in the cheapest buckets */
  bool has_price;
  bool accept;                 /* price >= floor and feasible (false when no price) */
  bool feasible;               /* the quantity fits in the capacity left before the due date */
  cs_date earliest_feasible_due; /* CS_DATE_NONE when it does not fit within the horizon */
  size_t nbids;                /* bid prices paid (per_minute > 0), at most CS_QUOTE_MAX_BIDS */
  cs_quote_bid bids[CS_QUOTE_MAX_BIDS];
  double full_cost;            /* cost accounting: (TVC + OE rate x minutes) x qty */
  bool ca_accept;              /* cost accounting accepts: price >= full cost per unit */
} cs_quote;

/* Quotes a request from the current bid prices; allocates nothing. Fails with CS_EINPUT
 * on a bad product, a quantity that is not positive or a due date before the state's clock. */
int cs_bid_quote(const cs_bid *b, const cs_quote_request *q, cs_quote *out, cs_error *err);

/* Books a request as a confirmed order: its work is placed, the expected demand it fills
 * is taken off, and the LP is re-solved warm from the previous basis. */
int cs_bid_book(cs_bid *b, const cs_quote_request *q, cs_error *err);

/* What the state can tell about itself. */
size_t cs_bid_buckets(const cs_bid *b);
double cs_bid_bucket_days(const cs_bid *b);  /* length of the near buckets */
cs_date cs_bid_bucket_start(const cs_bid *b, size_t k);
cs_date cs_bid_clock(const cs_bid *b);
double cs_bid_price(const cs_bid *b, int32_t resource, size_t k);     /* per minute */
double cs_bid_remaining(const cs_bid *b, int32_t resource, size_t k); /* minutes left */
double cs_bid_objective(const cs_bid *b);    /* T the LP expects from remaining demand */
double cs_bid_overbooked(const cs_bid *b);   /* booked minutes that fit nowhere */
size_t cs_bid_lp_rows(const cs_bid *b);      /* capacity rows some demand could load */
size_t cs_bid_lp_cols(const cs_bid *b);
long cs_bid_rebuilds(const cs_bid *b);       /* cold solves so far (the first included) */

/* Writes the whole horizon's LP as one free MPS file (for glpsol --freemps --max);
 * *objective_offset (may be NULL) receives the throughput of the demand left out of it
 * because nothing can limit it, to add to the file's objective. */
int cs_bid_write_mps(const cs_bid *b, const char *file, double *objective_offset, cs_error *err);

/* Re-solves every bucket's LP from scratch (for comparison with the warm re-solve). */
int cs_bid_solve_cold(cs_bid *b, cs_error *err);

/* ---- Pricing simulation ------------------------------------------------------------ */

/* A request in a stream: arrives at `at`, wants qty of product by due, offers price. */
typedef struct cs_request {
  cs_date at;
  int32_t product;
  double qty;
  cs_date due;
  double price;
} cs_request;

typedef enum cs_policy {
  CS_POLICY_COST_PLUS = 0,  /* accept when the price covers full cost and capacity allows */
  CS_POLICY_TCU = 1,        /* accept when T/CU reaches the drum's opening shadow price */
  CS_POLICY_BID_PRICE = 2,  /* accept when the price covers the live quote floor */
  CS_POLICY_FIRST_COME = 3, /* accept whatever earns throughput and still fits */
  CS_POLICY_COUNT
} cs_policy;

/* Returns "cost-plus", "tcu", "bid-price", "first-come"; cs_policy_parse returns -1 for an
 * unknown name. */
const char *cs_policy_name(cs_policy p);
int cs_policy_parse(const char *name);

typedef struct cs_policy_result {
  cs_policy policy;
  size_t accepted, refused;
  double throughput;         /* T of the accepted requests */
  double ratio;              /* throughput / hindsight bound (1 when the bound is 0) */
  bool *accepted_flags;      /* per request */
} cs_policy_result;

typedef struct cs_sim_result {
  size_t nrequests;
  double offered_throughput; /* T of every request, accepted or not */
  double hindsight;          /* LP bound knowing every request in advance */
  size_t npolicies;
  cs_policy_result policies[CS_POLICY_COUNT];
} cs_sim_result;

typedef struct cs_sim_options {
  unsigned policies;   /* a bit (1 << policy) for each policy replayed */
  double bucket_days;  /* the policies' near buckets (0: one day); the hindsight bound is
                          always solved in days */
} cs_sim_options;

/* Fills options with the defaults: every policy, daily buckets. */
void cs_sim_options_default(cs_sim_options *o);

/* Replays the requests (sorted by arrival) under each policy the options name, and solves
 * the hindsight LP. `opt` may be NULL for the defaults. */
int cs_simulate_pricing(const cs_model *m, const cs_request *req, size_t n, const cs_sim_options *opt,
                        cs_arena *a, cs_sim_result **out, cs_error *err);

/* Generates n requests from the model's demand (seeded): products in proportion to their
 * demand, due dates spread evenly over the horizon, each arriving one to three periods
 * before its due date (never before today), quantities that add up to the horizon's
 * expected demand on average, prices within 15 % of list. The array lives in the arena. */
int cs_requests_generate(const cs_model *m, size_t n, uint64_t seed, cs_arena *a,
                         cs_request **out, cs_error *err);

/* Generates a horizon of requests like the order history (seeded), period by period:
 * each period of the horizon replays the placed orders (with an `ordered` date, not
 * cancelled) of a whole past period drawn evenly, moved by whole periods, so each keeps its
 * product, price, lead time and day of the period, its quantity within 20 %.
 * Requests that would arrive before today or fall due after the horizon are left out.
 * Needs at least 8 such orders due before today. The array lives in the arena. */
int cs_requests_from_history(const cs_model *m, uint64_t seed, cs_arena *a, cs_request **out, size_t *n,
                             cs_error *err);

/* The regret report (issue 15): how the decisions the log holds turned out, per type,
 * against hindsight and against what the cost-accounting answer would have earned. */
typedef struct cs_regret_type {
  size_t count, taken;          /* logged in the window; accepted (quote), taken (decide), booked (slot) */
  double earned;                /* quote: T of the orders booked from it and not cancelled;
                                 * slot: the value of the visits held; decide: the change in
                                 * NP the taken ones made on the demand that came (NaN: none
                                 * could be valued again) */
  double shipped;               /* quote: of that, T already shipped */
  double hindsight_best;        /* quote: the hindsight bound over the same requests; decide:
                                 * each taken only where it raised NP on the demand that came;
                                 * NaN: none */
  double cost_accounting;       /* quote: the cost-accounting answer replayed on them; decide:
                                 * the ones cost accounting would take, valued alike; NaN: none */
} cs_regret_type;

typedef struct cs_regret_entry {
  int32_t decision;             /* row of the decision log */
  const char *outcome;          /* "shipped", "shipped late", "open", "cancelled", "not booked",
                                 * "refused", "held", "no_show", "booked", a what-if's "worth it in
                                 * hindsight", "not worth it in hindsight", "no orders due in its
                                 * period", "-" */
  double throughput;            /* what it earned so far (quote T shipped or open; slot value held;
                                 * a what-if's change in NP on the demand that came) */
} cs_regret_entry;

typedef struct cs_regret {
  cs_date from, to;
  cs_regret_type types[CS_DECISION_TYPE_COUNT];
  cs_regret_entry *log;         /* the window's decisions, in the log's order */
  size_t nlog;
} cs_regret;

/* Replays the decisions logged in [from, to] (CS_DATE_NONE: the whole log) against what
 * happened since: each quote's order (shipped, open, cancelled), each slot's visit (held or
 * not); the quotes as a request stream, on the model without the orders they booked, for
 * the hindsight bound and the cost-accounting answer; and each what-if given in whatif[]
 * (per row of the log, decoded from its request by the caller; NULL: none) valued again on
 * the orders due in the period from its day (docs/pricing.md, "Regret"). */
int cs_regret_compute(const cs_model *m, cs_date from, cs_date to, const cs_decision *const *whatif, cs_arena *a,
                      cs_regret **out, cs_error *err);

#ifdef __cplusplus
}
#endif
#endif
