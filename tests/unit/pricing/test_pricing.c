/* test_pricing.c — bid prices and quotes on hand-computed cases, bookings that move the
 * bid prices, time passing between quotes, the booking desk on a store, and the pricing
 * simulation on the documented crowd-out scenario.
 * P&Q in daily buckets (5 days, B at 480 minutes a day, orders wanted on the day they
 * come in): each day P and Q want 600 of B's 480 minutes, so B's bid price is Q's T/CU,
 * 2 $ a minute, and Q's floor is 40 + 30 x 2 = 100 and P's is 45 + 15 x 2 = 75. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <coin/Clp_C_Interface.h>

#include "helpers.h"

/* The bid-price LP's optimum found independently of the state's own Clp models: the LP
 * is written out as MPS, read into a brand-new Clp model and solved from scratch. */
static double independent_objective(const cs_bid *b) {
  char *dir = th_tmpdir(), *mps = th_path(dir, "bid.mps");
  double offset = 0;
  cs_error err;
  if (cs_bid_write_mps(b, mps, &offset, &err)) fail_msg("%s", err.message);
  Clp_Simplex *clp = Clp_newModel();
  Clp_setLogLevel(clp, 0);
  assert_int_equal(Clp_readMps(clp, mps, 1, 0), 0);
  Clp_setOptimizationDirection(clp, -1);
  assert_int_equal(Clp_initialSolve(clp), 0);
  double obj = Clp_objectiveValue(clp) + offset;
  Clp_deleteModel(clp);
  th_rmtree(dir);
  free(dir);
  free(mps);
  return obj;
}

/* Loads P&Q, or P&Q with Q's demand cut to 20 so that B has 300 minutes of room. */
static cs_model *load_pq(int room) {
  char *src = th_path(getenv("CS_EXAMPLES"), "pq"), *dir = th_tmpdir();
  th_copy_dir(src, dir);
  if (room) {
    char *products = th_path(dir, "products.csv");
    th_write(products, "id,price,tvc,demand,name,lead_time_days\nP,90,45,100,Product P,0\nQ,100,40,20,Product Q,0\n");
    free(products);
  }
  cs_model *m = th_load(dir);
  th_rmtree(dir);
  free(src);
  free(dir);
  return m;
}

/* Minutes left on resource r over every bucket. */
static double remaining(const cs_bid *b, int32_t r) {
  double s = 0;
  for (size_t k = 0; k < cs_bid_buckets(b); k++) s += cs_bid_remaining(b, r, k);
  return s;
}

static cs_date date(const char *s) {
  cs_date d;
  assert_true(cs_date_parse(s, &d));
  return d;
}

/* Quotes product id, failing the test on an error. */
static cs_quote quote(const cs_bid *b, const cs_model *m, const char *id, double qty, const char *due,
                      double price) {
  cs_quote_request q = {cs_model_find_product(m, id), qty, date(due), price};
  cs_quote Q;
  cs_error err;
  if (cs_bid_quote(b, &q, &Q, &err)) fail_msg("quote: %s", err.message);
  return Q;
}

