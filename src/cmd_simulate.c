/* cmd_simulate.c — `clockspeed simulate-pricing`: replays a request stream under pricing
 * policies and compares what each earns with the hindsight bound. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Prints the human answer. */
static void print_human(const cs_model *m, const cs_sim_result *S) {
  char a[48], b[48];
  printf("%zu requests offering throughput %s (%s). Hindsight bound: %s.\n\n", S->nrequests,
         cli_money(S->offered_throughput, a, sizeof a), m->settings.currency,
         cli_money(S->hindsight, b, sizeof b));
  static const char *const head[] = {"policy", "accepted", "refused", "throughput", "of hindsight"};
  cli_table *t = cli_table_new(5, head, "lrrrr");
  for (size_t i = 0; i < S->npolicies; i++) {
    const cs_policy_result *R = &S->policies[i];
    char acc[32], ref[32], th[48], ratio[32];
    snprintf(acc, sizeof acc, "%zu", R->accepted);
    snprintf(ref, sizeof ref, "%zu", R->refused);
    snprintf(ratio, sizeof ratio, "%.1f %%", R->ratio * 100);
    const char *cells[] = {cs_policy_name(R->policy), acc, ref, cli_money(R->throughput, th, sizeof th), ratio};
    cli_table_add(t, cells);
  }
  cli_table_print(t, stdout);
  cli_table_free(t);
  printf("\ncost-plus accepts what covers full cost; tcu accepts what reaches the Constraint's\n"
         "opening T/CU cut-off; bid-price accepts what covers TVC plus the live bid prices.\n");
}

int cmd_simulate_pricing(int argc, char **argv) {
  const cli_command *cmd = cli_find_command("simulate-pricing");
  static const struct option opts[] = {
    {"requests", required_argument, 0, 'r'}, {"generate", required_argument, 0, 'g'},
    {"seed", required_argument, 0, 's'},     {"policy", required_argument, 0, 'p'},
    {"json", no_argument, 0, 'j'},           {"help", no_argument, 0, 'h'},
    {0, 0, 0, 0}};
  const char *file = NULL;
  double gen = 0, seed = 1;
  unsigned policies = (1u << CS_POLICY_COUNT) - 1;
  int json = 0, c, rc = 0;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "r:g:s:p:jh", opts, NULL)) != -1) {
    if (c == 'h') return cli_help(cmd);
    if (c == 'r') file = optarg;
    else if (c == 'g') rc = cli_opt_number(cmd, "--generate", optarg, &gen);
    else if (c == 's') rc = cli_opt_number(cmd, "--seed", optarg, &seed);
    else if (c == 'p' && strcmp(optarg, "all") == 0) policies = (1u << CS_POLICY_COUNT) - 1;
    else if (c == 'p') {
      int p = cs_policy_parse(optarg);
      if (p < 0) return cli_usage_error(cmd, "--policy is cost-plus, tcu, bid-price or all, not '%s'", optarg);
      policies = 1u << p;
    } else if (c == 'j') json = 1;
    else return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
    if (rc) return rc;
  }
  if (argc - optind != 1) return cli_usage_error(cmd, "expected one MODEL");
  if (!file == !(gen > 0)) return cli_usage_error(cmd, "give either --requests FILE or --generate N");
  if (gen > 0 && (gen != floor(gen) || gen > 1e7)) return cli_usage_error(cmd, "--generate takes a whole number up to 10,000,000");
  if (!(seed >= 0 && seed <= 9007199254740992.0) || seed != floor(seed))
    return cli_usage_error(cmd, "--seed takes a whole number from 0 to 2^53");
  cs_error err;
  cs_model *m = NULL;
  cs_arena *a = cs_arena_new();
  cs_request *req = NULL;
  size_t n = 0;
  cs_sim_result *S = NULL;
  rc = cli_load_model(argv[optind], &m, &err);
  if (!rc && file) rc = cs_requests_read(m, file, a, &req, &n, &err);
  if (!rc && !file) {
    n = (size_t)gen;
    rc = cs_requests_generate(m, n, (uint64_t)seed, a, &req, &err);
  }
  if (!rc) rc = cs_simulate_pricing(m, req, n, policies, a, &S, &err);
  int exit_code = 0;
  if (rc) exit_code = cli_fail(&err);
  else if (json) exit_code = cli_print_json(cs_json_simulation(m, S));
  else print_human(m, S);
  cs_arena_free(a);
  cs_model_free(m);
  return exit_code;
}
