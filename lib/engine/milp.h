/* milp.h — whole-number LPs through COIN-OR Cbc's C interface (DESIGN §6: where
 * integrality matters, §9): maximise c·x subject to A x <= b, lb <= x <= ub, the columns
 * marked integer taking whole values, from a starting solution, within a time limit.
 *
 * Ownership: the arrays passed in are copied by Cbc; x[] is the caller's. */
#ifndef CS_MILP_H
#define CS_MILP_H

#include <stdbool.h>

#include "lp.h"

typedef struct cs__milp_result {
  double objective;   /* of the best solution found (x) */
  double bound;       /* no solution is better than this */
  bool proven;        /* the search finished: objective is the optimum */
  bool found;         /* x holds a solution */
} cs__milp_result;

/* Solves the problem in d (ncols columns, nrows rows; is_int[j] nonzero for a whole-number
 * column), starting from start[] (a feasible solution, or NULL), for at most `seconds`;
 * writes the best solution into x. Returns 0, or CS_ESOLVER when Cbc failed outright. */
int cs__milp_solve(const cs__lp_data *d, int ncols, int nrows, const char *is_int, const double *start,
                   double seconds, double *x, cs__milp_result *out);

#endif
