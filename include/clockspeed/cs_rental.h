/* cs_rental.h — rental and projects (DESIGN §9, §1 idea 7): oversell backed by flexible
 * allocation. Shortages by peak, one plan for every held and confirmed job (owned gear and
 * staff where they save the most, the rest from suppliers, the open market and
 * freelancers, whose cost is a TVC of the job), the marginal over-hire cost of a new job,
 * and the dual value of each item-day's owned capacity (the rental house's Constraint).
 *
 * Ownership: every answer lives in the arena passed in and points into the model, which
 * must outlive it. */
#ifndef CS_RENTAL_H
#define CS_RENTAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cs_arena.h"
#include "cs_error.h"
#include "cs_events.h"
#include "cs_model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Whether job j takes part in the plan: held or confirmed. */
bool cs_job_planned(const cs_model *m, int32_t j);

/* One item on one day: the units the planned jobs hold (owned units counted with their
 * turnaround), the units owned, and the shortage max(0, demand - owned). */
typedef struct cs_shortage_day {
  int32_t item;
  cs_date date;
  int32_t demand, owned, shortage;
} cs_shortage_day;

/* A job's peak shortage of an item: the largest shortage of the item over the job's days
 * (with the turnaround), never the sum over days, and never more than the job's line. */
typedef struct cs_job_shortage {
  int32_t job, item;
  int32_t peak;
} cs_job_shortage;

typedef struct cs_shortages {
  cs_date from, to;
  cs_shortage_day *days;        /* only days short, by item then date */
  size_t ndays;
  cs_job_shortage *jobs;        /* in job_items order */
  size_t njobs;
} cs_shortages;

/* The shortages of the planned jobs over [from, to] (CS_DATE_NONE: from today, or the
 * first job, to the last day any job holds). */
int cs_rental_shortages(const cs_model *m, cs_date from, cs_date to, cs_arena *a, cs_shortages **out, cs_error *err);

/* A sub-rental of a job line: from supplier row `supplier`, or from the item's open
 * market pool (-1). cost: the per-day cost of those units over the job (min charge and
 * delivery are the job's, per supplier: see cs_rental_bill). */
typedef struct cs_rental_sub {
  int32_t supplier;
  int32_t qty;
  double cost;
} cs_rental_sub;

/* How a job line is filled: owned units, then sub-rentals subs[first .. first + nsubs),
 * and what even the pool cannot cover (unfilled). */
typedef struct cs_rental_line {
  int32_t row;                  /* job_items row */
  int32_t owned, unfilled;
  size_t first, nsubs;
} cs_rental_line;

/* What a job pays one supplier: the day charges (at least the minimum charge) and the
 * delivery. */
typedef struct cs_rental_bill {
  int32_t job;
  const char *supplier;
  double rental, charged, delivery;
} cs_rental_bill;

/* A person on a crew line for a day (crew -1: nobody could be found). */
typedef struct cs_crew_day {
  int32_t line;                 /* job_crew row */
  cs_date date;
  int32_t crew;
  double cost;                  /* freelancers' day rate; staff cost 0 (operating expense) */
} cs_crew_day;

/* What the plan could not fill, and why. */
typedef struct cs_unfilled {
  int32_t job;
  int32_t item;                 /* -1 for crew */
  int32_t crew_line;            /* job_crew row, -1 for gear */
  cs_date date;                 /* crew: the day; gear: the line's out */
  int32_t qty;
  const char *why;
} cs_unfilled;

/* The value of one more owned unit of an item on a day, from the plan's LP; on a day when
 * not even the pool can fill the item, one more unit fills a job nothing else could, and
 * the value is not a price (unfillable, value NaN). */
typedef struct cs_item_dual {
  int32_t item;
  cs_date date;
  double value;
  bool unfillable;
} cs_item_dual;

/* The whole-number search's default time, in seconds, and the gap to the bound a plan may
 * keep without it (DESIGN §7: within 0.5 % of the optimum). */
#define CS_RENTAL_MILP_SECONDS 1.0
#define CS_RENTAL_GAP 0.005

/* The largest gear LP (columns) the whole-number search is tried on: above it Cbc's root
 * alone outlasts the plan's time budget (measured at scale L: 5 s for 25,000 columns, and
 * no better plan), so the plan keeps the heuristic's answer and the LP's bound. */
#define CS_RENTAL_MILP_MAX_COLS 10000

/* The gear LP's basis at the end of a plan, named by what its columns and rows stand
 * for, so that the next plan after an event can start from it (opaque). */
typedef struct cs_rental_basis cs_rental_basis;

typedef struct cs_rental_options {
  cs_date from;                 /* CS_DATE_NONE: today, or every job when today is not set */
  int32_t without_job;          /* plan as if this job were not there; -1: none */
  int32_t with_job;             /* plan this job whatever its status; -1: none */
  double milp_seconds;          /* the whole-number search's time (Cbc); 0: the default
                                 * (CS_RENTAL_MILP_SECONDS), negative: none */
  bool prove;                   /* search whole numbers whatever the gap and the LP's size,
                                 * for milp_seconds: the gear's optimum proved (a reference
                                 * for the fast plan, as in bench/) */
  const cs_rental_basis *warm;  /* a previous plan's basis (its `basis`) to start the gear LP
                                 * from, however the model changed since; NULL: cold */
  bool keep_basis;              /* give the plan its basis, for the next plan to start from */
} cs_rental_options;

