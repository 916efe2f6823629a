/* simulate.c — every policy over every replication, on threads that take the next
 * (policy, replication) pair in turn and write its measures into its own slot, so the
 * result does not depend on how many threads ran; then each measure's mean and the
 * half-width of its 95 % confidence interval (Student's t over the replications). */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "sim_priv.h"

#define MAX_THREADS 64
#define MAX_KEPT_DAYS 2e7
#define NMEASURES (sizeof(cs_sim_measures) / sizeof(double))

const char *cs_sim_release_name(cs_sim_release r) {
  return r == CS_SIM_PUSH ? "push" : r == CS_SIM_ROPE ? "rope" : "conwip";
}

const char *cs_sim_dispatch_name(cs_sim_dispatch d) {
  return d == CS_SIM_FIFO ? "fifo" : d == CS_SIM_EDD ? "edd" : "bp";
}

/* The work the threads share. */
typedef struct shared {
  const cs__sim *S;
  cs__sim_rep *reps;        /* npolicies x replications */
  size_t next, total, done;
  int rc;
  pthread_mutex_t mu;
} shared;

static void *worker(void *arg) {
  shared *sh = arg;
  const cs_simulation_options *o = sh->S->opt;
  for (;;) {
    pthread_mutex_lock(&sh->mu);
    size_t i = sh->rc ? sh->total : sh->next++;
    pthread_mutex_unlock(&sh->mu);
    if (i >= sh->total) return NULL;
    int rc = cs__sim_replicate(sh->S, &o->policies[i / o->replications], i % o->replications, &sh->reps[i]);
    pthread_mutex_lock(&sh->mu);
    if (rc) sh->rc = rc;
    sh->done++;
    if (o->progress) o->progress(o->user, "simulating", (double)sh->done, (double)sh->total);
    pthread_mutex_unlock(&sh->mu);
  }
}

/* Student's t at 97.5 % with df degrees of freedom (Cornish-Fisher expansion of the normal
 * quantile; within 0.1 % of the tables from df = 3 on). */
static double t975(double df) {
  static const double small[] = {12.706, 4.303, 3.182};
  if (df < 1) return 0;
  if (df <= 3) return small[(int)df - 1];
  double z = 1.959963985, z3 = z * z * z, z5 = z3 * z * z;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df) +
         (3 * z5 * z * z + 19 * z5 + 17 * z3 - 15 * z) / (384 * df * df * df);
}

/* Means and interval half-widths of one policy's replications. */
static void summarise(const cs__sim_rep *reps, size_t n, cs_sim_run *run) {
  double *mean = (double *)&run->mean, *half = (double *)&run->ci95;
  for (size_t k = 0; k < NMEASURES; k++) {
    double s = 0, s2 = 0;
    for (size_t i = 0; i < n; i++) s += ((const double *)&reps[i].m)[k];
    double mu = s / (double)n;
    for (size_t i = 0; i < n; i++) {
      double d = ((const double *)&reps[i].m)[k] - mu;
      s2 += d * d;
    }
    mean[k] = mu;
    half[k] = n > 1 ? t975((double)n - 1) * sqrt(s2 / (double)(n - 1) / (double)n) : 0;
  }
}

