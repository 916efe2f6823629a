/* bench_pricing.c — DESIGN §7 for bid prices: the quote floor from current bid prices in
 * process (budget 10 µs) and the warm re-solve after a booking (budget 100 ms), each
 * against its references in the same run: a cold solve of the same LPs by Clp and the
 * whole horizon's LP solved by glpsol from MPS (both must reach the same objective). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

void bench_pricing(const cs_model *m, const char *scale, const char *tmp, int repeat) {
  cs_error err;
  cs_bid *b = NULL;
  int nb = repeat < 3 ? repeat : 3;
  double *t = calloc(1000, sizeof *t);
  for (int i = 0; i < nb; i++) {
    cs_bid_free(b);
    double s = now_ms();
    if (cs_bid_new(m, CS_DATE_NONE, NULL, &b, &err)) {
      fprintf(stderr, "cs_bench: %s\n", err.message);
      exit(1);
    }
    t[i] = now_ms() - s;
  }
  printf("{\"bench\":\"bid_build\",\"scale\":\"%s\",\"n\":%d,\"median_ms\":%.1f,\"buckets\":%zu,"
         "\"near_bucket_days\":%g,\"lp_rows\":%zu,\"lp_cols\":%zu,\"overbooked_minutes\":%.0f}\n",
         scale, nb, median(t, nb), cs_bid_buckets(b), cs_bid_bucket_days(b), cs_bid_lp_rows(b), cs_bid_lp_cols(b),
         cs_bid_overbooked(b));
  fflush(stdout);

  /* Requests the size the market sends: the horizon's demand in 20,000 requests. */
  cs_arena *a = cs_arena_new();
  cs_request *req;
  size_t n = 20000;
  cs_requests_generate(m, n, 7, a, &req, &err);
  int batches = 0, accepted = 0;
  for (size_t i = 0; i + 1000 <= n && batches < 20; i += 1000) {
    cs_quote Q;
    double s = now_ms();
    for (size_t j = i; j < i + 1000; j++) {
      cs_quote_request q = {req[j].product, req[j].qty, req[j].due, req[j].price};
      if (cs_bid_quote(b, &q, &Q, &err) == 0) accepted += Q.accept;
    }
    t[batches++] = now_ms() - s; /* milliseconds per 1,000 quotes = microseconds per quote */
  }
  double q_med = median(t, batches), q_max = t[batches - 1];

  /* Cold: every bucket's LP from scratch. */
  for (int i = 0; i < nb; i++) {
    double s = now_ms();
    cs_bid_solve_cold(b, &err);
    t[i] = now_ms() - s;
  }
  double cold = median(t, nb);
  printf("{\"bench\":\"quote_floor\",\"scale\":\"%s\",\"n\":%d,\"median_us\":%.3f,\"max_batch_us\":%.3f,"
         "\"budget_us\":10,\"accepted_of_20000\":%d,\"ref\":\"re-solving the bid-price LPs cold per quote\","
         "\"ref_median_ms\":%.1f}\n",
         scale, batches * 1000, q_med, q_max, accepted, cold);
  fflush(stdout);

  /* Warm re-solve after a booking: book requests one after another. */
  int nbook = 0;
  long rebuilds0 = cs_bid_rebuilds(b);
  for (size_t i = 0; i < n && nbook < 100; i++) {
    cs_quote_request q = {req[i].product, req[i].qty, req[i].due, req[i].price};
    double s = now_ms();
    if (cs_bid_book(b, &q, &err)) continue;
    t[nbook++] = now_ms() - s;
  }
  double w_med = median(t, nbook), w_p90 = percentile(t, nbook, 90), w_max = t[nbook - 1];

  char mps[4096], report[4200], cmd[9000];
  snprintf(mps, sizeof mps, "%s/bid-%s.mps", tmp, scale);
  snprintf(report, sizeof report, "%s.out", mps);
  double offset = 0, glp_ms = NAN, glp_obj = NAN;
  if (cs_bid_write_mps(b, mps, &offset, &err) == 0) {
    /* glpsol gets at most ten minutes; past that it is reported as not finished. */
    snprintf(cmd, sizeof cmd, "glpsol --freemps '%s' --max --simplex --tmlim 600 -o '%s' >/dev/null 2>&1", mps, report);
    double s = now_ms();
    int rc = system(cmd);
    glp_ms = now_ms() - s;
    if (rc == 0) glp_obj = glpsol_objective(report) + offset;
  }
  cs_bid_solve_cold(b, &err);
  double obj = cs_bid_objective(b);
  printf("{\"bench\":\"bid_warm_resolve\",\"scale\":\"%s\",\"n\":%d,\"median_ms\":%.3f,\"p90_ms\":%.3f,"
         "\"max_ms\":%.3f,\"budget_ms\":100,\"rebuilt_buckets\":%ld,\"ref\":\"cold solve of the same LPs\","
         "\"ref_median_ms\":%.1f,\"ref2\":\"glpsol --simplex on the whole LP (MPS)\",\"ref2_ms\":%.1f,"
         "\"objective\":%.4f,\"ref2_objective\":%.4f,\"same_objective\":%s}\n",
         scale, nbook, w_med, w_p90, w_max, cs_bid_rebuilds(b) - rebuilds0, cold, glp_ms, obj,
         isnan(glp_obj) ? -1.0 : glp_obj, fabs(glp_obj - obj) <= 1e-6 * fmax(1, fabs(obj)) ? "true" : "false");
  fflush(stdout);
  remove(mps);
  remove(report);
  cs_arena_free(a);
  cs_bid_free(b);
  free(t);
}