typedef struct cs_rental_plan {
  cs_date from, to;
  double cost;                  /* sub-rental + freelance + delivery + minimum charges */
  double gear_cost, crew_cost;
  double lower_bound;           /* gear_bound + crew_bound */
  double gear_bound, crew_bound;/* the LP relaxations' costs (see docs/internals/rental.md) */
  double gap;                   /* (cost - lower_bound) / cost, 0 when cost is 0 */
  size_t jobs;                  /* planned */
  cs_rental_line *lines;        /* every line of the planned jobs, in job_items order */
  size_t nlines;
  cs_rental_sub *subs;
  size_t nsubs;
  cs_rental_bill *bills;
  size_t nbills;
  cs_crew_day *crew;            /* by line then date */
  size_t ncrew;
  cs_unfilled *unfilled;
  size_t nunfilled;
  cs_item_dual *duals;          /* nonzero ones, by item then date */
  size_t nduals;
  size_t lp_rows, lp_cols;      /* of the gear LP */
  int lp_iterations;            /* the gear LP's simplex iterations */
  bool warm_started;            /* the gear LP started from the basis in the options */
  const cs_rental_basis *basis; /* with keep_basis: the gear LP's final basis, else NULL */
} cs_rental_plan;

/* The plan of every planned job (DESIGN §9): owned units stay on a line for its whole
 * interval plus turnaround; suppliers lend at most their qty at a time; a person works
 * one job a day, with a skill they have, when available, within max_days. */
int cs_rental_plan_compute(const cs_model *m, const cs_rental_options *opt, cs_arena *a, cs_rental_plan **out,
                           cs_error *err);

/* A line's cost in the plan: its sub-rentals' day charges. */
double cs_rental_line_cost(const cs_rental_plan *p, const cs_rental_line *l);

/* A new job's quote: T = price - materials - marginal over-hire, where the marginal is the
 * optimal plan's cost with the job minus without it. */
typedef struct cs_job_reason {
  int32_t item;                 /* or -1 */
  const char *skill;            /* or NULL */
  cs_date from, to;
  double cost;                  /* what this item or skill adds to the plan's cost */
  const char *source;           /* a supplier, "open market", "freelance", "moved" (owned gear
                                 * taken off other jobs), "nobody" (what nothing can fill) */
} cs_job_reason;

typedef struct cs_job_quote {
  int32_t job;                  /* the job in the model quoted (see cs_rental_quote_event) */
  const char *job_id;
  double price, materials, marginal, throughput;
  bool accept;
  double min_throughput;
  double full_cost;             /* the cost-accounting answer: materials + every unit at its
                                 * rate (owned at the open-market rate) + crew at day rates */
  bool full_cost_accept;
  int32_t unfilled;             /* units and person-days the job adds that nothing can fill */
  cs_job_reason *reasons;
  size_t nreasons;
  cs_rental_plan *with, *without; /* the neighbourhood's plans (see cs_rental_quote) */
  cs_date crew_from, crew_to;   /* the crew days re-planned (from > to: none) */
} cs_job_quote;

/* The days a quote re-plans the crew on each side of the new job's crew days (see
 * cs_rental_quote): room for people short of days to trade a day near the job for one on
 * it. */
#define CS_RENTAL_QUOTE_MARGIN_DAYS 7

/* Quotes job j of the model (added by the caller, status quote or held) against `base`,
 * the plan of every job but j (NULL: planned here first). Only the job's neighbourhood is
 * planned again, with the job and without it: every line of the items it holds, over the
 * season (items share nothing but a job's supplier bills, which are carried in from base:
 * what each job there already pays its suppliers for other items), and every crew line
 * on the days its crew works and CS_RENTAL_QUOTE_MARGIN_DAYS around them, each person
 * keeping the days base gives them elsewhere. The marginal is the difference, so moving
 * owned gear or staff off other jobs is counted. */
int cs_rental_quote(const cs_model *m, int32_t j, double min_throughput, const cs_rental_plan *base, cs_arena *a,
                    cs_job_quote **out, cs_error *err);

/* Quotes the job a job.created event describes, on a copy of the model's rental tables
 * with the job added (the model is left as it is): the answer holds its own strings, and
 * its plans' rows are the copy's, so only their totals may be read. A job the event cannot
 * create (an unknown item, a duplicate id, dates out of order) fails with CS_EINPUT naming
 * the field. */
int cs_rental_quote_event(const cs_model *m, const cs_event *ev, double min_throughput, const cs_rental_plan *base,
                          cs_arena *a, cs_job_quote **out, cs_error *err);

/* An item's yearly signal: the sum of its daily duals and, with a purchase cost, whether
 * one more unit pays back (sum >= purchase_cost) and in what share of the horizon. */
typedef struct cs_item_value {
  int32_t item;
  double dual_sum;              /* over the days it can be filled */
  int32_t unfillable_days;      /* days one more unit fills what nothing else can */
  double payback_days;          /* days of the plan the sum takes to reach the purchase cost
                                 * at its average rate; NaN when unknown or unfillable */
  bool pays_back;               /* known purchase cost, and dual_sum >= it or unfillable days */
} cs_item_value;

typedef struct cs_rental_signal {
  const cs_rental_plan *plan;
  cs_item_value *items;         /* items ever short: unfillable days first, then by dual sum */
  size_t nitems;
  int32_t constraint_item;      /* -1 when no item is ever short */
  const char *constraint_skill; /* the skill with the most unfilled days, then freelance cost */
  double skill_cost;            /* its freelancers' cost */
  int32_t skill_unfilled;       /* its person-days nobody can fill */
} cs_rental_signal;

/* The rental house's Constraint and which items are worth buying: from a plan made here,
 * or from a plan the caller has (which the answer then points to). */
int cs_rental_signal_compute(const cs_model *m, cs_arena *a, cs_rental_signal **out, cs_error *err);
int cs_rental_signal_of(const cs_model *m, const cs_rental_plan *p, cs_arena *a, cs_rental_signal **out, cs_error *err);

#ifdef __cplusplus
}
#endif
#endif
