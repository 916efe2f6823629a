/* cs_model.h — the in-memory model of one company: settings, the plant (resources,
 * products, routings, orders, calendar exceptions), the sales desk (reps, their
 * calendar, accounts, opportunities, appointments, travel times), the pipeline and the
 * rental house (items, suppliers, crew, jobs), as struct-of-arrays with integer ids.
 *
 * Ownership: a cs_model owns every array and string reachable from it; they stay valid
 * until cs_model_free(), and callers never free them. */
#ifndef CS_MODEL_H
#define CS_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "cs_error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Called now and then during long work: `done` of `total` units of `what` are finished. */
typedef void (*cs_progress_fn)(void *user, const char *what, double done, double total);

/* Dates are whole days since 1970-01-01 (proleptic Gregorian). */
typedef int32_t cs_date;
#define CS_DATE_NONE INT32_MIN

typedef enum cs_order_status {
  CS_ORDER_QUOTED = 0,
  CS_ORDER_CONFIRMED = 1,
  CS_ORDER_RELEASED = 2,
  CS_ORDER_DONE = 3,
  CS_ORDER_CANCELLED = 4,
} cs_order_status;

typedef struct cs_settings {
  double period_days;              /* length of the planning period in days (default 7) */
  double operating_expense;        /* OE per period, in currency (default 0) */
  const char *currency;            /* ISO code (default "USD") */
  cs_date today;                   /* the model's "now"; CS_DATE_NONE when not set */
  double horizon_days;             /* order-book horizon in days (default: period_days) */
  double production_buffer_days;   /* S-DBR production buffer (default 10) */
  double protective_capacity_min;  /* least protective capacity of a non-constraint (default 0.1) */
  int32_t constraint;              /* declared resource index, -1 when none is declared */
  /* The sales desk (DESIGN §8). */
  double travel_speed_kmh;         /* average speed on the road (default 50) */
  double road_factor;              /* road distance / great-circle distance (default 1.3) */
  double travel_cost_per_min;      /* what a minute of driving costs (default 0.5) */
  double appointment_buffer_days;  /* working days the appointment buffer looks ahead (default 10) */
  /* The pipeline (DESIGN §11). */
  double stage_usual_days;         /* a stage's usual length when its history holds too few (default 30) */
  /* Signals pushed to people (issue 15): a new Constraint is announced only when it leads
   * by more than deadband_band (default 0.05 of the announced one's load) for
   * deadband_cycles Constraint completions in a row (default 3). */
  double deadband_band;
  double deadband_cycles;
  /* The most decisions answered without a booking (plain quotes, what-ifs) a server logs a
   * second (default 256); bookings are always logged. */
  double decision_log_per_s;
} cs_settings;

typedef struct cs_resources {
  size_t n;
  const char **id, **name, **kind;
  double *capacity;       /* minutes per period, per unit */
  int32_t *units;         /* parallel units */
  double *overtime_cost;  /* cost per overtime minute */
} cs_resources;

typedef struct cs_products {
  size_t n;
  const char **id, **name;
  double *price, *tvc;    /* per unit */
  double *demand;         /* units per period */
  double *lead_time_days; /* how long before its due date an order usually arrives;
                             negative when not given (cs_product_lead_days() resolves it) */
} cs_products;

typedef struct cs_routings {
  size_t n;
  int32_t *product, *resource;  /* indices into products and resources */
  double *minutes;              /* per unit */
  int32_t *seq;
  double *setup_minutes;        /* per batch */
} cs_routings;

typedef struct cs_orders {
  size_t n;
  const char **id, **customer;
  int32_t *product;
  double *qty;
  double *price;                /* per unit */
  cs_date *due;
  uint8_t *status;              /* cs_order_status */
  cs_date *released;            /* when it was released to the floor, CS_DATE_NONE if not yet */
  cs_date *shipped;             /* when it was shipped (status done), CS_DATE_NONE if not yet */
  cs_date *ordered;             /* when the customer placed it, CS_DATE_NONE if not known */
  int32_t *steps_done;          /* routing steps completed, in seq order */
} cs_orders;

typedef struct cs_calendar {
  size_t n;
  int32_t *resource;
  cs_date *date;
  double *capacity;             /* minutes per unit on that date */
} cs_calendar;