static void pq_bid_prices(void **state) {
  (void)state;
  cs_model *m = load_pq(0);
  cs_bid *b;
  cs_error err;
  assert_int_equal(cs_bid_new(m, CS_DATE_NONE, NULL, &b, &err), CS_OK);
  assert_int_equal(cs_bid_buckets(b), 5);
  for (int r = 0; r < 4; r++)
    for (size_t k = 0; k < 5; k++)
      assert_float_equal(cs_bid_price(b, r, k), r == cs_model_find_resource(m, "B") ? 2 : 0, 1e-9);
  cs_quote Q = quote(b, m, "Q", 10, "2026-01-09", 60);
  assert_float_equal(Q.tvc, 400, 1e-9);
  assert_float_equal(Q.opportunity_cost, 600, 1e-9);
  assert_float_equal(Q.floor_price, 1000, 1e-9);
  assert_float_equal(Q.floor_unit_price, 100, 1e-9);
  assert_true(Q.feasible);
  assert_false(Q.accept);          /* the special order at 60 is refused: B is full */
  assert_false(Q.ca_accept);       /* and cost accounting refuses it too (71.25) */
  assert_int_equal(Q.nbids, 1);
  assert_float_equal(Q.bids[0].minutes, 300, 1e-9);
  assert_float_equal(Q.bids[0].per_minute, 2, 1e-9);
  assert_int_equal(Q.earliest_feasible_due, date("2026-01-05")); /* 300 of B's 480 a day */
  Q = quote(b, m, "P", 10, "2026-01-09", 80);
  assert_float_equal(Q.floor_unit_price, 75, 1e-9);
  assert_true(Q.accept);           /* throughput accepts P at 80 ... */
  assert_false(Q.ca_accept);       /* ... below its full cost of 82.50 */
  assert_float_equal(Q.full_cost, 825, 1e-9);
  cs_bid_free(b);
  cs_model_free(m);
}

/* The special order below full cost is accepted when B has room, and booking it (and
 * more) fills B until its bid price becomes P's T/CU, 3 $ a minute. */
static void room_then_full(void **state) {
  (void)state;
  cs_model *m = load_pq(1);
  cs_bid *b;
  cs_error err;
  assert_int_equal(cs_bid_new(m, CS_DATE_NONE, NULL, &b, &err), CS_OK);
  int32_t B = cs_model_find_resource(m, "B");
  assert_float_equal(cs_bid_price(b, B, 0), 0, 1e-12);
  cs_quote Q = quote(b, m, "Q", 10, "2026-01-09", 60);
  assert_float_equal(Q.floor_unit_price, 40, 1e-9);
  assert_true(Q.accept);
  assert_false(Q.ca_accept);
  assert_int_equal(Q.nbids, 0);
  /* Book 40 Q: 1,200 minutes of B; P's 100 units need 1,500 of the 1,200 left. */
  cs_quote_request q = {cs_model_find_product(m, "Q"), 40, date("2026-01-09"), 60};
  assert_int_equal(cs_bid_book(b, &q, &err), CS_OK);
  assert_float_equal(remaining(b, B), 1200, 1e-9);
  for (size_t k = 0; k < 5; k++) assert_float_equal(cs_bid_price(b, B, k), 3, 1e-9);
  Q = quote(b, m, "P", 1, "2026-01-09", 80);
  assert_float_equal(Q.floor_unit_price, 90, 1e-9);
  assert_false(Q.accept);
  /* The warm re-solve agrees with the same LP solved from scratch in a new Clp model. */
  double warm = cs_bid_objective(b);
  assert_float_equal(independent_objective(b), warm, 1e-6);
  assert_float_equal(warm, 80 * 45, 1e-6); /* P's 80 units in the 1,200 minutes left */
  cs_bid_free(b);
  cs_model_free(m);
}

/* Time passes: at the start of day 4 of 5, B has 960 minutes left; work booked on day 1
 * was done in the minutes that passed; the expected demand left is what is wanted on the
 * last two days. */
