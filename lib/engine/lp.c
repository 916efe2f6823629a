/* lp.c — the engine's LPs through Clp's C interface, and a small branch and bound for
 * whole units (Clp solves each node warm with the dual simplex). */
#include <Clp_C_Interface.h>
#include <math.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "lp.h"

struct cs__lp {
  Clp_Simplex *clp;
  int ncols;
};

/* Loads the problem into a new Clp model, silenced, as a maximisation. */
cs__lp *cs__lp_new(int ncols, int nrows, const int *start, const int *index, const double *value,
                   const double *collb, const double *colub, const double *obj, const double *rowub) {
  cs__lp *lp = calloc(1, sizeof *lp);
  if (!lp) return NULL;
  lp->clp = Clp_newModel();
  if (!lp->clp) {
    free(lp);
    return NULL;
  }
  lp->ncols = ncols;
  Clp_setLogLevel(lp->clp, 0);
  Clp_loadProblem(lp->clp, ncols, nrows, (const CoinBigIndex *)start, index, value, collb, colub,
                  obj, NULL, rowub);
  Clp_setObjSense(lp->clp, -1);
  return lp;
}

int cs__lp_data_alloc(cs__lp_data *d, size_t ncols, size_t nnz, size_t nrows) {
  d->start = malloc((ncols + 1) * sizeof(int));
  d->index = malloc((nnz + 1) * sizeof(int));
  d->value = malloc((nnz + 1) * sizeof(double));
  d->collb = calloc(ncols + 1, sizeof(double));
  d->colub = malloc((ncols + 1) * sizeof(double));
  d->obj = malloc((ncols + 1) * sizeof(double));
  d->rowub = malloc((nrows + 1) * sizeof(double));
  if (d->start && d->index && d->value && d->collb && d->colub && d->obj && d->rowub) return 0;
  cs__lp_data_free(d);
  return CS_ENOMEM;
}

void cs__lp_data_free(cs__lp_data *d) {
  free(d->start);
  free(d->index);
  free(d->value);
  free(d->collb);
  free(d->colub);
  free(d->obj);
  free(d->rowub);
  memset(d, 0, sizeof *d);
}

cs__lp *cs__lp_from_data(const cs__lp_data *d, int ncols, int nrows) {
  return cs__lp_new(ncols, nrows, d->start, d->index, d->value, d->collb, d->colub, d->obj, d->rowub);
}

void cs__lp_free(cs__lp *lp) {
  if (!lp) return;
  Clp_deleteModel(lp->clp);
  free(lp);
}

int cs__lp_solve(cs__lp *lp, int warm) {
  Clp_setMaximumIterations(lp->clp, INT_MAX);
  if (warm == 2) Clp_initialPrimalSolve(lp->clp);
  else if (warm) Clp_dual(lp->clp, 0);
  else Clp_initialSolve(lp->clp);
  return Clp_isProvenOptimal(lp->clp) ? 0 : CS_ESOLVER;
}

const unsigned char *cs__lp_status(cs__lp *lp) { return Clp_statusArray(lp->clp); }

int cs__lp_solve_from(cs__lp *lp, const unsigned char *status) {
  Clp_setMaximumIterations(lp->clp, INT_MAX);
  Clp_copyinStatus(lp->clp, status);
  Clp_primal(lp->clp, 0);
  return Clp_isProvenOptimal(lp->clp) ? 0 : CS_ESOLVER;
}

int cs__lp_resolve(cs__lp *lp, int max_iterations, bool *stopped) {
  Clp_setMaximumIterations(lp->clp, max_iterations > 0 ? max_iterations : INT_MAX);
  Clp_dual(lp->clp, 0);
  /* Clp's status 3: stopped on the iteration limit. */
  *stopped = Clp_status(lp->clp) == 3;
  Clp_setMaximumIterations(lp->clp, INT_MAX);
  return Clp_isProvenOptimal(lp->clp) ? 0 : CS_ESOLVER;
}