/* ---- The sales desk's tables (DESIGN §8). Times of day are minutes after midnight
 * (0 to 1440); -1 where a time is not given. ---------------------------------------- */

typedef enum cs_appt_status {
  CS_APPT_REQUESTED = 0,
  CS_APPT_BOOKED = 1,
  CS_APPT_DONE = 2,
  CS_APPT_NO_SHOW = 3,
  CS_APPT_CANCELLED = 4,
} cs_appt_status;

typedef struct cs_reps {
  size_t n;
  const char **id, **name;
  const char **skills;          /* "a;b", "" for none */
  double *home_lat, *home_lon;  /* degrees */
  int32_t *day_start, *day_end; /* minutes after midnight */
  uint8_t *workdays;            /* bit d: works on weekday d (0 Monday .. 6 Sunday) */
  int32_t *target_per_day;      /* appointments a working day should hold */
} cs_reps;

typedef struct cs_rep_calendar {
  size_t n;
  int32_t *rep;
  cs_date *date;
  uint8_t *available;           /* 0: not working that day */
  int32_t *day_start, *day_end; /* that day's hours, -1: the rep's own */
} cs_rep_calendar;

typedef struct cs_accounts {
  size_t n;
  const char **id, **name;
  double *lat, *lon;            /* degrees */
  int32_t *open, *close;        /* opening hours, minutes after midnight */
} cs_accounts;

typedef struct cs_opportunities {
  size_t n;
  const char **id, **stage, **next_step;
  const char **products;        /* "P:qty;..." ("" for none), products checked on load */
  int32_t *account;
  double *expected_throughput;  /* currency */
  double *probability;          /* 0 to 1 */
  int32_t *owner;               /* rep index, -1 when none */
  cs_date *stage_since;         /* when it entered its stage, CS_DATE_NONE when unknown */
} cs_opportunities;

typedef struct cs_appointments {
  size_t n;
  const char **id, **skill;
  int32_t *opportunity;
  int32_t *rep;                 /* -1 while requested and not yet given to a rep */
  cs_date *date;                /* CS_DATE_NONE while requested */
  int32_t *start;               /* minutes after midnight, -1 while requested */
  int32_t *duration;            /* minutes */
  uint8_t *status;              /* cs_appt_status */
  uint8_t *pinned;              /* 1: promised to the customer, never moved */
  int32_t *window_from, *window_to; /* the customer's window, -1 when none */
  cs_date *requested_on;        /* when the request reached the desk, CS_DATE_NONE: unknown */
} cs_appointments;

/* A travel time that overrides the geometric estimate. A place is an account (index >= 0)
 * or a rep's home (-1 - rep index). */
typedef struct cs_travel {
  size_t n;
  int32_t *from, *to;
  double *minutes;
} cs_travel;

/* The buyer's jobs a purchase goes through (DESIGN §11): a friction belongs to one. */
typedef enum cs_buying_job {
  CS_JOB_PROBLEM_IDENTIFICATION = 0,
  CS_JOB_SOLUTION_EXPLORATION,
  CS_JOB_REQUIREMENTS_BUILDING,
  CS_JOB_SUPPLIER_SELECTION,
  CS_JOB_VALIDATION,
  CS_JOB_CONSENSUS_CREATION,
  CS_BUYING_JOB_COUNT
} cs_buying_job;

/* The catalogue of buying frictions (frictions.csv): what slows a buyer down, how a
 * salesperson notices it, and the countermeasure that removes it. */
typedef struct cs_frictions {
  size_t n;
  const char **id, **name, **signal, **countermeasure, **owner_role;
  uint8_t *buying_job;          /* cs_buying_job */
  int32_t *duration;            /* minutes the countermeasure takes (a visit's length) */
} cs_frictions;

/* Frictions observed on opportunities (opportunity_frictions.csv), open until removed. */
typedef struct cs_opportunity_frictions {
  size_t n;
  int32_t *opportunity, *friction;
  cs_date *observed, *removed;  /* removed: CS_DATE_NONE while the friction holds */
  const char **note;
} cs_opportunity_frictions;

/* The stages opportunities left (stage_history.csv): which, entered when, left when. */
typedef struct cs_stage_history {
  size_t n;
  int32_t *opportunity;
  const char **stage;
  cs_date *entered, *left;      /* entered: CS_DATE_NONE when unknown */
} cs_stage_history;