static void time_passes(void **state) {
  (void)state;
  cs_model *m = load_pq(0);
  cs_bid *b;
  cs_error err;
  assert_int_equal(cs_bid_new(m, CS_DATE_NONE, NULL, &b, &err), CS_OK);
  int32_t B = cs_model_find_resource(m, "B");
  cs_quote_request q = {cs_model_find_product(m, "P"), 10, date("2026-01-09"), 90};
  assert_int_equal(cs_bid_book(b, &q, &err), CS_OK);
  assert_float_equal(remaining(b, B), 2250, 1e-9);
  assert_int_equal(cs_bid_advance(b, date("2026-01-08"), &err), CS_OK);
  assert_float_equal(remaining(b, B), 960, 1e-9);
  /* Left: the P and Q wanted on days 4 and 5, 40 and 20, want 600 + 600 > 960 minutes:
   * B binds on Q. */
  assert_float_equal(cs_bid_price(b, B, 3), 2, 1e-9);
  assert_float_equal(cs_bid_price(b, B, 4), 2, 1e-9);
  cs_quote Q = quote(b, m, "Q", 30, "2026-01-09", 120);
  assert_true(Q.feasible);
  assert_int_equal(Q.earliest_feasible_due, date("2026-01-09")); /* 900 of 960 minutes */
  Q = quote(b, m, "Q", 40, "2026-01-09", 120);
  assert_false(Q.feasible);
  assert_false(Q.accept);
  assert_int_equal(Q.earliest_feasible_due, CS_DATE_NONE);       /* beyond the horizon */
  cs_quote_request early = {cs_model_find_product(m, "Q"), 1, date("2026-01-07"), 120};
  assert_int_equal(cs_bid_quote(b, &early, &Q, &err), CS_EINPUT);
  assert_string_equal(err.message, "the due date 2026-01-07 is before the moment of the request, 2026-01-08");
  assert_int_equal(cs_bid_advance(b, date("2026-01-06"), &err), CS_EINPUT);
  cs_bid_free(b);
  cs_model_free(m);
}

/* Runs the CLI and parses its JSON answer. */
static json_t *cli_json(const char *const *args, int want) {
  char *out, *err;
  int rc = th_run_cli(args, &out, &err);
  if (rc != want) fail_msg("exit %d, wanted %d: %s", rc, want, err);
  json_error_t je;
  json_t *j = want == 0 ? json_loads(out, 0, &je) : NULL;
  free(out);
  free(err);
  return j;
}

/* The booking desk: quote --book stores an accepted request as an order.created event;
 * the next quote sees it (P's floor rises from 75 to 90 once 50 Q hold B). */
static void booking_desk(void **state) {
  (void)state;
  char *dir = th_tmpdir(), *db = th_path(dir, "pq.db");
  const char *init[] = {"init", db, "--demo", "pq", NULL};
  char *out, *err;
  assert_int_equal(th_run_cli(init, &out, &err), 0);
  free(out);
  free(err);
  const char *p_quote[] = {"quote", db, "--product", "P", "--qty", "1", "--due", "2026-01-09", "--json", NULL};
  json_t *j = cli_json(p_quote, 0);
  assert_float_equal(json_real_value(json_object_get(j, "floor_unit_price")), 75, 1e-9);
  assert_true(json_is_null(json_object_get(j, "accept")));
  json_decref(j);
  const char *refused[] = {"quote", db, "--product", "Q", "--qty", "50", "--due", "2026-01-09",
                           "--price", "90", "--book", "--json", NULL};
  j = cli_json(refused, 0);
  assert_false(json_is_true(json_object_get(j, "accept")));
  assert_true(json_is_null(json_object_get(j, "booked")));
  json_decref(j);
  const char *book[] = {"quote", db, "--product", "Q", "--qty", "50", "--due", "2026-01-09", "--price",
                        "120", "--book", "--customer", "Acme", "--id", "SO-1", "--json", NULL};
  j = cli_json(book, 0);
  assert_true(json_is_true(json_object_get(j, "accept")));
  assert_string_equal(json_string_value(json_object_get(j, "booked")), "SO-1");
  json_decref(j);
  j = cli_json(p_quote, 0);
  assert_float_equal(json_real_value(json_object_get(j, "floor_unit_price")), 90, 1e-9);
  json_decref(j);
  /* The store holds the order, as confirmed, and says so after a reopen. */
  cs_model *m = th_load(db);
  int32_t o = cs_model_find_order(m, "SO-1");
  assert_true(o >= 0);
  assert_int_equal(m->orders.status[o], CS_ORDER_CONFIRMED);
  assert_float_equal(m->orders.qty[o], 50, 0);
  assert_string_equal(m->orders.customer[o], "Acme");
  cs_model_free(m);
  /* The same id again is refused, and nothing is booked. */
  assert_null(cli_json(book, 2));
  const char *no_price[] = {"quote", db, "--product", "Q", "--qty", "5", "--due", "2026-01-09", "--book", NULL};
  assert_null(cli_json(no_price, 2));
  char *pq = th_path(getenv("CS_EXAMPLES"), "pq");
  const char *csv_book[] = {"quote", pq, "--product", "Q", "--qty", "5", "--due", "2026-01-09", "--price", "200", "--book", NULL};
  assert_null(cli_json(csv_book, 2));
  m = th_load(db);
  assert_int_equal(m->orders.n, 1);
  cs_model_free(m);
  th_rmtree(dir);
  free(pq);
  free(dir);
  free(db);
}

