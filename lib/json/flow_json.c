/* flow_json.c — S-DBR, the schedule, buffers and measures as JSON, for `--json` and the
 * HTTP API alike (part of the one results-to-JSON layer). */
#include <math.h>
#include <stdlib.h>

#include "clockspeed/cs_json.h"

/* A date as ISO text, or null. */
static json_t *date_json(cs_date d) {
  char buf[11];
  return d == CS_DATE_NONE ? json_null() : json_string(cs_date_format(d, buf));
}

/* A number, or null when it is not finite. */
static json_t *num(double v) { return isfinite(v) ? json_real(v) : json_null(); }

json_t *cs_json_promise(const cs_model *m, const cs_sdbr *s, const cs_promise *p) {
  json_t *o = json_object();
  json_object_set_new(o, "safe_date", date_json(p->safe_date));
  json_object_set_new(o, "planned_load_date", date_json(p->planned_load_date));
  json_object_set_new(o, "planned_load_days", json_real(p->planned_load_days));
  json_object_set_new(o, "drum", json_string(m->resources.id[s->drum]));
  json_object_set_new(o, "planned_minutes", json_real(s->planned_minutes));
  json_object_set_new(o, "buffer_days", json_real(s->buffer_days));
  json_object_set_new(o, "at", date_json(s->at));
  return o;
}

/* [{"id", "release_date"}] */
static json_t *rope_list(const cs_model *m, const cs_rope_entry *e, size_t n) {
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(arr, json_pack("{s:s, s:o}", "id", m->orders.id[e[i].order], "release_date",
                                         date_json(e[i].release_date)));
  return arr;
}

json_t *cs_json_rope(const cs_model *m, const cs_rope *R) {
  json_t *o = json_object();
  json_object_set_new(o, "release", rope_list(m, R->release, R->nrelease));
  json_object_set_new(o, "held", rope_list(m, R->held, R->nheld));
  return o;
}

json_t *cs_json_schedule(const cs_model *m, const cs_schedule *S) {
  json_t *o = json_object(), *arr = json_array();
  json_object_set_new(o, "drum", json_string(m->resources.id[S->drum]));
  json_object_set_new(o, "constraint_buffer_days", json_real(S->constraint_buffer_days));
  json_object_set_new(o, "shipping_buffer_days", json_real(S->shipping_buffer_days));
  for (size_t i = 0; i < S->n; i++) {
    const cs_drum_slot *s = &S->slots[i];
    json_t *e = json_object();
    json_object_set_new(e, "id", json_string(m->orders.id[s->order]));
    json_object_set_new(e, "release", date_json(s->release));
    json_object_set_new(e, "drum_start", date_json(s->drum_start));
    json_object_set_new(e, "drum_end", date_json(s->drum_end));
    json_object_set_new(e, "due", date_json(s->due));
    json_object_set_new(e, "late", json_boolean(s->late));
    json_object_set_new(e, "can_make", date_json(s->can_make));
    json_array_append_new(arr, e);
  }
  json_object_set_new(o, "orders", arr);
  return o;
}

json_t *cs_json_buffers(const cs_model *m, const cs_buffers *B) {
  json_t *o = json_object(), *orders = json_array(), *queues = json_object(), *causes = json_array(),
         *flagged = json_array();
  json_object_set_new(o, "at", date_json(B->at));
  for (size_t i = 0; i < B->n; i++) {
    const cs_buffer_order *b = &B->orders[i];
    json_t *e = json_object();
    json_object_set_new(e, "id", json_string(m->orders.id[b->order]));
    json_object_set_new(e, "due", date_json(b->due));
    json_object_set_new(e, "release", date_json(b->release));
    json_object_set_new(e, "penetration", num(b->penetration));
    json_object_set_new(e, "color", json_string(cs_color_name(b->color)));
    json_object_set_new(e, "at_resource", b->at_resource >= 0 ? json_string(m->resources.id[b->at_resource]) : json_null());
    json_array_append_new(orders, e);
  }
  for (size_t r = 0; r < m->resources.n; r++) {
    json_t *q = json_array();
    for (size_t i = B->queue_start[r]; i < B->queue_start[r + 1]; i++)
      json_array_append_new(q, json_string(m->orders.id[B->queue[i]]));
    json_object_set_new(queues, m->resources.id[r], q);
  }
  for (size_t i = 0; i < B->ncauses; i++) {
    const cs_cause *c = &B->causes[i];
    json_array_append_new(causes, json_pack("{s:o, s:i, s:f}", "resource",
                                            c->resource >= 0 ? json_string(m->resources.id[c->resource]) : json_string("release"),
                                            "orders", (json_int_t)c->orders, "throughput", c->throughput));
  }
  for (size_t i = 0; i < B->nflagged; i++)
    json_array_append_new(flagged, json_pack("{s:s, s:f}", "resource", m->resources.id[B->flagged[i]],
                                             "protective_capacity", B->protective[B->flagged[i]]));
  json_object_set_new(o, "orders", orders);
  json_object_set_new(o, "queues", queues);
  json_object_set_new(o, "red_causes", causes);
  json_object_set_new(o, "low_protective_capacity", flagged);
  return o;
}

