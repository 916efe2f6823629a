/* pricing_json.c — quotes, decisions and pricing simulations as JSON, for `--json` and
 * the HTTP API alike (part of the one results-to-JSON layer with results_json.c). */
#include <math.h>

#include "clockspeed/cs_json.h"
#include "json_priv.h"

json_t *cs_json_quote(const cs_model *m, const cs_quote_request *q, cs_date at, const cs_quote *Q,
                      const char *booked) {
  json_t *bids = json_array();
  for (size_t i = 0; i < Q->nbids; i++)
    json_array_append_new(bids, json_pack("{s:s, s:o, s:o, s:o}", "resource", m->resources.id[Q->bids[i].resource],
                                          "bucket", cs__json_date(Q->bids[i].bucket_start), "per_minute",
                                          cs__json_num(Q->bids[i].per_minute), "minutes", cs__json_num(Q->bids[i].minutes)));
  json_t *ca = json_pack("{s:o, s:o, s:s}", "full_cost", cs__json_num(Q->full_cost), "full_unit_cost",
                         cs__json_num(Q->full_cost / q->qty), "verdict",
                         !Q->has_price ? "price at least full cost" : Q->ca_accept ? "accept" : "reject");
  /* A request that cannot make its date is offered the earliest it can, at the floor there. */
  json_t *counter = !Q->feasible && Q->earliest_feasible_due != CS_DATE_NONE
                        ? json_pack("{s:o, s:o, s:o}", "due", cs__json_date(Q->earliest_feasible_due), "floor_price",
                                    cs__json_num(Q->floor_price), "floor_unit_price", cs__json_num(Q->floor_unit_price))
                        : json_null();
  return json_pack("{s:s, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:o, s:o, s:o, s:o}", "product",
                   m->products.id[q->product], "qty", cs__json_num(q->qty), "due", cs__json_date(q->due), "at",
                   cs__json_date(at), "price", cs__json_num(q->price), "currency", m->settings.currency, "floor_price",
                   cs__json_num(Q->floor_price), "floor_unit_price", cs__json_num(Q->floor_unit_price), "tvc",
                   cs__json_num(Q->tvc), "opportunity_cost", cs__json_num(Q->opportunity_cost), "accept",
                   Q->has_price ? json_boolean(Q->accept) : json_null(), "feasible", Q->feasible, "earliest_feasible_due",
                   cs__json_date(Q->earliest_feasible_due), "counter_offer", counter, "bid_prices", bids,
                   "cost_accounting", ca, "booked", booked ? json_string(booked) : json_null());
}

json_t *cs_json_decision(const cs_model *m, const cs_decision *d, const cs_decision_result *R) {
  return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:s, s:s, s:o, s:o, s:o, s:o, s:{s:o, s:s}}", "decision",
                   cs_decision_name(d->kind), "currency", m->settings.currency, "delta_throughput",
                   cs__json_num(R->delta_throughput), "delta_operating_expense", cs__json_num(R->delta_operating_expense),
                   "delta_net_profit", cs__json_num(R->delta_net_profit), "delta_inventory",
                   cs__json_num(R->delta_inventory), "verdict", R->verdict, "reason", R->reason, "resource",
                   cs__json_id(m->resources.id, R->loads), "shadow_price", cs__json_num(R->loads_shadow_price),
                   "base_throughput", cs__json_num(R->base_throughput), "new_throughput",
                   cs__json_num(R->new_throughput), "cost_accounting", "delta_net_profit",
                   cs__json_num(R->ca_delta_net_profit), "verdict", R->ca_verdict);
}

json_t *cs_json_simulation(const cs_model *m, const cs_sim_result *S) {
  json_t *arr = json_array();
  for (size_t i = 0; i < S->npolicies; i++) {
    const cs_policy_result *R = &S->policies[i];
    /* Which requests it accepted, by their place in the stream (1-based). */
    json_t *which = json_array();
    for (size_t k = 0; which && k < S->nrequests; k++)
      if (R->accepted_flags[k]) json_array_append_new(which, json_integer((json_int_t)k + 1));
    json_array_append_new(arr, json_pack("{s:s, s:I, s:I, s:o, s:o, s:o}", "policy", cs_policy_name(R->policy),
                                         "accepted", (json_int_t)R->accepted, "refused", (json_int_t)R->refused,
                                         "throughput", cs__json_num(R->throughput), "ratio", cs__json_num(R->ratio),
                                         "accepted_requests", which ? which : json_null()));
  }
  return json_pack("{s:s, s:I, s:o, s:o, s:o}", "currency", m->settings.currency, "requests", (json_int_t)S->nrequests,
                   "offered_throughput", cs__json_num(S->offered_throughput), "hindsight", cs__json_num(S->hindsight),
                   "policies", arr);
}
