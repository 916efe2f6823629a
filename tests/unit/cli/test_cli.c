/* test_cli.c — the command line as a user meets it: the JSON documents of `constraint`
 * and `mix` have the documented keys and P&Q's answers; every command has --help, a --json
 * document (where it has one) and a mistake answered with exit 2 and its message; `init`
 * does not clobber a store, and `generate` makes a usable model. */
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

/* Runs the CLI, expects exit 2 and `message` as the first line on stderr. */
static void expect_refusal(const char *const *args, const char *message) {
  char *err = NULL;
  assert_int_equal(th_run_cli(args, NULL, &err), 2);
  char *nl = strchr(err, '\n');
  if (nl) *nl = '\0';
  assert_string_equal(err, message);
  free(err);
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

/* Every command: its --help, its --json (a document with a key the docs name), and one
 * mistake (exit 2 with the message). "DB" stands for a P&Q store, "NEW" for a file that
 * does not exist, "EV" for a file of one good event, "BAD" for a file of one bad event. */
static const struct {
  const char *cmd;
  const char *json[10];   /* arguments of a --json run, NULL when it has none */
  const char *key;        /* a key of that document */
  const char *bad[8];     /* arguments of a mistake */
  const char *message;    /* its whole first line on stderr */
} commands[] = {
  {"constraint", {"--json", "DB"}, "constraint", {"--basis", "hope", "DB"},
   "clockspeed: --basis: 'hope' is not demand or orders"},
  {"mix", {"DB", "--json"}, "shadow_prices", {"--gap", "x", "DB"}, "clockspeed: mix: --gap takes a number, not 'x'"},
  {"promise", {"DB", "--product", "Q", "--qty", "10", "--json"}, "safe_date", {"DB", "--product", "NOPE", "--qty", "1"},
   "clockspeed: --product: no product 'NOPE'"},
  {"release", {"DB", "--json"}, "release", {"DB", "--at", "soon"},
   "clockspeed: release: --at takes an ISO date (YYYY-MM-DD), not 'soon'"},
  {"schedule", {"DB", "--json"}, "drum", {"DB", "--at", "2026-02-30"},
   "clockspeed: schedule: --at takes an ISO date (YYYY-MM-DD), not '2026-02-30'"},
  {"buffers", {"DB", "--json"}, "orders", {NULL}, "clockspeed: buffers: expected one MODEL"},
  {"measures", {"DB", "--json"}, "roi", {"DB", "--from", "x"},
   "clockspeed: measures: --from takes an ISO date (YYYY-MM-DD), not 'x'"},
  {"event", {"DB", "EV", "--json"}, "applied", {"DB", "BAD"}, "clockspeed: bad.jsonl:1: column 'type': unknown event type 'nope'"},
  {"quote", {"DB", "--product", "Q", "--qty", "5", "--due", "2026-01-09", "--json"}, "floor_price",
   {"DB", "--product", "Q", "--qty", "0", "--due", "2026-01-09"}, "clockspeed: --qty: must be greater than zero"},
  {"decide", {"DB", "overtime", "--resource", "B", "--minutes", "60", "--json"}, "delta_net_profit", {"DB", "flying"},
   "clockspeed: --decision: 'flying' is not a decision (accept-order, overtime, over-hire, buy-product, buy-step, "
   "drop-product, add-product, move-due)"},
  {"simulate-pricing", {"DB", "--generate", "20", "--json"}, "hindsight", {"DB"},
   "clockspeed: simulate-pricing: give one of --requests FILE, --generate N or --history"},
  {"book", {"SALES", "--opportunity", "OPP00001", "--duration", "60", "-k", "2", "--json"}, "slots",
   {"SALES", "--opportunity", "OPP00001", "--duration", "60", "--window-from", "noon"},
   "clockspeed: --window-from: 'noon' is not a time (HH:MM)"},
  {"desk", {"SALES", "--json"}, "reps", {"DB"}, "clockspeed: the model has no sales desk (reps.csv)"},
  {"diary", {"SALES", "--rep", "REP0001", "--days", "3", "--json"}, "reps", {"SALES", "--days", "40"},
   "clockspeed: --days: 40 is out of range 1..31"},
  {"route", {"--solomon", "SOLOMON", "--time-limit", "0.05", "--json"}, "routes", {"--solomon", "SOLOMON", "--threads", "0"},
   "clockspeed: route: --threads takes a number from 1 to 16, not '0'"},
  {"friction", {"SALES", "--opportunity", "OPP00003", "--json"}, "frictions", {"SALES", "--opportunity", "OPP00003", "--friction", "XX"},
   "clockspeed: --friction: no friction 'XX'"},
  {"frictions", {"SALES", "--json"}, "pipeline", {"SALES", "--from", "2026-02-01", "--to", "2026-01-01"},
   "clockspeed: --to: must not come before from"},
  {"regret", {"DB", "--json"}, "decisions", {"DB", "--from", "someday"},
   "clockspeed: regret: --from takes an ISO date (YYYY-MM-DD), not 'someday'"},
  {"simulate", {"DB", "--days", "1", "--replications", "2", "--cv", "0.5", "--json"}, "runs", {"DB", "--release", "pull"},
   "clockspeed: --release: 'pull' is not push, rope or conwip:N (N from 1 to 1000000)"},
  {"shortages", {"RENTAL", "--json"}, "jobs", {"RENTAL", "--to", "x"},
   "clockspeed: shortages: --to takes an ISO date (YYYY-MM-DD), not 'x'"},
  {"allocate", {"RENTAL", "--json"}, "lines", {"DB"}, "clockspeed: the model has no rental house (items.csv)"},
  {"quote-job", {"RENTAL", "--job-file", "JOB", "--json"}, "marginal_overhire", {"RENTAL"},
   "clockspeed: quote-job: --job-file FILE is required"},
  {"buy-or-subrent", {"RENTAL", "--json"}, "items", {"SALES"}, "clockspeed: the model has no rental house (items.csv)"},
  {"serve", {NULL}, NULL, {"DB", "--listen", "nonsense"}, "clockspeed: serve: --listen takes HOST:PORT, not 'nonsense'"},
  {"token", {NULL}, NULL, {"create", "--role", "god", "DB"}, "clockspeed: token: --role is viewer, planner or admin, not 'god'"},
  {"import", {NULL}, NULL, {"DB", "/nonexistent"}, "clockspeed: /nonexistent: no such file or directory"},
  {"export", {NULL}, NULL, {"/nonexistent", "out"}, "clockspeed: /nonexistent: no such file or directory"},
  {"init", {NULL}, NULL, {"NEW", "--demo", "nope"}, "clockspeed: no demo named 'nope' (try pq, plant, sales or rental)"},
  {"generate", {NULL}, NULL, {"--scale", "Z", "out"}, "clockspeed: generate: scale 'Z' is not S, M or L"},
};

/* Builds argv: the command, then its arguments with the placeholders (DB, NEW, EV, BAD,
 * SALES) replaced by the paths in dir. */
static void make_args(const char *cmd, const char *const *in, const char *const place[8][2], const char **out) {
  size_t n = 0;
  out[n++] = cmd;
  for (size_t i = 0; i < 10 && in[i]; i++) {
    out[n] = in[i];
    for (int k = 0; k < 8; k++)
      if (strcmp(in[i], place[k][0]) == 0) out[n] = place[k][1];
    n++;
  }
  out[n] = NULL;
}

static void every_command(void **state) {
  (void)state;
  char *tmp = th_tmpdir(), *db = th_path(tmp, "pq.db"), *ev = th_path(tmp, "ev.jsonl"), *bad = th_path(tmp, "bad.jsonl"),
       *fresh = th_path(tmp, "new.db"), *sales = th_path(tmp, "sales.db"),
       *solomon = th_path(getenv("CS_TESTDATA"), "solomon/tiny.txt"), *rental = th_path(tmp, "rental.db"),
       *job = th_path(tmp, "job.json");
  const char *const place[8][2] = {{"DB", db},         {"NEW", fresh},           {"EV", ev},         {"BAD", bad},
                                   {"SALES", sales},   {"SOLOMON", solomon},     {"RENTAL", rental}, {"JOB", job}};
  const char *init[] = {"init", db, "--demo", "pq", NULL};
  assert_int_equal(th_run_cli(init, NULL, NULL), 0);
  const char *init_sales[] = {"init", sales, "--demo", "sales", NULL};
  assert_int_equal(th_run_cli(init_sales, NULL, NULL), 0);
  const char *init_rental[] = {"init", rental, "--demo", "rental", NULL};
  assert_int_equal(th_run_cli(init_rental, NULL, NULL), 0);
  th_write(job, "{\"id\": \"NEW\", \"out\": \"2026-07-01\", \"in\": \"2026-07-03\", \"price\": 9000, "
                "\"items\": [{\"item\": \"IT0001\", \"qty\": 2}], \"crew\": [{\"skill\": \"audio\", \"qty\": 2}]}\n");
  th_write(ev, "{\"type\":\"resource.capacity\",\"resource\":\"B\",\"date\":\"2026-01-06\",\"capacity\":400}\n");
  th_write(bad, "{\"type\":\"nope\"}\n");
  size_t listed = 0;
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
    const char *args[16];
    char *out = NULL;
    /* --help shows the command's own usage line. */
    const char *help[] = {commands[i].cmd, "--help", NULL};
    assert_int_equal(th_run_cli(help, &out, NULL), 0);
    char want[64];
    snprintf(want, sizeof want, "usage: clockspeed %s", commands[i].cmd);
    if (strncmp(out, want, strlen(want)) != 0) fail_msg("%s --help: %s", commands[i].cmd, out);
    free(out);
    if (commands[i].key) {
      make_args(commands[i].cmd, commands[i].json, place, args);
      json_t *v = run_json(args);
      if (!json_object_get(v, commands[i].key)) fail_msg("%s --json has no '%s'", commands[i].cmd, commands[i].key);
      json_decref(v);
    }
    make_args(commands[i].cmd, commands[i].bad, place, args);
    expect_refusal(args, commands[i].message);
    listed++;
  }
  /* The table covers every command the CLI lists. */
  char *out = NULL;
  const char *list[] = {"--help", NULL};
  assert_int_equal(th_run_cli(list, &out, NULL), 0);
  size_t shown = 0;
  for (char *line = strstr(out, "commands:\n"); line && (line = strchr(line, '\n')) && line[1] == ' '; line++) shown++;
  assert_int_equal(shown, listed);
  free(out);
  th_rmtree(tmp);
  free(db);
  free(ev);
  free(bad);
  free(fresh);
  free(solomon);
  free(rental);
  free(job);
  free(sales);
  free(tmp);
}

