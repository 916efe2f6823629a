/* test_sim.c — the simulator against queueing theory (DESIGN §10): M/M/1 at ρ = 0.9, M/D/1
 * (half M/M/1's wait in queue), M/M/3 (Erlang C), a tandem of three exponential stations
 * (Jackson: Σ 1/(μᵢ − λ)), Little's law on every run, a balanced five-station exponential
 * CONWIP line with a saturated backlog (throughput w/(w + 4) per mean task time, Factory
 * Physics), a deterministic line with exact times, distributions read and refused, and the
 * result independent of the number of threads. Each theoretical value must lie within the
 * run's 95 % interval, and the interval be narrower than 2 % of the value. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* Replications and days: enough for intervals within 2 % (the sanitizers slow the
 * engine several times, so they get fewer days and a looser width). */
#if defined(__SANITIZE_ADDRESS__)
#define SCALE 0.25
#define WIDTH 0.04
#else
#define SCALE 1.0
#define WIDTH 0.02
#endif

/* A line of n stations round the clock (capacity 1,440 x 7 a week per unit), units[i]
 * units each, one product whose step i takes mean[i] minutes, arriving at `rate` a minute;
 * its production buffer is `buffer_days`. */
static cs_model *line(size_t n, const double *mean, const int *units, double rate, double buffer_days) {
  char res[512] = "id,capacity,units\n", rout[512] = "product,resource,minutes,seq\n", prod[128], set[128];
  for (size_t i = 0; i < n; i++) {
    size_t l = strlen(res), k = strlen(rout);
    snprintf(res + l, sizeof res - l, "S%zu,10080,%d\n", i + 1, units[i]);
    snprintf(rout + k, sizeof rout - k, "A,S%zu,%g,%zu\n", i + 1, mean[i], i + 1);
  }
  snprintf(prod, sizeof prod, "id,price,tvc,demand\nA,10,4,%.10g\n", rate * 10080);
  snprintf(set, sizeof set, "key,value\ntoday,2026-01-05\nperiod_days,7\nproduction_buffer_days,%g\n", buffer_days);
  const char *tables[CS_TABLE_COUNT] = {0};
  tables[CS_TABLE_SETTINGS] = set;
  tables[CS_TABLE_RESOURCES] = res;
  tables[CS_TABLE_PRODUCTS] = prod;
  tables[CS_TABLE_ROUTINGS] = rout;
  return th_model_from_text(tables);
}

/* Every step's minutes drawn from `dist` (text), or fixed when dist is NULL. */
static void every_step(cs_sim_variability *v, const char *dist) {
  cs_error err;
  memset(v, 0, sizeof *v);
  v->resource = v->product = -1;
  v->has_dist = dist != NULL;
  if (dist && cs_dist_parse(dist, &v->dist, &err)) fail_msg("%s", err.message);
}

/* Runs one policy; fails the test on an error. */
static const cs_sim_run *run(const cs_model *m, const cs_sim_variability *v, const cs_sim_policy *pol, double days,
                             size_t reps, bool saturated, cs_arena *a) {
  cs_simulation_options o = {.days = days * SCALE, .warmup_days = 2, .replications = reps, .seed = 7, .threads = 2,
                             .arrivals = CS_SIM_ARRIVALS_POISSON, .saturated = saturated, .policies = pol,
                             .npolicies = 1, .rows = v, .nrows = v ? 1 : 0};
  cs_simulation_result *R;
  cs_error err;
  if (cs_simulate(m, &o, a, &R, &err)) fail_msg("simulate: %s", err.message);
  return &R->runs[0];
}

/* The theory's value lies in the interval, and the interval is narrow. */
static void within(const char *what, double sim, double half, double theory) {
  print_message("%-28s simulated %10.4f ± %.4f, theory %10.4f\n", what, sim, half, theory);
  if (fabs(sim - theory) > half) fail_msg("%s: %.4f ± %.4f misses %.4f", what, sim, half, theory);
  if (half > WIDTH * theory) fail_msg("%s: the interval ± %.4f is wider than %g %% of %.4f", what, half, WIDTH * 100, theory);
}

