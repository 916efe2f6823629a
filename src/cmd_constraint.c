/* cmd_constraint.c — `clockspeed constraint`: loads, protective capacity and the Constraint. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Orders resources by load for the table, highest first. */
typedef struct row { double load; size_t r; } row;
static int by_load(const void *a, const void *b) {
  const row *x = a, *y = b;
  if (x->load != y->load) return x->load > y->load ? -1 : 1;
  return x->r < y->r ? -1 : x->r > y->r;
}

/* Formats a load as a percentage, "no capacity" when infinite. */
static const char *pct(double v, char *buf, size_t size) {
  if (!isfinite(v)) snprintf(buf, size, "no capacity");
  else snprintf(buf, size, "%.1f %%", v * 100);
  return buf;
}

/* Prints the human answer: a headline sentence, then the resources by load. */
static void print_human(const cs_model *m, const cs_load_result *L) {
  const cs_resources *R = &m->resources;
  char a[32], date[11];
  const char *basis = L->basis == CS_BASIS_DEMAND ? "one period of demand" : "open orders in the horizon";
  if (L->constraint >= 0)
    printf("Constraint: %s (%s) at %s load\n", R->id[L->constraint],
           R->name[L->constraint][0] ? R->name[L->constraint] : R->id[L->constraint],
           pct(L->load[L->constraint], a, sizeof a));
  else if (L->most_loaded >= 0)
    printf("Constraint: the market. No resource is loaded past its capacity; the most loaded,\n"
           "%s, is at %s.\n", R->id[L->most_loaded], pct(L->load[L->most_loaded], a, sizeof a));
  printf("Load from %s: %g days from %s.\n", basis, L->window_days,
         L->window_start == CS_DATE_NONE ? "today" : cs_date_format(L->window_start, date));
  if (L->wandering)
    printf("Warning: the declared constraint %s is not the measured one, %s (wandering constraint).\n",
           R->id[L->declared], R->id[L->constraint]);
  else if (L->declared >= 0)
    printf("Declared constraint: %s.\n", R->id[L->declared]);
  printf("\n");

  static const char *const head[] = {"resource", "name", "load", "protective", "work min", "avail min", ""};
  cli_table *t = cli_table_new(7, head, "llrrrrl");
  row *rows = malloc((L->n + 1) * sizeof *rows);
  for (size_t r = 0; rows && r < L->n; r++) rows[r] = (row){L->load[r], r};
  if (rows) qsort(rows, L->n, sizeof *rows, by_load);
  for (size_t i = 0; rows && i < L->n; i++) {
    size_t r = rows[i].r;
    char b[32], c[32], w[32], v[32];
    snprintf(w, sizeof w, "%.0f", L->work[r]);
    snprintf(v, sizeof v, "%.0f", L->available[r]);
    const char *mark = (int32_t)r == L->constraint ? "<- CONSTRAINT"
                       : L->interactive[r]         ? "interactive"
                       : (int32_t)r == L->declared ? "declared" : "";
    const char *cells[] = {R->id[r], R->name[r], pct(L->load[r], b, sizeof b),
                           pct(1 - L->load[r], c, sizeof c), w, v, mark};
    cli_table_add(t, cells);
  }
  free(rows);
  cli_table_print(t, stdout);
  cli_table_free(t);
}

int cmd_constraint(int argc, char **argv) {
  const cli_command *cmd = cli_find_command("constraint");
  static const struct option opts[] = {{"json", no_argument, 0, 'j'}, {"basis", required_argument, 0, 'b'},
                                       {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
  int json = 0, c;
  cs_load_basis basis = CS_BASIS_DEMAND;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "jb:h", opts, NULL)) != -1) {
    if (c == 'h') return cli_help(cmd);
    if (c == 'j') json = 1;
    else if (c == 'b' && strcmp(optarg, "demand") == 0) basis = CS_BASIS_DEMAND;
    else if (c == 'b' && strcmp(optarg, "orders") == 0) basis = CS_BASIS_ORDERS;
    else if (c == 'b') return cli_usage_error(cmd, "--basis is demand or orders, not '%s'", optarg);
    else return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
  }
  if (argc - optind != 1) return cli_usage_error(cmd, "expected one MODEL");
  cs_error err;
  cs_model *m = NULL;
  cs_arena *a = cs_arena_new();
  cs_load_result *L = NULL;
  int rc = cli_load_model(argv[optind], &m, &err);
  if (!rc) rc = cs_load_compute(m, basis, a, &L, &err);
  int exit_code = 0;
  if (rc) exit_code = cli_fail(&err);
  else if (json) exit_code = cli_print_json(cs_json_constraint(m, L));
  else print_human(m, L);
  cs_arena_free(a);
  cs_model_free(m);
  return exit_code;
}
