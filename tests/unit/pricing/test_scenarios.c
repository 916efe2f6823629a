/* test_scenarios.c — the pricing policies on the bundled scenarios (examples/crowd-out,
 * two-drums, lumpy), each on its own request stream and on 20 seeded streams like its
 * order history (cs_requests_from_history): the bid-price desk against the hindsight
 * bound and against a desk that books whatever still fits (first-come), and daily
 * buckets against coarser ones. Each row of the table says what its scenario must reach;
 * the figures reached are printed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define STREAMS 20

/* A scenario and what the bid-price desk must reach on it: at least `file` of the bound
 * on its own stream; on the generated streams at least `least` on each and `median` at
 * the median. DESIGN's goal is 95 %; two-drums, where the low-value product needs both
 * Constraints and a week's high-value volume varies by a quarter, is short of it (the
 * figures are in docs/pricing.md). */
typedef struct scenario {
  const char *name;
  double file, least, median;
} scenario;

static const scenario scenarios[] = {
    {"crowd-out", 0.95, 0.95, 0.97},
    {"two-drums", 0.935, 0.915, 0.95},
    {"lumpy", 0.95, 0.91, 0.95},
};

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Replays one stream under the given bucket length; fails the test on an error. */
static const cs_sim_result *replay(const cs_model *m, const cs_request *req, size_t n, double bucket_days,
                                   cs_arena *a) {
  cs_sim_options o;
  cs_sim_options_default(&o);
  o.bucket_days = bucket_days;
  cs_sim_result *S;
  cs_error err;
  if (cs_simulate_pricing(m, req, n, &o, a, &S, &err)) fail_msg("simulate: %s", err.message);
  assert_int_equal(S->npolicies, CS_POLICY_COUNT);
  for (size_t i = 0; i < S->npolicies; i++) {
    assert_true(S->policies[i].throughput <= S->hindsight * (1 + 1e-9) + 1e-6);
    assert_int_equal(S->policies[i].accepted + S->policies[i].refused, n);
  }
  return S;
}

/* Each scenario's own stream: the bid-price desk reaches its share of the bound and earns
 * more than first-come. */
static void own_streams(void **state) {
  (void)state;
  for (size_t s = 0; s < sizeof scenarios / sizeof *scenarios; s++) {
    char *dir = th_path(getenv("CS_EXAMPLES"), scenarios[s].name), *file = th_path(dir, "requests.jsonl");
    cs_model *m = th_load(dir);
    cs_arena *a = cs_arena_new();
    cs_request *req;
    size_t n;
    cs_error err;
    assert_int_equal(cs_requests_read(m, file, a, &req, &n, &err), CS_OK);
    const cs_sim_result *S = replay(m, req, n, 0, a);
    const cs_policy_result *bp = &S->policies[CS_POLICY_BID_PRICE], *fc = &S->policies[CS_POLICY_FIRST_COME];
    print_message("%-10s own stream: bid-price %.4f, first-come %.4f of %.2f\n", scenarios[s].name, bp->ratio,
                  fc->ratio, S->hindsight);
    assert_true(bp->ratio >= scenarios[s].file);
    assert_true(bp->throughput > fc->throughput);
    cs_arena_free(a);
    cs_model_free(m);
    free(file);
    free(dir);
  }
}

/* Twenty streams like each scenario's history: the bid-price desk beats first-come on
 * every one, reaches the row's least and median shares of the bound, and daily buckets
 * earn at least what buckets of two days or a week do, over the twenty streams. */
