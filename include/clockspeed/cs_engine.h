/* cs_engine.h — the computations: resource load and the Constraint, throughput per
 * constraint unit, the product mix (LP with Clp) and the cost-accounting comparison.
 * The engine does no I/O and keeps no global state.
 *
 * Ownership: every result and every array in it is allocated from the cs_arena the caller
 * passes in and lives until that arena is freed; the model is only read. */
#ifndef CS_ENGINE_H
#define CS_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cs_arena.h"
#include "cs_error.h"
#include "cs_model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Two loads answer two questions: the market's demand in one period, or the open order
 * book due within the horizon. docs/concepts.md says how each is computed. */
typedef enum cs_load_basis {
  CS_BASIS_DEMAND = 0,
  CS_BASIS_ORDERS = 1,
} cs_load_basis;

/* Resources within this many load points of the most loaded one are interactive. */
#define CS_INTERACTIVE_POINTS 0.05

typedef struct cs_load_result {
  cs_load_basis basis;
  size_t n;                 /* number of resources */
  double *work;             /* minutes of work on each resource in the window */
  double *available;        /* available minutes of each resource in the window */
  double *load;             /* work / available (0 when nothing is available and no work) */
  bool *interactive;        /* within CS_INTERACTIVE_POINTS of the constraint's load */
  bool *overloaded_no_capacity; /* work but zero available minutes */
  int32_t most_loaded;      /* index of the highest load, -1 when there are no resources */
  int32_t constraint;       /* measured constraint, -1 when the market is the constraint */
  bool market_constrained;  /* the highest load is below 100 % */
  int32_t declared;         /* declared constraint from settings, -1 when none */
  bool wandering;           /* declared and measured constraints differ */
  int32_t drum;             /* resource used for T/CU: declared, else measured, else most loaded */
  cs_date window_start;     /* first day of the window (settings.today) */
  double window_days;       /* length of the window */
  const struct cs_clockspeed *clockspeed; /* set by whoever measures it (cs_flow.h), else NULL */
} cs_load_result;

/* Available minutes of resource r over [start, start + days): the daily capacity
 * (capacity / period_days) times units, with calendar exceptions replacing the daily
 * capacity on their dates. Partial days count pro rata. */
double cs_available_minutes(const cs_model *m, int32_t r, cs_date start, double days);

/* Computes the load of every resource and identifies the Constraint (DESIGN §2). */
int cs_load_compute(const cs_model *m, cs_load_basis basis, cs_arena *a,
                    cs_load_result **out, cs_error *err);

/* Per-unit minutes of product p on resource r, summed over its routing steps. */
double cs_product_minutes(const cs_model *m, int32_t p, int32_t r);

/* Throughput per unit of product p: price - TVC. */
double cs_product_throughput(const cs_model *m, int32_t p);

typedef struct cs_mix_options {
  double gap;         /* accepted relative gap to the LP bound for the whole-unit mix (default 0.005) */
  long node_limit;    /* branch-and-bound node limit (default 100000) */
} cs_mix_options;

/* Fills options with the defaults. */
void cs_mix_options_default(cs_mix_options *o);

typedef struct cs_mix_result {
  size_t nproducts, nresources;
  double *qty;               /* whole units of each product */
  double *lp_qty;            /* the LP relaxation's (possibly fractional) quantities */
  double *t_per_unit;        /* price - TVC */
  double *t_per_cu;          /* T per drum minute; NaN when the product does not use the drum */
  int32_t drum;              /* the resource T/CU is measured on, -1 when none */
  double *shadow_price;      /* LP dual per minute of each resource (>= 0) */
  double *used;              /* minutes used on each resource by the whole-unit mix */
  double *capacity;          /* minutes the mix may use on each resource */
  double throughput;         /* sum of T of the whole-unit mix */
  double lp_bound;           /* throughput of the LP relaxation (an upper bound) */
  double operating_expense;
  double net_profit;
  double gap;                /* (lp_bound - throughput) / lp_bound, 0 when lp_bound is 0 */
  long nodes;                /* branch-and-bound nodes solved */
  bool proven;               /* the whole-unit mix is within options.gap of the optimum */
  /* The cost-accounting comparison (DESIGN §2). */
  double ca_rate;            /* OE allocated per resource minute */
  double *ca_full_cost;      /* TVC + allocated OE per unit */
  double *ca_qty;            /* units made when ranked by unit margin */
  double ca_throughput;
  double ca_net_profit;
} cs_mix_result;

/* Solves the product mix in whole units, with shadow prices, T/CU and the
 * cost-accounting mix beside it. `load` gives the drum for T/CU (may be NULL). */
int cs_mix_solve(const cs_model *m, const cs_load_result *load, const cs_mix_options *opt,
                 cs_arena *a, cs_mix_result **out, cs_error *err);

/* The capacity the mix may use on resource r: available minutes in the period less the
 * setups of every product with demand that visits r. */
double cs_mix_capacity(const cs_model *m, int32_t r);

#ifdef __cplusplus
}
#endif
#endif
