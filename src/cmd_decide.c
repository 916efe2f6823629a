/* cmd_decide.c — `clockspeed decide`: a what-if decision valued by what it does to the
 * Constraint, with the cost-accounting verdict beside it. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_STEPS 32

/* Prints the human answer. */
static void print_human(const cs_model *m, const cs_decision *d, const cs_decision_result *R) {
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

/* Parses --step RESOURCE:MINUTES. */
static int parse_step(const cli_command *cmd, const cs_model *m, const char *text, int32_t *res, double *min) {
  const char *colon = text ? strrchr(text, ':') : NULL;
  if (!colon) return cli_usage_error(cmd, "--step takes RESOURCE:MINUTES, not '%s'", text);
  char id[256];
  snprintf(id, sizeof id, "%.*s", (int)(colon - text), text);
  *res = cs_model_find_resource(m, id);
  if (*res < 0) {
    fprintf(stderr, "clockspeed: no resource '%s' in the model\n", id);
    return 2;
  }
  return cli_opt_number(cmd, "--step minutes", colon + 1, min);
}

int cmd_decide(int argc, char **argv) {
  const cli_command *cmd = cli_find_command("decide");
  static const struct option opts[] = {
    {"product", required_argument, 0, 'p'}, {"qty", required_argument, 0, 'q'},
    {"price", required_argument, 0, 'x'},   {"resource", required_argument, 0, 'r'},
    {"minutes", required_argument, 0, 'm'}, {"cost", required_argument, 0, 'c'},
    {"buy-price", required_argument, 0, 'b'}, {"tvc", required_argument, 0, 't'},
    {"demand", required_argument, 0, 'd'},  {"step", required_argument, 0, 's'},
    {"oe-saved", required_argument, 0, 'o'}, {"order", required_argument, 0, 'O'},
    {"due", required_argument, 0, 'D'},     {"json", no_argument, 0, 'j'},
    {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
  const char *product = NULL, *resource = NULL, *order = NULL, *steps[MAX_STEPS] = {0};
  size_t nsteps = 0;
  double qty = NAN, price = NAN, minutes = NAN, cost = NAN, buy = NAN, tvc = NAN, demand = NAN, oe = 0;
  cs_date due = CS_DATE_NONE;
  int json = 0, c, rc = 0;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "p:q:x:r:m:c:b:t:d:s:o:O:D:jh", opts, NULL)) != -1) {
    if (c == 'h') return cli_help(cmd);
    switch (c) {
      case 'p': product = optarg; break;
      case 'q': rc = cli_opt_number(cmd, "--qty", optarg, &qty); break;
      case 'x': rc = cli_opt_number(cmd, "--price", optarg, &price); break;
      case 'r': resource = optarg; break;
      case 'm': rc = cli_opt_number(cmd, "--minutes", optarg, &minutes); break;
      case 'c': rc = cli_opt_number(cmd, "--cost", optarg, &cost); break;
      case 'b': rc = cli_opt_number(cmd, "--buy-price", optarg, &buy); break;
      case 't': rc = cli_opt_number(cmd, "--tvc", optarg, &tvc); break;
      case 'd': rc = cli_opt_number(cmd, "--demand", optarg, &demand); break;
      case 's':
        if (nsteps == MAX_STEPS) return cli_usage_error(cmd, "at most %d --step options", MAX_STEPS);
        steps[nsteps++] = optarg;
        break;
      case 'o': rc = cli_opt_number(cmd, "--oe-saved", optarg, &oe); break;
      case 'O': order = optarg; break;
      case 'D': rc = cli_opt_date(cmd, "--due", optarg, &due); break;
      case 'j': json = 1; break;
      default: return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
    }
    if (rc) return rc;
  }
  if (argc - optind != 2) return cli_usage_error(cmd, "expected MODEL and a DECISION");
  int kind = cs_decision_parse(argv[optind + 1]);
  if (kind < 0)
    return cli_usage_error(cmd, "'%s' is not a decision (accept-order, overtime, over-hire, buy-product, "
                           "buy-step, drop-product, add-product, move-due)", argv[optind + 1]);
  cs_decision d;
  cs_decision_init(&d, (cs_decision_kind)kind);
  d.qty = qty;
  d.price = price;
  d.minutes = minutes;
  d.buy_price = buy;
  d.tvc = tvc;
  d.demand = demand;
  d.oe_saved = oe;
  d.due = due;
  cs_error err;
  cs_model *m = NULL;
  int32_t step_res[MAX_STEPS];
  double step_min[MAX_STEPS];
  cs_decision_result R;
  rc = cli_load_model(argv[optind], &m, &err);
  if (!rc && product) rc = cli_find_product(m, product, &d.product, &err);
  if (!rc && resource) rc = cli_find_resource(m, resource, &d.resource, &err);
  if (!rc && order) rc = cli_find_order(m, order, &d.order, &err);
  int exit_code = 0;
  if (rc) {
    exit_code = cli_fail(&err);
    goto out;
  }
  for (size_t i = 0; i < nsteps; i++)
    if ((exit_code = parse_step(cmd, m, steps[i], &step_res[i], &step_min[i]))) goto out;
  d.nsteps = nsteps;
  d.step_resource = step_res;
  d.step_minutes = step_min;
  if (isnan(cost) && d.resource >= 0) cost = m->resources.overtime_cost[d.resource];
  d.cost_per_minute = cost;
  rc = cs_decide(m, &d, &R, &err);
  if (rc) exit_code = cli_fail(&err);
  else if (json) exit_code = cli_print_json(cs_json_decision(m, &d, &R));
  else print_human(m, &d, &R);
out:
  cs_model_free(m);
  return exit_code;
}
