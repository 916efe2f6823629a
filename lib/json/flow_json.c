/* flow_json.c — S-DBR, the schedule, buffers and measures as JSON, for `--json` and the
 * HTTP API alike (part of the one results-to-JSON layer). */
#include <math.h>
#include <stdlib.h>

#include "clockspeed/cs_json.h"
#include "json_priv.h"

json_t *cs_json_promise(const cs_model *m, const cs_sdbr *s, const cs_promise *p) {
  return json_pack("{s:o, s:o, s:o, s:s, s:o, s:o, s:o}", "safe_date", cs__json_date(p->safe_date), "planned_load_date",
                   cs__json_date(p->planned_load_date), "planned_load_days", cs__json_num(p->planned_load_days), "drum",
                   m->resources.id[s->drum], "planned_minutes", cs__json_num(s->planned_minutes), "buffer_days",
                   cs__json_num(s->buffer_days), "at", cs__json_date(s->at));
}

/* [{"id", "release_date"}] */
static json_t *rope_list(const cs_model *m, const cs_rope_entry *e, size_t n) {
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(arr, json_pack("{s:s, s:o}", "id", m->orders.id[e[i].order], "release_date",
                                         cs__json_date(e[i].release_date)));
  return arr;
}

json_t *cs_json_rope(const cs_model *m, const cs_rope *R) {
  return json_pack("{s:o, s:o}", "release", rope_list(m, R->release, R->nrelease), "held",
                   rope_list(m, R->held, R->nheld));
}

json_t *cs_json_schedule(const cs_model *m, const cs_schedule *S) {
  json_t *arr = json_array();
  for (size_t i = 0; i < S->n; i++) {
    const cs_drum_slot *s = &S->slots[i];
    json_array_append_new(arr, json_pack("{s:s, s:o, s:o, s:o, s:o, s:b, s:o}", "id", m->orders.id[s->order], "release",
                                         cs__json_date(s->release), "drum_start", cs__json_date(s->drum_start), "drum_end",
                                         cs__json_date(s->drum_end), "due", cs__json_date(s->due), "late", s->late,
                                         "can_make", cs__json_date(s->can_make)));
  }
  return json_pack("{s:s, s:o, s:o, s:o}", "drum", m->resources.id[S->drum], "constraint_buffer_days",
                   cs__json_num(S->constraint_buffer_days), "shipping_buffer_days", cs__json_num(S->shipping_buffer_days),
                   "orders", arr);
}

json_t *cs_json_buffers(const cs_model *m, const cs_buffers *B) {
  json_t *orders = json_array(), *queues = json_object(), *causes = json_array(), *flagged = json_array();
  for (size_t i = 0; i < B->n; i++) {
    const cs_buffer_order *b = &B->orders[i];
    /* Line of sight: whose order it is and the throughput at stake, beside its place. */
    int32_t o = b->order, p = m->orders.product[o];
    double t = m->orders.qty[o] * (m->orders.price[o] - m->products.tvc[p]);
    json_array_append_new(orders, json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:s, s:o}", "id", m->orders.id[o],
                                            "customer", m->orders.customer[o], "product", m->products.id[p], "throughput",
                                            cs__json_num(t), "due", cs__json_date(b->due), "release",
                                            cs__json_date(b->release), "penetration", cs__json_num(b->penetration),
                                            "color", cs_color_name(b->color), "at_resource",
                                            cs__json_id(m->resources.id, b->at_resource)));
  }
  for (size_t r = 0; r < m->resources.n; r++) {
    json_t *q = json_array();
    for (size_t i = B->queue_start[r]; i < B->queue_start[r + 1]; i++)
      json_array_append_new(q, json_string(m->orders.id[B->queue[i]]));
    json_object_set_new(queues, m->resources.id[r], q);
  }
  for (size_t i = 0; i < B->ncauses; i++) {
    const cs_cause *c = &B->causes[i];
    json_array_append_new(causes, json_pack("{s:s, s:I, s:o}", "resource",
                                            c->resource >= 0 ? m->resources.id[c->resource] : "release", "orders",
                                            (json_int_t)c->orders, "throughput", cs__json_num(c->throughput)));
  }
  for (size_t i = 0; i < B->nflagged; i++)
    json_array_append_new(flagged, json_pack("{s:s, s:o}", "resource", m->resources.id[B->flagged[i]],
                                             "protective_capacity", cs__json_num(B->protective[B->flagged[i]])));
  return json_pack("{s:o, s:o, s:o, s:o, s:o}", "at", cs__json_date(B->at), "orders", orders, "queues", queues,
                   "red_causes", causes, "low_protective_capacity", flagged);
}

