/* cmd_sim.c — `clockspeed simulate`: the variability simulator (DESIGN §10), a command of
 * the one command table; --variability FILE is read here (variability.csv) and the policies
 * are shown side by side with their 95 % intervals. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

/* A mean with its interval, as "12.3 ± 0.4". */
static const char *pm(double mean, double half, int decimals, char *buf, size_t size) {
  snprintf(buf, size, "%.*f ± %.*f", decimals, mean, decimals, half);
  return buf;
}

static void sim_print(const cs_model *m, const void *req, const void *result, const cli_view *v) {
  (void)v;
  const cs_simulate_ask *q = req;
  const cs_simulation_result *R = result;
  printf("%zu policies x %zu replications of %g days (after %g of warm-up), %s arrivals; the Constraint: %s.\n\n",
         R->nruns, q->opt.replications, q->opt.days, q->opt.warmup_days,
         q->opt.saturated ? "a saturated backlog of" : q->opt.arrivals == CS_SIM_ARRIVALS_POISSON ? "Poisson" : "order-book",
         R->constraint >= 0 ? m->resources.id[R->constraint] : "none");
  static const char *const head[] = {"release", "dispatch", "units/day", "on time", "lead time (min)", "p90 (min)",
                                     "WIP", "Constraint busy"};
  cli_table *t = cli_table_new(8, head, "llrrrrrr");
  for (size_t i = 0; i < R->nruns; i++) {
    const cs_sim_run *r = &R->runs[i];
    const cs_sim_measures *x = &r->mean, *h = &r->ci95;
    char rel[32], a[64], b[64], c[64], d[64], e[64], f[64];
    if (r->policy.release == CS_SIM_CONWIP) snprintf(rel, sizeof rel, "conwip:%d", (int)r->policy.wip_cap);
    else snprintf(rel, sizeof rel, "%s", cs_sim_release_name(r->policy.release));
    const char *cells[] = {rel, cs_sim_dispatch_name(r->policy.dispatch),
                           pm(x->throughput_per_day, h->throughput_per_day, 1, a, sizeof a),
                           pm(100 * x->on_time, 100 * h->on_time, 1, b, sizeof b),
                           pm(x->lead_time_mean, h->lead_time_mean, 0, c, sizeof c),
                           pm(x->lead_time_p90, h->lead_time_p90, 0, d, sizeof d), pm(x->wip, h->wip, 1, e, sizeof e),
                           pm(100 * x->constraint_utilisation, 100 * h->constraint_utilisation, 1, f, sizeof f)};
    cli_table_add(t, cells);
  }
  cli_table_print(t, stdout);
  cli_table_free(t);
  printf("\nEach figure is the mean over the replications ± the half-width of its 95 %% interval; every\n"
         "policy saw the same arrivals and step times. %.3g events in %.2f s (%.3g a second).\n",
         R->events, R->seconds, R->seconds > 0 ? R->events / R->seconds : 0);
}

/* The table's decoding, then variability.csv when --variability names one, and a
 * progress bar on a terminal. */
static int sim_decode(const cs_model *m, json_t *args, cs_arena *a, void **req, cs_error *err) {
  int rc = cs_command_find("simulate")->decode(m, args, a, req, err);
  if (rc) return rc;
  cs_simulate_ask *q = *req;
  const char *file = json_string_value(json_object_get(args, "variability_file"));
  if (file) {
    cs_sim_variability *rows;
    size_t n;
    if ((rc = cs_variability_read(m, file, a, &rows, &n, err))) return rc;
    q->opt.rows = rows, q->opt.nrows = n;
  }
  cli_progress *pg = cs_arena_calloc(a, 1, sizeof *pg);
  if (!pg) return cs_error_set(err, CS_ENOMEM, NULL, NULL, "out of memory");
  cli_progress_init(pg);
  q->opt.progress = cli_progress_cb;
  q->opt.user = pg;
  return 0;
}

/* Ends the progress bar. */
static int sim_after(const char *model, const cs_model *m, void *req, void *result, cs_arena *a, cs_error *err) {
  (void)model, (void)m, (void)result, (void)a, (void)err;
  cli_progress_done(((cs_simulate_ask *)req)->opt.user);
  return 0;
}

int cmd_simulate(int argc, char **argv) {
  static const cli_opt opts[] = {{"variability", "variability_file", 's'}, {"cv", "cv", 'n'},
                                 {"arrivals", "arrivals", 's'},           {"saturated", "saturated", 'f'},
                                 {"release", "release", 's'},             {"dispatch", "dispatch", 's'},
                                 {"days", "days", 'n'},                   {"warmup", "warmup", 'n'},
                                 {"replications", "replications", 'n'},   {"seed", "seed", 'n'},
                                 {"threads", "threads", 'n'},             {NULL, NULL, 0}};
  static const cli_spec spec = {"simulate", opts, NULL, 0, NULL, sim_decode, sim_after, sim_print};
  return cli_run(&spec, argc, argv);
}
