/* pricing_json.c — quotes, decisions and pricing simulations as JSON, for `--json` and
 * the HTTP API alike (part of the one results-to-JSON layer with results_json.c). */
#include <math.h>

#include "clockspeed/cs_json.h"

/* A date as ISO text, or null. */
static json_t *date_or_null(cs_date d) {
  char buf[11];
  return d == CS_DATE_NONE ? json_null() : json_string(cs_date_format(d, buf));
}

/* A number, or null when it is not finite. */
static json_t *num(double v) { return isfinite(v) ? json_real(v) : json_null(); }

json_t *cs_json_quote(const cs_model *m, const cs_quote_request *q, cs_date at, const cs_quote *Q,
                      const char *booked) {
  json_t *o = json_object();
  json_object_set_new(o, "product", json_string(m->products.id[q->product]));
  json_object_set_new(o, "qty", json_real(q->qty));
  json_object_set_new(o, "due", date_or_null(q->due));
  json_object_set_new(o, "at", date_or_null(at));
  json_object_set_new(o, "price", num(q->price));
  json_object_set_new(o, "currency", json_string(m->settings.currency));
  json_object_set_new(o, "floor_price", json_real(Q->floor_price));
  json_object_set_new(o, "floor_unit_price", json_real(Q->floor_unit_price));
  json_object_set_new(o, "tvc", json_real(Q->tvc));
  json_object_set_new(o, "opportunity_cost", json_real(Q->opportunity_cost));
  json_object_set_new(o, "accept", Q->has_price ? json_boolean(Q->accept) : json_null());
  json_object_set_new(o, "feasible", json_boolean(Q->feasible));
  json_object_set_new(o, "earliest_feasible_due", date_or_null(Q->earliest_feasible_due));
  json_t *bids = json_array();
  for (size_t i = 0; i < Q->nbids; i++) {
    json_t *e = json_object();
    json_object_set_new(e, "resource", json_string(m->resources.id[Q->bids[i].resource]));
    json_object_set_new(e, "bucket", date_or_null(Q->bids[i].bucket_start));
    json_object_set_new(e, "per_minute", json_real(Q->bids[i].per_minute));
    json_object_set_new(e, "minutes", json_real(Q->bids[i].minutes));
    json_array_append_new(bids, e);
  }
  json_object_set_new(o, "bid_prices", bids);
  json_t *ca = json_object();
  json_object_set_new(ca, "full_cost", json_real(Q->full_cost));
  json_object_set_new(ca, "full_unit_cost", json_real(Q->full_cost / q->qty));
  json_object_set_new(ca, "verdict", json_string(!Q->has_price ? "price at least full cost"
                                                 : Q->ca_accept ? "accept" : "reject"));
  json_object_set_new(o, "cost_accounting", ca);
  json_object_set_new(o, "booked", booked ? json_string(booked) : json_null());
  return o;
}

json_t *cs_json_decision(const cs_model *m, const cs_decision *d, const cs_decision_result *R) {
  json_t *o = json_object();
  json_object_set_new(o, "decision", json_string(cs_decision_name(d->kind)));
  json_object_set_new(o, "currency", json_string(m->settings.currency));
  json_object_set_new(o, "delta_throughput", json_real(R->delta_throughput));
  json_object_set_new(o, "delta_operating_expense", json_real(R->delta_operating_expense));
  json_object_set_new(o, "delta_net_profit", json_real(R->delta_net_profit));
  json_object_set_new(o, "delta_inventory", json_real(R->delta_inventory));
  json_object_set_new(o, "verdict", json_string(R->verdict));
  json_object_set_new(o, "reason", json_string(R->reason));
  json_object_set_new(o, "resource", R->loads >= 0 ? json_string(m->resources.id[R->loads]) : json_null());
  json_object_set_new(o, "shadow_price", json_real(R->loads_shadow_price));
  json_object_set_new(o, "base_throughput", json_real(R->base_throughput));
  json_object_set_new(o, "new_throughput", json_real(R->new_throughput));
  json_t *ca = json_object();
  json_object_set_new(ca, "delta_net_profit", json_real(R->ca_delta_net_profit));
  json_object_set_new(ca, "verdict", json_string(R->ca_verdict));
  json_object_set_new(o, "cost_accounting", ca);
  return o;
}

json_t *cs_json_simulation(const cs_model *m, const cs_sim_result *S) {
  json_t *o = json_object();
  json_object_set_new(o, "currency", json_string(m->settings.currency));
  json_object_set_new(o, "requests", json_integer((json_int_t)S->nrequests));
  json_object_set_new(o, "offered_throughput", json_real(S->offered_throughput));
  json_object_set_new(o, "hindsight", json_real(S->hindsight));
  json_t *arr = json_array();
  for (size_t i = 0; i < S->npolicies; i++) {
    const cs_policy_result *R = &S->policies[i];
    json_t *e = json_object();
    json_object_set_new(e, "policy", json_string(cs_policy_name(R->policy)));
    json_object_set_new(e, "accepted", json_integer((json_int_t)R->accepted));
    json_object_set_new(e, "refused", json_integer((json_int_t)R->refused));
    json_object_set_new(e, "throughput", json_real(R->throughput));
    json_object_set_new(e, "ratio", json_real(R->ratio));
    json_array_append_new(arr, e);
  }
  json_object_set_new(o, "policies", arr);
  return o;
}
