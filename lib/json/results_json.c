/* results_json.c — engine results as JSON, the one encoding used by `--json` and the
 * HTTP API alike. Resources come ordered by load, highest first. */
#include <math.h>
#include <stdlib.h>

#include "clockspeed/cs_json.h"

/* A number, or null when it is not finite (an infinite load, a T/CU without drum minutes). */
static json_t *num(double v) { return isfinite(v) ? json_real(v) : json_null(); }

/* An id, or null for index -1. */
static json_t *id_or_null(const char *const *ids, int32_t i) {
  return i >= 0 ? json_string(ids[i]) : json_null();
}

/* Orders resource indices by load, highest first, stable by index. */
typedef struct ranked { double load; size_t r; } ranked;
static int by_load_desc(const void *a, const void *b) {
  const ranked *x = a, *y = b;
  if (x->load != y->load) return x->load > y->load ? -1 : 1;
  return x->r < y->r ? -1 : x->r > y->r;
}

json_t *cs_json_constraint(const cs_model *m, const cs_load_result *L) {
  const char *const *ids = m->resources.id;
  json_t *o = json_object();
  json_object_set_new(o, "constraint", id_or_null(ids, L->constraint));
  json_object_set_new(o, "market_constrained", json_boolean(L->market_constrained));
  json_object_set_new(o, "declared", id_or_null(ids, L->declared));
  json_object_set_new(o, "wandering", json_boolean(L->wandering));
  json_object_set_new(o, "drum", id_or_null(ids, L->drum));
  json_object_set_new(o, "basis", json_string(L->basis == CS_BASIS_DEMAND ? "demand" : "orders"));
  char date[11];
  json_object_set_new(o, "window_start",
                      L->window_start == CS_DATE_NONE ? json_null()
                                                      : json_string(cs_date_format(L->window_start, date)));
  json_object_set_new(o, "window_days", json_real(L->window_days));
  ranked *order = malloc((L->n + 1) * sizeof *order);
  json_t *arr = json_array();
  for (size_t r = 0; order && r < L->n; r++) order[r] = (ranked){L->load[r], r};
  if (order) qsort(order, L->n, sizeof *order, by_load_desc);
  for (size_t i = 0; order && i < L->n; i++) {
    size_t r = order[i].r;
    json_t *e = json_object();
    json_object_set_new(e, "id", json_string(ids[r]));
    json_object_set_new(e, "name", json_string(m->resources.name[r]));
    json_object_set_new(e, "load", num(L->load[r]));
    json_object_set_new(e, "protective_capacity", num(1 - L->load[r]));
    json_object_set_new(e, "interactive", json_boolean(L->interactive[r]));
    json_object_set_new(e, "work_minutes", json_real(L->work[r]));
    json_object_set_new(e, "available_minutes", json_real(L->available[r]));
    json_array_append_new(arr, e);
  }
  free(order);
  json_object_set_new(o, "resources", arr);
  return o;
}

json_t *cs_json_mix(const cs_model *m, const cs_mix_result *R) {
  json_t *o = json_object();
  json_object_set_new(o, "currency", json_string(m->settings.currency));
  json_object_set_new(o, "throughput", json_real(R->throughput));
  json_object_set_new(o, "operating_expense", json_real(R->operating_expense));
  json_object_set_new(o, "net_profit", json_real(R->net_profit));
  json_object_set_new(o, "lp_bound", json_real(R->lp_bound));
  json_object_set_new(o, "gap", json_real(R->gap));
  json_object_set_new(o, "proven", json_boolean(R->proven));
  json_object_set_new(o, "drum", id_or_null(m->resources.id, R->drum));
  json_t *mix = json_array(), *ca_mix = json_array(), *sp = json_array();
  for (size_t p = 0; p < R->nproducts; p++) {
    json_t *e = json_object();
    json_object_set_new(e, "product", json_string(m->products.id[p]));
    json_object_set_new(e, "qty", json_real(R->qty[p]));
    json_object_set_new(e, "demand", json_real(m->products.demand[p]));
    json_object_set_new(e, "t_per_unit", json_real(R->t_per_unit[p]));
    json_object_set_new(e, "t_per_cu", num(R->t_per_cu[p]));
    json_array_append_new(mix, e);
    json_t *c = json_object();
    json_object_set_new(c, "product", json_string(m->products.id[p]));
    json_object_set_new(c, "qty", json_real(R->ca_qty[p]));
    json_object_set_new(c, "full_cost", json_real(R->ca_full_cost[p]));
    json_object_set_new(c, "unit_margin", json_real(m->products.price[p] - R->ca_full_cost[p]));
    json_array_append_new(ca_mix, c);
  }
  for (size_t r = 0; r < R->nresources; r++) {
    json_t *e = json_object();
    json_object_set_new(e, "resource", json_string(m->resources.id[r]));
    json_object_set_new(e, "per_minute", json_real(R->shadow_price[r]));
    json_object_set_new(e, "used_minutes", json_real(R->used[r]));
    json_object_set_new(e, "capacity_minutes", json_real(R->capacity[r]));
    json_array_append_new(sp, e);
  }
  json_object_set_new(o, "mix", mix);
  json_object_set_new(o, "shadow_prices", sp);
  json_t *ca = json_object();
  json_object_set_new(ca, "throughput", json_real(R->ca_throughput));
  json_object_set_new(ca, "net_profit", json_real(R->ca_net_profit));
  json_object_set_new(ca, "rate_per_minute", json_real(R->ca_rate));
  json_object_set_new(ca, "mix", ca_mix);
  json_object_set_new(o, "cost_accounting", ca);
  return o;
}

json_t *cs_json_error(const cs_error *err) {
  json_t *e = json_object();
  json_object_set_new(e, "code", json_string(cs_status_name(err->code)));
  json_object_set_new(e, "message", json_string(err->message));
  if (err->file[0]) json_object_set_new(e, "file", json_string(err->file));
  if (err->line) json_object_set_new(e, "line", json_integer(err->line));
  if (err->column) json_object_set_new(e, "column", json_integer(err->column));
  if (err->field[0]) json_object_set_new(e, "field", json_string(err->field));
  if (err->value[0]) json_object_set_new(e, "value", json_string(err->value));
  json_t *o = json_object();
  json_object_set_new(o, "error", e);
  return o;
}