/* Little's law: WIP = orders a minute x time in the system. */
static void little(const cs_sim_run *r) {
  double lhs = r->mean.wip, rhs = r->mean.orders_per_day / 1440 * r->mean.lead_time_mean;
  if (fabs(lhs - rhs) > 0.01 * lhs + 1e-9) fail_msg("Little: WIP %.4f, throughput x lead time %.4f", lhs, rhs);
}

static const cs_sim_policy push_fifo = {CS_SIM_PUSH, 0, CS_SIM_FIFO};

static void mm1_md1(void **state) {
  (void)state;
  const double mean[] = {1};
  const int units[] = {1};
  cs_model *m = line(1, mean, units, 0.9, 10);
  cs_arena *a = cs_arena_new();
  cs_sim_variability v;
  every_step(&v, "exponential(1)");
  const cs_sim_run *r = run(m, &v, &push_fifo, 400, 40, false, a);
  /* λ = 0.9, μ = 1: W = 1/(μ − λ) = 10, Wq = ρ/(μ − λ) = 9, utilisation 0.9. */
  within("M/M/1 time in system", r->mean.lead_time_mean, r->ci95.lead_time_mean, 10);
  within("M/M/1 wait in queue", r->mean.queue_time, r->ci95.queue_time, 9);
  /* Its time in system is exponential of rate μ − λ = 0.1: the q-quantile is −ln(1 − q) / 0.1. */
  within("M/M/1 time in system p50", r->mean.lead_time_p50, r->ci95.lead_time_p50, 10 * log(2));
  within("M/M/1 time in system p90", r->mean.lead_time_p90, r->ci95.lead_time_p90, 10 * log(10));
  within("M/M/1 time in system p95", r->mean.lead_time_p95, r->ci95.lead_time_p95, 10 * log(20));
  assert_true(fabs(r->mean.constraint_utilisation - 0.9) < 0.005);
  little(r);
  every_step(&v, "fixed(1)");
  r = run(m, &v, &push_fifo, 200, 40, false, a);
  /* M/D/1: Wq = ρ / (2 μ (1 − ρ)) = 4.5, half M/M/1's. */
  within("M/D/1 wait in queue", r->mean.queue_time, r->ci95.queue_time, 4.5);
  little(r);
  cs_arena_free(a);
  cs_model_free(m);
}

/* Erlang C: the chance an arrival waits in M/M/c. */
static double erlang_c(int c, double offered) {
  double sum = 0, term = 1;
  for (int k = 0; k < c; k++) {
    sum += term;
    term *= offered / (k + 1);
  }
  double last = term * c / (c - offered);
  return last / (sum + last);
}

static void mm3(void **state) {
  (void)state;
  const double mean[] = {1};
  const int units[] = {3};
  cs_model *m = line(1, mean, units, 2.7, 10);
  cs_arena *a = cs_arena_new();
  cs_sim_variability v;
  every_step(&v, "exponential(1)");
  const cs_sim_run *r = run(m, &v, &push_fifo, 150, 40, false, a);
  /* c = 3, μ = 1, λ = 2.7: Wq = C(3, 2.7) / (c μ − λ). */
  double wq = erlang_c(3, 2.7) / (3 - 2.7);
  within("M/M/3 wait in queue", r->mean.queue_time, r->ci95.queue_time, wq);
  within("M/M/3 time in system", r->mean.lead_time_mean, r->ci95.lead_time_mean, wq + 1);
  little(r);
  cs_arena_free(a);
  cs_model_free(m);
}

static void tandem(void **state) {
  (void)state;
  const double mean[] = {0.5, 0.8, 0.6};
  const int units[] = {1, 1, 1};
  cs_model *m = line(3, mean, units, 1.0, 10);
  cs_arena *a = cs_arena_new();
  cs_sim_variability v[3];
  char text[64];
  for (int i = 0; i < 3; i++) {
    snprintf(text, sizeof text, "exponential(%g)", mean[i]);
    every_step(&v[i], text);
    v[i].resource = i;
  }
  cs_simulation_options o = {.days = 200 * SCALE, .warmup_days = 2, .replications = 40, .seed = 3, .threads = 2,
                             .arrivals = CS_SIM_ARRIVALS_POISSON, .policies = &push_fifo, .npolicies = 1, .rows = v,
                             .nrows = 3};
  cs_simulation_result *R;
  cs_error err;
  if (cs_simulate(m, &o, a, &R, &err)) fail_msg("%s", err.message);
  /* λ = 1 a minute: Σ 1/(μᵢ − λ) = 1/(2 − 1) + 1/(1.25 − 1) + 1/(1.667 − 1) = 6.5. */
  double w = 1 / (2 - 1.0) + 1 / (1.25 - 1.0) + 1 / (1 / 0.6 - 1.0);
  within("tandem time in system", R->runs[0].mean.lead_time_mean, R->runs[0].ci95.lead_time_mean, w);
  little(&R->runs[0]);
  cs_arena_free(a);
  cs_model_free(m);
}

