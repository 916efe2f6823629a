/* cmd_flow.c — the subordination commands: `promise` (S-DBR safe dates), `release` (the
 * rope), `schedule` (the drum schedule), `buffers` (colours, queues, causes) and
 * `measures` (outcome measures). They share option parsing and loading. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* What the five commands take; each uses the part it needs. */
typedef struct flow_opts {
  int json, all;
  cs_date at, from, to;
  const char *product;
  double qty;
  const char *model;
} flow_opts;

/* Parses the options every flow command shares; returns -1 to go on, else an exit code. */
static int parse(const cli_command *cmd, int argc, char **argv, flow_opts *o) {
  static const struct option opts[] = {
    {"json", no_argument, 0, 'j'},          {"all", no_argument, 0, 'A'},
    {"at", required_argument, 0, 'a'},      {"from", required_argument, 0, 'f'},
    {"to", required_argument, 0, 't'},      {"product", required_argument, 0, 'p'},
    {"qty", required_argument, 0, 'q'},     {"help", no_argument, 0, 'h'},
    {0, 0, 0, 0}};
  memset(o, 0, sizeof *o);
  o->at = o->from = o->to = CS_DATE_NONE;
  o->qty = NAN;
  optind = 1;
  opterr = 0;
  int c, rc = 0;
  while ((c = getopt_long(argc, argv, "jAa:f:t:p:q:h", opts, NULL)) != -1) {
    if (c == 'h') return cli_help(cmd);
    if (c == 'j') o->json = 1;
    else if (c == 'A') o->all = 1;
    else if (c == 'a') rc = cli_opt_date(cmd, "--at", optarg, &o->at);
    else if (c == 'f') rc = cli_opt_date(cmd, "--from", optarg, &o->from);
    else if (c == 't') rc = cli_opt_date(cmd, "--to", optarg, &o->to);
    else if (c == 'p') o->product = optarg;
    else if (c == 'q') rc = cli_opt_number(cmd, "--qty", optarg, &o->qty);
    else return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
    if (rc) return rc;
  }
  if (argc - optind != 1) return cli_usage_error(cmd, "expected one MODEL");
  o->model = argv[optind];
  return -1;
}

/* How one flow command computes its answer, encodes it as JSON and prints it for people. */
typedef struct flow_command {
  const char *name;
  int (*compute)(const cs_model *m, const flow_opts *o, cs_arena *a, void **out, cs_error *err);
  json_t *(*to_json)(const cs_model *m, const void *result);
  void (*print)(const cs_model *m, const void *result, const flow_opts *o);
} flow_command;

/* Runs a flow command: options, the model, the computation, then JSON or a table. */
static int run(const flow_command *fc, int argc, char **argv) {
  const cli_command *cmd = cli_find_command(fc->name);
  flow_opts o;
  int rc = parse(cmd, argc, argv, &o);
  if (rc >= 0) return rc;
  cs_error err;
  cs_model *m = NULL;
  cs_arena *a = cs_arena_new();
  void *result = NULL;
  rc = cli_load_model(o.model, &m, &err);
  if (!rc) rc = fc->compute(m, &o, a, &result, &err);
  int exit_code = 0;
  if (rc) exit_code = cli_fail(&err);
  else if (o.json) exit_code = cli_print_json(fc->to_json(m, result));
  else fc->print(m, result, &o);
  cs_arena_free(a);
  cs_model_free(m);
  return exit_code;
}

/* Rows shown in a human table unless --all. */
#define SHOWN 30

int cmd_promise(int argc, char **argv) {
  const cli_command *cmd = cli_find_command("promise");
  flow_opts o;
  int rc = parse(cmd, argc, argv, &o);
  if (rc >= 0) return rc;
  if (!o.product || !(o.qty > 0)) return cli_usage_error(cmd, "--product and a positive --qty are required");
  cs_error err;
  cs_model *m = NULL;
  cs_arena *a = cs_arena_new();
  cs_sdbr *s = NULL;
  cs_promise p = {0};
  int32_t prod = -1;
  rc = cli_load_model(o.model, &m, &err);
  if (!rc) rc = cli_find_product(m, o.product, &prod, &err);
  if (!rc) rc = cs_sdbr_compute(m, o.at, a, &s, &err);
  if (!rc) rc = cs_sdbr_promise(m, s, prod, o.qty, &p, &err);
  int exit_code = 0;
  if (rc) exit_code = cli_fail(&err);
  else if (o.json) exit_code = cli_print_json(cs_json_promise(m, s, &p));
  else {
    char d1[11], d2[11], d3[11];
    printf("Safe date for %g x %s: %s\n\n", o.qty, o.product, cs_date_format(p.safe_date, d1));
    printf("The drum, %s, has %.0f minutes of committed work; with this request it is loaded\n"
           "until %s (%.1f days from %s). Safe date = the later of today + the production\n"
           "buffer (%g days) and the planned-load date + half the buffer.\n",
           m->resources.id[s->drum], s->planned_minutes, cs_date_format(p.planned_load_date, d2),
           p.planned_load_days, cs_date_format(s->at, d3), s->buffer_days);
  }
  cs_arena_free(a);
  cs_model_free(m);
  return exit_code;
}

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

