/* lp.h — a thin wrapper over COIN-OR Clp's C interface for the engine's LPs
 * (maximise c·x subject to A x <= b, lb <= x <= ub), with a whole-unit search on top.
 *
 * Ownership: a cs__lp owns its Clp model; arrays passed in are copied by Clp; arrays
 * returned point into the Clp model and are valid until the next solve or change. */
#ifndef CS_LP_H
#define CS_LP_H

#include <stdbool.h>
#include <stddef.h>

#include "clockspeed/cs_error.h"

typedef struct cs__lp cs__lp;

/* Creates a maximisation LP from column-major data (start has ncols+1 entries). */
cs__lp *cs__lp_new(int ncols, int nrows, const int *start, const int *index, const double *value,
                   const double *collb, const double *colub, const double *obj, const double *rowub);
void cs__lp_free(cs__lp *lp);

/* Column-major LP data being assembled for cs__lp_new(): start (ncols + 1), index and value
 * (nnz), collb (zeroed), colub and obj (ncols), rowub (nrows). Owned by its holder. */
typedef struct cs__lp_data {
  int *start, *index;
  double *value, *collb, *colub, *obj, *rowub;
} cs__lp_data;

/* Allocates the arrays; returns CS_ENOMEM (with everything freed) when memory is short. */
int cs__lp_data_alloc(cs__lp_data *d, size_t ncols, size_t nnz, size_t nrows);
void cs__lp_data_free(cs__lp_data *d);

/* Creates the LP from assembled data. */
cs__lp *cs__lp_from_data(const cs__lp_data *d, int ncols, int nrows);

/* Solves from scratch (warm = 0, Clp's choice of method), from the current basis (warm = 1,
 * dual simplex), or from scratch by presolve and the primal simplex (warm = 2: for LPs
 * whose many equal-cost columns make the dual simplex slow, such as the rental plan's).
 * Returns 0 when optimal, else CS_ESOLVER; cs__lp_why() then says why in words. */
int cs__lp_solve(cs__lp *lp, int warm);
const char *cs__lp_why(cs__lp *lp);

/* The basis after a solve: one status byte per column, then per row (Clp's codes: 1
 * basic, 2 at the upper bound, 3 at the lower bound, ...); points into the Clp model. */
const unsigned char *cs__lp_status(cs__lp *lp);

/* Solves from a basis given as cs__lp_status gives it (ncols + nrows bytes, typically a
 * previous solve's, carried over to a changed LP) with the primal simplex; returns 0 when
 * optimal, else CS_ESOLVER. */
int cs__lp_solve_from(cs__lp *lp, const unsigned char *status);

/* Re-solves from the current basis with the dual simplex, giving up after max_iterations
 * (0: no limit); *stopped tells whether it gave up. Returns 0 when optimal. */
int cs__lp_resolve(cs__lp *lp, int max_iterations, bool *stopped);

/* Simplex iterations of the last solve. */
int cs__lp_iterations(cs__lp *lp);

double cs__lp_objective(cs__lp *lp);
const double *cs__lp_primal(cs__lp *lp);
const double *cs__lp_duals(cs__lp *lp);
const double *cs__lp_col_lower(cs__lp *lp);
const double *cs__lp_col_upper(cs__lp *lp);
void cs__lp_set_col_bounds(cs__lp *lp, int j, double lb, double ub);

/* Changes row i's upper bound (its capacity) in place; the basis is kept for a warm solve. */
void cs__lp_set_row_upper(cs__lp *lp, int i, double ub);

/* Writes the LP as a free-format MPS file (maximisation: read with glpsol --max). */
int cs__lp_write_mps(cs__lp *lp, const char *file);

/* Searches whole-unit x by depth-first branch and bound over the LP, starting from the
 * incumbent in best[] (value *best_value), stopping when no node can beat the incumbent
 * by more than a relative `gap` or after node_limit nodes. Updates best[] and returns the
 * number of nodes; *proven tells whether the search finished. Column bounds are restored. */
long cs__lp_branch_and_bound(cs__lp *lp, int ncols, double gap, long node_limit, double *best,
                             double *best_value, int *proven);

#endif