static void conwip_line(void **state) {
  (void)state;
  const double mean[] = {1, 1, 1, 1, 1};
  const int units[] = {1, 1, 1, 1, 1};
  cs_model *m = line(5, mean, units, 1.0, 10);
  cs_arena *a = cs_arena_new();
  cs_sim_variability v;
  every_step(&v, "exponential(1)");
  for (int w = 2; w <= 10; w += 4) {
    cs_sim_policy pol = {CS_SIM_CONWIP, w, CS_SIM_FIFO};
    const cs_sim_run *r = run(m, &v, &pol, 150, 40, true, a);
    /* A balanced exponential line of 5 stations, WIP w: TH = w / (w + 4) a minute. */
    char what[64];
    snprintf(what, sizeof what, "CONWIP w=%d throughput/min", w);
    within(what, r->mean.orders_per_day / 1440, r->ci95.orders_per_day / 1440, (double)w / (w + 4));
    assert_true(fabs(r->mean.wip - w) < 1e-9); /* the cap is always full */
    little(r);
  }
  cs_arena_free(a);
  cs_model_free(m);
}

/* Fixed times and unit orders arriving alone: every order takes exactly the sum of its
 * steps; so does the interval (zero). */
static void deterministic_line(void **state) {
  (void)state;
  const double mean[] = {2, 3, 1};
  const int units[] = {1, 1, 1};
  cs_model *m = line(3, mean, units, 1.0 / 5, 10); /* one every 5 minutes on average */
  cs_arena *a = cs_arena_new();
  cs_sim_variability v;
  every_step(&v, "fixed(1)");
  v.has_dist = false; /* routings' own fixed minutes */
  cs_simulation_options o = {.days = 5, .warmup_days = 0, .replications = 3, .seed = 1, .threads = 1,
                             .arrivals = CS_SIM_ARRIVALS_POISSON, .policies = &push_fifo, .npolicies = 1, .rows = &v,
                             .nrows = 1};
  cs_simulation_result *R;
  cs_error err;
  if (cs_simulate(m, &o, a, &R, &err)) fail_msg("%s", err.message);
  /* Waits happen (Poisson arrivals), but the time at the machines is exactly 6. */
  const cs_sim_run *r = &R->runs[0];
  assert_float_equal(r->mean.lead_time_mean - r->mean.queue_time, 6, 1e-9);
  assert_true(r->mean.lead_time_p50 >= 6 - 1e-9);
  /* Saturated CONWIP of 1: one order at a time, exactly 6 minutes each: 240 a day. */
  cs_sim_policy one = {CS_SIM_CONWIP, 1, CS_SIM_FIFO};
  o.policies = &one, o.saturated = true;
  if (cs_simulate(m, &o, a, &R, &err)) fail_msg("%s", err.message);
  assert_float_equal(R->runs[0].mean.orders_per_day, 240, 1e-9);
  assert_float_equal(R->runs[0].mean.lead_time_p95, 6, 1e-9);
  assert_float_equal(R->runs[0].ci95.orders_per_day, 0, 1e-12);
  cs_arena_free(a);
  cs_model_free(m);
}

/* Breakdowns while a unit works stretch each step by the repairs: a step of t0 takes
 * t0 (1 + mttr/mtbf) on average (the effective process time of Factory Physics), so at
 * λ = 0.5 a minute the machine is busy 0.5 x 1 x (1 + 1/9) of the time. Absences take a
 * unit away for a day with their chance: four units away a quarter of the days each, kept
 * busy by a saturated backlog of one-minute jobs, finish 3 x 1,440 a day. A unit away puts
 * down the work it holds for the day: one unit there half the days, on jobs of two whole
 * days, needs four days a job on average (two days there, each with chance 1/2): 0.25 a
 * day (a unit that finished what it started, away or not, would make 1/3). */
