/* mincost.cpp — cs__mincost_solve() through LEMON's NetworkSimplex (block search pivots)
 * on a SmartDigraph built from the arrays. The one C++ file of the engine: it catches
 * every exception, so that nothing the library throws can end the process. */
#define LEMON_ONLY_TEMPLATES
/* GCC 12 sees a maybe-uninitialised temporary inside std::vector's allocator as LEMON
 * instantiates it (a false positive in the standard headers, not in this file). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <new>

#include "mincost.h"

namespace {

typedef lemon::SmartDigraph graph;
typedef lemon::NetworkSimplex<graph, int64_t, int64_t> simplex;

/* Checks the problem's shape: nodes in range, capacities not negative. */
bool well_formed(const cs__mincost *p) {
  if (p->nnodes < 0 || p->narcs < 0) return false;
  for (int a = 0; a < p->narcs; a++)
    if (p->tail[a] < 0 || p->tail[a] >= p->nnodes || p->head[a] < 0 || p->head[a] >= p->nnodes || p->cap[a] < 0)
      return false;
  return true;
}

/* Builds the graph and solves it; throws what LEMON or the allocator throw. */
int solve(const cs__mincost *p, int64_t *flow, int64_t *total) {
  graph g;
  g.reserveNode(p->nnodes);
  g.reserveArc(p->narcs);
  for (int n = 0; n < p->nnodes; n++) g.addNode();
  for (int a = 0; a < p->narcs; a++) g.addArc(g.nodeFromId(p->tail[a]), g.nodeFromId(p->head[a]));
  graph::ArcMap<int64_t> cap(g), cost(g);
  graph::NodeMap<int64_t> supply(g);
  for (int a = 0; a < p->narcs; a++) cap[g.arcFromId(a)] = p->cap[a], cost[g.arcFromId(a)] = p->cost[a];
  for (int n = 0; n < p->nnodes; n++) supply[g.nodeFromId(n)] = p->supply[n];
  simplex ns(g);
  ns.upperMap(cap).costMap(cost).supplyMap(supply);
  simplex::ProblemType r = ns.run();
  if (r == simplex::INFEASIBLE) return CS_EINPUT;
  if (r != simplex::OPTIMAL) return CS_ESOLVER;
  for (int a = 0; a < p->narcs; a++) flow[a] = ns.flow(g.arcFromId(a));
  *total = ns.totalCost<int64_t>();
  return 0;
}

}  // namespace

extern "C" int cs__mincost_solve(const cs__mincost *p, int64_t *flow, int64_t *total) {
  if (!well_formed(p)) return CS_EINPUT;
  try {
    return solve(p, flow, total);
  } catch (const std::bad_alloc &) {
    return CS_ENOMEM;
  } catch (...) {
    return CS_ESOLVER;
  }
}
