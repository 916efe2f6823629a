/* cs_sim.h — the variability simulator (DESIGN §10): a discrete-event simulation of the
 * model's own resources (parallel units, each working its daily minutes, or round the
 * clock), routings in sequence with setups, orders arriving from the order book or as
 * Poisson streams per product, released by push, the rope or CONWIP and dispatched FIFO,
 * earliest due first or by buffer penetration, with step times drawn from distributions;
 * policies compared on common random numbers over replications, each figure with its 95 %
 * confidence interval.
 *
 * Ownership: the caller owns the model and the variability rows (which must outlive the
 * call); results live in the arena passed in. */
#ifndef CS_SIM_H
#define CS_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cs_arena.h"
#include "cs_error.h"
#include "cs_model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A distribution of a step's minutes per unit (docs/simulate.md gives the parameters). */
typedef enum cs_dist_kind {
  CS_DIST_FIXED,       /* fixed(v) */
  CS_DIST_UNIFORM,     /* uniform(a,b) */
  CS_DIST_TRIANGULAR,  /* triangular(a,m,b) */
  CS_DIST_NORMAL,      /* normal(mean,sd), truncated at 0 */
  CS_DIST_LOGNORMAL,   /* lognormal(mean,cv) */
  CS_DIST_EXPONENTIAL, /* exponential(mean) */
  CS_DIST_EMPIRICAL    /* empirical(v1;v2;...), each value equally likely */
} cs_dist_kind;

#define CS_DIST_MAX_VALUES 256

typedef struct cs_dist {
  cs_dist_kind kind;
  double a, b, c;                      /* the parameters, in the order the text gives them */
  size_t n;                            /* empirical: values */
  double values[CS_DIST_MAX_VALUES];
} cs_dist;

/* Reads a distribution from its text ("triangular(8,10,15)"): CS_EINPUT naming what is
 * wrong (the kind, a parameter out of range) when it is not one. */
int cs_dist_parse(const char *text, cs_dist *out, cs_error *err);

/* The distribution's mean. */
double cs_dist_mean(const cs_dist *d);

/* One row of variability.csv: the steps it covers (resource and product, -1 for `*`), the
 * distribution of their minutes per unit (has_dist false: routings.csv's fixed minutes),
 * and the resource's breakdowns and absences and the step's rework. */
typedef struct cs_sim_variability {
  int32_t resource, product;
  bool has_dist;
  cs_dist dist;
  double mtbf_min, mttr_min;           /* 0: no breakdowns */
  double rework_prob;                  /* 0 to 0.99: the step is done again */
  double absence_prob;                 /* 0 to 1: a unit is away for a day */
} cs_sim_variability;

/* The columns of variability.csv, in the order cs_sim_variability_parse takes them:
 * resource, product, distribution (required), mtbf_min, mttr_min, rework_prob,
 * absence_prob (optional). */
#define CS_SIM_VARIABILITY_COLUMNS 7
#define CS_SIM_MAX_VARIABILITY_ROWS 100000
extern const char *const cs_sim_variability_columns[CS_SIM_VARIABILITY_COLUMNS];

/* Reads one row of variability.csv from its texts (values[k] for column k; NULL or "" when
 * not given), checked against the model and the documented ranges; errors name the place
 * (loc), the column and the value. */
int cs_sim_variability_parse(const cs_model *m, const char *const values[CS_SIM_VARIABILITY_COLUMNS],
                             const cs_loc *loc, cs_sim_variability *out, cs_error *err);

typedef enum cs_sim_release { CS_SIM_PUSH, CS_SIM_ROPE, CS_SIM_CONWIP } cs_sim_release;
typedef enum cs_sim_dispatch { CS_SIM_FIFO, CS_SIM_EDD, CS_SIM_BP } cs_sim_dispatch;
typedef enum cs_sim_arrivals { CS_SIM_ARRIVALS_ORDERS, CS_SIM_ARRIVALS_POISSON } cs_sim_arrivals;

/* One policy: a release rule (with its WIP cap for CONWIP) and a dispatch rule. */
typedef struct cs_sim_policy {
  cs_sim_release release;
  int32_t wip_cap;                     /* CONWIP: most orders released and unfinished */
  cs_sim_dispatch dispatch;
} cs_sim_policy;

#define CS_SIM_MAX_POLICIES 64
#define CS_SIM_MAX_REPLICATIONS 10000
#define CS_SIM_MAX_DAYS 100000

typedef struct cs_simulation_options {
  double days;                         /* simulated after the warm-up, > 0 */
  double warmup_days;                  /* simulated first and not measured, >= 0 */
  size_t replications;                 /* 1 to CS_SIM_MAX_REPLICATIONS */
  uint64_t seed;
  int threads;                         /* 1 to 64: replications run on them */
  double cv;                           /* without variability rows: a lognormal of this cv on
                                        * every step (0: the fixed minutes) */
  cs_sim_arrivals arrivals;
  bool saturated;                      /* an unlimited backlog waits at release (CONWIP) */
  const cs_sim_policy *policies;
  size_t npolicies;
  const cs_sim_variability *rows;      /* NULL, or nrows of them: the last that matches wins */
  size_t nrows;
  cs_progress_fn progress;             /* NULL, or told after each replication */
  void *user;
} cs_simulation_options;

/* What one policy did: the mean over replications, and the half-width of its 95 %
 * confidence interval (Student's t), for each measure. */
typedef struct cs_sim_measures {
  double throughput_per_day;           /* units finished a day */
  double orders_per_day;               /* orders finished a day */
  double throughput_T;                 /* (price - TVC) x units finished, a day */
  double on_time;                      /* share finished by their due date */
  double lead_time_mean, lead_time_p50, lead_time_p90, lead_time_p95; /* minutes, release to finish */
  double queue_time;                   /* minutes an order waits at resources, mean */
  double wip;                          /* released, unfinished orders, time average */
  double constraint_utilisation;       /* busy share of the Constraint's working unit-minutes */
  double constraint_starved;           /* share of its working time a unit idles with nothing waiting */
} cs_sim_measures;

typedef struct cs_sim_run {
  cs_sim_policy policy;
  size_t replications;
  cs_sim_measures mean, ci95;
  size_t ndays;                        /* the measured days (the last may be partial) */
  double *wip_by_day;                  /* each day's time-average WIP, mean over replications */
  double *utilisation_by_day;          /* each day's Constraint busy share, mean over replications */
} cs_sim_run;

typedef struct cs_simulation_result {
  int32_t constraint;                  /* the resource measured as the Constraint */
  size_t nruns;
  cs_sim_run *runs;                    /* one per policy, in the order given */
  double events;                       /* events processed, all runs */
  double seconds;                      /* wall time of the simulation */
} cs_simulation_result;

/* Simulates every policy over the replications, on common random numbers (the same
 * replication draws the same arrivals and step times under every policy), the result
 * independent of the number of threads. */
int cs_simulate(const cs_model *m, const cs_simulation_options *opt, cs_arena *a, cs_simulation_result **out, cs_error *err);

/* "push", "rope", "conwip"; "fifo", "edd", "bp". */
const char *cs_sim_release_name(cs_sim_release r);
const char *cs_sim_dispatch_name(cs_sim_dispatch d);

#ifdef __cplusplus
}
#endif
#endif