/* The documented scenario: standard work offered early would crowd out rush work offered
 * later in the week. Bid prices keep room for the rush work. */
static void crowd_out(void **state) {
  (void)state;
  char *dir = th_path(getenv("CS_EXAMPLES"), "crowd-out"), *file = th_path(dir, "requests.jsonl");
  cs_model *m = th_load(dir);
  cs_arena *a = cs_arena_new();
  cs_request *req;
  size_t n;
  cs_sim_result *S;
  cs_error err;
  assert_int_equal(cs_requests_read(m, file, a, &req, &n, &err), CS_OK);
  assert_int_equal(n, 240);
  assert_int_equal(cs_simulate_pricing(m, req, n, NULL, a, &S, &err), CS_OK);
  assert_float_equal(S->hindsight, 4 * (100 * 120 + 140 * 30), 1e-6);
  const cs_policy_result *cp = &S->policies[CS_POLICY_COST_PLUS], *bp = &S->policies[CS_POLICY_BID_PRICE];
  print_message("cost-plus %.4f tcu %.4f bid-price %.4f\n", cp->ratio, S->policies[CS_POLICY_TCU].ratio, bp->ratio);
  assert_true(bp->ratio >= 0.95);
  assert_true(bp->throughput > cp->throughput);
  assert_true(bp->ratio <= 1 + 1e-9);
  cs_arena_free(a);
  cs_model_free(m);
  free(file);
  free(dir);
}

/* No policy beats the hindsight bound, on generated streams over P&Q and the plant. */
static void hindsight_bounds(void **state) {
  (void)state;
  const char *demos[] = {"pq", "plant"};
  for (int d = 0; d < 2; d++) {
    cs_model *m;
    cs_error err;
    assert_int_equal(cs_demo_build(demos[d], &m, &err), CS_OK);
    /* The plant's daily plan takes a second or two per policy: fewer, shorter streams. */
    size_t n = d == 0 ? 150 : 20;
    for (uint64_t seed = 1; seed <= (d == 0 ? 4u : 1u); seed++) {
      cs_arena *a = cs_arena_new();
      cs_request *req;
      cs_sim_result *S;
      assert_int_equal(cs_requests_generate(m, n, seed, a, &req, &err), CS_OK);
      assert_int_equal(cs_simulate_pricing(m, req, n, NULL, a, &S, &err), CS_OK);
      assert_int_equal(S->npolicies, CS_POLICY_COUNT);
      for (size_t i = 0; i < CS_POLICY_COUNT; i++) {
        assert_true(S->policies[i].throughput <= S->hindsight * (1 + 1e-9) + 1e-6);
        assert_int_equal(S->policies[i].accepted + S->policies[i].refused, n);
      }
      cs_arena_free(a);
    }
    cs_model_free(m);
  }
}

/* On a generated company: floors never fall below TVC, an accepted request always fits,
 * each booking can only lower what the rest of the horizon can earn, and the warm
 * re-solves end where a cold solve does. */
