/* cs_flow.h — subordination to the Constraint (DESIGN §2): the planned load and safe
 * dates of S-DBR, the rope, the drum schedule of DBR, buffer management (penetration,
 * colours, priority queues, causes of red) and the outcome measures.
 *
 * Ownership: every result and every array in it lives in the cs_arena the caller passes
 * in; the model is only read. */
#ifndef CS_FLOW_H
#define CS_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cs_arena.h"
#include "cs_error.h"
#include "cs_model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An order is open (committed and not finished) when it is confirmed or released. */
bool cs_order_open(const cs_model *m, size_t o);

/* Minutes order o still needs on resource r: its quantity times the minutes of the
 * routing steps not yet done that are on r. */
double cs_order_remaining_minutes(const cs_model *m, size_t o, int32_t r);

/* The resource the flow is paced by: the declared constraint, else the measured one, else
 * the most loaded resource (as for T/CU); -1 when the model has no resources. */
int32_t cs_flow_drum(const cs_model *m, cs_arena *a, cs_error *err);

/* ---- S-DBR ---------------------------------------------------------------------- */

typedef struct cs_sdbr {
  int32_t drum;
  cs_date at;
  double buffer_days;          /* PB: production_buffer_days */
  double planned_minutes;      /* drum minutes of open orders' remaining steps */
  cs_date planned_load_date;   /* the day the drum would finish that work, from `at` */
  double planned_load_days;    /* planned_load_date - at */
} cs_sdbr;

/* The planned load of the drum at `at` (CS_DATE_NONE: settings.today). The planned-load
 * date walks the drum's calendar from `at` until the planned minutes are used up. */
int cs_sdbr_compute(const cs_model *m, cs_date at, cs_arena *a, cs_sdbr **out, cs_error *err);

/* The safe date for a new request of qty units of product p: its drum minutes join the
 * planned load, and safe = max(at + PB, planned-load date + PB / 2). */
typedef struct cs_promise {
  cs_date safe_date;
  cs_date planned_load_date;   /* with the request included */
  double planned_load_days;
} cs_promise;
int cs_sdbr_promise(const cs_model *m, const cs_sdbr *s, int32_t p, double qty, cs_promise *out,
                    cs_error *err);

/* The rope: confirmed orders whose release date (due - PB) has come are to be released
 * now; the others are held until theirs. */
typedef struct cs_rope_entry { int32_t order; cs_date release_date; } cs_rope_entry;
typedef struct cs_rope {
  size_t nrelease, nheld;
  cs_rope_entry *release, *held;   /* each by release date, then in order-book order */
} cs_rope;
int cs_rope_compute(const cs_model *m, cs_date at, cs_arena *a, cs_rope **out, cs_error *err);

/* ---- DBR: the drum schedule ------------------------------------------------------ */

typedef struct cs_drum_slot {
  int32_t order;
  cs_date release;     /* drum_start - constraint buffer (the actual date when released) */
  cs_date drum_start, drum_end;
  cs_date due;
  bool late;           /* drum_end + shipping buffer is after due */
  cs_date can_make;    /* drum_end + shipping buffer */
} cs_drum_slot;

typedef struct cs_schedule {
  int32_t drum;
  double constraint_buffer_days, shipping_buffer_days;  /* PB / 2 each */
  size_t n;
  cs_drum_slot *slots;   /* in drum order */
} cs_schedule;

/* Schedules the open orders' remaining drum work on the drum's calendar from `at`, in the
 * order of due date minus shipping buffer, back to back. Orders with no drum work left
 * are not on the drum schedule. */
int cs_schedule_compute(const cs_model *m, cs_date at, cs_arena *a, cs_schedule **out, cs_error *err);

/* ---- Buffer management ----------------------------------------------------------- */

typedef enum cs_color { CS_GREEN = 0, CS_YELLOW, CS_RED, CS_BLACK } cs_color;
const char *cs_color_name(cs_color c);

/* Buffer penetration BP = 1 - (due - now) / PB, and its colour. */
double cs_penetration(cs_date due, cs_date now, double pb_days);
cs_color cs_color_of(double bp);

typedef struct cs_buffer_order {
  int32_t order;
  cs_date due, release;        /* release: the actual date, else the rope date */
  double penetration;
  cs_color color;
  int32_t at_resource;         /* where it waits: its next step's resource; -1 before release */
} cs_buffer_order;

typedef struct cs_cause {
  int32_t resource;            /* -1: not released in time */
  size_t orders;
  double throughput;           /* T of the red and black orders it holds */
} cs_cause;

typedef struct cs_buffers {
  cs_date at;
  size_t n;
  cs_buffer_order *orders;     /* highest penetration first */
  size_t *queue_start;         /* nresources + 1: queue of resource r is */
  int32_t *queue;              /*   queue[queue_start[r] .. queue_start[r+1]), highest BP first */
  size_t ncauses;
  cs_cause *causes;            /* Pareto of red and black orders by where they wait */
  size_t nflagged;
  int32_t *flagged;            /* non-constraints with protective capacity below the minimum */
  double *protective;          /* per resource: 1 - load (one period of demand) */
  int32_t drum;
} cs_buffers;

