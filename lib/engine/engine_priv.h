/* engine_priv.h — data the engine derives from a model for one computation.
 *
 * Ownership: a cs__matrix lives in the arena it was built in. */
#ifndef CS_ENGINE_PRIV_H
#define CS_ENGINE_PRIV_H

#include "clockspeed/cs_engine.h"

/* Per-unit minutes of every product on every resource it visits, column-major: product
 * p's entries are [start[p], start[p+1]) of (res, min); a product visiting a resource
 * twice has one entry with the minutes summed. setup[] holds each entry's setup minutes. */
typedef struct cs__matrix {
  size_t np, nnz;
  size_t *start;
  int32_t *res;
  double *min;
  double *setup;
  double *total;   /* total per-unit minutes of each product over all resources */
} cs__matrix;

/* Builds the matrix from the routings; NULL when the arena is exhausted. */
cs__matrix *cs__matrix_build(const cs_model *m, cs_arena *a);

/* Fills avail[r] with the available minutes of every resource over [start, start+days). */
void cs__available_all(const cs_model *m, cs_date start, double days, double *avail);

struct cs__lp;

/* Builds the product-mix LP over the capacities cap[]; NULL when memory is exhausted. */
struct cs__lp *cs__mix_lp(const cs_model *m, const cs__matrix *x, const double *cap, cs_arena *a);

/* Fills cap[] with the minutes the mix may use on every resource. */
void cs__mix_capacity_all(const cs_model *m, const cs__matrix *x, double *cap);

#endif