/* The kinds of decision the decision log keeps. */
typedef enum cs_decision_type { CS_DECISION_QUOTE = 0, CS_DECISION_DECIDE, CS_DECISION_SLOT, CS_DECISION_TYPE_COUNT } cs_decision_type;

/* The decision log (decisions.csv): every quote, what-if and visit slot taken through the
 * CLI or the server, with the signal it used and the cost-accounting answer beside it. */
typedef struct cs_decisions {
  size_t n;
  cs_date *at;                  /* the model's day it was taken */
  const char **logged;          /* wall-clock UTC, "" when unknown */
  uint8_t *type;                /* cs_decision_type */
  const char **subject;         /* product (quote), decision kind (decide), opportunity (slot) */
  double *qty, *price;          /* a quote's; -1 when not given */
  cs_date *due;                 /* a quote's; CS_DATE_NONE otherwise */
  double *signal;               /* quote: floor per unit; decide: the change in NP; slot: score */
  double *signal_age_ms;        /* how old the signal was when used; -1 unknown */
  const char **choice;          /* accept/refuse, take/leave, or the appointment booked */
  const char **cost_accounting; /* accept/refuse, take/leave, "" when it has no answer */
  const char **ref;             /* the order booked from a quote, "" none */
  const char **signal_detail;   /* the whole signal behind the number (docs/model.md), "" none */
  const char **request;         /* decide: the decision's arguments as JSON, "" none */
} cs_decisions;

/* ---- Rental and projects (DESIGN §9): owned gear, its suppliers, crew and the jobs that
 * hold them. A job holds its lines from `out` to `in` inclusive. ------------------------ */

typedef enum cs_job_status {
  CS_JOB_QUOTE = 0,
  CS_JOB_HOLD = 1,
  CS_JOB_CONFIRMED = 2,
  CS_JOB_DONE = 3,
  CS_JOB_CANCELLED = 4,
} cs_job_status;

typedef struct cs_items {
  size_t n;
  const char **id, **name;
  int32_t *owned;               /* units the company owns */
  double *subrent_cost_per_day; /* the unlimited fallback pool's price per unit-day; -1: none */
  double *purchase_cost;        /* of one more unit; -1 when not known */
  int32_t *turnaround_days;     /* days an owned unit is away after a job's `in` */
} cs_items;

/* What partners sub-rent: supplier k offers qty units of an item at a time. */
typedef struct cs_suppliers {
  size_t n;
  const char **supplier;
  int32_t *item;
  int32_t *qty;
  double *cost_per_day;         /* per unit-day */
  double *min_charge;           /* a job's bill from this supplier is at least this */
  double *delivery_cost;        /* once per job the supplier serves */
} cs_suppliers;

typedef enum cs_crew_kind { CS_CREW_STAFF = 0, CS_CREW_FREELANCE = 1 } cs_crew_kind;

typedef struct cs_crew {
  size_t n;
  const char **id, **name;
  const char **skills;          /* "a;b" */
  uint8_t *kind;                /* cs_crew_kind: staff are OE, freelancers TVC */
  double *cost_per_day;
  int32_t *max_days;            /* days they may work over the plan */
} cs_crew;

typedef struct cs_crew_calendar {
  size_t n;
  int32_t *crew;
  cs_date *date;
  uint8_t *available;           /* 0: not available that day */
} cs_crew_calendar;

typedef struct cs_jobs {
  size_t n;
  const char **id, **customer, **venue;
  cs_date *out, *in;            /* inclusive */
  double *price, *materials_cost;
  uint8_t *status;              /* cs_job_status */
} cs_jobs;

typedef struct cs_job_items {
  size_t n;
  int32_t *job, *item;
  int32_t *qty;
} cs_job_items;

typedef struct cs_job_crew {
  size_t n;
  int32_t *job;
  const char **skill;
  int32_t *qty;
  cs_date *from, *to;           /* inclusive */
} cs_job_crew;