int cs__lp_iterations(cs__lp *lp) { return Clp_numberIterations(lp->clp); }

const char *cs__lp_why(cs__lp *lp) {
  if (Clp_isProvenPrimalInfeasible(lp->clp)) return "it is infeasible";
  if (Clp_isProvenDualInfeasible(lp->clp)) return "it is unbounded";
  return "Clp stopped before an optimum";
}

double cs__lp_objective(cs__lp *lp) { return Clp_getObjValue(lp->clp); }
const double *cs__lp_primal(cs__lp *lp) { return Clp_getColSolution(lp->clp); }
const double *cs__lp_duals(cs__lp *lp) { return Clp_getRowPrice(lp->clp); }
const double *cs__lp_col_lower(cs__lp *lp) { return Clp_getColLower(lp->clp); }
const double *cs__lp_col_upper(cs__lp *lp) { return Clp_getColUpper(lp->clp); }

/* Changes one column's bounds in place. */
void cs__lp_set_col_bounds(cs__lp *lp, int j, double lb, double ub) {
  Clp_columnLower(lp->clp)[j] = lb;
  Clp_columnUpper(lp->clp)[j] = ub;
}

void cs__lp_set_row_upper(cs__lp *lp, int i, double ub) { Clp_rowUpper(lp->clp)[i] = ub; }

int cs__lp_write_mps(cs__lp *lp, const char *file) {
  /* Clp throws a C++ exception (which would end the process) when it cannot open the
   * file, so the file is tried first. */
  FILE *fp = fopen(file, "w");
  if (!fp) return CS_EIO;
  fclose(fp);
  return Clp_writeMps(lp->clp, file, 1, 1, -1) == 0 ? 0 : CS_EIO;
}

#define INT_TOL 1e-6

/* The state of one search. */
typedef struct bb {
  cs__lp *lp;
  int n;
  double gap;
  long nodes, limit;
  int depth, cut;          /* current depth; set when the depth limit cut the search short */
  double *best, *best_value;
} bb;

/* Deeper than this the search stops descending (and says it is not proven), so that the
 * recursion never threatens the stack. */
#define BB_MAX_DEPTH 2000

/* Solves one node and recurses on the most fractional column. */
static void bb_node(bb *s) {
  if (s->nodes >= s->limit) return;
  if (s->depth >= BB_MAX_DEPTH) {
    s->cut = 1;
    return;
  }
  s->nodes++;
  if (cs__lp_solve(s->lp, 1) != 0) return;
  double bound = cs__lp_objective(s->lp);
  if (bound * (1 - s->gap) <= *s->best_value + 1e-9) return;
  const double *x = cs__lp_primal(s->lp);
  int j = -1;
  double frac_best = 0;
  for (int i = 0; i < s->n; i++) {
    double f = x[i] - floor(x[i]);
    double dist = fmin(f, 1 - f);
    if (dist > INT_TOL && dist > frac_best) { frac_best = dist; j = i; }
  }
  if (j < 0) {
    for (int i = 0; i < s->n; i++) s->best[i] = round(x[i]);
    *s->best_value = bound;
    return;
  }
  double v = x[j];
  double lb = cs__lp_col_lower(s->lp)[j], ub = cs__lp_col_upper(s->lp)[j];
  s->depth++;
  cs__lp_set_col_bounds(s->lp, j, ceil(v), ub);   /* up branch first: more throughput */
  bb_node(s);
  cs__lp_set_col_bounds(s->lp, j, lb, floor(v));
  bb_node(s);
  cs__lp_set_col_bounds(s->lp, j, lb, ub);
  s->depth--;
}

long cs__lp_branch_and_bound(cs__lp *lp, int ncols, double gap, long node_limit, double *best,
                             double *best_value, int *proven) {
  bb s = {lp, ncols, gap, 0, node_limit, 0, 0, best, best_value};
  bb_node(&s);
  *proven = s.nodes < s.limit && !s.cut;
  return s.nodes;
}