static int rope_compute(const cs_model *m, const flow_opts *o, cs_arena *a, void **out, cs_error *err) {
  return cs_rope_compute(m, o->at, a, (cs_rope **)out, err);
}
static json_t *rope_json(const cs_model *m, const void *r) { return cs_json_rope(m, r); }
static void rope_print(const cs_model *m, const void *r, const flow_opts *o) {
  const cs_rope *R = r;
  print_rope(m, "Release now: the rope date (due date - production buffer) has come", R->release, R->nrelease, o->all);
  print_rope(m, "\nHold: not before their rope date", R->held, R->nheld, o->all);
}

int cmd_release(int argc, char **argv) {
  static const flow_command fc = {"release", rope_compute, rope_json, rope_print};
  return run(&fc, argc, argv);
}

static int schedule_compute(const cs_model *m, const flow_opts *o, cs_arena *a, void **out, cs_error *err) {
  return cs_schedule_compute(m, o->at, a, (cs_schedule **)out, err);
}
static json_t *schedule_json(const cs_model *m, const void *r) { return cs_json_schedule(m, r); }
static void schedule_print(const cs_model *m, const void *r, const flow_opts *opts) {
  const cs_schedule *S = r;
  const flow_opts o = *opts;
  size_t late = 0;
  for (size_t i = 0; i < S->n; i++) late += S->slots[i].late;
  printf("Drum schedule of %s: %zu orders, %zu cannot make their due date.\n"
         "Constraint buffer and shipping buffer: %g days each.\n\n",
         m->resources.id[S->drum], S->n, late, S->constraint_buffer_days);
  static const char *const head[] = {"order", "release", "drum start", "drum end", "due", "can make"};
  cli_table *t = cli_table_new(6, head, "llllll");
  size_t shown = o.all || S->n <= SHOWN ? S->n : SHOWN;
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

int cmd_schedule(int argc, char **argv) {
  static const flow_command fc = {"schedule", schedule_compute, schedule_json, schedule_print};
  return run(&fc, argc, argv);
}

static int buffers_compute(const cs_model *m, const flow_opts *o, cs_arena *a, void **out, cs_error *err) {
  return cs_buffers_compute(m, o->at, a, (cs_buffers **)out, err);
}
static json_t *buffers_json(const cs_model *m, const void *r) { return cs_json_buffers(m, r); }
static void buffers_print(const cs_model *m, const void *r, const flow_opts *opts) {
  const cs_buffers *B = r;
  const flow_opts o = *opts;
  size_t count[4] = {0};
  for (size_t i = 0; i < B->n; i++) count[B->orders[i].color]++;
  char d[11];
  printf("Buffers on %s: %zu black (late), %zu red, %zu yellow, %zu green.\n\n", cs_date_format(B->at, d),
         count[CS_BLACK], count[CS_RED], count[CS_YELLOW], count[CS_GREEN]);
  static const char *const head[] = {"order", "colour", "penetration", "due", "waits at"};
  cli_table *t = cli_table_new(5, head, "llrll");
  size_t shown = o.all || B->n <= SHOWN ? B->n : SHOWN;
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

int cmd_buffers(int argc, char **argv) {
  static const flow_command fc = {"buffers", buffers_compute, buffers_json, buffers_print};
  return run(&fc, argc, argv);
}

int cmd_measures(int argc, char **argv) {
  const cli_command *cmd = cli_find_command("measures");
  flow_opts o;
  int rc = parse(cmd, argc, argv, &o);
  if (rc >= 0) return rc;
  cs_error err;
  cs_model *m = NULL;
  cs_measures M = {0};
  rc = cli_load_model(o.model, &m, &err);
  if (!rc) {
    if (o.to == CS_DATE_NONE) o.to = m->settings.today;
    if (o.from == CS_DATE_NONE) o.from = o.to - (cs_date)ceil(m->settings.period_days) + 1;
    rc = cs_measures_compute(m, o.from, o.to, &M, &err);
  }
  int exit_code = 0;
  if (rc) exit_code = cli_fail(&err);
  else if (o.json) exit_code = cli_print_json(cs_json_measures(m, &M));
  else {
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
  }
  cs_model_free(m);
  return exit_code;
}
