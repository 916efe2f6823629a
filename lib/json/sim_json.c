/* sim_json.c — the variability simulator's answer as JSON (part of the one
 * results-to-JSON layer): each policy's measures with their 95 % interval half-widths. */
#include <stdio.h>

#include "clockspeed/cs_json.h"
#include "json_priv.h"

/* The measures of one run, as the document names them. */
static json_t *measures(const cs_sim_measures *x) {
  return json_pack("{s:o, s:o, s:o, s:o, s:{s:o, s:o, s:o, s:o}, s:o, s:o, s:o, s:o}", "throughput_per_day",
                   cs__json_num(x->throughput_per_day), "orders_per_day", cs__json_num(x->orders_per_day),
                   "throughput_T", cs__json_num(x->throughput_T), "on_time", cs__json_num(x->on_time),
                   "lead_time_min", "mean", cs__json_num(x->lead_time_mean), "p50", cs__json_num(x->lead_time_p50),
                   "p90", cs__json_num(x->lead_time_p90), "p95", cs__json_num(x->lead_time_p95), "queue_time_min",
                   cs__json_num(x->queue_time), "wip", cs__json_num(x->wip), "constraint_utilisation",
                   cs__json_num(x->constraint_utilisation), "constraint_starved", cs__json_num(x->constraint_starved));
}

json_t *cs_json_sim(const cs_model *m, const cs_simulation_result *R) {
  json_t *runs = json_array();
  for (size_t i = 0; i < R->nruns; i++) {
    const cs_sim_run *r = &R->runs[i];
    char release[32];
    if (r->policy.release == CS_SIM_CONWIP) snprintf(release, sizeof release, "conwip:%d", (int)r->policy.wip_cap);
    else snprintf(release, sizeof release, "%s", cs_sim_release_name(r->policy.release));
    json_t *j = measures(&r->mean);
    if (!j) continue;
    json_object_set_new(j, "release", json_string(release));
    json_object_set_new(j, "dispatch", json_string(cs_sim_dispatch_name(r->policy.dispatch)));
    json_object_set_new(j, "replications", json_integer((json_int_t)r->replications));
    json_object_set_new(j, "ci95", measures(&r->ci95));
    json_t *wip = json_array(), *util = json_array();
    for (size_t d = 0; d < r->ndays; d++) {
      json_array_append_new(wip, cs__json_num(r->wip_by_day[d]));
      json_array_append_new(util, cs__json_num(r->utilisation_by_day[d]));
    }
    json_object_set_new(j, "by_day", json_pack("{s:o, s:o}", "wip", wip, "constraint_utilisation", util));
    json_array_append_new(runs, j);
  }
  return json_pack("{s:o, s:o, s:o, s:o, s:o}", "constraint", cs__json_id(m->resources.id, R->constraint), "runs", runs,
                   "events", cs__json_num(R->events), "events_per_s",
                   cs__json_num(R->seconds > 0 ? R->events / R->seconds : 0), "seconds", cs__json_num(R->seconds));
}
