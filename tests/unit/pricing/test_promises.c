/* test_promises.c — no booking that misses its date: over random streams of requests, after
 * every accepted booking the whole booked set must still be deliverable, which is checked
 * by a feasibility LP built here from the model alone (each order's minutes on each
 * resource spread over the days from today to its due date, within each day's capacity)
 * and solved by a brand-new Clp model, not by the bid-price state. A request refused as
 * infeasible is offered a date that passes the same check. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <coin/Clp_C_Interface.h>

#include "helpers.h"

typedef struct booked { int32_t p; double qty; long due; } booked;

/* Whether every booked order fits: variables z[o,r,k] >= 0 (minutes of o on r on day k,
 * k = 0..due), sum_k z[o,r,k] = qty x minutes(p,r), sum_o z[o,r,k] <= capacity per day. */
static bool deliverable(const cs_model *m, const booked *bk, size_t n, long days) {
  size_t nr = m->resources.n, rows = nr * (size_t)days, cols = 0;
  for (size_t o = 0; o < n; o++)
    for (size_t i = 0; i < m->routings.n; i++)
      if (m->routings.product[i] == bk[o].p) cols += (size_t)bk[o].due + 1;
  size_t nrows = rows + n * m->routings.n;
  CoinBigIndex *start = calloc(cols + 1, sizeof *start);
  int *index = calloc(2 * cols + 1, sizeof *index);
  double *value = calloc(2 * cols + 1, sizeof *value), *rlo = calloc(nrows + 1, sizeof *rlo),
         *rhi = calloc(nrows + 1, sizeof *rhi), *obj = calloc(cols + 1, sizeof *obj);
  for (size_t r = 0; r < nr; r++)
    for (long k = 0; k < days; k++) {
      rlo[r * (size_t)days + (size_t)k] = -1e30;
      rhi[r * (size_t)days + (size_t)k] = m->resources.capacity[r] * m->resources.units[r] / m->settings.period_days;
    }
  size_t c = 0, z = 0, row = rows;
  for (size_t o = 0; o < n; o++)
    for (size_t i = 0; i < m->routings.n; i++) {
      if (m->routings.product[i] != bk[o].p) continue;
      rlo[row] = rhi[row] = bk[o].qty * m->routings.minutes[i];
      for (long k = 0; k <= bk[o].due; k++, c++) {
        start[c] = (CoinBigIndex)z;
        index[z] = (int)((size_t)m->routings.resource[i] * (size_t)days + (size_t)k), value[z++] = 1;
        index[z] = (int)row, value[z++] = 1;
      }
      row++;
    }
  start[c] = (CoinBigIndex)z;
  Clp_Simplex *clp = Clp_newModel();
  Clp_setLogLevel(clp, 0);
  Clp_loadProblem(clp, (int)cols, (int)row, start, index, value, NULL, NULL, obj, rlo, rhi);
  Clp_initialSolve(clp);
  bool ok = Clp_isProvenOptimal(clp);
  Clp_deleteModel(clp);
  free(start); free(index); free(value); free(rlo); free(rhi); free(obj);
  return ok;
}

/* P&Q over 20 days in daily buckets (lead time 0), every request arriving today. */
static void random_streams_stay_deliverable(void **state) {
  (void)state;
  char *src = th_path(getenv("CS_EXAMPLES"), "pq"), *dir = th_tmpdir();
  th_copy_dir(src, dir);
  char *settings = th_path(dir, "settings.csv");
  th_write(settings, "key,value\nperiod_days,5\noperating_expense,6000\ntoday,2026-01-05\nhorizon_days,20\n");
  cs_model *m = th_load(dir);
  const long days = 20;
  size_t accepted = 0, refused_late = 0, counter_ok = 0;
  for (unsigned seed = 1; seed <= 20; seed++) {
    srand(seed);
    cs_bid *b;
    cs_error err;
    assert_int_equal(cs_bid_new(m, CS_DATE_NONE, NULL, &b, &err), CS_OK);
    booked bk[200];
    size_t n = 0;
    for (int i = 0; i < 120 && n < 200; i++) {
      int32_t p = rand() % 2;
      long due = rand() % days;
      double qty = 1 + rand() % 60;
      double price = m->products.price[p] * (0.7 + 0.6 * (rand() / (double)RAND_MAX));
      cs_quote_request q = {p, qty, m->settings.today + (cs_date)due, price};
      cs_quote Q;
      assert_int_equal(cs_bid_quote(b, &q, &Q, &err), CS_OK);
      if (Q.accept) assert_true(Q.feasible);
      if (!Q.feasible && Q.earliest_feasible_due != CS_DATE_NONE) {
        /* The counter-offer's date is one the same request can make. */
        refused_late++;
        cs_quote_request later = q;
        later.due = Q.earliest_feasible_due;
        cs_quote L;
        assert_int_equal(cs_bid_quote(b, &later, &L, &err), CS_OK);
        assert_true(L.feasible);
        assert_true(later.due > q.due);
        bk[n] = (booked){p, qty, (long)(later.due - m->settings.today)};
        assert_true(deliverable(m, bk, n + 1, days));
        counter_ok++;
      }
      if (!Q.accept) continue;
      assert_int_equal(cs_bid_book(b, &q, &err), CS_OK);
      bk[n++] = (booked){p, qty, due};
      accepted++;
      if (!deliverable(m, bk, n, days)) fail_msg("seed %u: after booking %zu the booked set cannot be delivered", seed, n);
    }
    assert_float_equal(cs_bid_overbooked(b), 0, 1e-6);
    cs_bid_free(b);
  }
  print_message("accepted %zu, refused for their date %zu (counter-offers checked %zu)\n", accepted, refused_late, counter_ok);
  assert_true(accepted > 100);
  assert_true(refused_late > 10);
  cs_model_free(m);
  th_rmtree(dir);
  free(dir);
  free(src);
  free(settings);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(random_streams_stay_deliverable)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
