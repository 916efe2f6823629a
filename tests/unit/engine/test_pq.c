/* test_pq.c — Goldratt's P&Q case, whose answers are published: B is the Constraint at
 * 125 % load; the throughput mix is 100 P + 30 Q with NP +300; the cost-accounting mix
 * is 50 Q + 60 P with NP -300; a minute of B is worth 2 $. Also the Constraint's
 * variants: interactive constraints, the market as the constraint, a declared one. */
#include <math.h>
#include <stdlib.h>

#include "helpers.h"

/* Loads the P&Q example from its CSV directory. */
static cs_model *load_pq(void) {
  char *dir = th_path(getenv("CS_EXAMPLES"), "pq");
  cs_model *m = th_load(dir);
  free(dir);
  return m;
}

static void pq_constraint(void **state) {
  (void)state;
  cs_model *m = load_pq();
  cs_arena *a = cs_arena_new();
  cs_load_result *L;
  cs_error err;
  assert_int_equal(cs_load_compute(m, CS_BASIS_DEMAND, a, &L, &err), CS_OK);
  int32_t A = cs_model_find_resource(m, "A"), B = cs_model_find_resource(m, "B"),
          C = cs_model_find_resource(m, "C"), D = cs_model_find_resource(m, "D");
  assert_int_equal(L->constraint, B);
  assert_false(L->market_constrained);
  assert_float_equal(L->load[B], 1.25, 1e-12);
  assert_float_equal(L->load[A], 2000.0 / 2400, 1e-12);
  assert_float_equal(L->load[C], 1750.0 / 2400, 1e-12);
  assert_float_equal(L->load[D], 1750.0 / 2400, 1e-12);
  for (int r = 0; r < 4; r++) assert_false(L->interactive[r]);
  assert_int_equal(L->declared, -1);
  assert_false(L->wandering);
  cs_arena_free(a);
  cs_model_free(m);
}

static void pq_mix(void **state) {
  (void)state;
  cs_model *m = load_pq();
  cs_arena *a = cs_arena_new();
  cs_load_result *L;
  cs_mix_result *R;
  th_load_and_mix(m, a, &L, &R);
  int32_t P = cs_model_find_product(m, "P"), Q = cs_model_find_product(m, "Q");
  int32_t B = cs_model_find_resource(m, "B");
  assert_float_equal(R->qty[P], 100, 0);
  assert_float_equal(R->qty[Q], 30, 0);
  assert_float_equal(R->throughput, 6300, 1e-9);
  assert_float_equal(R->net_profit, 300, 1e-9);
  assert_true(R->proven);
  assert_float_equal(R->gap, 0, 1e-12);
  assert_float_equal(R->t_per_cu[P], 3, 1e-12);
  assert_float_equal(R->t_per_cu[Q], 2, 1e-12);
  for (int r = 0; r < 4; r++) assert_float_equal(R->shadow_price[r], r == B ? 2.0 : 0.0, 1e-9);
  /* Cost accounting: OE 6,000 over 9,600 minutes = 0.625 a minute; P costs 82.50, Q 71.25. */
  assert_float_equal(R->ca_rate, 0.625, 1e-12);
  assert_float_equal(R->ca_full_cost[P], 82.5, 1e-9);
  assert_float_equal(R->ca_full_cost[Q], 71.25, 1e-9);
  assert_float_equal(R->ca_qty[Q], 50, 0);
  assert_float_equal(R->ca_qty[P], 60, 0);
  assert_float_equal(R->ca_net_profit, -300, 1e-9);
  cs_arena_free(a);
  cs_model_free(m);
}

/* The built-in demo and the example directory are the same company. */
static void pq_demo_matches_example(void **state) {
  (void)state;
  cs_model *d = NULL;
  cs_error err;
  assert_int_equal(cs_demo_build("pq", &d, &err), CS_OK);
  cs_model *m = load_pq();
  assert_int_equal(d->routings.n, m->routings.n);
  for (size_t i = 0; i < m->routings.n; i++) assert_float_equal(d->routings.minutes[i], m->routings.minutes[i], 0);
  assert_float_equal(d->settings.operating_expense, m->settings.operating_expense, 0);
  cs_model_free(d);
  cs_model_free(m);
}

