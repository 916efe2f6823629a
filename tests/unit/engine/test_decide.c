/* test_decide.c — what-if decisions on hand-computed cases, as a table of decision and
 * expected answer. On P&Q (B binds, a minute of B is worth 2 $ while Q's demand is not
 * met, OE 6,000 over 9,600 minutes = 0.625 a minute in the cost-accounting table):
 *  - overtime on B brings exactly 2 $ a minute up to the 600 minutes that make Q's last
 *    20 units, and nothing beyond;
 *  - a special order of 10 Q at 60 (below Q's full cost of 71.25) is refused when B is
 *    full (it displaces 10 regular Q worth 60 each of T: 200 - 600 = -400) and accepted
 *    when B has room (+200), while cost accounting refuses it both times;
 *  - buying Q's two B steps for 20 a unit gains 200 (Q's demand is then met) while the
 *    table says make (the steps carry 30 x 0.625 = 18.75 of allocated cost);
 *  - a product R at 50 with TVC 30 and 40 minutes of A (full cost 55) is kept: dropping it
 *    loses 200 of T and saves no OE, while the table says drop it.
 * And a case with two binding constraints, where ranking by T/CU on one of them would be
 * wrong: the re-solved plan is the reference. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* One case: a model variant, a decision, and what must come out. */
typedef struct decide_case {
  const char *model;      /* "pq", "pq-room" (Q demand 20), "pq-r" (with R), "two" */
  const char *decision;
  const char *product, *resource;
  double qty, price, minutes, cost, buy;
  double d_t, d_oe, d_np;
  const char *verdict, *ca_verdict, *loads;
} decide_case;

static const decide_case cases[] = {
  {"pq", "overtime", NULL, "B", 0, 0, 60, 1, 0, 120, 60, 60, "worth it", "not worth it", "B"},
  {"pq", "overtime", NULL, "B", 0, 0, 600, 1, 0, 1200, 600, 600, "worth it", "not worth it", "B"},
  {"pq", "overtime", NULL, "B", 0, 0, 900, 1, 0, 1200, 900, 300, "worth it", "not worth it", "B"},
  {"pq", "overtime", NULL, "B", 0, 0, 1200, 2.5, 0, 1200, 3000, -1800, "not worth it", "not worth it", "B"},
  {"pq", "overtime", NULL, "A", 0, 0, 100, 0.1, 0, 0, 10, -10, "not worth it", "worth it", "A"},
  {"pq", "over-hire", NULL, "B", 0, 0, 600, 1, 0, 600, 0, 600, "worth it", "not worth it", "B"},
  {"pq", "accept-order", "Q", NULL, 10, 60, 0, 0, 0, -400, 0, -400, "reject", "reject", "B"},
  {"pq-room", "accept-order", "Q", NULL, 10, 60, 0, 0, 0, 200, 0, 200, "accept", "reject", "B"},
  {"pq", "accept-order", "P", NULL, 10, 80, 0, 0, 0, 50, 0, 50, "accept", "reject", "B"},
  {"pq", "buy-step", "Q", "B", 0, 0, 0, 0, 20, 200, 0, 200, "buy", "make", "B"},
  {"pq", "buy-product", "Q", NULL, 0, 0, 0, 0, 70, -300, 0, -300, "make", "buy", "B"},
  {"pq", "drop-product", "Q", NULL, 0, 0, 0, 0, 0, -1800, 0, -1800, "keep", "keep", "B"},
  {"pq-r", "drop-product", "R", NULL, 0, 0, 0, 0, 0, -200, 0, -200, "keep", "drop", "A"},
  {"two", "overtime", NULL, "X", 0, 0, 30, 0, 0, 70, 0, 70, "worth it", "worth it", "X"},
};