typedef struct cs_model {
  cs_settings settings;
  cs_resources resources;
  cs_products products;
  cs_routings routings;
  cs_orders orders;
  cs_calendar calendar;
  cs_reps reps;
  cs_rep_calendar rep_calendar;
  cs_accounts accounts;
  cs_opportunities opportunities;
  cs_appointments appointments;
  cs_travel travel;
  cs_frictions frictions;
  cs_opportunity_frictions opportunity_frictions;
  cs_stage_history stage_history;
  cs_decisions decisions;
  cs_items items;
  cs_suppliers suppliers;
  cs_crew crew;
  cs_crew_calendar crew_calendar;
  cs_jobs jobs;
  cs_job_items job_items;
  cs_job_crew job_crew;
  /* Derived by cs_model_finish(): the routing rows of product p are
   * route_index[route_start[p] .. route_start[p+1]), ordered by seq. */
  size_t *route_start;
  size_t *route_index;
  struct cs__model_priv *priv;  /* interning and id lookup; not for callers */
} cs_model;

/* Creates an empty model with default settings, or NULL when memory is exhausted. */
cs_model *cs_model_new(void);

/* Releases the model and everything it owns. Accepts NULL. */
void cs_model_free(cs_model *m);

/* Looks up an id; returns its index or -1. */
int32_t cs_model_find_resource(const cs_model *m, const char *id);
int32_t cs_model_find_product(const cs_model *m, const char *id);
int32_t cs_model_find_order(const cs_model *m, const char *id);
int32_t cs_model_find_rep(const cs_model *m, const char *id);
int32_t cs_model_find_account(const cs_model *m, const char *id);
int32_t cs_model_find_opportunity(const cs_model *m, const char *id);
int32_t cs_model_find_appointment(const cs_model *m, const char *id);
int32_t cs_model_find_friction(const cs_model *m, const char *id);
int32_t cs_model_find_item(const cs_model *m, const char *id);
int32_t cs_model_find_crew(const cs_model *m, const char *id);
int32_t cs_model_find_job(const cs_model *m, const char *id);

/* The name of a job status ("quote", "hold", "confirmed", "done", "cancelled") and the
 * status a name names (-1). */
const char *cs_job_status_name(cs_job_status s);
int cs_job_status_parse(const char *name);

/* Whether crew member c has `skill` among their skills. */
bool cs_crew_has_skill(const cs_model *m, int32_t c, const char *skill);

/* The name of a buying job ("problem_identification" …), and the job a name names (-1
 * when none). */
const char *cs_buying_job_name(cs_buying_job j);
int cs_buying_job_parse(const char *name);

/* The name of a decision type ("quote", "decide", "slot"), and the type a name names (-1). */
const char *cs_decision_type_name(cs_decision_type t);
int cs_decision_type_parse(const char *name);

/* Names of the appointment statuses ("requested", "booked", "done", "no_show",
 * "cancelled"), indexed by cs_appt_status. */
const char *cs_appt_status_name(cs_appt_status s);

/* The lead time of product p in days: its lead_time_days, or the production buffer when
 * the product does not give one. */
double cs_product_lead_days(const cs_model *m, int32_t p);

/* Where a row came from, for error messages: "FILE:LINE" (line > 0) or "FILE: PATH". */
typedef struct cs_loc {
  const char *file;   /* e.g. "products.csv", "model.json", "plant.db" */
  long line;          /* 1-based, 0 when the source has no lines */
  const char *path;   /* e.g. "products[3]" or "table products, row 4"; NULL when lines are used */
} cs_loc;

/* One row of a table, as text: values[i] is the value of schema column i, or NULL
 * when the source had no such column (its default applies). */
typedef struct cs_row {
  const char *const *values;
  const int *columns;       /* 1-based source column of each value, 0 when unknown */
} cs_row;

/* The most columns any table has: row buffers are this wide (schema.c checks it at
 * compile time for every table). */
#define CS_MAX_COLUMNS 16

/* Tables of the model, in the order they must be loaded (references point backwards). */
typedef enum cs_table {
  CS_TABLE_SETTINGS = 0,
  CS_TABLE_RESOURCES,
  CS_TABLE_PRODUCTS,
  CS_TABLE_ROUTINGS,
  CS_TABLE_ORDERS,
  CS_TABLE_CALENDAR,
  CS_TABLE_REPS,
  CS_TABLE_REP_CALENDAR,
  CS_TABLE_ACCOUNTS,
  CS_TABLE_OPPORTUNITIES,
  CS_TABLE_APPOINTMENTS,
  CS_TABLE_TRAVEL,
  CS_TABLE_FRICTIONS,
  CS_TABLE_OPPORTUNITY_FRICTIONS,
  CS_TABLE_STAGE_HISTORY,
  CS_TABLE_DECISIONS,
  CS_TABLE_ITEMS,
  CS_TABLE_SUPPLIERS,
  CS_TABLE_CREW,
  CS_TABLE_CREW_CALENDAR,
  CS_TABLE_JOBS,
  CS_TABLE_JOB_ITEMS,
  CS_TABLE_JOB_CREW,
  CS_TABLE_COUNT
} cs_table;

