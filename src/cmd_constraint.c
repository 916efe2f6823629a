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
static void print_human(const cs_model *m, const void *req, const void *result, const cli_view *view) {
  (void)req;
  (void)view;
  const cs_load_result *L = result;
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
  const cs_clockspeed *C = L->clockspeed;
  if (C && C->resource >= 0) {
    char d1[11], d2[11];
    if (C->completions)
      printf("Clockspeed: %s completes an order every %.0f min (%zu shipped through it from %s to %s).\n",
             R->id[C->resource], C->minutes_per_completion, C->completions, cs_date_format(C->from, d1),
             cs_date_format(C->to, d2));
    else
      printf("Clockspeed: no order shipped through %s from %s to %s yet.\n", R->id[C->resource],
             cs_date_format(C->from, d1), cs_date_format(C->to, d2));
  }
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
  static const cli_opt opts[] = {{"basis", "basis", 's'}, {NULL, NULL, 0}};
  static const cli_spec spec = {"constraint", opts, NULL, 0, NULL, NULL, NULL, print_human};
  return cli_run(&spec, argc, argv);
}