/* Loads a variant of P&Q (or the two-constraint model) into a fresh model. */
static cs_model *load_variant(const char *name) {
  if (strcmp(name, "two") == 0) {
    /* Two resources of 100 minutes bind together: 2a + b <= 100 and a + 2b <= 100;
     * duals 7/3 on X and 4/3 on Y; T/CU on X alone would favour b. */
    const char *tables[CS_TABLE_COUNT] = {
      "key,value\nperiod_days,5\noperating_expense,100\ntoday,2026-01-05\n",
      "id,capacity\nX,100\nY,100\n",
      "id,price,tvc,demand\na,10,4,100\nb,10,5,100\n",
      "product,resource,minutes,seq\na,X,2,1\na,Y,1,2\nb,X,1,1\nb,Y,2,2\n",
      "", ""};
    return th_model_from_text(tables);
  }
  char *src = th_path(getenv("CS_EXAMPLES"), "pq"), *dir = th_tmpdir();
  th_copy_dir(src, dir);
  char *products = th_path(dir, "products.csv"), *routings = th_path(dir, "routings.csv");
  if (strcmp(name, "pq-room") == 0)
    th_write(products, "id,price,tvc,demand,name\nP,90,45,100,Product P\nQ,100,40,20,Product Q\n");
  if (strcmp(name, "pq-r") == 0) {
    th_write(products, "id,price,tvc,demand,name\nP,90,45,100,Product P\nQ,100,40,50,Product Q\n"
                       "R,50,30,10,Product R\n");
    size_t len;
    char *text = th_read(routings, &len);
    char *more = malloc(len + 64);
    snprintf(more, len + 64, "%sR,A,40,1,0\n", text);
    th_write(routings, more);
    free(text);
    free(more);
  }
  cs_model *m = th_load(dir);
  th_rmtree(dir);
  free(src);
  free(dir);
  free(products);
  free(routings);
  return m;
}

static void decide_table(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const decide_case *c = &cases[i];
    cs_model *m = load_variant(c->model);
    cs_decision d;
    cs_decision_init(&d, (cs_decision_kind)cs_decision_parse(c->decision));
    if (c->product) d.product = cs_model_find_product(m, c->product);
    if (c->resource) d.resource = cs_model_find_resource(m, c->resource);
    d.qty = c->qty;
    d.price = c->price;
    d.minutes = c->minutes;
    d.cost_per_minute = c->cost;
    d.buy_price = c->buy;
    cs_decision_result R;
    cs_error err;
    if (cs_decide(m, &d, &R, &err)) fail_msg("case %zu: %s", i, err.message);
    print_message("case %zu %s %s: dT %.4f dOE %.4f dNP %.4f %s / %s\n", i, c->model, c->decision,
                  R.delta_throughput, R.delta_operating_expense, R.delta_net_profit, R.verdict, R.ca_verdict);
    assert_float_equal(R.delta_throughput, c->d_t, 1e-6);
    assert_float_equal(R.delta_operating_expense, c->d_oe, 1e-9);
    assert_float_equal(R.delta_net_profit, c->d_np, 1e-6);
    assert_string_equal(R.verdict, c->verdict);
    assert_string_equal(R.ca_verdict, c->ca_verdict);
    assert_true(R.loads >= 0);
    assert_string_equal(m->resources.id[R.loads], c->loads);
    cs_model_free(m);
  }
}

/* Overtime on B is worth 2 $ a minute, minute by minute, until Q's demand is met. */
static void overtime_curve(void **state) {
  (void)state;
  cs_model *m = load_variant("pq");
  for (double minutes = 30; minutes <= 1200; minutes += 30) {
    cs_decision d;
    cs_decision_init(&d, CS_DECIDE_OVERTIME);
    d.resource = cs_model_find_resource(m, "B");
    d.minutes = minutes;
    d.cost_per_minute = 0;
    cs_decision_result R;
    cs_error err;
    assert_int_equal(cs_decide(m, &d, &R, &err), CS_OK);
    assert_float_equal(R.delta_throughput, 2 * fmin(minutes, 600), 1e-6);
    assert_float_equal(R.loads_shadow_price, 2, 1e-9);
  }
  cs_model_free(m);
}

/* An order that needs more of a resource than the period has is refused with a reason. */
static void order_too_big(void **state) {
  (void)state;
  cs_model *m = load_variant("pq");
  cs_decision d;
  cs_decision_init(&d, CS_DECIDE_ACCEPT_ORDER);
  d.product = cs_model_find_product(m, "Q");
  d.qty = 100;
  d.price = 500;
  cs_decision_result R;
  cs_error err;
  assert_int_equal(cs_decide(m, &d, &R, &err), CS_OK);
  assert_string_equal(R.verdict, "reject");
  assert_non_null(strstr(R.reason, "does not fit"));
  cs_decision_init(&d, CS_DECIDE_OVERTIME);
  assert_int_equal(cs_decide(m, &d, &R, &err), CS_EINPUT);
  assert_string_equal(err.message, "overtime needs a resource");
  cs_model_free(m);
}

