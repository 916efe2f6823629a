/* bench_sim.c — DESIGN §7 for the simulator: events a second on the M/M/1 model (one
 * thread, one long replication, the median of six runs) against the same queue in SimPy
 * 2.3 run in the same invocation (bench/simpy_mm1.py, Debian's python3-simpy; five runs,
 * each between two of ours and compared with them), customers a second compared;
 * events a second on the demo plant with variability, on one thread and on all the
 * threads asked; and the memory one order in flight holds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "sim_priv.h"

/* The M/M/1 model: one machine round the clock, arrivals 0.9 a minute, service exponential
 * of mean 1 minute. */
static cs_model *mm1(void) {
  cs_model *m = cs_model_new();
  cs_error err;
  if (!m) exit(1);
  static const char *const rows[][4] = {{"M", "10080", "1", ""}, {"A", "10", "4", "9072"}, {"A", "M", "1", "1"}};
  static const cs_table where[] = {CS_TABLE_RESOURCES, CS_TABLE_PRODUCTS, CS_TABLE_ROUTINGS};
  static const char *const cols[][4] = {{"id", "capacity", "units", NULL}, {"id", "price", "tvc", "demand"},
                                        {"product", "resource", "minutes", "seq"}};
  for (size_t i = 0; i < 3; i++) {
    const char *values[CS_MAX_COLUMNS] = {0};
    int at[CS_MAX_COLUMNS] = {0};
    for (size_t k = 0; k < 4 && cols[i][k]; k++) {
      int c = cs_table_column_index(where[i], cols[i][k]);
      values[c] = rows[i][k], at[c] = (int)k + 1;
    }
    cs_row row = {values, at};
    cs_loc loc = {"bench", (long)i + 1, NULL};
    if (cs_model_add_row(m, where[i], &row, &loc, &err)) {
      fprintf(stderr, "cs_bench: %s\n", err.message);
      exit(1);
    }
  }
  if (cs_model_finish(m, &err)) {
    fprintf(stderr, "cs_bench: %s\n", err.message);
    exit(1);
  }
  return m;
}

/* One simulation; exits on an error. */
static const cs_simulation_result *run(const cs_model *m, const cs_simulation_options *o, cs_arena *a) {
  cs_simulation_result *R;
  cs_error err;
  if (cs_simulate(m, o, a, &R, &err)) {
    fprintf(stderr, "cs_bench: %s\n", err.message);
    exit(1);
  }
  return R;
}

/* SimPy's customers a second on the same queue (the script at `simpy`, for n customers;
 * its rate does not depend on how many), and its mean time in the system in *w; 0 when it
 * could not be run. */
static double simpy_rate(const char *simpy, double n, double *w) {
  char cmd[4096], line[512] = "";
  snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s' %.0f 2>/dev/null", simpy, n);
  FILE *p = popen(cmd, "r");
  double rate = 0;
  if (p && fgets(line, sizeof line, p)) {
    double c = 0, s = 0;
    const char *cc = strstr(line, "\"customers\":"), *t = strstr(line, "\"seconds\":"), *ww = strstr(line, "\"mean_time_in_system\":");
    if (cc && t && ww && sscanf(cc + 12, "%lf", &c) == 1 && sscanf(t + 10, "%lf", &s) == 1 && sscanf(ww + 22, "%lf", w) == 1 && s > 0)
      rate = c / s;
  }
  if (p) pclose(p);
  return rate;
}

/* Runs of each side, interleaved: ours (0.15 s each), then SimPy's (about a second each),
 * then ours again, and so on. On a shared machine the speed of both moves by a third and
 * more from one second to the next, so the speedup is taken between the fastest run of each
 * side (as Python's timeit advises: slower runs are slowed by others, not by the code);
 * each SimPy run against the median of our runs on either side of it gives the spread. */
#define REF_RUNS 5
#define RUNS (REF_RUNS + 1)

