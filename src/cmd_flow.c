/* cmd_flow.c — the subordination commands: `promise` (S-DBR safe dates), `release` (the
 * rope), `schedule` (the drum schedule), `buffers` (colours, queues, causes) and
 * `measures` (outcome measures): each a command of the one command table, shown here for
 * people. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Rows shown in a human table unless --all. */
#define SHOWN 30

static void promise_print(const cs_model *m, const void *req, const void *result, const cli_view *v) {
  (void)v;
  const cs_promise_ask *k = req;
  const cs_promise_answer *r = result;
  const cs_sdbr *s = r->sdbr;
  char d1[11], d2[11], d3[11];
  printf("Safe date for %g x %s: %s\n\n", k->qty, m->products.id[k->product], cs_date_format(r->promise.safe_date, d1));
  printf("The drum, %s, has %.0f minutes of committed work; with this request it is loaded\n"
         "until %s (%.1f days from %s). Safe date = the later of today + the production\n"
         "buffer (%g days) and the planned-load date + half the buffer.\n",
         m->resources.id[s->drum], s->planned_minutes, cs_date_format(r->promise.planned_load_date, d2),
         r->promise.planned_load_days, cs_date_format(s->at, d3), s->buffer_days);
}

/* The options of the commands asked at a moment. */
static const cli_opt at_opts[] = {{"at", "at", 'd'}, {NULL, NULL, 0}};

/* Prints one list of the rope. */
static void print_rope(const cs_model *m, const char *title, const cs_rope_entry *e, size_t n, int all) {
  printf("%s (%zu):\n", title, n);
  size_t shown = all || n <= SHOWN ? n : SHOWN;
  for (size_t i = 0; i < shown; i++) {
    char due[11], rel[11];
    size_t o = (size_t)e[i].order;
    printf("  %-14s %-10s qty %-8g due %s  release %s\n", m->orders.id[o], m->products.id[m->orders.product[o]],
           m->orders.qty[o], cs_date_format(m->orders.due[o], due), cs_date_format(e[i].release_date, rel));
  }
  if (shown < n) printf("  ... and %zu more (--all lists them)\n", n - shown);
}

static void rope_print(const cs_model *m, const void *req, const void *r, const cli_view *o) {
  (void)req;
  const cs_rope *R = r;
  print_rope(m, "Release now: the rope date (due date - production buffer) has come", R->release, R->nrelease, o->all);
  print_rope(m, "\nHold: not before their rope date", R->held, R->nheld, o->all);
}

static void schedule_print(const cs_model *m, const void *req, const void *r, const cli_view *opts) {
  (void)req;
  const cs_schedule *S = r;
  size_t late = 0;
  for (size_t i = 0; i < S->n; i++) late += S->slots[i].late;
  printf("Drum schedule of %s: %zu orders, %zu cannot make their due date.\n"
         "Constraint buffer and shipping buffer: %g days each.\n\n",
         m->resources.id[S->drum], S->n, late, S->constraint_buffer_days);
  static const char *const head[] = {"order", "release", "drum start", "drum end", "due", "can make"};
  cli_table *t = cli_table_new(6, head, "llllll");
  size_t shown = opts->all || S->n <= SHOWN ? S->n : SHOWN;
  for (size_t i = 0; i < shown; i++) {
    const cs_drum_slot *s = &S->slots[i];
    char d[5][11];
    const char *cells[] = {m->orders.id[s->order], cs_date_format(s->release, d[0]), cs_date_format(s->drum_start, d[1]),
                           cs_date_format(s->drum_end, d[2]), cs_date_format(s->due, d[3]),
                           s->late ? cs_date_format(s->can_make, d[4]) : ""};
    cli_table_add(t, cells);
  }
  cli_table_print(t, stdout);
  cli_table_free(t);
  if (shown < S->n) printf("... and %zu more (--all lists them)\n", S->n - shown);
}