static void help_and_usage(void **state) {
  (void)state;
  char *out = NULL, *err = NULL;
  const char *ver[] = {"--version", NULL};
  assert_int_equal(th_run_cli(ver, &out, NULL), 0);
  assert_string_equal(out, "clockspeed 0.1.0\n");
  free(out);
  const char *unknown[] = {"frobnicate", NULL};
  assert_int_equal(th_run_cli(unknown, NULL, &err), 2);
  assert_non_null(strstr(err, "clockspeed: 'frobnicate' is not a command"));
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

/* The desk's route improvement from the command line: never more driving than booked;
 * --apply writes the moves to the store, after which the day starts from the new plan;
 * --apply needs a store, and a date in the past is refused. */
static void route_desk(void **state) {
  (void)state;
  char *tmp = th_tmpdir(), *sales = th_path(tmp, "sales.db"), *dir = th_path(tmp, "sales");
  const char *init[] = {"init", sales, "--demo", "sales", NULL};
  assert_int_equal(th_run_cli(init, NULL, NULL), 0);
  const char *plan[] = {"route", sales, "--date", "2026-01-05", "--time-limit", "0.3", "--json", NULL};
  json_t *p = run_json(plan);
  json_int_t before = json_integer_value(json_object_get(json_object_get(p, "before"), "travel_min"));
  json_int_t after = json_integer_value(json_object_get(json_object_get(p, "after"), "travel_min"));
  assert_true(before > 0 && after < before); /* the demo's days are booked one visit at a time */
  assert_true(json_array_size(json_object_get(p, "moves")) > 0);
  assert_true(json_is_false(json_object_get(p, "applied")));
  json_decref(p);
  const char *apply[] = {"route", sales, "--date", "2026-01-05", "--time-limit", "0.3", "--apply", "--json", NULL};
  p = run_json(apply);
  assert_true(json_is_true(json_object_get(p, "applied")));
  after = json_integer_value(json_object_get(json_object_get(p, "after"), "travel_min"));
  json_decref(p);
  const char *again[] = {"route", sales, "--date", "2026-01-05", "--time-limit", "0.1", "--json", NULL};
  p = run_json(again);
  assert_int_equal(json_integer_value(json_object_get(json_object_get(p, "before"), "travel_min")), after);
  json_decref(p);
  const char *export[] = {"export", sales, dir, NULL};
  assert_int_equal(th_run_cli(export, NULL, NULL), 0);
  static const struct {
    const char *args[8], *message;
  } bad[] = {
    {{"route", "DIR", "--date", "2026-01-05", "--apply", NULL},
     "clockspeed: route: --apply needs MODEL to be a store: a SQLite file or a postgresql:// URI (see `clockspeed init`)"},
    {{"route", "SALES", "--date", "2025-12-31", NULL},
     "clockspeed: --date: must be today or later: route improvement moves visits to come"},
    {{"route", "SALES", NULL}, "clockspeed: --date: must be given"},
    {{"route", "SALES", "--date", "2026-01-05", "--days", "0", NULL}, "clockspeed: --days: 0 is out of range 1..31"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    const char *args[8];
    for (size_t k = 0; k < 8; k++) {
      args[k] = bad[i].args[k];
      if (args[k] && strcmp(args[k], "DIR") == 0) args[k] = dir;
      if (args[k] && strcmp(args[k], "SALES") == 0) args[k] = sales;
    }
    expect_refusal(args, bad[i].message);
  }
  th_rmtree(tmp);
  free(sales);
  free(dir);
  free(tmp);
}

/* variability.csv from the command line: read and used, or refused naming the line, the
 * column and the value. */
static void simulate_variability(void **state) {
  (void)state;
  char *tmp = th_tmpdir(), *db = th_path(tmp, "pq.db"), *good = th_path(tmp, "var.csv"), *bad = th_path(tmp, "bad.csv");
  const char *init[] = {"init", db, "--demo", "pq", NULL};
  assert_int_equal(th_run_cli(init, NULL, NULL), 0);
  th_write(good, "resource,product,distribution,mtbf_min,mttr_min,rework_prob,absence_prob\n"
                 "*,*,\"lognormal(1,0.5)\",,,,\nB,*,triangular(10;15;25),600,30,0.05,0.1\n");
  const char *sim[] = {"simulate", db, "--variability", good, "--days", "2", "--replications", "3", "--json", NULL};
  json_t *v = run_json(sim);
  assert_int_equal(json_array_size(json_object_get(v, "runs")), 4); /* push, rope x fifo, bp */
  assert_string_equal(json_string_value(json_object_get(v, "constraint")), "B");
  json_decref(v);
  static const struct { const char *text, *message; } cases[] = {
    {"resource,product,distribution\nB,*,exponential(0)\n",
     "clockspeed: bad.csv:2: column 'distribution': 'exponential(0)': needs a mean > 0"},
    {"resource,product\nB,*\n", "clockspeed: bad.csv:1: missing required column 'distribution'"},
    {"resource,product,distribution,mtbf_min\nB,P,fixed(3),600\n",
     "clockspeed: bad.csv:2: column 'mttr_min': breakdowns need both mtbf_min and mttr_min"},
    {"resource,product,distribution\nB,NOPE,fixed(3)\n", "clockspeed: bad.csv:2: column 'product': no product 'NOPE'"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    th_write(bad, cases[i].text);
    const char *args[] = {"simulate", db, "--variability", bad, NULL};
    expect_refusal(args, cases[i].message);
  }
  th_rmtree(tmp);
  free(db);
  free(good);
  free(bad);
  free(tmp);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(json_documents),
    cmocka_unit_test(every_command),
    cmocka_unit_test(help_and_usage),
    cmocka_unit_test(generate_and_use),
    cmocka_unit_test(route_desk),
    cmocka_unit_test(simulate_variability),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
