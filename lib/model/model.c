/* model.c — creating, growing, finishing and freeing the in-memory model. */
#include <stdlib.h>
#include <string.h>

#include "model_priv.h"

const char *const cs__order_status_names[5] = {"quoted", "confirmed", "released", "done", "cancelled"};

/* Creates an empty model with the documented default settings. */
cs_model *cs_model_new(void) {
  cs_model *m = calloc(1, sizeof *m);
  if (!m) return NULL;
  m->priv = calloc(1, sizeof *m->priv);
  if (!m->priv || !(m->priv->strings = cs_arena_new())) {
    cs_model_free(m);
    return NULL;
  }
  m->settings.period_days = 7;
  m->settings.operating_expense = 0;
  m->settings.currency = "USD";
  m->settings.today = CS_DATE_NONE;
  m->settings.horizon_days = 0; /* 0: same as period_days */
  m->settings.production_buffer_days = 10;
  m->settings.protective_capacity_min = 0.1;
  m->settings.constraint = -1;
  m->settings.travel_speed_kmh = 50;
  m->settings.road_factor = 1.3;
  m->settings.travel_cost_per_min = 0.5;
  m->settings.appointment_buffer_days = 10;
  m->settings.stage_usual_days = 30;
  m->settings.deadband_band = 0.05;
  m->settings.deadband_cycles = 3;
  m->settings.decision_log_per_s = 256;
  return m;
}

/* Frees every array, the id maps and the interned strings. */
void cs_model_free(cs_model *m) {
  if (!m) return;
  cs_resources *r = &m->resources;
  free(r->id); free(r->name); free(r->kind); free(r->capacity); free(r->units); free(r->overtime_cost);
  cs_products *p = &m->products;
  free(p->id); free(p->name); free(p->price); free(p->tvc); free(p->demand); free(p->lead_time_days);
  cs_routings *g = &m->routings;
  free(g->product); free(g->resource); free(g->minutes); free(g->seq); free(g->setup_minutes);
  cs_orders *o = &m->orders;
  free(o->id); free(o->customer); free(o->product); free(o->qty); free(o->price); free(o->due);
  free(o->status); free(o->released); free(o->shipped); free(o->steps_done); free(o->ordered);
  cs_calendar *c = &m->calendar;
  free(c->resource); free(c->date); free(c->capacity);
  free(m->route_start);
  free(m->route_index);
  cs__sales_free(m);
  cs__pipeline_free(m);
  cs__rental_free(m);
  if (m->priv) {
    cs__idmap_free(&m->priv->resource_ids);
    cs__idmap_free(&m->priv->product_ids);
    cs__idmap_free(&m->priv->order_ids);
    free(m->priv->last_seq);
    free(m->priv->cal_head);
    free(m->priv->cal_next);
    free(m->priv->journal);
    cs_arena_free(m->priv->strings);
    free(m->priv);
  }
  free(m);
}

/* Copies a string into the model's string arena. */
const char *cs__model_str(cs_model *m, const char *s) {
  return cs_arena_strdup(m->priv->strings, s ? s : "");
}

int32_t cs_model_find_resource(const cs_model *m, const char *id) {
  return cs__idmap_get(&m->priv->resource_ids, id);
}
int32_t cs_model_find_product(const cs_model *m, const char *id) {
  return cs__idmap_get(&m->priv->product_ids, id);
}
int32_t cs_model_find_order(const cs_model *m, const char *id) {
  return cs__idmap_get(&m->priv->order_ids, id);
}

/* Returns the highest seq among product p's steps so far. */
int32_t cs__last_seq(const cs_model *m, int32_t p) {
  return (size_t)p < m->priv->cap_last_seq ? m->priv->last_seq[p] : 0;
}

/* Grows each listed array of one table together; any failure leaves the old arrays valid. */
int cs__grow_all(size_t *cap, size_t need, void **arrs[], const size_t sizes[], size_t narr) {
  if (need <= *cap) return 0;
  size_t ncap = *cap ? *cap * 2 : 64;
  while (ncap < need) ncap *= 2;
  for (size_t i = 0; i < narr; i++) {
    void *p = realloc(*arrs[i], ncap * sizes[i]);
    if (!p) return CS_ENOMEM;
    *arrs[i] = p;
  }
  *cap = ncap;
  return 0;
}

/* Appends a resource; refuses a duplicate id. */
int cs__add_resource(cs_model *m, const char *id, double capacity, int32_t units, const char *kind,
                     const char *name, double overtime_cost) {
  cs_resources *r = &m->resources;
  void **arrs[] = {(void **)&r->id, (void **)&r->name, (void **)&r->kind, (void **)&r->capacity,
                   (void **)&r->units, (void **)&r->overtime_cost};
  const size_t sz[] = {sizeof(char *), sizeof(char *), sizeof(char *), sizeof(double),
                       sizeof(int32_t), sizeof(double)};
  if (cs__grow_all(&m->priv->cap_res, r->n + 1, arrs, sz, 6)) return CS_ENOMEM;
  const char *sid = cs__model_str(m, id), *sname = cs__model_str(m, name),
             *skind = cs__model_str(m, kind);
  if (!sid || !sname || !skind) return CS_ENOMEM;
  int rc = cs__idmap_put(&m->priv->resource_ids, sid, (int32_t)r->n);
  if (rc) return rc;
  size_t i = r->n++;
  r->id[i] = sid; r->name[i] = sname; r->kind[i] = skind;
  r->capacity[i] = capacity; r->units[i] = units; r->overtime_cost[i] = overtime_cost;
  return 0;
}