/* The first table of the sales desk: a model holds the plant's tables, the sales desk's,
 * or both. */
#define CS_TABLE_FIRST_SALES CS_TABLE_REPS

/* The first table of the pipeline (DESIGN §11): the friction catalogue, the frictions
 * observed on opportunities and the stages they left. */
#define CS_TABLE_FIRST_PIPELINE CS_TABLE_FRICTIONS

/* The first table of rental and projects (DESIGN §9): items, suppliers, crew, jobs. A
 * model may hold them alone (with settings) or beside the plant's and the desk's. */
#define CS_TABLE_FIRST_RENTAL CS_TABLE_ITEMS

/* What a column holds, for writers that keep types (JSON, SQLite). */
typedef enum cs_value_kind {
  CS_VALUE_TEXT = 0,
  CS_VALUE_NUMBER = 1,
  CS_VALUE_INTEGER = 2,
  CS_VALUE_DATE = 3,
} cs_value_kind;

/* A column of a table, as documented in docs/model.md. */
typedef struct cs_column {
  const char *name;
  cs_value_kind kind;
  bool required;
  const char *default_text;  /* the default as text, NULL when the column is required */
  const char *unit;          /* "minutes per period", "ISO date", ... */
} cs_column;

/* Returns the name of a table ("resources"), its file name ("resources.csv"), its
 * number of columns, column i, and whether a model needs it. */
const char *cs_table_name(cs_table t);
const char *cs_table_file(cs_table t);
size_t cs_table_ncols(cs_table t);
const cs_column *cs_table_column(cs_table t, size_t i);
bool cs_table_required(cs_table t);

/* Which table a source holding the tables in `present` (bit t set for table t) lacks, or
 * -1 when it lacks none: the plant's required tables (resources, products, routings) come
 * together, and a source without any of them must hold the sales desk's reps or the
 * rental house's items. */
int cs_table_missing(unsigned present);

/* Returns the kind of value a setting takes, or -1 when key is not a setting. */
int cs_setting_kind(const char *key);

/* Returns the index of `name` among the table's columns, or -1 when it has none. */
int cs_table_column_index(cs_table t, const char *name);

/* Validates one row and appends it to the model. Fails with CS_EINPUT and an error that
 * names loc, the column and the value when a value is malformed, out of range, a
 * duplicate id or a reference to an unknown id. Settings rows are (key, value). */
int cs_model_add_row(cs_model *m, cs_table t, const cs_row *row, const cs_loc *loc, cs_error *err);

/* Formats row i of table t as text into values[] (one per column; strings stay valid
 * until the next call with the same buf). Settings rows are enumerated by key and only
 * set keys are produced. Tells whether row i exists (false past the end). */
bool cs_model_get_row(const cs_model *m, cs_table t, size_t i, char buf[][64], const char **values);

/* Number of rows of table t that cs_model_get_row() produces. */
size_t cs_model_row_count(const cs_model *m, cs_table t);

/* A copy of the model with the rows keep() keeps (every row when keep is NULL), made row
 * by row through cs_model_get_row and cs_model_add_row, and finished; the caller frees it. */
typedef bool (*cs_model_keep_fn)(const cs_model *m, cs_table t, size_t row, void *ctx);
int cs_model_copy(const cs_model *m, cs_model_keep_fn keep, void *ctx, cs_model **out, cs_error *err);

/* Checks what needs the whole model (the declared constraint exists) and derives the
 * routing index. Must be called once after the last row is added. */
int cs_model_finish(cs_model *m, cs_error *err);

/* Parses "YYYY-MM-DD" into a day number; returns false when it is not a real date. */
bool cs_date_parse(const char *s, cs_date *out);

/* Writes the ISO form of a day number into buf (at least 11 bytes) and returns buf. */
char *cs_date_format(cs_date d, char *buf);

#ifdef __cplusplus
}
#endif
#endif
