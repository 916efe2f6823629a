/* cmd_simulate.c — `clockspeed simulate-pricing`: replays a request stream under pricing
 * policies and compares what each earns with the hindsight bound. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Prints the human answer. */
static void print_human(const cs_model *m, const void *req, const void *result, const cli_view *v) {
  (void)req;
  (void)v;
  const cs_sim_result *S = result;
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
  printf("\nfirst-come accepts whatever earns throughput and still fits; cost-plus accepts what\n"
         "covers full cost; tcu accepts what reaches the Constraint's opening T/CU cut-off;\n"
         "bid-price accepts what covers TVC plus the live bid prices.\n");
}

/* One stream: --requests, --generate or --history. */
static int check(const cli_command *cmd, json_t *args, const char *model) {
  (void)model;
  int given = !!json_object_get(args, "requests_file") + !!json_object_get(args, "generate") +
              !!json_object_get(args, "history");
  if (given != 1) return cli_usage_error(cmd, "give one of --requests FILE, --generate N or --history");
  return 0;
}

/* With --requests FILE the stream is read from the file (errors name its lines); the rest
 * is decoded by the table, given an empty stream to start from. */
static int decode(const cs_model *m, json_t *args, cs_arena *a, void **req, cs_error *err) {
  const char *file = json_string_value(json_object_get(args, "requests_file"));
  if (file) json_object_set_new(args, "requests", json_array());
  int rc = cs_command_find("simulate-pricing")->decode(m, args, a, req, err);
  cs_sim_ask *s = *req;
  if (!rc && file) rc = cs_requests_read(m, file, a, &s->requests, &s->n, err);
  return rc;
}

int cmd_simulate_pricing(int argc, char **argv) {
  static const cli_opt opts[] = {{"requests", "requests_file", 's'}, {"generate", "generate", 'n'},
                                 {"seed", "seed", 'n'},             {"policy", "policy", 's'},
                                 {"bucket-days", "bucket_days", 'n'}, {"history", "history", 'f'},
                                 {NULL, NULL, 0}};
  static const cli_spec spec = {"simulate-pricing", opts, NULL, 0, check, decode, NULL, print_human};
  return cli_run(&spec, argc, argv);
}
