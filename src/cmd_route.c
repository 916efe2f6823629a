/* cmd_route.c — `clockspeed route`: the reps' booked days improved (MODEL --date DATE, a
 * command of the one command table; --apply writes the moves as one event), or the route
 * engine on a Solomon VRPTW instance (--solomon FILE, the benchmark) — the routes with the
 * least total distance within the fleet, the capacity and the time windows. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Parses a number option into [lo, hi]; 0, or a usage error's exit code. */
static int number_in(const cli_command *cmd, const char *opt, const char *text, double lo, double hi, double *out) {
  char *end;
  double v = strtod(text, &end);
  *out = lo;
  if (!*text || *end || !(v >= lo && v <= hi))
    return cli_usage_error(cmd, "--%s takes a number from %g to %g, not '%s'", opt, lo, hi, text);
  *out = v;
  return 0;
}

/* Solves a Solomon instance and prints its routes. */
static int solomon(const char *file, const cs_vrp_options *opt, bool json) {
  cs_arena *a = cs_arena_new();
  cs_error err;
  cs_vrp p = {0};
  cs_vrp_solution *X = NULL;
  char name[64];
  int rc = a ? cs_solomon_read(file, a, &p, name, sizeof name, &err) : cs_error_set(&err, CS_ENOMEM, NULL, NULL, "out of memory");
  if (!rc) rc = cs_vrp_solve(&p, opt, a, &X, &err);
  int code = rc ? cli_fail(&err) : 0;
  if (!rc && json) {
    code = cli_print_json(cs_json_solomon(name, &p, X));
  } else if (!rc) {
    size_t used = 0;
    for (size_t v = 0; v < p.nvehicles; v++) used += X->len[v] > 0;
    printf("%s: %zu customers, %zu vehicles used of %zu, distance %.2f (%zu steps in %.2f s)\n", name, p.njobs, used,
           p.nvehicles, X->travel, X->iterations, X->seconds);
    if (X->unassigned) printf("%zu customers could not be served.\n", X->unassigned);
  }
  cs_arena_free(a);
  return code;
}

static void reroute_print(const cs_model *m, const void *req, const void *result, const cli_view *v) {
  const cs_route_ask *q = req;
  const cs_reroute *P = result;
  for (size_t k = 0; k < P->ndays; k++) {
    const cs_reroute_day *D = &P->days[k];
    char d[11];
    printf("%s  %zu visits  driving %d -> %d min", cs_date_format(D->date, d), D->appointments, (int)D->travel_before,
           (int)D->travel_after);
    if (D->travel_before > 0) printf(" (%.1f %% less)", 100.0 * (D->travel_before - D->travel_after) / D->travel_before);
    printf("  %zu of %zu neighbourhoods improved", D->improved, D->groups);
    if (D->left_alone) printf(", %zu rep-days left as booked (they already break a rule)", D->left_alone);
    printf("\n");
  }
  printf("\n%zu visits move", P->nmoves);
  if (P->nmoves) printf(":\n");
  else printf(": the booked plan is kept.\n");
  for (size_t i = 0; i < P->nmoves && (v->all || i < 30); i++) {
    const cs_reroute_move *mv = &P->moves[i];
    char d[11], a[8], b[8];
    printf("  %-14s %s  %s %s -> %s %s\n", m->appointments.id[mv->appointment], cs_date_format(mv->date, d),
           m->reps.id[mv->from_rep], cli_hhmm(mv->from_start, a, sizeof a), m->reps.id[mv->to_rep],
           cli_hhmm(mv->start, b, sizeof b));
  }
  if (!v->all && P->nmoves > 30) printf("  ... and %zu more (--all lists them)\n", P->nmoves - 30);
  if (P->nmoves) printf(q->apply ? "\nApplied: the moves are in the store's log (one appointments.rerouted event).\n"
                                 : "\nNothing is changed until --apply.\n");
}