json_t *cs_json_measures(const cs_model *m, const cs_measures *M) {
  json_t *o = json_object();
  json_object_set_new(o, "from", date_json(M->from));
  json_object_set_new(o, "to", date_json(M->to));
  json_object_set_new(o, "currency", json_string(m->settings.currency));
  json_object_set_new(o, "throughput", json_real(M->throughput));
  json_object_set_new(o, "operating_expense", json_real(M->operating_expense));
  json_object_set_new(o, "net_profit", json_real(M->net_profit));
  json_object_set_new(o, "inventory", json_real(M->inventory));
  json_object_set_new(o, "roi", num(M->roi));
  json_object_set_new(o, "productivity", num(M->productivity));
  json_object_set_new(o, "shipped", json_integer((json_int_t)M->shipped));
  json_object_set_new(o, "on_time_rate", num(M->on_time_rate));
  json_object_set_new(o, "mean_lead_time_days", num(M->mean_lead_time_days));
  json_object_set_new(o, "tdd", json_real(M->tdd));
  json_object_set_new(o, "idd", json_real(M->idd));
  return o;
}

/* Orders resource indices by load, highest first (then by index). */
typedef struct ranked {
  double load;
  int32_t r;
} ranked;
static int by_load(const ranked *a, const ranked *b) {
  if (a->load != b->load) return a->load > b->load ? -1 : 1;
  return a->r < b->r ? -1 : a->r > b->r;
}

json_t *cs_json_signals(const cs_model *m, const cs_live_signals *g, size_t top, const char *const *orders,
                        size_t norders) {
  char d[11];
  json_t *o = json_pack("{s:s, s:s, s:f, s:f, s:{s:I, s:I, s:I, s:I}}", "drum", m->resources.id[g->drum],
                        "planned_load_date", cs_date_format(g->planned_load_date, d), "planned_load_days",
                        g->planned_load_days, "planned_minutes", g->planned_minutes, "counts", "green",
                        (json_int_t)g->counts[0], "yellow", (json_int_t)g->counts[1], "red",
                        (json_int_t)g->counts[2], "black", (json_int_t)g->counts[3]);
  if (!o) return NULL;
  if (top) {
    /* The top N by one pass that keeps them sorted (N is small; the resources are many). */
    size_t want = top < g->nresources ? top : g->nresources, have = 0;
    ranked *rk = malloc((want + 1) * sizeof *rk);
    json_t *loads = json_array();
    for (size_t k = 0; rk && want && k < g->nresources; k++) {
      ranked c = {g->load[k], (int32_t)k};
      if (have == want && by_load(&c, &rk[have - 1]) >= 0) continue;
      size_t i = have < want ? have++ : have - 1;
      for (; i > 0 && by_load(&c, &rk[i - 1]) < 0; i--) rk[i] = rk[i - 1];
      rk[i] = c;
    }
    for (size_t k = 0; rk && k < have; k++)
      json_array_append_new(loads, json_pack("{s:s, s:f}", "resource", m->resources.id[rk[k].r], "load", rk[k].load));
    free(rk);
    json_object_set_new(o, "loads", loads);
  }
  if (orders) {
    json_t *arr = json_array();
    for (size_t i = 0; i < norders; i++) {
      int32_t k = orders[i] ? cs_model_find_order(m, orders[i]) : -1;
      if (k < 0) continue;
      json_t *e = json_object();
      json_object_set_new(e, "id", json_string(orders[i]));
      json_object_set_new(e, "status", json_string(g->color[k] < 0 ? "closed" : cs_color_name((cs_color)g->color[k])));
      json_object_set_new(e, "penetration", isnan(g->penetration[k]) ? json_null() : json_real(g->penetration[k]));
      json_object_set_new(e, "at_resource",
                          g->at_resource[k] >= 0 ? json_string(m->resources.id[g->at_resource[k]]) : json_null());
      json_array_append_new(arr, e);
    }
    json_object_set_new(o, "orders", arr);
  }
  return o;
}