/* Checks the options against their ranges. */
static int check(const cs_model *m, const cs_simulation_options *o, cs_error *err) {
  if (!m->resources.n || !m->routings.n) return cs__err(err, CS_EINPUT, "the simulator needs a plant (resources.csv, routings.csv)");
  if (!(o->days > 0 && o->days <= CS_SIM_MAX_DAYS)) return cs_error_set(err, CS_EINPUT, "days", "", "must be above 0 and at most %d", CS_SIM_MAX_DAYS);
  if (!(o->warmup_days >= 0 && o->warmup_days <= CS_SIM_MAX_DAYS))
    return cs_error_set(err, CS_EINPUT, "warmup", "", "must be 0 to %d days", CS_SIM_MAX_DAYS);
  if (o->replications < 1 || o->replications > CS_SIM_MAX_REPLICATIONS)
    return cs_error_set(err, CS_EINPUT, "replications", "", "must be 1 to %d", CS_SIM_MAX_REPLICATIONS);
  if (o->threads < 1 || o->threads > MAX_THREADS) return cs_error_set(err, CS_EINPUT, "threads", "", "must be 1 to %d", MAX_THREADS);
  if (!(o->cv >= 0 && o->cv <= 10)) return cs_error_set(err, CS_EINPUT, "cv", "", "must be 0 to 10");
  if (o->npolicies < 1 || o->npolicies > CS_SIM_MAX_POLICIES)
    return cs_error_set(err, CS_EINPUT, "release", "", "1 to %d policies", CS_SIM_MAX_POLICIES);
  /* Each replication keeps its days' figures until the means are taken. */
  if ((double)o->replications * (double)o->npolicies * ceil(o->days) > MAX_KEPT_DAYS)
    return cs_error_set(err, CS_EINPUT, "replications", "",
                        "replications x policies x days must stay within %.0f (the days' figures are kept)", MAX_KEPT_DAYS);
  for (size_t i = 0; i < o->npolicies; i++) {
    const cs_sim_policy *p = &o->policies[i];
    if (p->release == CS_SIM_CONWIP && (p->wip_cap < 1 || p->wip_cap > 1000000))
      return cs_error_set(err, CS_EINPUT, "release", "", "conwip:N needs N from 1 to 1000000");
    if (o->saturated && p->release != CS_SIM_CONWIP)
      return cs_error_set(err, CS_EINPUT, "saturated", "", "an unlimited backlog needs conwip release (push would release all of it)");
  }
  double rate = 0;
  for (size_t p = 0; p < m->products.n; p++) rate += m->products.demand[p];
  if (o->arrivals == CS_SIM_ARRIVALS_POISSON && !(rate > 0))
    return cs_error_set(err, CS_EINPUT, "arrivals", "poisson", "Poisson arrivals need products with demand");
  if (o->saturated && !(rate > 0)) return cs_error_set(err, CS_EINPUT, "saturated", "", "the backlog's mix needs products with demand");
  return 0;
}

int cs_simulate(const cs_model *m, const cs_simulation_options *o, cs_arena *a, cs_simulation_result **out, cs_error *err) {
  *out = NULL;
  int rc = check(m, o, err);
  if (rc) return rc;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  cs__sim S;
  if ((rc = cs__sim_init(&S, m, o, err))) return rc;
  shared sh = {&S, NULL, 0, o->npolicies * o->replications, 0, 0, PTHREAD_MUTEX_INITIALIZER};
  sh.reps = calloc(sh.total + 1, sizeof *sh.reps);
  cs_simulation_result *R = cs_arena_calloc(a, 1, sizeof *R);
  cs_sim_run *runs = cs_arena_calloc(a, o->npolicies, sizeof *runs);
  if (!sh.reps || !R || !runs) {
    rc = cs__err(err, CS_ENOMEM, "out of memory");
    goto out;
  }
  pthread_t th[MAX_THREADS];
  int started = 0, want = o->threads < (int)sh.total ? o->threads : (int)sh.total;
  for (int k = 1; k < want; k++, started++)
    if (pthread_create(&th[k], NULL, worker, &sh)) break;
  worker(&sh);
  for (int k = 1; k <= started; k++) pthread_join(th[k], NULL);
  if (sh.rc) {
    rc = cs__err(err, CS_ENOMEM, "out of memory");
    goto out;
  }
  size_t nd = cs__sim_days(o);
  for (size_t i = 0; i < o->npolicies && !rc; i++) {
    const cs__sim_rep *reps = sh.reps + i * o->replications;
    runs[i].policy = o->policies[i];
    runs[i].replications = o->replications;
    summarise(reps, o->replications, &runs[i]);
    runs[i].ndays = nd;
    runs[i].wip_by_day = cs_arena_calloc(a, nd + 1, sizeof(double));
    runs[i].utilisation_by_day = cs_arena_calloc(a, nd + 1, sizeof(double));
    if (!runs[i].wip_by_day || !runs[i].utilisation_by_day) {
      rc = cs__err(err, CS_ENOMEM, "out of memory");
      break;
    }
    for (size_t k = 0; k < o->replications; k++)
      for (size_t d = 0; d < nd; d++) {
        runs[i].wip_by_day[d] += reps[k].wip_day[d] / (double)o->replications;
        runs[i].utilisation_by_day[d] += reps[k].busy_day[d] / (double)o->replications;
      }
  }
  if (rc) goto out;
  for (size_t i = 0; i < sh.total; i++) R->events += sh.reps[i].events;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  R->constraint = S.constraint;
  R->nruns = o->npolicies;
  R->runs = runs;
  R->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
  *out = R;
out:
  for (size_t i = 0; sh.reps && i < sh.total; i++) {
    free(sh.reps[i].wip_day);
    free(sh.reps[i].busy_day);
  }
  free(sh.reps);
  pthread_mutex_destroy(&sh.mu);
  cs__sim_free(&S);
  return rc;
}
