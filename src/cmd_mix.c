/* cmd_mix.c — `clockspeed mix`: the throughput-accounting mix beside the cost-accounting one. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Orders products that use the drum by T/CU, highest first, then the others by T per unit. */
typedef struct row { int on_drum; double key, key2; size_t p; } row;
static int by_tcu(const void *a, const void *b) {
  const row *x = a, *y = b;
  if (x->on_drum != y->on_drum) return x->on_drum ? -1 : 1;
  if (x->key != y->key) return x->key > y->key ? -1 : 1;
  if (x->key2 != y->key2) return x->key2 > y->key2 ? -1 : 1;
  return x->p < y->p ? -1 : x->p > y->p;
}

/* Prints the human answer: products, the two profit statements side by side, shadow prices. */
static void print_human(const cs_model *m, const void *req, const void *result, const cli_view *v) {
  (void)req;
  const cs_mix_result *R = result;
  int all = v->all;
  const char *drum = R->drum >= 0 ? m->resources.id[R->drum] : "-";
  printf("Product mix for one period (%g days), currency %s. T/CU is measured on %s.\n\n",
         m->settings.period_days, m->settings.currency, drum);
  char tcu_head[64];
  snprintf(tcu_head, sizeof tcu_head, "T/CU (%s)", drum);
  const char *head[] = {"product", "name", "T/unit", tcu_head, "demand", "throughput mix",
                        "cost-accounting mix"};
  cli_table *t = cli_table_new(7, head, "llrrrrr");
  size_t np = R->nproducts;
  row *rows = malloc((np + 1) * sizeof *rows);
  for (size_t p = 0; rows && p < np; p++)
    rows[p] = (row){!isnan(R->t_per_cu[p]), isnan(R->t_per_cu[p]) ? 0 : R->t_per_cu[p], R->t_per_unit[p], p};
  if (rows) qsort(rows, np, sizeof *rows, by_tcu);
  size_t shown = all || np <= 25 ? np : 25;
  for (size_t i = 0; rows && i < shown; i++) {
    size_t p = rows[i].p;
    char tu[32], tc[32], d[32], q[32], cq[32];
    snprintf(tu, sizeof tu, "%.2f", R->t_per_unit[p]);
    if (isnan(R->t_per_cu[p])) snprintf(tc, sizeof tc, "not on %s", drum);
    else snprintf(tc, sizeof tc, "%.2f", R->t_per_cu[p]);
    snprintf(d, sizeof d, "%g", m->products.demand[p]);
    snprintf(q, sizeof q, "%g", R->qty[p]);
    snprintf(cq, sizeof cq, "%g", R->ca_qty[p]);
    const char *cells[] = {m->products.id[p], m->products.name[p], tu, tc, d, q, cq};
    cli_table_add(t, cells);
  }
  free(rows);
  cli_table_print(t, stdout);
  cli_table_free(t);
  if (shown < np) printf("... and %zu more products (--all lists them).\n", np - shown);

  char a[48], b[48];
  printf("\n");
  static const char *const h2[] = {"", "throughput accounting", "cost accounting"};
  cli_table *s = cli_table_new(3, h2, "lrr");
  const char *r1[] = {"Throughput (T)", cli_money(R->throughput, a, sizeof a), cli_money(R->ca_throughput, b, sizeof b)};
  cli_table_add(s, r1);
  char c[48], d[48];
  const char *r2[] = {"Operating expense (OE)", cli_money(R->operating_expense, c, sizeof c),
                      cli_money(R->operating_expense, d, sizeof d)};
  cli_table_add(s, r2);
  char e[48], f[48];
  const char *r3[] = {"Net profit (NP = T - OE)", cli_money(R->net_profit, e, sizeof e),
                      cli_money(R->ca_net_profit, f, sizeof f)};
  cli_table_add(s, r3);
  cli_table_print(s, stdout);
  cli_table_free(s);
  printf("\nCost accounting allocates OE at %.4f per resource minute and ranks products by unit\n"
         "margin; throughput accounting allocates nothing and ranks by T per Constraint minute.\n",
         R->ca_rate);
  if (!R->proven || R->gap > 1e-9)
    printf("Whole units: %.3f %% below the LP bound %s%s.\n", R->gap * 100, cli_money(R->lp_bound, a, sizeof a),
           R->proven ? "" : " (search stopped at its node limit)");

  printf("\nShadow prices (throughput one more minute would bring):\n");
  int any = 0;
  for (size_t r = 0; r < R->nresources; r++) {
    if (R->shadow_price[r] <= 0) continue;
    printf("  %-10s %s per minute\n", m->resources.id[r], cli_money(R->shadow_price[r], a, sizeof a));
    any = 1;
  }
  if (!any) printf("  none: no resource limits the mix; the market does.\n");
}

int cmd_mix(int argc, char **argv) {
  static const cli_opt opts[] = {{"gap", "gap", 'n'}, {NULL, NULL, 0}};
  static const cli_spec spec = {"mix", opts, NULL, 1, NULL, NULL, NULL, print_human};
  return cli_run(&spec, argc, argv);
}
