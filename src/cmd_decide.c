/* cmd_decide.c — `clockspeed decide`: a what-if decision valued by what it does to the
 * Constraint, with the cost-accounting verdict beside it. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Prints the human answer. */
static void print_human(const cs_model *m, const void *req, const void *result, const cli_view *v) {
  (void)v;
  const cs_decision *d = req;
  const cs_decision_result *R = result;
  char a[48], b[48];
  printf("Decision: %s -> %s\n%s.\n\n", cs_decision_name(d->kind), R->verdict, R->reason);
  static const char *const head[] = {"", "throughput accounting", ""};
  cli_table *t = cli_table_new(2, head, "lr");
  const char *r1[] = {"Change in throughput (T)", cli_money(R->delta_throughput, a, sizeof a)};
  cli_table_add(t, r1);
  char c[48], e[48], f[48];
  const char *r2[] = {"Change in operating expense (OE)", cli_money(R->delta_operating_expense, c, sizeof c)};
  cli_table_add(t, r2);
  const char *r3[] = {"Change in net profit (NP)", cli_money(R->delta_net_profit, e, sizeof e)};
  cli_table_add(t, r3);
  const char *r4[] = {"Change in inventory (I)", cli_money(R->delta_inventory, f, sizeof f)};
  cli_table_add(t, r4);
  cli_table_print(t, stdout);
  cli_table_free(t);
  if (R->loads >= 0)
    printf("\nIt loads %s, whose shadow price is %s per minute.\n", m->resources.id[R->loads],
           cli_money(R->loads_shadow_price, a, sizeof a));
  printf("\nCost accounting says: %s (net profit %s by its own table).\n", R->ca_verdict,
         cli_money(R->ca_delta_net_profit, b, sizeof b));
}

/* A what-if decision valued on a store goes to its decision log. */
static int log_decision(const char *db, const cs_model *m, void *req, void *result, cs_arena *a, cs_error *err) {
  (void)m, (void)a, (void)err;
  const cs_decision *d = req;
  char logged[32];
  cli_utc_now(logged);
  char *request = cs_json_decide_request(m, d);
  cli_log_decision(db, cs_json_decision_decide(m, cs_decision_name(d->kind), request, result, m->settings.today, logged,
                                               cli_signal_age_ms()));
  free(request);
  return 0;
}

int cmd_decide(int argc, char **argv) {
  static const cli_opt opts[] = {
    {"product", "product", 's'}, {"qty", "qty", 'n'},         {"price", "price", 'n'},
    {"resource", "resource", 's'}, {"minutes", "minutes", 'n'}, {"cost", "cost", 'n'},
    {"buy-price", "buy_price", 'n'}, {"tvc", "tvc", 'n'},      {"demand", "demand", 'n'},
    {"step", "steps", 'r'},      {"oe-saved", "oe_saved", 'n'}, {"order", "order", 's'},
    {"due", "due", 'd'},         {NULL, NULL, 0}};
  static const cli_spec spec = {"decide", opts, "decision", 0, NULL, NULL, log_decision, print_human};
  return cli_run(&spec, argc, argv);
}