void bench_sim(const char *simpy, int threads) {
  cs_arena *a = cs_arena_new();
  cs_model *m = mm1();
  cs_sim_variability v = {.resource = -1, .product = -1, .has_dist = true};
  cs_error err;
  if (cs_dist_parse("exponential(1)", &v.dist, &err)) exit(1);
  cs_sim_policy push = {CS_SIM_PUSH, 0, CS_SIM_FIFO};
  double days = 2000; /* 2.6 million customers */
  cs_simulation_options o = {.days = days, .warmup_days = 1, .replications = 1, .seed = 1, .threads = 1,
                             .arrivals = CS_SIM_ARRIVALS_POISSON, .policies = &push, .npolicies = 1, .rows = &v, .nrows = 1};
  const cs_simulation_result *R = NULL;
  double rate[RUNS], ev[RUNS], ref[REF_RUNS], ratio[REF_RUNS], ref_w = 0, customers = 0;
  int nref = 0;
  for (int k = 0; k < RUNS; k++) {
    R = run(m, &o, a);
    customers = R->runs[0].mean.orders_per_day * days;
    rate[k] = customers / R->seconds, ev[k] = R->events / R->seconds;
    if (k && nref == k) { /* the SimPy run before this one, against ours on either side */
      double pair[2] = {rate[k - 1], rate[k]};
      ratio[k - 1] = median(pair, 2) / ref[k - 1];
    }
    /* The same queue in SimPy, for a twentieth as many customers. */
    double r = simpy && k < REF_RUNS && nref == k ? simpy_rate(simpy, customers / 20, &ref_w) : 0;
    if (r > 0) ref[nref++] = r;
  }
  double best = 0, ref_best = 0, lo = 0, hi = 0;
  for (int k = 0; k < RUNS; k++) best = rate[k] > best ? rate[k] : best;
  for (int k = 0; k < nref; k++) {
    ref_best = ref[k] > ref_best ? ref[k] : ref_best;
    if (!k || ratio[k] < lo) lo = ratio[k];
    if (!k || ratio[k] > hi) hi = ratio[k];
  }
  double med = median(rate, RUNS), ref_rate = nref ? median(ref, nref) : 0, pairs = nref ? median(ratio, nref) : 0;
  printf("{\"bench\":\"sim_mm1\",\"n\":%d,\"ref_n\":%d,\"customers\":%.0f,\"events\":%.0f,\"events_per_s\":%.0f,"
         "\"customers_per_s\":%.0f,\"budget_events_per_s\":20000000,\"mean_time_in_system\":%.3f,\"theory\":10,"
         "\"best_customers_per_s\":%.0f,\"ref\":\"SimPy 2.3, the same M/M/1, runs interleaved with ours\","
         "\"ref_customers_per_s\":%.0f,\"ref_best_customers_per_s\":%.0f,\"ref_mean_time_in_system\":%.3f,"
         "\"speedup\":%.1f,\"speedup_pairs_median\":%.1f,\"speedup_pairs_min\":%.1f,\"speedup_pairs_max\":%.1f,"
         "\"budget_speedup\":100,\"bytes_per_order_in_flight\":%zu}\n",
         RUNS, nref, customers, R->events, median(ev, RUNS), med, R->runs[0].mean.lead_time_mean, best, ref_rate,
         ref_best, ref_w, ref_best > 0 ? best / ref_best : 0, pairs, lo, hi, cs__sim_order_bytes());
  fflush(stdout);
  cs_model_free(m);
  /* The demo plant with variability: rope and buffer penetration. */
  if (cs_demo_build("plant", &m, &err)) exit(1);
  cs_sim_policy rope = {CS_SIM_ROPE, 0, CS_SIM_BP};
  for (int t = 1; t <= threads; t += threads - 1 ? threads - 1 : 1) {
    cs_simulation_options q = {.days = 60, .warmup_days = 5, .replications = 8, .seed = 1, .threads = t, .cv = 0.5,
                               .arrivals = CS_SIM_ARRIVALS_POISSON, .policies = &rope, .npolicies = 1};
    R = run(m, &q, a);
    printf("{\"bench\":\"sim_plant\",\"threads\":%d,\"replications\":8,\"days\":60,\"events\":%.0f,\"seconds\":%.3f,"
           "\"events_per_s\":%.0f,\"wip\":%.1f}\n",
           t, R->events, R->seconds, R->events / R->seconds, R->runs[0].mean.wip);
    fflush(stdout);
    if (threads == 1) break;
  }
  cs_model_free(m);
  cs_arena_free(a);
}
