/* test_regret.c — the decision log and the regret report (issue 15) on a history worked out
 * by hand, on P&Q (P sells at 90 with TVC 45, Q at 100 with TVC 40; B has room for both):
 *   quote 10 P at 80: the bid price accepts (floor 75), cost accounting refuses (full cost
 *     above 80); booked as QP1, released and shipped on 01-08, before its due date: T 350.
 *   quote 10 Q at 120: both accept; booked as QQ1 and then cancelled: T 0.
 *   decide overtime on B: taken (it raises NP), cost accounting leaves it.
 * So the quotes earned 350 (all shipped); in hindsight both requests fit: 350 + 800 = 1,150;
 * the cost-accounting answer would have taken Q alone: 800. The orders due in the
 * overtime's period turned out to be QP1 alone (10 P: 150 minutes of B, which has 2,400),
 * so the 600 minutes bought nothing: taking them earned -600, hindsight would have left
 * them (0), and so did cost accounting (0). In whatif_worth_it the orders due are the
 * whole demand (100 P, 50 Q: 3,000 minutes of B's 2,400): the 600 minutes make 20 more Q
 * at 60 each, 1,200 for 600: taking them earned +600, as hindsight would, and cost
 * accounting, which left them, 0. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* Runs the CLI and fails the test unless it exits 0. */
static void run(const char *const *args) {
  char *err = NULL;
  int code = th_run_cli(args, NULL, &err);
  if (code != 0) fail_msg("%s: exit %d: %s", args[0], code, err ? err : "");
  free(err);
}

/* Feeds events to the store. */
static void events(const char *db, const char *dir, const char *text) {
  char *f = th_path(dir, "ev.jsonl");
  th_write(f, text);
  const char *args[] = {"event", db, f, NULL};
  run(args);
  free(f);
}

static void regret_by_hand(void **state) {
  (void)state;
  char *dir = th_tmpdir(), *db = th_path(dir, "pq.db");
  const char *init[] = {"init", db, "--demo", "pq", NULL};
  run(init);
  const char *q1[] = {"quote", db, "--product", "P", "--qty", "10", "--due", "2026-01-09", "--price", "80", "--book", "--id", "QP1", NULL};
  const char *q2[] = {"quote", db, "--product", "Q", "--qty", "10", "--due", "2026-01-09", "--price", "120", "--book", "--id", "QQ1", NULL};
  const char *dc[] = {"decide", db, "overtime", "--resource", "B", "--minutes", "600", "--cost", "1", NULL};
  run(q1);
  run(q2);
  run(dc);
  events(db, dir,
         "{\"type\":\"order.cancelled\",\"order\":\"QQ1\"}\n"
         "{\"type\":\"order.released\",\"order\":\"QP1\",\"date\":\"2026-01-05\"}\n"
         "{\"type\":\"step.completed\",\"order\":\"QP1\",\"date\":\"2026-01-06\"}\n"
         "{\"type\":\"step.completed\",\"order\":\"QP1\",\"date\":\"2026-01-06\"}\n"
         "{\"type\":\"step.completed\",\"order\":\"QP1\",\"date\":\"2026-01-07\"}\n"
         "{\"type\":\"step.completed\",\"order\":\"QP1\",\"date\":\"2026-01-07\"}\n"
         "{\"type\":\"step.completed\",\"order\":\"QP1\",\"date\":\"2026-01-08\"}\n");
  /* The log holds the three decisions with their signals and the cost-accounting answers. */
  cs_model *m = th_load(db);
  assert_int_equal(m->decisions.n, 3);
  assert_string_equal(m->decisions.choice[0], "accept");
  assert_string_equal(m->decisions.cost_accounting[0], "refuse");
  assert_float_equal(m->decisions.signal[0], 75, 1e-9);
  assert_string_equal(m->decisions.ref[0], "QP1");
  assert_string_equal(m->decisions.choice[2], "take");
  assert_string_equal(m->decisions.cost_accounting[2], "leave");
  for (size_t i = 0; i < 3; i++) assert_true(m->decisions.signal_age_ms[i] >= 0);
  /* The whole signal: the floor of 75 is 45 of TVC and B's 2 a minute over 150 minutes; the
   * overtime loads B, whose shadow price is 2. */
  const char *qd = m->decisions.signal_detail[0];
  if (strncmp(qd, "B@", 2) != 0 || !strstr(qd, ":2x150")) fail_msg("quote signal detail: '%s'", qd);
  assert_string_equal(m->decisions.signal_detail[2], "B:2");
  cs_arena *a = cs_arena_new();
  cs_regret *R;
  cs_error err;
  assert_int_equal(cs_regret_compute(m, CS_DATE_NONE, CS_DATE_NONE, NULL, a, &R, &err), CS_OK);
  const cs_regret_type *Q = &R->types[CS_DECISION_QUOTE];
  assert_int_equal(Q->count, 2);
  assert_int_equal(Q->taken, 2);
  assert_float_equal(Q->earned, 350, 1e-9);
  assert_float_equal(Q->shipped, 350, 1e-9);
  assert_float_equal(Q->hindsight_best, 1150, 1e-6);
  assert_float_equal(Q->cost_accounting, 800, 1e-6);
  assert_int_equal(R->types[CS_DECISION_DECIDE].count, 1);
  assert_int_equal(R->types[CS_DECISION_DECIDE].taken, 1);
  assert_int_equal(R->nlog, 3);
  assert_string_equal(R->log[0].outcome, "shipped");
  assert_string_equal(R->log[1].outcome, "cancelled");
  /* A window that holds none of them reports nothing. */
  cs_date later;
  assert_true(cs_date_parse("2026-02-01", &later));
  assert_int_equal(cs_regret_compute(m, later, CS_DATE_NONE, NULL, a, &R, &err), CS_OK);
  assert_int_equal(R->nlog, 0);
  /* The CLI says the same as JSON. */
  const char *args[] = {"regret", db, "--json", NULL};
  char *out = NULL;
  assert_int_equal(th_run_cli(args, &out, NULL), 0);
  json_error_t je;
  json_t *v = json_loads(out, 0, &je);
  json_t *q = json_array_get(json_object_get(v, "decisions"), 0);
  assert_string_equal(json_string_value(json_object_get(q, "type")), "quote");
  assert_float_equal(json_number_value(json_object_get(q, "hindsight_best")), 1150, 1e-6);
  assert_float_equal(json_number_value(json_object_get(q, "cost_accounting_would_earn")), 800, 1e-6);
  assert_float_equal(json_number_value(json_object_get(q, "throughput_earned")), 350, 1e-9);
  json_t *w = json_array_get(json_object_get(v, "decisions"), 1);
  assert_string_equal(json_string_value(json_object_get(w, "type")), "decide");
  assert_float_equal(json_number_value(json_object_get(w, "throughput_earned")), -600, 1e-6);
  assert_float_equal(json_number_value(json_object_get(w, "hindsight_best")), 0, 1e-9);
  assert_float_equal(json_number_value(json_object_get(w, "cost_accounting_would_earn")), 0, 1e-9);
  json_t *e = json_array_get(json_object_get(v, "log"), 2);
  assert_string_equal(json_string_value(json_object_get(e, "outcome")), "not worth it in hindsight");
  json_decref(v);
  free(out);
  cs_arena_free(a);
  cs_model_free(m);
  th_rmtree(dir);
  free(dir);
  free(db);
}