static void buffers_print(const cs_model *m, const void *req, const void *r, const cli_view *opts) {
  (void)req;
  const cs_buffers *B = r;
  size_t count[4] = {0};
  for (size_t i = 0; i < B->n; i++) count[B->orders[i].color]++;
  char d[11];
  printf("Buffers on %s: %zu black (late), %zu red, %zu yellow, %zu green.\n\n", cs_date_format(B->at, d),
         count[CS_BLACK], count[CS_RED], count[CS_YELLOW], count[CS_GREEN]);
  static const char *const head[] = {"order", "colour", "penetration", "due", "waits at"};
  cli_table *t = cli_table_new(5, head, "llrll");
  size_t shown = opts->all || B->n <= SHOWN ? B->n : SHOWN;
  for (size_t i = 0; i < shown; i++) {
    const cs_buffer_order *b = &B->orders[i];
    char pen[32], due[11];
    snprintf(pen, sizeof pen, "%.0f %%", b->penetration * 100);
    const char *cells[] = {m->orders.id[b->order], cs_color_name(b->color), pen, cs_date_format(b->due, due),
                           b->at_resource >= 0 ? m->resources.id[b->at_resource] : "(not released)"};
    cli_table_add(t, cells);
  }
  cli_table_print(t, stdout);
  cli_table_free(t);
  if (shown < B->n) printf("... and %zu more (--all lists them)\n", B->n - shown);
  printf("\nWhere the red and black orders wait (work these first):\n");
  for (size_t i = 0; i < B->ncauses; i++)
    printf("  %-14s %zu orders, throughput %.2f\n",
           B->causes[i].resource >= 0 ? m->resources.id[B->causes[i].resource] : "not released",
           B->causes[i].orders, B->causes[i].throughput);
  if (!B->ncauses) printf("  none\n");
  if (B->nflagged) {
    printf("\nProtective capacity below %.0f %%:\n", m->settings.protective_capacity_min * 100);
    for (size_t i = 0; i < B->nflagged; i++)
      printf("  %-14s %.1f %%\n", m->resources.id[B->flagged[i]], B->protective[B->flagged[i]] * 100);
  }
}

static void measures_print(const cs_model *m, const void *req, const void *result, const cli_view *v) {
  (void)req;
  const cs_measures M = *(const cs_measures *)result;
  char d1[11], d2[11], a[48];
  printf("Outcome measures from %s to %s (%s)\n\n", cs_date_format(M.from, d1), cs_date_format(M.to, d2),
         m->settings.currency);
  printf("  Throughput (T)             %14s\n", cli_money(M.throughput, a, sizeof a));
  printf("  Operating expense (OE)     %14s\n", cli_money(M.operating_expense, a, sizeof a));
  printf("  Net profit (NP)            %14s\n", cli_money(M.net_profit, a, sizeof a));
  printf("  Inventory at TVC (I)       %14s\n", cli_money(M.inventory, a, sizeof a));
  printf("  ROI (NP / I)               %14.3f\n", M.roi);
  printf("  Productivity (T / OE)      %14.3f\n", M.productivity);
  printf("  Shipped / on time          %8zu / %zu (%.1f %%)\n", M.shipped, M.on_time, M.on_time_rate * 100);
  printf("  Mean lead time (days)      %14.1f\n", M.mean_lead_time_days);
  printf("  Throughput-dollar-days     %14s\n", cli_money(M.tdd, a, sizeof a));
  printf("  Inventory-dollar-days      %14s\n", cli_money(M.idd, a, sizeof a));
  const cs_spread *S = M.spread;
  if (!S) return;
  /* Consistency, not only means: the spread, and who gets the worst of it. */
  printf("  Lead time p50 / p90 (days) %8.1f / %.1f\n", S->lead_p50, S->lead_p90);
  const struct {
    const char *what;
    const cs_spread_row *R;
    size_t n;
  } groups[] = {{"customer", S->by_customer, S->ncustomers}, {"product", S->by_product, S->nproducts}};
  for (size_t g = 0; g < 2; g++) {
    if (!groups[g].n) continue;
    printf("\n  By %s, worst on time first%s:\n", groups[g].what, v->all || groups[g].n <= 5 ? "" : " (--all lists every one)");
    for (size_t i = 0; i < groups[g].n && (v->all || i < 5); i++) {
      const cs_spread_row *r = &groups[g].R[i];
      printf("    %-16s %4zu shipped, %5.1f %% on time, lead time p50 %.1f, p90 %.1f days\n", r->key[0] ? r->key : "(none)",
             r->shipped, r->on_time_rate * 100, r->lead_p50, r->lead_p90);
    }
  }
}

/* The commands of this file, as the command table runs them. */
static const cli_opt promise_opts[] = {{"product", "product", 's'}, {"qty", "qty", 'n'}, {"at", "at", 'd'}, {NULL, NULL, 0}};
static const cli_opt measures_opts[] = {{"from", "from", 'd'}, {"to", "to", 'd'}, {NULL, NULL, 0}};
static const cli_spec specs[] = {
  {"promise", promise_opts, NULL, 0, NULL, NULL, NULL, promise_print},
  {"release", at_opts, NULL, 1, NULL, NULL, NULL, rope_print},
  {"schedule", at_opts, NULL, 1, NULL, NULL, NULL, schedule_print},
  {"buffers", at_opts, NULL, 1, NULL, NULL, NULL, buffers_print},
  {"measures", measures_opts, NULL, 1, NULL, NULL, NULL, measures_print},
};

int cmd_promise(int argc, char **argv) { return cli_run(&specs[0], argc, argv); }
int cmd_release(int argc, char **argv) { return cli_run(&specs[1], argc, argv); }
int cmd_schedule(int argc, char **argv) { return cli_run(&specs[2], argc, argv); }
int cmd_buffers(int argc, char **argv) { return cli_run(&specs[3], argc, argv); }
int cmd_measures(int argc, char **argv) { return cli_run(&specs[4], argc, argv); }