/* Appends a product; refuses a duplicate id. */
int cs__add_product(cs_model *m, const char *id, double price, double tvc, double demand,
                    const char *name) {
  cs_products *p = &m->products;
  void **arrs[] = {(void **)&p->id, (void **)&p->name, (void **)&p->price, (void **)&p->tvc,
                   (void **)&p->demand, (void **)&p->lead_time_days};
  const size_t sz[] = {sizeof(char *), sizeof(char *), sizeof(double), sizeof(double), sizeof(double), sizeof(double)};
  if (cs__grow_all(&m->priv->cap_prod, p->n + 1, arrs, sz, 6)) return CS_ENOMEM;
  const char *sid = cs__model_str(m, id), *sname = cs__model_str(m, name);
  if (!sid || !sname) return CS_ENOMEM;
  int rc = cs__idmap_put(&m->priv->product_ids, sid, (int32_t)p->n);
  if (rc) return rc;
  cs__model_priv *pv = m->priv;
  if (cs__grow((void **)&pv->last_seq, sizeof *pv->last_seq, &pv->cap_last_seq, p->n + 1))
    return CS_ENOMEM;
  pv->last_seq[p->n] = 0;
  size_t i = p->n++;
  p->id[i] = sid; p->name[i] = sname;
  p->price[i] = price; p->tvc[i] = tvc; p->demand[i] = demand; p->lead_time_days[i] = -1;
  return 0;
}

/* Appends a routing step of an existing product on an existing resource. */
int cs__add_routing(cs_model *m, int32_t product, int32_t resource, double minutes, int32_t seq,
                    double setup_minutes) {
  cs_routings *g = &m->routings;
  void **arrs[] = {(void **)&g->product, (void **)&g->resource, (void **)&g->minutes,
                   (void **)&g->seq, (void **)&g->setup_minutes};
  const size_t sz[] = {sizeof(int32_t), sizeof(int32_t), sizeof(double), sizeof(int32_t), sizeof(double)};
  if (cs__grow_all(&m->priv->cap_route, g->n + 1, arrs, sz, 5)) return CS_ENOMEM;
  cs__model_priv *pv = m->priv;
  if (cs__grow((void **)&pv->last_seq, sizeof *pv->last_seq, &pv->cap_last_seq, m->products.n))
    return CS_ENOMEM;
  if (pv->last_seq[product] < seq) pv->last_seq[product] = seq;
  size_t i = g->n++;
  g->product[i] = product; g->resource[i] = resource; g->minutes[i] = minutes;
  g->seq[i] = seq; g->setup_minutes[i] = setup_minutes;
  return 0;
}

/* Appends an order; refuses a duplicate id. */
int cs__add_order(cs_model *m, const char *id, int32_t product, double qty, double price,
                  cs_date due, cs_order_status status, const char *customer, cs_date released,
                  cs_date shipped, int32_t steps_done) {
  cs_orders *o = &m->orders;
  void **arrs[] = {(void **)&o->id, (void **)&o->customer, (void **)&o->product, (void **)&o->qty,
                   (void **)&o->price, (void **)&o->due, (void **)&o->status, (void **)&o->released,
                   (void **)&o->shipped, (void **)&o->steps_done, (void **)&o->ordered};
  const size_t sz[] = {sizeof(char *), sizeof(char *), sizeof(int32_t), sizeof(double),
                       sizeof(double), sizeof(cs_date), sizeof(uint8_t), sizeof(cs_date),
                       sizeof(cs_date), sizeof(int32_t), sizeof(cs_date)};
  if (cs__grow_all(&m->priv->cap_order, o->n + 1, arrs, sz, 11)) return CS_ENOMEM;
  const char *sid = cs__model_str(m, id), *scust = cs__model_str(m, customer);
  if (!sid || !scust) return CS_ENOMEM;
  int rc = cs__idmap_put(&m->priv->order_ids, sid, (int32_t)o->n);
  if (rc) return rc;
  if (cs__journal_add(m, CS__J_ORDER_ADDED, o->n)) {
    cs__idmap_del(&m->priv->order_ids, sid);
    return CS_ENOMEM;
  }
  size_t i = o->n++;
  o->id[i] = sid; o->customer[i] = scust; o->product[i] = product; o->qty[i] = qty;
  o->price[i] = price; o->due[i] = due; o->status[i] = (uint8_t)status;
  o->released[i] = released; o->shipped[i] = shipped; o->steps_done[i] = steps_done;
  o->ordered[i] = CS_DATE_NONE;
  return 0;
}