static void breakdowns_and_absence(void **state) {
  (void)state;
  const double mean[] = {1};
  const int one[] = {1}, four[] = {4};
  cs_model *m = line(1, mean, one, 0.5, 10);
  cs_arena *a = cs_arena_new();
  cs_sim_variability v;
  every_step(&v, "exponential(1)");
  v.mtbf_min = 9, v.mttr_min = 1;
  const cs_sim_run *r = run(m, &v, &push_fifo, 100, 20, false, a);
  print_message("busy with breakdowns %.4f ± %.4f, theory %.4f\n", r->mean.constraint_utilisation,
                r->ci95.constraint_utilisation, 0.5 * 10 / 9);
  assert_true(fabs(r->mean.constraint_utilisation - 0.5 * 10 / 9) < 0.005);
  cs_model_free(m);
  m = line(1, mean, four, 1, 10);
  every_step(&v, NULL);
  v.absence_prob = 0.25;
  cs_sim_policy wide = {CS_SIM_CONWIP, 50, CS_SIM_FIFO};
  r = run(m, &v, &wide, 400, 20, true, a);
  within("units at work, jobs a day", r->mean.orders_per_day, r->ci95.orders_per_day, 3 * 1440);
  cs_model_free(m);
  const double two_days[] = {2880};
  m = line(1, two_days, one, 1.0 / 2880, 10);
  every_step(&v, NULL);
  v.absence_prob = 0.5;
  cs_sim_policy single = {CS_SIM_CONWIP, 1, CS_SIM_FIFO};
  r = run(m, &v, &single, 1000, 20, true, a);
  within("two-day jobs, unit there half the days", r->mean.orders_per_day, r->ci95.orders_per_day, 0.25);
  cs_arena_free(a);
  cs_model_free(m);
}

/* On the demo plant with variability (cv 0.5), the rope with buffer-penetration dispatch
 * holds far less work in process than push with FIFO, and finishes at least as much. */
static void demo_plant_rope_against_push(void **state) {
  (void)state;
  cs_model *m;
  cs_error err;
  if (cs_demo_build("plant", &m, &err)) fail_msg("%s", err.message);
  cs_arena *a = cs_arena_new();
  cs_sim_policy pols[] = {{CS_SIM_PUSH, 0, CS_SIM_FIFO}, {CS_SIM_ROPE, 0, CS_SIM_BP}};
  cs_simulation_options o = {.days = 20 * SCALE, .warmup_days = 5, .replications = 8, .seed = 5, .threads = 2, .cv = 0.5,
                             .arrivals = CS_SIM_ARRIVALS_POISSON, .policies = pols, .npolicies = 2};
  cs_simulation_result *R;
  if (cs_simulate(m, &o, a, &R, &err)) fail_msg("%s", err.message);
  const cs_sim_measures *push = &R->runs[0].mean, *rope = &R->runs[1].mean;
  print_message("push/fifo: %.1f units a day, WIP %.0f; rope/bp: %.1f units a day, WIP %.0f\n", push->throughput_per_day,
                push->wip, rope->throughput_per_day, rope->wip);
  assert_true(rope->wip < 0.5 * push->wip);
  assert_true(rope->throughput_per_day >= push->throughput_per_day - R->runs[0].ci95.throughput_per_day);
  cs_arena_free(a);
  cs_model_free(m);
}