/* The what-if is logged with its arguments, and valued again on the orders that came. */
static void whatif_worth_it(void **state) {
  (void)state;
  char *dir = th_tmpdir(), *db = th_path(dir, "pq.db");
  const char *init[] = {"init", db, "--demo", "pq", NULL};
  run(init);
  const char *dc[] = {"decide", db, "overtime", "--resource", "B", "--minutes", "600", "--cost", "1", NULL};
  run(dc);
  events(db, dir,
         "{\"type\":\"order.created\",\"order\":{\"id\":\"W1\",\"product\":\"P\",\"qty\":100,\"due\":\"2026-01-09\"}}\n"
         "{\"type\":\"order.created\",\"order\":{\"id\":\"W2\",\"product\":\"Q\",\"qty\":50,\"due\":\"2026-01-09\"}}\n");
  cs_model *m = th_load(db);
  json_t *req = json_loads(m->decisions.request[0], 0, NULL);
  assert_string_equal(json_string_value(json_object_get(req, "decision")), "overtime");
  assert_string_equal(json_string_value(json_object_get(req, "resource")), "B");
  assert_float_equal(json_number_value(json_object_get(req, "minutes")), 600, 1e-9);
  assert_float_equal(json_number_value(json_object_get(req, "cost")), 1, 1e-9);
  json_decref(req);
  cs_model_free(m);
  const char *args[] = {"regret", db, "--json", NULL};
  char *out = NULL;
  assert_int_equal(th_run_cli(args, &out, NULL), 0);
  json_t *v = json_loads(out, 0, NULL);
  json_t *w = json_array_get(json_object_get(v, "decisions"), 1);
  assert_float_equal(json_number_value(json_object_get(w, "throughput_earned")), 600, 1e-6);
  assert_float_equal(json_number_value(json_object_get(w, "hindsight_best")), 600, 1e-6);
  assert_float_equal(json_number_value(json_object_get(w, "cost_accounting_would_earn")), 0, 1e-9);
  json_t *e = json_array_get(json_object_get(v, "log"), 0);
  assert_string_equal(json_string_value(json_object_get(e, "outcome")), "worth it in hindsight");
  assert_float_equal(json_number_value(json_object_get(e, "throughput")), 600, 1e-6);
  json_decref(v);
  free(out);
  th_rmtree(dir);
  free(dir);
  free(db);
}

/* A visit slot booked through the desk is logged; held, it earns its opportunity's value. */
static void slots_held(void **state) {
  (void)state;
  char *dir = th_tmpdir(), *db = th_path(dir, "sales.db");
  const char *init[] = {"init", db, "--demo", "sales", NULL};
  run(init);
  const char *book[] = {"book", db, "--opportunity", "OPP00001", "--duration", "60", "--confirm", "--id", "V1", NULL};
  run(book);
  events(db, dir, "{\"type\":\"appointment.done\",\"appointment\":\"V1\"}\n");
  cs_model *m = th_load(db);
  int32_t o = cs_model_find_opportunity(m, "OPP00001");
  double value = m->opportunities.expected_throughput[o] * m->opportunities.probability[o];
  cs_arena *a = cs_arena_new();
  cs_regret *R;
  cs_error err;
  assert_int_equal(cs_regret_compute(m, CS_DATE_NONE, CS_DATE_NONE, NULL, a, &R, &err), CS_OK);
  assert_int_equal(R->types[CS_DECISION_SLOT].count, 1);
  assert_float_equal(R->types[CS_DECISION_SLOT].earned, value, 1e-9);
  assert_string_equal(R->log[0].outcome, "held");
  assert_string_equal(m->decisions.choice[0], "V1");
  if (strncmp(m->decisions.signal_detail[0], "REP", 3) != 0 || !strchr(m->decisions.signal_detail[0], '@'))
    fail_msg("slot signal detail: '%s'", m->decisions.signal_detail[0]);
  cs_arena_free(a);
  cs_model_free(m);
  th_rmtree(dir);
  free(dir);
  free(db);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(regret_by_hand), cmocka_unit_test(whatif_worth_it),
                                     cmocka_unit_test(slots_held)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