/* --apply needs a store. */
static int reroute_check(const cli_command *cmd, json_t *args, const char *model) {
  return json_is_true(json_object_get(args, "apply")) ? cli_needs_store(cmd, "--apply", model) : 0;
}

/* The table's decoding, with a progress bar on a terminal. */
static int reroute_decode(const cs_model *m, json_t *args, cs_arena *a, void **req, cs_error *err) {
  int rc = cs_command_find("route")->decode(m, args, a, req, err);
  cli_progress *pg = cs_arena_calloc(a, 1, sizeof *pg);
  if (!rc && !pg) rc = cs_error_set(err, CS_ENOMEM, NULL, NULL, "out of memory");
  if (rc) return rc;
  cli_progress_init(pg);
  cs_route_ask *q = *req;
  q->opt.progress = cli_progress_cb;
  q->opt.user = pg;
  return 0;
}

/* With --apply, writes the moves to the store as one appointments.rerouted event, checked
 * again against the store as it stands (a visit booked meanwhile that overlaps refuses it
 * whole). */
static int reroute_apply(const char *db, const cs_model *m, void *req, void *result, cs_arena *a, cs_error *err) {
  (void)a;
  const cs_route_ask *q = req;
  cli_progress_done(q->opt.user);
  if (!q->apply || !((const cs_reroute *)result)->nmoves) return 0;
  char *text = cs_json_reroute_event(m, result);
  if (!text) return cs_error_set(err, CS_ENOMEM, NULL, NULL, "out of memory");
  const char *events[] = {text};
  int rc = cs_store_append_events(db, events, NULL, 1, "route", NULL, err);
  free(text);
  return rc;
}

/* The reps' days: route MODEL --date DATE. */
static int reroute(int argc, char **argv) {
  static const cli_opt opts[] = {{"date", "date", 'd'},    {"days", "days", 'n'}, {"time-limit", "time_limit", 'n'},
                                 {"threads", "threads", 'n'}, {"seed", "seed", 'n'}, {"apply", "apply", 'f'},
                                 {NULL, NULL, 0}};
  static const cli_spec spec = {"route", opts, NULL, 1, reroute_check, reroute_decode, reroute_apply, reroute_print};
  return cli_run(&spec, argc, argv);
}

/* Whether the arguments ask for the Solomon benchmark. */
static bool solomon_asked(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--solomon") == 0 || strncmp(argv[i], "--solomon=", 10) == 0) return true;
  return false;
}

int cmd_route(int argc, char **argv) {
  const cli_command *cmd = cli_find_command("route");
  if (!solomon_asked(argc, argv)) return reroute(argc, argv);
  static const struct option opts[] = {{"solomon", required_argument, 0, 'S'}, {"time-limit", required_argument, 0, 't'},
                                       {"threads", required_argument, 0, 'n'},  {"seed", required_argument, 0, 's'},
                                       {"json", no_argument, 0, 'j'},           {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  cs_vrp_options opt = {1.0, 2, 1, NULL, NULL, NULL};
  const char *file = NULL;
  bool json = false;
  double v;
  int c, rc = 0;
  optind = 1;
  opterr = 0;
  while (!rc && (c = getopt_long(argc, argv, "S:t:n:s:jh", opts, NULL)) != -1) {
    if (c == 'h') return cli_help(cmd);
    if (c == 'S') file = optarg;
    else if (c == 'j') json = true;
    else if (c == 't' && !(rc = number_in(cmd, "time-limit", optarg, 0.001, 86400, &v))) opt.time_limit = v;
    else if (c == 'n' && !(rc = number_in(cmd, "threads", optarg, 1, CS_VRP_MAX_THREADS, &v))) opt.threads = (int)v;
    else if (c == 's' && !(rc = number_in(cmd, "seed", optarg, 0, 9007199254740992.0, &v))) opt.seed = (uint64_t)v;
    else if (c == '?') return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
  }
  if (rc) return rc;
  if (optind != argc) return cli_usage_error(cmd, "unexpected '%s'", argv[optind]);
  return solomon(file, &opt, json);
}