static void history_streams(void **state) {
  (void)state;
  static const double coarser[] = {2, 7};
  for (size_t s = 0; s < sizeof scenarios / sizeof *scenarios; s++) {
    char *dir = th_path(getenv("CS_EXAMPLES"), scenarios[s].name);
    cs_model *m = th_load(dir);
    double ratio[STREAMS], fc_ratio[STREAMS], daily = 0, coarse[2] = {0, 0};
    for (uint64_t seed = 1; seed <= STREAMS; seed++) {
      cs_arena *a = cs_arena_new();
      cs_request *req;
      size_t n;
      cs_error err;
      assert_int_equal(cs_requests_from_history(m, seed, a, &req, &n, &err), CS_OK);
      assert_true(n > 0);
      const cs_sim_result *S = replay(m, req, n, 0, a);
      const cs_policy_result *bp = &S->policies[CS_POLICY_BID_PRICE], *fc = &S->policies[CS_POLICY_FIRST_COME];
      ratio[seed - 1] = bp->ratio;
      fc_ratio[seed - 1] = fc->ratio;
      if (!(bp->throughput > fc->throughput))
        fail_msg("%s, seed %d: bid-price %.4f is not above first-come %.4f", scenarios[s].name, (int)seed, bp->ratio,
                 fc->ratio);
      daily += bp->throughput;
      for (size_t c = 0; c < 2; c++) coarse[c] += replay(m, req, n, coarser[c], a)->policies[CS_POLICY_BID_PRICE].throughput;
      cs_arena_free(a);
    }
    qsort(ratio, STREAMS, sizeof *ratio, by_value);
    qsort(fc_ratio, STREAMS, sizeof *fc_ratio, by_value);
    double median = (ratio[STREAMS / 2 - 1] + ratio[STREAMS / 2]) / 2;
    print_message("%-10s %d streams: bid-price min %.4f median %.4f; first-come median %.4f; "
                  "daily %.0f, 2-day %.0f, weekly %.0f\n",
                  scenarios[s].name, STREAMS, ratio[0], median, (fc_ratio[STREAMS / 2 - 1] + fc_ratio[STREAMS / 2]) / 2,
                  daily, coarse[0], coarse[1]);
    assert_true(ratio[0] >= scenarios[s].least);
    assert_true(median >= scenarios[s].median);
    for (size_t c = 0; c < 2; c++) assert_true(daily >= coarse[c] * (1 - 1e-9));
    cs_model_free(m);
    free(dir);
  }
}

/* A stream like the history keeps each past order's product, lead time and day of the
 * period, never arrives before today nor falls due after the horizon, and is the same
 * for the same seed. */
static void streams_like_the_history(void **state) {
  (void)state;
  char *dir = th_path(getenv("CS_EXAMPLES"), "crowd-out");
  cs_model *m = th_load(dir);
  cs_arena *a = cs_arena_new();
  cs_request *r1, *r2;
  size_t n1, n2;
  cs_error err;
  assert_int_equal(cs_requests_from_history(m, 5, a, &r1, &n1, &err), CS_OK);
  assert_int_equal(cs_requests_from_history(m, 5, a, &r2, &n2, &err), CS_OK);
  assert_int_equal(n1, n2);
  assert_memory_equal(r1, r2, n1 * sizeof *r1);
  int32_t std = cs_model_find_product(m, "STD");
  for (size_t i = 0; i < n1; i++) {
    assert_true(r1[i].at >= m->settings.today);
    assert_true(r1[i].due < m->settings.today + (cs_date)m->settings.horizon_days);
    /* crowd-out's history: every order due on a Sunday, standard work placed 6 days
     * ahead, rush work 3 or 4. */
    assert_int_equal((r1[i].due - m->settings.today) % 7, 6);
    cs_date lead = r1[i].due - r1[i].at;
    if (r1[i].product == std) assert_int_equal(lead, 6);
    else assert_true(lead == 3 || lead == 4);
    assert_true(r1[i].qty >= 4 && r1[i].qty <= 6);
  }
  /* P&Q has no placed orders: it cannot make such a stream, and says why. */
  cs_model *pq;
  assert_int_equal(cs_demo_build("pq", &pq, &err), CS_OK);
  assert_int_equal(cs_requests_from_history(pq, 1, a, &r1, &n1, &err), CS_EINPUT);
  assert_non_null(strstr(err.message, "'ordered'"));
  cs_model_free(pq);
  cs_arena_free(a);
  cs_model_free(m);
  free(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(streams_like_the_history),
      cmocka_unit_test(own_streams),
      cmocka_unit_test(history_streams),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
