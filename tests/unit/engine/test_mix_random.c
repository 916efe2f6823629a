/* test_mix_random.c — the whole-unit mix on many small random models against an
 * exhaustive search of every whole-unit mix: with gap 0 it is optimal, with the default
 * gap it is within 0.5 % of the optimum, and it never breaks a capacity. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

typedef struct rng { uint64_t s; } rng;
static uint64_t next(rng *g) {
  g->s ^= g->s << 13;
  g->s ^= g->s >> 7;
  g->s ^= g->s << 17;
  return g->s;
}
static int between(rng *g, int lo, int hi) { return lo + (int)(next(g) % (uint64_t)(hi - lo + 1)); }

/* Writes a random model as CSV text and loads it through the ordinary reader. */
static cs_model *random_model(rng *g) {
  char res[512] = "id,capacity,units\n", prod[512] = "id,price,tvc,demand\n",
       rout[2048] = "product,resource,minutes,setup_minutes\n";
  int nr = between(g, 1, 3), np = between(g, 2, 4);
  for (int r = 0; r < nr; r++)
    sprintf(res + strlen(res), "R%d,%d,%d\n", r, between(g, 20, 150), between(g, 1, 2));
  for (int p = 0; p < np; p++) {
    sprintf(prod + strlen(prod), "P%d,%d,%d,%d\n", p, between(g, 10, 100), between(g, 0, 60), between(g, 0, 6));
    for (int r = 0; r < nr; r++)
      if (between(g, 0, 3))
        sprintf(rout + strlen(rout), "P%d,R%d,%d.%d,%d\n", p, r, between(g, 0, 20), between(g, 0, 9),
                between(g, 0, 4) == 0 ? between(g, 1, 10) : 0);
  }
  const char *tables[CS_TABLE_COUNT] = {[CS_TABLE_RESOURCES] = res, [CS_TABLE_PRODUCTS] = prod,
                                        [CS_TABLE_ROUTINGS] = rout};
  return th_model_from_text(tables);
}

/* True when the mix fits every resource's capacity. */
static int feasible(const cs_model *m, const double *x) {
  for (size_t r = 0; r < m->resources.n; r++) {
    double used = 0;
    for (size_t p = 0; p < m->products.n; p++) used += x[p] * cs_product_minutes(m, (int32_t)p, (int32_t)r);
    if (used > cs_mix_capacity(m, (int32_t)r) + 1e-7) return 0;
  }
  return 1;
}

/* The best throughput over every whole-unit mix within demand and capacity. */
static double exhaustive(const cs_model *m) {
  size_t np = m->products.n;
  double x[8] = {0}, best = 0;
  for (;;) {
    if (feasible(m, x)) {
      double t = 0;
      for (size_t p = 0; p < np; p++) t += x[p] * cs_product_throughput(m, (int32_t)p);
      if (t > best) best = t;
    }
    size_t p = 0;
    while (p < np && x[p] + 1 > floor(m->products.demand[p])) x[p++] = 0;
    if (p == np) break;
    x[p] += 1;
  }
  return best;
}

static void against_exhaustive_search(void **state) {
  (void)state;
  rng g = {0x9E3779B97F4A7C15ULL};
  int branched = 0;
  for (int i = 0; i < 300; i++) {
    cs_model *m = random_model(&g);
    double best = exhaustive(m);
    cs_arena *a = cs_arena_new();
    cs_load_result *L;
    cs_mix_result *exact, *fast;
    cs_error err;
    cs_mix_options o;
    cs_mix_options_default(&o);
    assert_int_equal(cs_load_compute(m, CS_BASIS_DEMAND, a, &L, &err), CS_OK);
    assert_int_equal(cs_mix_solve(m, L, &o, a, &fast, &err), CS_OK);
    o.gap = 0;
    assert_int_equal(cs_mix_solve(m, L, &o, a, &exact, &err), CS_OK);
    if (fabs(exact->throughput - best) > 1e-6)
      fail_msg("model %d: mix %.6f, exhaustive %.6f", i, exact->throughput, best);
    assert_true(exact->proven);
    assert_true(feasible(m, exact->qty));
    assert_true(feasible(m, fast->qty));
    assert_true(fast->throughput >= 0.995 * best - 1e-9);
    assert_true(fast->lp_bound >= best - 1e-6);
    for (size_t p = 0; p < m->products.n; p++) {
      assert_float_equal(exact->qty[p], floor(exact->qty[p]), 0);
      assert_true(exact->qty[p] <= floor(m->products.demand[p]));
    }
    for (size_t r = 0; r < m->resources.n; r++) assert_true(exact->shadow_price[r] >= 0);
    branched += exact->nodes > 0;
    cs_arena_free(a);
    cs_model_free(m);
  }
  /* The random models must exercise the branch and bound, not only the rounding. */
  print_message("%d of 300 models needed branch and bound\n", branched);
  assert_true(branched >= 10);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(against_exhaustive_search)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
