/* cs_route.h — the route engine (DESIGN §8): a vehicle routing problem with time windows
 * (VRPTW) — jobs at locations with a service time, a window in which service starts, a
 * demand, and the vehicles that may serve them; vehicles leaving a start location and
 * returning to an end location inside a shift, with a capacity and a most jobs — solved
 * for the least total travel by ruin-and-recreate (string removals) with simulated
 * annealing and a local search, on one or more cooperating threads, within a time limit.
 * The reps' days and the Solomon benchmark are both cases of it. Methods and sources:
 * docs/internals/route.md.
 *
 * Ownership: the caller owns the problem and everything it points to, which must not
 * change while cs_vrp_solve runs; the solution lives in the arena passed in. */
#ifndef CS_ROUTE_H
#define CS_ROUTE_H

#include <stddef.h>
#include <stdint.h>

#include "cs_arena.h"
#include "cs_error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Limits a problem is checked against (docs/internals/route.md). */
#define CS_VRP_MAX_JOBS 100000
#define CS_VRP_MAX_VEHICLES 100000
#define CS_VRP_MAX_LOCATIONS 200000
#define CS_VRP_MAX_THREADS 16

typedef struct cs_vrp_job {
  int32_t location;         /* index into the travel matrix */
  double demand;            /* >= 0, against the vehicle's capacity */
  double service;           /* >= 0, time spent at the job */
  double open, close;       /* service starts no earlier than open, no later than close */
  int32_t vehicle;          /* -1: any vehicle allowed; else the only one that may serve it, and
                             * once in its route it stays there (a promise) */
} cs_vrp_job;

typedef struct cs_vrp_vehicle {
  int32_t start, end;       /* locations it leaves from and returns to */
  double shift_start;       /* leaves no earlier */
  double shift_end;         /* is back no later */
  double capacity;          /* total demand it can carry (INFINITY: no limit) */
  int32_t max_jobs;         /* most jobs a route holds (0: no limit) */
} cs_vrp_vehicle;

typedef struct cs_vrp {
  size_t njobs, nvehicles, nlocations;
  const cs_vrp_job *jobs;
  const cs_vrp_vehicle *vehicles;
  /* nlocations x nlocations, row-major: the travel time from a to b, which is also what
   * the solver minimises (>= 0, finite). */
  const double *travel;
  /* NULL, or njobs x nvehicles, row-major: non-zero when vehicle v may serve job j (skills). */
  const uint8_t *allowed;
} cs_vrp;

typedef struct cs_vrp_options {
  double time_limit;        /* seconds of search, > 0 */
  int threads;              /* 1 to CS_VRP_MAX_THREADS */
  uint64_t seed;
  /* Optional plan to start from and never end worse than: for each vehicle its jobs in
   * order (initial + initial_first[v], initial_len[v] of them). NULL: none. */
  const int32_t *initial;
  const size_t *initial_first, *initial_len;
} cs_vrp_options;

typedef struct cs_vrp_solution {
  double travel;            /* total travel of the routes */
  size_t unassigned;        /* jobs no route could take */
  size_t *first, *len;      /* per vehicle: its route is jobs[first .. first + len) */
  int32_t *jobs;
  double *start;            /* per job: when its service starts (the earliest it can) */
  int32_t *vehicle_of;      /* per job: its vehicle, -1 when unassigned */
  size_t iterations;        /* ruin-and-recreate steps, all threads */
  double seconds;
} cs_vrp_solution;

/* Checks the problem against its limits (field and value named in err). */
int cs_vrp_check(const cs_vrp *p, cs_error *err);

/* Solves p within opt->time_limit; the answer in *out (arena a). With an initial plan that
 * is feasible, the answer is never worse than it. */
int cs_vrp_solve(const cs_vrp *p, const cs_vrp_options *opt, cs_arena *a, cs_vrp_solution **out, cs_error *err);

#ifdef __cplusplus
}
#endif
#endif