/* The same seed gives the same answer on one thread or four. */
static void threads_do_not_matter(void **state) {
  (void)state;
  const double mean[] = {1, 1.2};
  const int units[] = {1, 1};
  cs_model *m = line(2, mean, units, 0.7, 10);
  cs_arena *a = cs_arena_new();
  cs_sim_policy pols[] = {{CS_SIM_PUSH, 0, CS_SIM_FIFO}, {CS_SIM_CONWIP, 8, CS_SIM_EDD}};
  double first = 0;
  for (int t = 1; t <= 4; t += 3) {
    cs_simulation_options o = {.days = 20, .warmup_days = 1, .replications = 6, .seed = 11, .threads = t, .cv = 0.5,
                               .arrivals = CS_SIM_ARRIVALS_POISSON, .policies = pols, .npolicies = 2};
    cs_simulation_result *R;
    cs_error err;
    if (cs_simulate(m, &o, a, &R, &err)) fail_msg("%s", err.message);
    double x = R->runs[0].mean.lead_time_mean + 1000 * R->runs[1].mean.lead_time_p90;
    /* The days' WIP averages to the run's, and the days' busy shares to its utilisation. */
    for (size_t k = 0; k < 2; k++) {
      const cs_sim_run *r = &R->runs[k];
      double w = 0, u = 0;
      assert_int_equal(r->ndays, 20);
      for (size_t d = 0; d < r->ndays; d++) w += r->wip_by_day[d] / (double)r->ndays, u += r->utilisation_by_day[d] / (double)r->ndays;
      assert_float_equal(w, r->mean.wip, 1e-9 * (1 + w));
      assert_float_equal(u, r->mean.constraint_utilisation, 1e-9 * (1 + u));
    }
    if (t == 1) first = x;
    else assert_true(x == first);
  }
  cs_arena_free(a);
  cs_model_free(m);
}

/* Options out of range are refused naming the field, before anything runs. */
static void limits(void **state) {
  (void)state;
  const double mean[] = {1};
  const int units[] = {1};
  cs_model *m = line(1, mean, units, 0.5, 10);
  cs_arena *a = cs_arena_new();
  static const struct {
    double days;
    size_t reps;
    int threads;
    bool saturated;
    const char *field;
  } cases[] = {
      {0, 5, 1, false, "days"},          {10, 0, 1, false, "replications"}, {10, 5, 0, false, "threads"},
      {100000, 10000, 1, false, "replications"}, /* too many days' figures to keep */
      {10, 5, 1, true, "saturated"},     /* push with an unlimited backlog */
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    cs_simulation_options o = {.days = cases[i].days, .replications = cases[i].reps, .threads = cases[i].threads,
                               .saturated = cases[i].saturated, .arrivals = CS_SIM_ARRIVALS_POISSON,
                               .policies = &push_fifo, .npolicies = 1};
    cs_simulation_result *R;
    cs_error err;
    assert_int_equal(cs_simulate(m, &o, a, &R, &err), CS_EINPUT);
    assert_string_equal(err.field, cases[i].field);
  }
  cs_arena_free(a);
  cs_model_free(m);
}

static const struct {
  const char *text, *message; /* NULL: read */
} dists[] = {
    {"exponential(12)", NULL},
    {"triangular(8,10,15)", NULL},
    {"empirical(3;4;5.5)", NULL},
    {"lognormal(10, 0.5)", NULL},
    {"gamma(2,3)", "field 'distribution': 'gamma(2,3)' is not a distribution (fixed, uniform, triangular, normal, lognormal, exponential or "
                   "empirical, with its parameters in brackets)"},
    {"triangular(10,8,15)", "field 'distribution': 'triangular(10,8,15)': needs 0 <= a <= m <= b and a < b"},
    {"exponential(-1)", "field 'distribution': 'exponential(-1)': needs a mean > 0"},
    {"uniform(1)", "field 'distribution': 'uniform(1)': uniform takes 2 numbers"},
    {"fixed(1", "field 'distribution': 'fixed(1': expected ',' or ')' after a number"},
};

static void distributions(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof dists / sizeof *dists; i++) {
    cs_dist d;
    cs_error err;
    int rc = cs_dist_parse(dists[i].text, &d, &err);
    if (!dists[i].message && rc) fail_msg("%s: %s", dists[i].text, err.message);
    if (dists[i].message && (rc != CS_EINPUT || strcmp(err.message, dists[i].message) != 0))
      fail_msg("%s: got \"%s\"", dists[i].text, rc ? err.message : "(read)");
  }
  cs_dist d;
  cs_error err;
  assert_int_equal(cs_dist_parse("triangular(8,10,15)", &d, &err), 0);
  assert_float_equal(cs_dist_mean(&d), 11, 1e-12);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(distributions),   cmocka_unit_test(limits),   cmocka_unit_test(deterministic_line), cmocka_unit_test(mm1_md1),
      cmocka_unit_test(mm3),             cmocka_unit_test(tandem),             cmocka_unit_test(conwip_line),
      cmocka_unit_test(breakdowns_and_absence), cmocka_unit_test(demo_plant_rope_against_push), cmocka_unit_test(threads_do_not_matter),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
