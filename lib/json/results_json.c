/* results_json.c — engine results as JSON, the one encoding used by `--json` and the
 * HTTP API alike, and the values every encoder of lib/json shares. Resources come ordered
 * by load, highest first. */
#include <math.h>
#include <stdlib.h>

#include "clockspeed/cs_json.h"
#include "json_priv.h"

json_t *cs__json_num(double v) { return isfinite(v) ? json_real(v) : json_null(); }

json_t *cs__json_date(cs_date d) {
  char buf[11];
  return d == CS_DATE_NONE ? json_null() : json_string(cs_date_format(d, buf));
}

json_t *cs__json_id(const char *const *ids, int32_t i) { return i >= 0 ? json_string(ids[i]) : json_null(); }

/* Orders resource indices by load, highest first, stable by index. */
typedef struct ranked { double load; size_t r; } ranked;
static int by_load_desc(const void *a, const void *b) {
  const ranked *x = a, *y = b;
  if (x->load != y->load) return x->load > y->load ? -1 : 1;
  return x->r < y->r ? -1 : x->r > y->r;
}

json_t *cs_json_constraint(const cs_model *m, const cs_load_result *L) {
  const char *const *ids = m->resources.id;
  ranked *order = malloc((L->n + 1) * sizeof *order);
  json_t *arr = json_array();
  for (size_t r = 0; order && r < L->n; r++) order[r] = (ranked){L->load[r], r};
  if (order) qsort(order, L->n, sizeof *order, by_load_desc);
  for (size_t i = 0; order && i < L->n; i++) {
    size_t r = order[i].r;
    json_array_append_new(arr, json_pack("{s:s, s:s, s:o, s:o, s:b, s:o, s:o}", "id", ids[r], "name",
                                         m->resources.name[r], "load", cs__json_num(L->load[r]), "protective_capacity",
                                         cs__json_num(1 - L->load[r]), "interactive", L->interactive[r], "work_minutes",
                                         cs__json_num(L->work[r]), "available_minutes", cs__json_num(L->available[r])));
  }
  free(order);
  json_t *clock = json_null();
  if (L->clockspeed) {
    const cs_clockspeed *C = L->clockspeed;
    clock = json_pack("{s:o, s:o, s:o, s:I, s:o, s:o}", "resource", cs__json_id(ids, C->resource), "from",
                      cs__json_date(C->from), "to", cs__json_date(C->to), "completions", (json_int_t)C->completions,
                      "minutes", cs__json_num(C->minutes), "minutes_per_completion",
                      isnan(C->minutes_per_completion) ? json_null() : cs__json_num(C->minutes_per_completion));
  }
  return json_pack("{s:o, s:b, s:o, s:b, s:o, s:s, s:o, s:o, s:o, s:o}", "constraint", cs__json_id(ids, L->constraint),
                   "market_constrained", L->market_constrained, "declared", cs__json_id(ids, L->declared), "wandering",
                   L->wandering, "drum", cs__json_id(ids, L->drum), "basis",
                   L->basis == CS_BASIS_DEMAND ? "demand" : "orders", "window_start", cs__json_date(L->window_start),
                   "window_days", cs__json_num(L->window_days), "resources", arr, "clockspeed", clock);
}

json_t *cs_json_mix(const cs_model *m, const cs_mix_result *R) {
  json_t *mix = json_array(), *ca_mix = json_array(), *sp = json_array();
  for (size_t p = 0; p < R->nproducts; p++) {
    const char *id = m->products.id[p];
    json_array_append_new(mix, json_pack("{s:s, s:o, s:o, s:o, s:o}", "product", id, "qty", cs__json_num(R->qty[p]),
                                         "demand", cs__json_num(m->products.demand[p]), "t_per_unit",
                                         cs__json_num(R->t_per_unit[p]), "t_per_cu", cs__json_num(R->t_per_cu[p])));
    json_array_append_new(ca_mix, json_pack("{s:s, s:o, s:o, s:o}", "product", id, "qty", cs__json_num(R->ca_qty[p]),
                                            "full_cost", cs__json_num(R->ca_full_cost[p]), "unit_margin",
                                            cs__json_num(m->products.price[p] - R->ca_full_cost[p])));
  }
  for (size_t r = 0; r < R->nresources; r++)
    json_array_append_new(sp, json_pack("{s:s, s:o, s:o, s:o}", "resource", m->resources.id[r], "per_minute",
                                        cs__json_num(R->shadow_price[r]), "used_minutes", cs__json_num(R->used[r]),
                                        "capacity_minutes", cs__json_num(R->capacity[r])));
  json_t *ca = json_pack("{s:o, s:o, s:o, s:o}", "throughput", cs__json_num(R->ca_throughput), "net_profit",
                         cs__json_num(R->ca_net_profit), "rate_per_minute", cs__json_num(R->ca_rate), "mix", ca_mix);
  return json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:o, s:o, s:o}", "currency", m->settings.currency,
                   "throughput", cs__json_num(R->throughput), "operating_expense", cs__json_num(R->operating_expense),
                   "net_profit", cs__json_num(R->net_profit), "lp_bound", cs__json_num(R->lp_bound), "gap",
                   cs__json_num(R->gap), "proven", R->proven, "drum", cs__json_id(m->resources.id, R->drum), "mix", mix,
                   "shadow_prices", sp, "cost_accounting", ca);
}

json_t *cs_json_error(const cs_error *err) {
  json_t *e = json_pack("{s:s, s:s}", "code", cs_status_name(err->code), "message", err->message);
  if (err->file[0]) json_object_set_new(e, "file", json_string(err->file));
  if (err->line) json_object_set_new(e, "line", json_integer(err->line));
  if (err->column) json_object_set_new(e, "column", json_integer(err->column));
  if (err->field[0]) json_object_set_new(e, "field", json_string(err->field));
  if (err->value[0]) json_object_set_new(e, "value", json_string(err->value));
  return json_pack("{s:o}", "error", e);
}