/* Appends a calendar exception for one resource on one date. */
int cs__add_calendar(cs_model *m, int32_t resource, cs_date date, double capacity) {
  cs_calendar *c = &m->calendar;
  cs__model_priv *pv = m->priv;
  void **arrs[] = {(void **)&c->resource, (void **)&c->date, (void **)&c->capacity, (void **)&pv->cal_next};
  const size_t sz[] = {sizeof(int32_t), sizeof(cs_date), sizeof(double), sizeof(int32_t)};
  if (cs__grow_all(&pv->cap_cal, c->n + 1, arrs, sz, 4)) return CS_ENOMEM;
  size_t had = pv->cap_cal_head;
  if (cs__grow((void **)&pv->cal_head, sizeof *pv->cal_head, &pv->cap_cal_head, m->resources.n)) return CS_ENOMEM;
  for (size_t r = had; r < pv->cap_cal_head; r++) pv->cal_head[r] = -1;
  if (cs__journal_add(m, CS__J_CALENDAR_ADDED, c->n)) return CS_ENOMEM;
  size_t i = c->n++;
  c->resource[i] = resource; c->date[i] = date; c->capacity[i] = capacity;
  pv->cal_next[i] = pv->cal_head[resource];
  pv->cal_head[resource] = (int32_t)i;
  return 0;
}

/* Walks resource r's exceptions for date d. */
int32_t cs__calendar_find(const cs_model *m, int32_t r, cs_date d) {
  const cs__model_priv *pv = m->priv;
  if ((size_t)r >= pv->cap_cal_head) return -1;
  for (int32_t i = pv->cal_head[r]; i >= 0; i = pv->cal_next[i])
    if (m->calendar.date[i] == d) return i;
  return -1;
}

/* Resolves the declared constraint and builds each product's routing list, by seq. */
int cs_model_finish(cs_model *m, cs_error *err) {
  cs__model_priv *pv = m->priv;
  if (pv->declared_id) {
    int32_t r = cs_model_find_resource(m, pv->declared_id);
    if (r < 0) {
      cs_loc loc = {pv->declared_file, pv->declared_line, NULL};
      return cs__err_at(err, &loc, "value", 2, pv->declared_id,
                        "constraint '%s' is not a known resource", pv->declared_id);
    }
    m->settings.constraint = r;
  }
  if (m->settings.horizon_days <= 0) m->settings.horizon_days = m->settings.period_days;

  size_t np = m->products.n, nr = m->routings.n;
  free(m->route_start);
  free(m->route_index);
  m->route_start = calloc(np + 1, sizeof *m->route_start);
  m->route_index = malloc((nr ? nr : 1) * sizeof *m->route_index);
  if (!m->route_start || !m->route_index) return cs__err(err, CS_ENOMEM, "out of memory");
  for (size_t i = 0; i < nr; i++) m->route_start[m->routings.product[i] + 1]++;
  for (size_t p = 0; p < np; p++) m->route_start[p + 1] += m->route_start[p];
  size_t *fill = calloc(np + 1, sizeof *fill);
  if (!fill) return cs__err(err, CS_ENOMEM, "out of memory");
  for (size_t i = 0; i < nr; i++) {
    int32_t p = m->routings.product[i];
    m->route_index[m->route_start[p] + fill[p]++] = i;
  }
  free(fill);
  /* Insertion sort by seq within each product: routings are short, and it is stable. */
  for (size_t p = 0; p < np; p++) {
    size_t *r = m->route_index + m->route_start[p];
    size_t k = m->route_start[p + 1] - m->route_start[p];
    for (size_t i = 1; i < k; i++) {
      size_t v = r[i], j = i;
      while (j > 0 && m->routings.seq[r[j - 1]] > m->routings.seq[v]) { r[j] = r[j - 1]; j--; }
      r[j] = v;
    }
  }
  pv->finished = 1;
  return CS_OK;
}

double cs_product_lead_days(const cs_model *m, int32_t p) {
  double d = m->products.lead_time_days[p];
  return d >= 0 ? d : m->settings.production_buffer_days;
}

int cs_model_copy(const cs_model *m, cs_model_keep_fn keep, void *ctx, cs_model **out, cs_error *err) {
  *out = NULL;
  cs_model *c = cs_model_new();
  if (!c) return cs__err(err, CS_ENOMEM, "out of memory");
  char buf[CS_MAX_COLUMNS][64];
  const char *values[CS_MAX_COLUMNS];
  int rc = 0;
  for (int t = 0; t < CS_TABLE_COUNT && !rc; t++)
    for (size_t i = 0, n = cs_model_row_count(m, (cs_table)t); i < n && !rc; i++) {
      /* Rows left out are never formatted: a copy of a few tables costs only theirs. */
      if ((keep && !keep(m, (cs_table)t, i, ctx)) || !cs_model_get_row(m, (cs_table)t, i, buf, values)) continue;
      cs_loc loc = {"copy", (long)i + 1, NULL};
      cs_row row = {values, NULL};
      rc = cs_model_add_row(c, (cs_table)t, &row, &loc, err);
    }
  if (!rc) rc = cs_model_finish(c, err);
  if (rc) {
    cs_model_free(c);
    return rc;
  }
  *out = c;
  return 0;
}
