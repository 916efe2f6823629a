/* cs_generate.h — synthetic companies for benchmarks and demos, made from a seed alone
 * (the same seed gives the same model), and the bundled demo companies.
 *
 * Ownership: a model returned through `out` belongs to the caller (cs_model_free()). */
#ifndef CS_GENERATE_H
#define CS_GENERATE_H

#include <stdint.h>

#include "cs_error.h"
#include "cs_model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cs_gen_params {
  size_t resources;        /* number of resources */
  size_t products;         /* number of products */
  size_t orders;           /* open orders in the horizon */
  double steps_mean;       /* mean routing steps per product (at least 1) */
  double horizon_days;     /* order-book horizon */
  double constraint_load;  /* demand load of the designed constraint (e.g. 1.2) */
  double other_load_min, other_load_max;  /* demand loads of every other resource */
  uint64_t seed;
  int plant_names;         /* 1: readable job-shop names instead of R0001-style ids */
  size_t reps;             /* the sales desk (DESIGN §8): reps (0: none), */
  size_t accounts;         /* their accounts */
  size_t opportunities;    /* and opportunities */
  size_t items;            /* the rental house (DESIGN §9): items (0: none), */
  size_t jobs;             /* jobs over the horizon, */
  size_t staff, freelancers; /* and crew */
} cs_gen_params;

/* Fills params for a scale: 'S', 'M' or 'L' (DESIGN §7). Fails on another letter. */
int cs_gen_params_for_scale(char scale, cs_gen_params *p, cs_error *err);

/* Makes a synthetic company; `today` is the first day of its period and horizon. */
int cs_generate(const cs_gen_params *p, cs_date today, cs_progress_fn progress, void *user,
                cs_model **out, cs_error *err);

/* Builds a bundled demo: "pq" (Goldratt's P&Q), "plant" (a job shop), "sales" (a field
 * sales desk of 25 reps, 600 accounts and 300 opportunities) or "rental" (a lighting and
 * audio rental house of 300 items, 40 staff, 80 freelancers, 3 partners and a summer of
 * 400 jobs). */
int cs_demo_build(const char *name, cs_model **out, cs_error *err);

/* Names of the bundled demos, NULL-terminated. */
const char *const *cs_demo_names(void);

#ifdef __cplusplus
}
#endif
#endif
