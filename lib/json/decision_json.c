/* decision_json.c — the decision log's event (issue 15): a quote, a what-if decision or a
 * visit slot taken, written as a decision.logged event with the signal it used, how old
 * that signal was and what the cost-accounting table answered beside it. The edges (CLI,
 * server) log it; the store keeps it like any other event. */
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#include "clockspeed/cs_json.h"
#include "internal.h"
#include "json_priv.h"

/* The decision.logged event around a row object (NULL when out of memory). */
static char *event_text(json_t *row) {
  json_t *ev = row ? json_pack("{s:s, s:o}", "type", "decision.logged", "decision", row) : NULL;
  char *text = ev ? json_dumps(ev, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17)) : NULL;
  json_decref(ev);
  return text;
}

/* The columns every decision has. */
static json_t *base_row(cs_date at, const char *logged, const char *type, const char *subject, double signal,
                        double age_ms) {
  json_t *row = json_pack("{s:o, s:s, s:s, s:s, s:o}", "at", cs__json_date(at), "logged", logged ? logged : "", "type",
                          type, "subject", subject, "signal", json_real(isfinite(signal) ? signal : 0));
  if (row && age_ms >= 0) json_object_set_new(row, "signal_age_ms", json_real(age_ms));
  return row;
}

/* Appends "fmt" to a detail text of `size` bytes at *n, keeping it terminated. */
static void detail_add(char *text, size_t size, size_t *n, const char *fmt, ...) CS__PRINTF(4, 5);
static void detail_add(char *text, size_t size, size_t *n, const char *fmt, ...) {
  if (*n >= size) return;
  va_list ap;
  va_start(ap, fmt);
  int k = vsnprintf(text + *n, size - *n, fmt, ap);
  va_end(ap);
  *n = k < 0 ? size : *n + (size_t)k;
}

char *cs_json_decision_quote(const cs_model *m, const cs_quote_request *q, const cs_quote *Q, cs_date at,
                             const char *booked, const char *logged, double age_ms) {
  json_t *row = base_row(at, logged, "quote", m->products.id[q->product], Q->floor_unit_price, age_ms);
  if (row) {
    /* Every bid price the floor paid: resource, bucket, per minute, minutes. */
    char text[4096] = "", num[32], mins[32], day[11];
    size_t n = 0;
    for (size_t k = 0; k < Q->nbids; k++) {
      const cs_quote_bid *b = &Q->bids[k];
      cs__fmt_double(b->per_minute, num, sizeof num);
      cs__fmt_double(b->minutes, mins, sizeof mins);
      detail_add(text, sizeof text, &n, "%s%s@%s:%sx%s", k ? ";" : "", m->resources.id[b->resource],
                 cs_date_format(b->bucket_start, day), num, mins);
    }
    json_object_set_new(row, "signal_detail", json_string(text));
    json_object_set_new(row, "qty", json_real(q->qty));
    json_object_set_new(row, "due", cs__json_date(q->due));
    if (Q->has_price) {
      json_object_set_new(row, "price", json_real(q->price));
      json_object_set_new(row, "choice", json_string(Q->accept ? "accept" : "refuse"));
      json_object_set_new(row, "cost_accounting", json_string(Q->ca_accept ? "accept" : "refuse"));
    }
    if (booked) json_object_set_new(row, "ref", json_string(booked));
  }
  return event_text(row);
}

/* Sets a number field when the decision uses it (not NaN). */
static void set_num(json_t *o, const char *key, double v) {
  if (!isnan(v)) json_object_set_new(o, key, json_real(v));
}

char *cs_json_decide_request(const cs_model *m, const cs_decision *d) {
  json_t *o = json_pack("{s:s}", "decision", cs_decision_name(d->kind));
  if (!o) return NULL;
  if (d->product >= 0) json_object_set_new(o, "product", json_string(m->products.id[d->product]));
  if (d->resource >= 0) json_object_set_new(o, "resource", json_string(m->resources.id[d->resource]));
  if (d->order >= 0) json_object_set_new(o, "order", json_string(m->orders.id[d->order]));
  set_num(o, "qty", d->qty), set_num(o, "price", d->price), set_num(o, "minutes", d->minutes);
  set_num(o, "cost", d->cost_per_minute), set_num(o, "buy_price", d->buy_price), set_num(o, "tvc", d->tvc);
  set_num(o, "demand", d->demand);
  if (d->oe_saved != 0) set_num(o, "oe_saved", d->oe_saved);
  if (d->due != CS_DATE_NONE) json_object_set_new(o, "due", cs__json_date(d->due));
  if (d->nsteps) {
    json_t *steps = json_array();
    for (size_t k = 0; k < d->nsteps; k++)
      json_array_append_new(steps, json_pack("{s:s, s:f}", "resource", m->resources.id[d->step_resource[k]], "minutes",
                                             d->step_minutes[k]));
    json_object_set_new(o, "steps", steps);
  }
  char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
  json_decref(o);
  return text;
}

