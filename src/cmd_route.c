/* cmd_route.c — `clockspeed route`: the route engine on a Solomon VRPTW instance (the
 * benchmark) — the routes with the least total distance within the fleet, the capacity and
 * the time windows. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Parses a number option into [lo, hi]; 0, or a usage error's exit code. */
static int number_in(const cli_command *cmd, const char *opt, const char *text, double lo, double hi, double *out) {
  char *end;
  double v = strtod(text, &end);
  if (!*text || *end || !(v >= lo && v <= hi))
    return cli_usage_error(cmd, "--%s takes a number from %g to %g, not '%s'", opt, lo, hi, text);
  *out = v;
  return 0;
}

/* Solves a Solomon instance and prints its routes. */
static int solomon(const char *file, const cs_vrp_options *opt, bool json) {
  cs_arena *a = cs_arena_new();
  cs_error err;
  cs_vrp p;
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

int cmd_route(int argc, char **argv) {
  const cli_command *cmd = cli_find_command("route");
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
  if (!file) return cli_usage_error(cmd, "expected --solomon FILE");
  if (optind != argc) return cli_usage_error(cmd, "unexpected '%s'", argv[optind]);
  return solomon(file, &opt, json);
}
