/* mincost.h — minimum-cost flow on a directed graph, for the engine's problems that are
 * networks (a crew plan: people to skills, day by day, within their days in all). Solved
 * by LEMON's network simplex, behind a C interface; docs/internals/mincost.md says why it
 * is not one more Clp LP.
 *
 * Ownership: the caller owns every array passed in and out; nothing is kept between
 * calls. */
#ifndef CS_MINCOST_H
#define CS_MINCOST_H

#include <stdint.h>

#include "clockspeed/cs_error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Nodes 0 .. nnodes-1; arc a runs from tail[a] to head[a] and carries 0 .. cap[a] units at
 * cost[a] per unit (whole numbers: scale money to cents). supply[n] > 0 sends that many
 * units, < 0 receives them; the supplies sum to zero and every unit must arrive. */
typedef struct cs__mincost {
  int nnodes, narcs;
  const int *tail, *head;
  const int64_t *cap, *cost;
  const int64_t *supply;
} cs__mincost;

/* Finds a flow of least total cost meeting every supply: flow[a] for each arc (whole
 * numbers), *total its cost. Returns 0; CS_EINPUT when a node or capacity is out of range
 * or no flow meets the supplies; CS_ENOMEM; CS_ESOLVER when the solver stops otherwise.
 * Never lets an exception out. */
int cs__mincost_solve(const cs__mincost *p, int64_t *flow, int64_t *total);

#ifdef __cplusplus
}
#endif

#endif