char *cs_json_decision_decide(const cs_model *m, const char *kind, const char *request, const cs_decision_result *R,
                              cs_date at, const char *logged, double age_ms) {
  json_t *row = base_row(at, logged, "decide", kind, R->delta_net_profit, age_ms);
  if (row && request) json_object_set_new(row, "request", json_string(request));
  if (row && R->loads >= 0 && (size_t)R->loads < m->resources.n) {
    /* The shadow price of the resource the decision loads most, before it. */
    char num[32], text[160];
    cs__fmt_double(R->loads_shadow_price, num, sizeof num);
    snprintf(text, sizeof text, "%s:%s", m->resources.id[R->loads], num);
    json_object_set_new(row, "signal_detail", json_string(text));
  }
  if (row) {
    json_object_set_new(row, "choice", json_string(R->worth ? "take" : "leave"));
    json_object_set_new(row, "cost_accounting", json_string(R->ca_delta_net_profit > 0 ? "take" : "leave"));
  }
  return event_text(row);
}

char *cs_json_decision_slot(const cs_model *m, int32_t opportunity, const cs_slot *s, const char *appointment,
                            cs_date at, const char *logged, double age_ms) {
  json_t *row = base_row(at, logged, "slot", m->opportunities.id[opportunity], s->score, age_ms);
  if (row) {
    /* The rep-day's bid price per minute the score was charged. */
    char num[32], day[11], text[160];
    cs__fmt_double(s->bid_price, num, sizeof num);
    snprintf(text, sizeof text, "%s@%s:%s", m->reps.id[s->rep], cs_date_format(s->date, day), num);
    json_object_set_new(row, "choice", json_string(appointment));
    json_object_set_new(row, "signal_detail", json_string(text));
  }
  return event_text(row);
}

/* A number, or null when it is not one. */
static json_t *num_or_null(double v) { return isnan(v) ? json_null() : cs__json_num(v); }

json_t *cs_json_regret(const cs_model *m, const cs_regret *R) {
  const cs_decisions *d = &m->decisions;
  json_t *types = json_array(), *log = json_array();
  for (int t = 0; t < CS_DECISION_TYPE_COUNT; t++) {
    const cs_regret_type *T = &R->types[t];
    json_array_append_new(types, json_pack("{s:s, s:I, s:I, s:o, s:o, s:o, s:o}", "type",
                                           cs_decision_type_name((cs_decision_type)t), "count", (json_int_t)T->count,
                                           "taken", (json_int_t)T->taken, "throughput_earned",
                                           num_or_null(T->earned), "shipped",
                                           t == CS_DECISION_QUOTE ? cs__json_num(T->shipped) : json_null(),
                                           "hindsight_best", num_or_null(T->hindsight_best),
                                           "cost_accounting_would_earn", num_or_null(T->cost_accounting)));
  }
  for (size_t k = 0; k < R->nlog; k++) {
    const cs_regret_entry *e = &R->log[k];
    size_t i = (size_t)e->decision;
    json_t *row = json_pack("{s:o, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:s, s:o}", "at", cs__json_date(d->at[i]), "logged",
                            d->logged[i], "type", cs_decision_type_name((cs_decision_type)d->type[i]), "subject",
                            d->subject[i], "signal", cs__json_num(d->signal[i]), "signal_age_ms",
                            d->signal_age_ms[i] < 0 ? json_null() : cs__json_num(d->signal_age_ms[i]), "choice",
                            d->choice[i], "cost_accounting", d->cost_accounting[i], "outcome", e->outcome, "throughput",
                            cs__json_num(e->throughput));
    if (row) json_object_set_new(row, "signal_detail", json_string(d->signal_detail[i]));
    json_array_append_new(log, row);
  }
  return json_pack("{s:o, s:o, s:o, s:o}", "from", cs__json_date(R->from), "to", cs__json_date(R->to), "decisions",
                   types, "log", log);
}