/* One row of the spread: a customer or a product. */
static json_t *spread_rows(const cs_spread_row *R, size_t n, const char *key) {
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(arr, json_pack("{s:s, s:I, s:o, s:o, s:o}", key, R[i].key, "shipped", (json_int_t)R[i].shipped,
                                         "on_time_rate", cs__json_num(R[i].on_time_rate), "lead_time_p50",
                                         cs__json_num(R[i].lead_p50), "lead_time_p90", cs__json_num(R[i].lead_p90)));
  return arr;
}

json_t *cs_json_measures(const cs_model *m, const cs_measures *M) {
  json_t *o = json_pack("{s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:o, s:o, s:o, s:o}", "from",
                   cs__json_date(M->from), "to", cs__json_date(M->to), "currency", m->settings.currency, "throughput",
                   cs__json_num(M->throughput), "operating_expense", cs__json_num(M->operating_expense), "net_profit",
                   cs__json_num(M->net_profit), "inventory", cs__json_num(M->inventory), "roi", cs__json_num(M->roi),
                   "productivity", cs__json_num(M->productivity), "shipped", (json_int_t)M->shipped, "on_time_rate",
                   cs__json_num(M->on_time_rate), "mean_lead_time_days", cs__json_num(M->mean_lead_time_days), "tdd",
                   cs__json_num(M->tdd), "idd", cs__json_num(M->idd));
  if (o && M->spread) {
    const cs_spread *S = M->spread;
    json_object_set_new(o, "lead_time_p50", cs__json_num(S->lead_p50));
    json_object_set_new(o, "lead_time_p90", cs__json_num(S->lead_p90));
    json_object_set_new(o, "by_customer", spread_rows(S->by_customer, S->ncustomers, "customer"));
    json_object_set_new(o, "by_product", spread_rows(S->by_product, S->nproducts, "product"));
  }
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
  json_t *o = json_pack("{s:o, s:o, s:o, s:o, s:{s:I, s:I, s:I, s:I}}", "drum", cs__json_id(m->resources.id, g->drum),
                        "planned_load_date", cs__json_date(g->planned_load_date), "planned_load_days",
                        cs__json_num(g->planned_load_days), "planned_minutes", cs__json_num(g->planned_minutes), "counts", "green",
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
      json_array_append_new(loads, json_pack("{s:s, s:o}", "resource", m->resources.id[rk[k].r], "load",
                                             cs__json_num(rk[k].load)));
    free(rk);
    json_object_set_new(o, "loads", loads);
  }
  if (orders) {
    json_t *arr = json_array();
    for (size_t i = 0; i < norders; i++) {
      int32_t k = orders[i] ? cs_model_find_order(m, orders[i]) : -1;
      if (k < 0) continue;
      json_array_append_new(arr, json_pack("{s:s, s:s, s:o, s:o}", "id", orders[i], "status",
                                           g->color[k] < 0 ? "closed" : cs_color_name((cs_color)g->color[k]),
                                           "penetration", cs__json_num(g->penetration[k]), "at_resource",
                                           cs__json_id(m->resources.id, g->at_resource[k])));
    }
    json_object_set_new(o, "orders", arr);
  }
  return o;
}
