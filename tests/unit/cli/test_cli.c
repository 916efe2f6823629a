/* test_cli.c — the command line as a user meets it: the JSON documents of `constraint`
 * and `mix` have the documented keys and P&Q's answers, every command has --help, usage
 * mistakes exit 2, `init` does not clobber a store, and `generate` makes a usable model. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"

/* Runs the CLI, expects exit 0 and parses stdout as JSON. */
static json_t *run_json(const char *const *args) {
  char *out = NULL, *err = NULL;
  int code = th_run_cli(args, &out, &err);
  if (code != 0) fail_msg("exit %d: %s", code, err);
  json_error_t je;
  json_t *v = json_loads(out, 0, &je);
  if (!v) fail_msg("not JSON (%s): %s", je.text, out);
  free(out);
  free(err);
  return v;
}

/* Finds the element of an array of objects whose `key` is `value`. */
static json_t *find(json_t *arr, const char *key, const char *value) {
  size_t i;
  json_t *e;
  json_array_foreach(arr, i, e) if (strcmp(json_string_value(json_object_get(e, key)), value) == 0) return e;
  fail_msg("no %s = %s", key, value);
  return NULL;
}

static void json_documents(void **state) {
  (void)state;
  char *tmp = th_tmpdir(), *db = th_path(tmp, "pq.db");
  const char *init[] = {"init", db, "--demo", "pq", NULL};
  assert_int_equal(th_run_cli(init, NULL, NULL), 0);

  const char *con[] = {"constraint", "--json", db, NULL};
  json_t *c = run_json(con);
  assert_string_equal(json_string_value(json_object_get(c, "constraint")), "B");
  assert_true(json_is_false(json_object_get(c, "market_constrained")));
  json_t *b = find(json_object_get(c, "resources"), "id", "B");
  assert_float_equal(json_number_value(json_object_get(b, "load")), 1.25, 1e-12);
  assert_float_equal(json_number_value(json_object_get(b, "protective_capacity")), -0.25, 1e-12);
  assert_true(json_is_false(json_object_get(b, "interactive")));
  json_decref(c);

  const char *mix[] = {"mix", db, "--json", NULL};
  json_t *x = run_json(mix);
  assert_float_equal(json_number_value(json_object_get(x, "throughput")), 6300, 1e-9);
  assert_float_equal(json_number_value(json_object_get(x, "operating_expense")), 6000, 1e-9);
  assert_float_equal(json_number_value(json_object_get(x, "net_profit")), 300, 1e-9);
  json_t *q = find(json_object_get(x, "mix"), "product", "Q");
  assert_float_equal(json_number_value(json_object_get(q, "qty")), 30, 0);
  assert_float_equal(json_number_value(json_object_get(q, "t_per_unit")), 60, 0);
  assert_float_equal(json_number_value(json_object_get(q, "t_per_cu")), 2, 1e-12);
  json_t *sb = find(json_object_get(x, "shadow_prices"), "resource", "B");
  assert_float_equal(json_number_value(json_object_get(sb, "per_minute")), 2, 1e-9);
  json_t *ca = json_object_get(x, "cost_accounting");
  assert_float_equal(json_number_value(json_object_get(ca, "net_profit")), -300, 1e-9);
  json_t *cp = find(json_object_get(ca, "mix"), "product", "P");
  assert_float_equal(json_number_value(json_object_get(cp, "qty")), 60, 0);
  json_decref(x);

  /* The store is not replaced without --force. */
  char *err = NULL;
  assert_int_equal(th_run_cli(init, NULL, &err), 2);
  assert_non_null(strstr(err, "--force"));
  free(err);
  th_rmtree(tmp);
  free(db);
  free(tmp);
}

static void help_and_usage(void **state) {
  (void)state;
  static const char *const cmds[] = {"constraint", "mix", "import", "export", "init", "generate"};
  for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
    char *out = NULL;
    const char *args[] = {cmds[i], "--help", NULL};
    assert_int_equal(th_run_cli(args, &out, NULL), 0);
    assert_non_null(strstr(out, "usage: clockspeed"));
    free(out);
    const char *bad[] = {cmds[i], "--no-such-option", "x", NULL};
    assert_int_equal(th_run_cli(bad, NULL, NULL), 2);
  }
  char *out = NULL, *err = NULL;
  const char *ver[] = {"--version", NULL};
  assert_int_equal(th_run_cli(ver, &out, NULL), 0);
  assert_string_equal(out, "clockspeed 0.1.0\n");
  free(out);
  const char *unknown[] = {"frobnicate", NULL};
  assert_int_equal(th_run_cli(unknown, NULL, &err), 2);
  assert_non_null(strstr(err, "clockspeed: 'frobnicate' is not a command"));
  free(err);
  const char *basis[] = {"constraint", "--basis", "hope", "x", NULL};
  assert_int_equal(th_run_cli(basis, NULL, &err), 2);
  assert_non_null(strstr(err, "--basis is demand or orders, not 'hope'"));
  free(err);
  const char *missing[] = {"mix", "/nonexistent/model", NULL};
  assert_int_equal(th_run_cli(missing, NULL, &err), 2);
  assert_string_equal(err, "clockspeed: /nonexistent/model: no such file or directory\n");
  free(err);
}

static void generate_and_use(void **state) {
  (void)state;
  char *tmp = th_tmpdir(), *dir = th_path(tmp, "s"), *db = th_path(tmp, "s.db");
  const char *gen[] = {"generate", "--scale", "S", "--seed", "7", dir, NULL};
  assert_int_equal(th_run_cli(gen, NULL, NULL), 0);
  const char *imp[] = {"import", db, dir, NULL};
  assert_int_equal(th_run_cli(imp, NULL, NULL), 0);
  const char *con[] = {"constraint", "--json", "--basis", "orders", db, NULL};
  json_t *c = run_json(con);
  assert_string_equal(json_string_value(json_object_get(c, "basis")), "orders");
  assert_int_equal(json_array_size(json_object_get(c, "resources")), 20);
  json_decref(c);
  const char *con2[] = {"constraint", "--json", dir, NULL};
  c = run_json(con2);
  /* The generator designs one resource at 120 % of demand. */
  json_t *top = json_array_get(json_object_get(c, "resources"), 0);
  assert_float_equal(json_number_value(json_object_get(top, "load")), 1.2, 0.01);
  assert_string_equal(json_string_value(json_object_get(c, "constraint")),
                      json_string_value(json_object_get(top, "id")));
  json_decref(c);
  /* The store exported as one JSON document answers the same. */
  char *json = th_path(tmp, "s.json");
  const char *exp[] = {"export", db, json, NULL};
  assert_int_equal(th_run_cli(exp, NULL, NULL), 0);
  const char *con3[] = {"constraint", "--json", json, NULL};
  json_t *j = run_json(con3);
  c = run_json(con2);
  assert_true(json_equal(j, c));
  json_decref(j);
  json_decref(c);
  free(json);
  th_rmtree(tmp);
  free(dir);
  free(db);
  free(tmp);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(json_documents),
    cmocka_unit_test(help_and_usage),
    cmocka_unit_test(generate_and_use),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