int cs_buffers_compute(const cs_model *m, cs_date at, cs_arena *a, cs_buffers **out, cs_error *err);

/* ---- Outcome measures ------------------------------------------------------------ */

/* The organisation's clockspeed (issue 15, DESIGN §1): how often the Constraint completes
 * an order, measured from the orders shipped in a window that passed through it — the
 * Constraint's available minutes in the window ÷ those orders. */
typedef struct cs_clockspeed {
  int32_t resource;            /* the drum: declared, else measured, else most loaded; -1 none */
  cs_date from, to;
  size_t completions;          /* orders shipped in the window with a step on it */
  double minutes;              /* its available minutes in the window */
  double minutes_per_completion; /* NaN when nothing passed through it */
} cs_clockspeed;

/* Measures the clockspeed of `resource` over [from, to]. */
int cs_clockspeed_compute(const cs_model *m, int32_t resource, cs_date from, cs_date to, cs_clockspeed *out,
                          cs_error *err);

/* A deadband for a signal pushed to people (the Constraint's name, above all): a
 * challenger is announced only when it beats the announced one by more than `band` (a
 * share of the announced one's value) for `cycles` Constraint cycles in a row, so that a
 * change that does not last is never announced — a thermostat with thermal inertia. */
typedef struct cs_deadband {
  double band;
  int cycles;
  int32_t announced;           /* -1 until the first feed, which is announced at once */
  int32_t candidate;           /* the challenger being watched, -1 none */
  int held;                    /* cycles it has beaten the announced one in a row */
} cs_deadband;

void cs_deadband_init(cs_deadband *d, double band, int cycles);

/* Feeds one cycle: the leader `id` with its value, and the announced one's value now.
 * Returns true when the announced id changes (it is then d->announced). */
bool cs_deadband_feed(cs_deadband *d, int32_t id, double value, double announced_value);

/* The deadband of an order's colour as pushed to people: the announced colour moves to
 * the live one only when the order's buffer penetration lies beyond the edge of the
 * announced colour's zone by more than a band (a share of the buffer) for a number of
 * Constraint cycles in a row, so an order that touches red for a moment and comes back is
 * never announced red. A colour first seen, and an order's closing (-1), are announced at
 * once. */
typedef struct cs_color_band {
  int8_t announced;            /* cs_color or -1 (closed); CS_COLOR_UNSEEN before the first feed */
  int8_t candidate;            /* the colour being watched, CS_COLOR_UNSEEN none */
  int held;                    /* Constraint cycles it has lasted beyond the band */
} cs_color_band;

#define CS_COLOR_UNSEEN ((int8_t)-2)

/* A band that has seen nothing yet. */
void cs_color_band_init(cs_color_band *c);

/* Feeds the order's live colour (cs_color, or -1 when it is not open) and penetration after
 * `elapsed` more Constraint cycles; a change is announced when it has lasted `cycles` of
 * them beyond `band`. Returns true when the announced colour changes (c->announced). */
bool cs_color_band_feed(cs_color_band *c, double band, int cycles, int8_t live, double penetration, size_t elapsed);

/* Consistency (§1 idea 9: consistently good rather than erratically perfect): lead time
 * spread and on-time rate of the orders shipped in a window, for a customer or a product. */
typedef struct cs_spread_row {
  const char *key;             /* the customer ("" for orders without one) or product id */
  size_t shipped, on_time;
  double on_time_rate;
  double lead_p50, lead_p90;   /* days from release to shipment; NaN when none was released */
} cs_spread_row;

typedef struct cs_spread {
  double lead_p50, lead_p90;   /* over every order shipped in the window */
  cs_spread_row *by_customer, *by_product; /* worst on-time rate first, then most shipped */
  size_t ncustomers, nproducts;
} cs_spread;

typedef struct cs_measures {
  cs_date from, to;
  double throughput, operating_expense, net_profit, inventory;
  double roi;                  /* NP / I; NaN when I is 0 */
  double productivity;         /* T / OE; NaN when OE is 0 */
  size_t shipped, on_time;
  double on_time_rate;         /* NaN when nothing shipped */
  double mean_lead_time_days;  /* shipped - released, NaN when none */
  double tdd, idd;             /* throughput- and inventory-dollar-days */
  const cs_spread *spread;     /* set by cs_measures_spread's caller, NULL when not asked */
} cs_measures;

/* The measures over [from, to] (both inclusive) from the order history (docs/flow.md). */
int cs_measures_compute(const cs_model *m, cs_date from, cs_date to, cs_measures *out, cs_error *err);

/* The spread of the same window: lead-time p50 and p90 (nearest rank: the smallest lead
 * time with at least that share of the orders at or below it) and on-time rate, in all,
 * by customer and by product; in the arena. */
int cs_measures_spread(const cs_model *m, cs_date from, cs_date to, cs_arena *a, cs_spread **out, cs_error *err);

#ifdef __cplusplus
}
#endif
#endif