/* Half the demand: nothing is past 100 %, so the market is the constraint. */
static void market_is_the_constraint(void **state) {
  (void)state;
  cs_model *m = load_pq();
  for (size_t p = 0; p < m->products.n; p++) m->products.demand[p] /= 2;
  cs_arena *a = cs_arena_new();
  cs_load_result *L;
  cs_mix_result *R;
  cs_error err;
  assert_int_equal(cs_load_compute(m, CS_BASIS_DEMAND, a, &L, &err), CS_OK);
  assert_int_equal(L->constraint, -1);
  assert_true(L->market_constrained);
  assert_int_equal(L->most_loaded, cs_model_find_resource(m, "B"));
  assert_float_equal(L->load[L->most_loaded], 0.625, 1e-12);
  assert_int_equal(cs_mix_solve(m, L, NULL, a, &R, &err), CS_OK);
  for (size_t r = 0; r < m->resources.n; r++) assert_float_equal(R->shadow_price[r], 0, 1e-12);
  assert_float_equal(R->throughput, 50 * 45 + 25 * 60, 1e-9);
  cs_arena_free(a);
  cs_model_free(m);
}

/* A's capacity cut so that it sits 4 points under B: A is interactive with B. */
static void interactive_constraints(void **state) {
  (void)state;
  cs_model *m = load_pq();
  int32_t A = cs_model_find_resource(m, "A"), B = cs_model_find_resource(m, "B");
  m->resources.capacity[A] = 2000 / 1.21; /* load 1.21 against B's 1.25 */
  cs_arena *a = cs_arena_new();
  cs_load_result *L;
  cs_error err;
  assert_int_equal(cs_load_compute(m, CS_BASIS_DEMAND, a, &L, &err), CS_OK);
  assert_int_equal(L->constraint, B);
  assert_true(L->interactive[A]);
  assert_false(L->interactive[B]);
  m->resources.capacity[A] = 2000 / 1.19; /* 6 points under: no longer interactive */
  assert_int_equal(cs_load_compute(m, CS_BASIS_DEMAND, a, &L, &err), CS_OK);
  assert_false(L->interactive[A]);
  cs_arena_free(a);
  cs_model_free(m);
}

/* Declaring A while B is measured raises the wandering-constraint alert; T/CU uses A. */
static void declared_constraint_wanders(void **state) {
  (void)state;
  char *src = th_path(getenv("CS_EXAMPLES"), "pq");
  char *dir = th_tmpdir();
  th_copy_dir(src, dir);
  char *settings = th_path(dir, "settings.csv");
  th_write(settings, "key,value\nperiod_days,5\noperating_expense,6000\nconstraint,A\n");
  cs_model *m = th_load(dir);
  cs_arena *a = cs_arena_new();
  cs_load_result *L;
  cs_mix_result *R;
  cs_error err;
  assert_int_equal(cs_load_compute(m, CS_BASIS_DEMAND, a, &L, &err), CS_OK);
  assert_int_equal(L->declared, cs_model_find_resource(m, "A"));
  assert_int_equal(L->constraint, cs_model_find_resource(m, "B"));
  assert_true(L->wandering);
  assert_int_equal(L->drum, L->declared);
  assert_int_equal(cs_mix_solve(m, L, NULL, a, &R, &err), CS_OK);
  assert_float_equal(R->t_per_cu[cs_model_find_product(m, "P")], 3, 1e-12); /* 45 / 15 on A */
  assert_float_equal(R->t_per_cu[cs_model_find_product(m, "Q")], 6, 1e-12); /* 60 / 10 on A */
  /* The mix itself does not change with a declaration: capacity decides it. */
  assert_float_equal(R->net_profit, 300, 1e-9);
  cs_arena_free(a);
  cs_model_free(m);
  th_rmtree(dir);
  free(dir);
  free(settings);
  free(src);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(pq_constraint),
    cmocka_unit_test(pq_mix),
    cmocka_unit_test(pq_demo_matches_example),
    cmocka_unit_test(market_is_the_constraint),
    cmocka_unit_test(interactive_constraints),
    cmocka_unit_test(declared_constraint_wanders),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