static void generated_company(void **state) {
  (void)state;
  cs_gen_params gp;
  cs_error err;
  cs_model *m;
  assert_int_equal(cs_gen_params_for_scale('S', &gp, &err), CS_OK);
  assert_int_equal(cs_generate(&gp, date("2026-01-05"), NULL, NULL, &m, &err), CS_OK);
  cs_bid *b;
  cs_bid_options o;
  cs_bid_options_default(&o);
  o.bucket_days = 7; /* a year of 20 resources and 200 products: weekly keeps the test short */
  assert_int_equal(cs_bid_new(m, CS_DATE_NONE, &o, &b, &err), CS_OK);
  cs_arena *a = cs_arena_new();
  cs_request *req;
  assert_int_equal(cs_requests_generate(m, 40, 11, a, &req, &err), CS_OK);
  double before = cs_bid_objective(b);
  int booked = 0;
  for (size_t i = 0; i < 40; i++) {
    cs_quote_request q = {req[i].product, req[i].qty, req[i].due, req[i].price};
    cs_quote Q;
    assert_int_equal(cs_bid_quote(b, &q, &Q, &err), CS_OK);
    assert_true(Q.floor_price >= Q.tvc - 1e-9);
    if (Q.accept) assert_true(Q.feasible);
    if (!Q.accept) continue;
    assert_int_equal(cs_bid_book(b, &q, &err), CS_OK);
    booked++;
    double after = cs_bid_objective(b);
    assert_true(after <= before + 1e-6 * fmax(1, before));
    before = after;
  }
  print_message("booked %d of 40\n", booked);
  assert_true(booked > 0);
  assert_float_equal(independent_objective(b), before, 1e-6 * fmax(1, before));
  cs_arena_free(a);
  cs_bid_free(b);
  cs_model_free(m);
}

/* A bad request line is named by file, line and field. */
static void bad_requests(void **state) {
  (void)state;
  char *dir = th_tmpdir(), *file = th_path(dir, "req.jsonl"), *pq = th_path(getenv("CS_EXAMPLES"), "pq");
  th_write(file, "{\"at\": \"2026-01-05\", \"product\": \"P\", \"qty\": 5, \"due\": \"2026-01-09\", \"price\": 90}\n\n"
                 "{\"at\": \"2026-01-05\", \"product\": \"P\", \"qty\": 5, \"due\": \"soon\", \"price\": 90}\n");
  const char *args[] = {"simulate-pricing", pq, "--requests", file, NULL};
  char *out, *err;
  assert_int_equal(th_run_cli(args, &out, &err), 2);
  assert_string_equal(err, "clockspeed: req.jsonl:3: column 'due': field 'due' must be an ISO date (YYYY-MM-DD)\n");
  free(out);
  free(err);
  th_rmtree(dir);
  free(dir);
  free(file);
  free(pq);
}

/* Writing the LP where no file can be made is an error, not an uncaught C++ exception
 * from Clp (which ended the process, as `cs_bench --tmp MISSING` did). */
static void mps_to_a_missing_directory(void **state) {
  (void)state;
  cs_model *m = load_pq(0);
  cs_bid *b;
  cs_error err;
  double offset;
  assert_int_equal(cs_bid_new(m, CS_DATE_NONE, NULL, &b, &err), CS_OK);
  assert_int_equal(cs_bid_write_mps(b, "/nonexistent-dir/x/bid.mps", &offset, &err), CS_EIO);
  assert_string_equal(err.message, "/nonexistent-dir/x/bid.mps: cannot write the MPS file");
  cs_bid_free(b);
  cs_model_free(m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(pq_bid_prices),   cmocka_unit_test(mps_to_a_missing_directory),   cmocka_unit_test(room_then_full),
    cmocka_unit_test(time_passes),     cmocka_unit_test(booking_desk),
    cmocka_unit_test(crowd_out),       cmocka_unit_test(hindsight_bounds),
    cmocka_unit_test(bad_requests),    cmocka_unit_test(generated_company),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