/* Moving a booked order's due date, on P&Q planned over two periods in daily buckets: the
 * booked work goes wherever P leaves room (180 of B's 480 minutes a day), so all 200 P and
 * 20 Q of the forecast are made (T 10,200) and moving the order to the eighth day costs
 * nothing, to the fifth day something; a date it cannot make is refused with the earliest date it can (1,200 minutes
 * of B at 480 a day: the third day). */
static void move_due(void **state) {
  (void)state;
  char *src = th_path(getenv("CS_EXAMPLES"), "pq"), *dir = th_tmpdir();
  th_copy_dir(src, dir);
  char *settings = th_path(dir, "settings.csv"), *orders = th_path(dir, "orders.csv");
  th_write(settings, "key,value\nperiod_days,5\noperating_expense,6000\ntoday,2026-01-05\nhorizon_days,10\n");
  th_write(orders, "id,product,qty,price,due,status\nO1,Q,40,100,2026-01-14,confirmed\n");
  cs_model *m = th_load(dir);
  cs_decision d;
  cs_decision_init(&d, CS_DECIDE_MOVE_DUE);
  d.order = cs_model_find_order(m, "O1");
  cs_date_parse("2026-01-12", &d.due);
  cs_decision_result R;
  cs_error err;
  assert_int_equal(cs_decide(m, &d, &R, &err), CS_OK);
  assert_float_equal(R.base_throughput, 10200, 1e-6);
  assert_float_equal(R.delta_throughput, 0, 1e-6);
  assert_string_equal(R.verdict, "move");
  assert_string_equal(m->resources.id[R.loads], "B");
  /* Due on the fifth day, its 1,200 minutes must come out of the first five days, where P
   * leaves only 900 beside its own forecast: some forecast is lost. */
  cs_date_parse("2026-01-09", &d.due);
  assert_int_equal(cs_decide(m, &d, &R, &err), CS_OK);
  assert_true(R.delta_throughput < -1e-6);
  cs_date_parse("2026-01-06", &d.due);
  assert_int_equal(cs_decide(m, &d, &R, &err), CS_OK);
  assert_string_equal(R.verdict, "do not move");
  assert_string_equal(R.reason, "order O1 cannot be ready by 2026-01-06: the capacity left before then is too "
                                "small (earliest 2026-01-07)");
  assert_string_equal(R.ca_verdict, "no view: cost accounting does not see dates");
  cs_model_free(m);
  th_rmtree(dir);
  free(src);
  free(dir);
  free(settings);
  free(orders);
}

/* The CLI gives the same answer as JSON, with the fields the issue names. */
static void decide_cli(void **state) {
  (void)state;
  char *pq = th_path(getenv("CS_EXAMPLES"), "pq");
  const char *args[] = {"decide", pq, "buy-step", "--product", "Q", "--resource", "B", "--buy-price", "20", "--json", NULL};
  char *out, *err;
  assert_int_equal(th_run_cli(args, &out, &err), 0);
  json_error_t je;
  json_t *j = json_loads(out, 0, &je);
  assert_non_null(j);
  assert_float_equal(json_real_value(json_object_get(j, "delta_throughput")), 200, 1e-6);
  assert_string_equal(json_string_value(json_object_get(j, "verdict")), "buy");
  assert_string_equal(json_string_value(json_object_get(j, "resource")), "B");
  assert_string_equal(json_string_value(json_object_get(json_object_get(j, "cost_accounting"), "verdict")), "make");
  assert_non_null(json_object_get(j, "delta_inventory"));
  json_decref(j);
  free(out);
  free(err);
  const char *bad[] = {"decide", pq, "overtime", "--resource", "NOPE", "--minutes", "5", NULL};
  assert_int_equal(th_run_cli(bad, &out, &err), 2);
  assert_string_equal(err, "clockspeed: --resource: no resource 'NOPE'\n");
  free(out);
  free(err);
  free(pq);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(decide_table),
    cmocka_unit_test(overtime_curve),
    cmocka_unit_test(order_too_big),
    cmocka_unit_test(decide_cli),
    cmocka_unit_test(move_due),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
