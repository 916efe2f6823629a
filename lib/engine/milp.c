/* milp.c — whole-number LPs through Cbc's C interface, silenced, as maximisations, from a
 * starting solution and within a time limit. */
#include <Cbc_C_Interface.h>
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "milp.h"

int cs__milp_solve(const cs__lp_data *d, int ncols, int nrows, const char *is_int, const double *start,
                   double seconds, double *x, cs__milp_result *out) {
  memset(out, 0, sizeof *out);
  Cbc_Model *cbc = Cbc_newModel();
  if (!cbc) return CS_ENOMEM;
  double *rowlb = malloc(((size_t)nrows + 1) * sizeof *rowlb);
  if (!rowlb) {
    Cbc_deleteModel(cbc);
    return CS_ENOMEM;
  }
  for (int i = 0; i < nrows; i++) rowlb[i] = -DBL_MAX;
  Cbc_loadProblem(cbc, ncols, nrows, (const CoinBigIndex *)d->start, d->index, d->value, d->collb, d->colub, d->obj,
                  rowlb, d->rowub);
  free(rowlb);
  Cbc_setObjSense(cbc, -1);
  for (int j = 0; j < ncols; j++)
    if (is_int[j]) Cbc_setInteger(cbc, j);
  Cbc_setLogLevel(cbc, 0);
  char secs[32];
  snprintf(secs, sizeof secs, "%.3f", seconds > 0.001 ? seconds : 0.001);
  Cbc_setParameter(cbc, "seconds", secs);
  Cbc_setParameter(cbc, "threads", "1");
  /* Cbc 2.10's preprocessing can crash in its post-processing when the time limit stops
   * it (seen on the rental plan at scale L): it stays off. */
  Cbc_setParameter(cbc, "preprocess", "off");
  /* Objectives may hold large prices (an unfilled unit's): the gap allowed is absolute. */
  Cbc_setAllowableFractionGap(cbc, 0);
  Cbc_setAllowableGap(cbc, 1e-3);
  if (start) Cbc_setInitialSolution(cbc, start);
  int status = Cbc_solve(cbc);
  const double *sol = Cbc_bestSolution(cbc);
  int rc = 0;
  if (Cbc_isProvenInfeasible(cbc) || status < 0) {
    rc = CS_ESOLVER;
  } else if (sol) {
    memcpy(x, sol, (size_t)ncols * sizeof *x);
    out->found = true;
    out->objective = Cbc_getObjValue(cbc);
  }
  out->bound = Cbc_getBestPossibleObjValue(cbc);
  out->proven = Cbc_isProvenOptimal(cbc) != 0 && out->found && out->bound - out->objective <= 1e-2;
  Cbc_deleteModel(cbc);
  return rc;
}
