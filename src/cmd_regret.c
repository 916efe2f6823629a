/* cmd_regret.c — `clockspeed regret`: the decision log replayed against what happened and
 * against hindsight (issue 15): per decision type, what the decisions taken earned, what
 * the best choice in hindsight would have, and what the cost-accounting answer would have;
 * then the log, decision by decision, with its outcome. */
#include <math.h>
#include <stdio.h>

#include "cli.h"

/* A money figure, or "-" when there is none. */
static const char *money_or_dash(double v, char *buf, size_t size) {
  if (isnan(v)) {
    snprintf(buf, size, "-");
    return buf;
  }
  return cli_money(v, buf, size);
}

static void regret_print(const cs_model *m, const void *req, const void *result, const cli_view *v) {
  (void)req;
  const cs_regret *R = result;
  const cs_decisions *d = &m->decisions;
  char d1[11], d2[11];
  if (R->from == CS_DATE_NONE && R->to == CS_DATE_NONE) printf("Decisions logged (the whole log, %s):\n\n", m->settings.currency);
  else
    printf("Decisions logged from %s to %s (%s):\n\n", R->from == CS_DATE_NONE ? "the start" : cs_date_format(R->from, d1),
           R->to == CS_DATE_NONE ? "the end" : cs_date_format(R->to, d2), m->settings.currency);
  static const char *const head[] = {"type", "count", "taken", "earned", "hindsight best", "cost accounting would"};
  cli_table *t = cli_table_new(6, head, "lrrrrr");
  for (int k = 0; k < CS_DECISION_TYPE_COUNT; k++) {
    const cs_regret_type *T = &R->types[k];
    char c[16], tk[16], e[48], h[48], ca[48];
    snprintf(c, sizeof c, "%zu", T->count);
    snprintf(tk, sizeof tk, "%zu", T->taken);
    const char *cells[] = {cs_decision_type_name((cs_decision_type)k), c, tk,
                           money_or_dash(T->earned, e, sizeof e),
                           money_or_dash(T->hindsight_best, h, sizeof h), money_or_dash(T->cost_accounting, ca, sizeof ca)};
    cli_table_add(t, cells);
  }
  cli_table_print(t, stdout);
  cli_table_free(t);
  printf("\nQuotes earn the T of the orders they booked (not cancelled); hindsight is the best any\n"
         "choice could have earned from the same requests; cost accounting is its answer (accept\n"
         "when the price covers full cost) replayed on them. A what-if is valued again on the\n"
         "orders due in its period as they came: taking it earned that change in net profit,\n"
         "hindsight takes it only where it is positive.\n");
  if (!R->nlog) return;
  printf("\nThe log%s:\n", v->all || R->nlog <= 20 ? "" : " (the last 20; --all lists every one)");
  size_t first = v->all || R->nlog <= 20 ? 0 : R->nlog - 20;
  for (size_t k = first; k < R->nlog; k++) {
    const cs_regret_entry *e = &R->log[k];
    size_t i = (size_t)e->decision;
    char s[48], tt[48];
    printf("  %s  %-6s %-12s signal %12s  %-8s (cost accounting: %-6s)  %-12s %s\n", cs_date_format(d->at[i], d1),
           cs_decision_type_name((cs_decision_type)d->type[i]), d->subject[i], cli_money(d->signal[i], s, sizeof s),
           d->choice[i], d->cost_accounting[i][0] ? d->cost_accounting[i] : "-", e->outcome,
           cli_money(e->throughput, tt, sizeof tt));
  }
}

int cmd_regret(int argc, char **argv) {
  static const cli_opt opts[] = {{"from", "from", 'd'}, {"to", "to", 'd'}, {NULL, NULL, 0}};
  static const cli_spec spec = {"regret", opts, NULL, 1, NULL, NULL, NULL, regret_print};
  return cli_run(&spec, argc, argv);
}
