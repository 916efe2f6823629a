/* events.c — applying events to the in-memory model. An event is a JSON object with a
 * "type"; its other fields depend on the type (docs/events.md). Each handler checks
 * everything before it changes anything, so a refused event leaves the model as it was. */
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "clockspeed/cs_events.h"
#include "internal.h"
#include "model_priv.h"

/* order.created: {"type": "order.created", "order": {ORDER ROW}}; status defaults to
 * confirmed, because an order that is only quoted is not yet an event in the plant. */
static int order_created(cs_model *m, json_t *ev, const cs_loc *loc, cs_error *err) {
  json_t *o = json_object_get(ev, "order");
  if (!o) return cs__err_at(err, loc, "order", 0, "", "missing field 'order'");
  if (!json_is_object(o)) return cs__err_at(err, loc, "order", 0, "", "must be an object");
  json_t *copy = json_copy(o);
  if (!copy) return cs__err(err, CS_ENOMEM, "out of memory");
  if (!json_object_get(copy, "status")) json_object_set_new(copy, "status", json_string("confirmed"));
  int rc = cs__json_add_row(m, CS_TABLE_ORDERS, copy, loc, err);
  json_decref(copy);
  return rc;
}

/* Finds the order an event names in its "order" field. */
static int get_order(const cs_model *m, json_t *ev, const cs_loc *loc, int32_t *o, cs_error *err) {
  *o = 0;
  json_t *v = json_object_get(ev, "order");
  if (!json_is_string(v)) return cs__err_at(err, loc, "order", 0, "", "missing field 'order' (an order id)");
  int32_t found = cs_model_find_order(m, json_string_value(v));
  if (found < 0)
    return cs__err_at(err, loc, "order", 0, json_string_value(v), "no order '%s'", json_string_value(v));
  *o = found;
  return 0;
}

/* Reads an optional date field; *out keeps its value when the field is absent. */
static int get_date(json_t *ev, const char *key, bool required, const cs_loc *loc, cs_date *out, cs_error *err) {
  json_t *v = json_object_get(ev, key);
  if (!v) return required ? cs__err_at(err, loc, key, 0, "", "missing field '%s'", key) : 0;
  if (!json_is_string(v) || !cs_date_parse(json_string_value(v), out))
    return cs__err_at(err, loc, key, 0, json_is_string(v) ? json_string_value(v) : "",
                      "field '%s' must be an ISO date (YYYY-MM-DD)", key);
  return 0;
}

/* Reads an optional number field that must not be negative (positive when strict). */
static int get_number(json_t *ev, const char *key, bool required, bool strict, const cs_loc *loc,
                      double *out, cs_error *err) {
  json_t *v = json_object_get(ev, key);
  if (!v) return required ? cs__err_at(err, loc, key, 0, "", "missing field '%s'", key) : 0;
  if (!json_is_number(v) || json_number_value(v) < 0 || (strict && json_number_value(v) <= 0))
    return cs__err_at(err, loc, key, 0, "", "field '%s' must be a %s number", key,
                      strict ? "positive" : "non-negative");
  *out = json_number_value(v);
  return 0;
}

/* Refuses fields an event type does not know, so that a typo is not silently ignored. */
static int only_fields(json_t *ev, const char *const *known, const cs_loc *loc, cs_error *err) {
  const char *key;
  json_t *v;
  json_object_foreach(ev, key, v) {
    int ok = strcmp(key, "type") == 0;
    for (size_t i = 0; known[i] && !ok; i++) ok = strcmp(key, known[i]) == 0;
    if (!ok) return cs__err_at(err, loc, key, 0, key, "unknown field '%s'", key);
  }
  return 0;
}

/* The status an order must have for an event, as text, for messages. */
static const char *status_name(const cs_model *m, int32_t o) {
  return cs__order_status_names[m->orders.status[o]];
}

/* order.changed: {"order", "qty"?, "price"?, "due"?, "customer"?} */
static int order_changed(cs_model *m, json_t *ev, const cs_loc *loc, cs_error *err) {
  static const char *const known[] = {"order", "qty", "price", "due", "customer", NULL};
  int32_t o = 0;
  int rc = only_fields(ev, known, loc, err);
  if (!rc) rc = get_order(m, ev, loc, &o, err);
  if (rc) return rc;
  cs_orders *O = &m->orders;
  if (O->status[o] == CS_ORDER_DONE || O->status[o] == CS_ORDER_CANCELLED)
    return cs__err_at(err, loc, "order", 0, O->id[o], "order '%s' is %s and cannot change", O->id[o],
                      status_name(m, o));
  double qty = O->qty[o], price = O->price[o];
  cs_date due = O->due[o];
  json_t *cust = json_object_get(ev, "customer");
  if (cust && !json_is_string(cust)) return cs__err_at(err, loc, "customer", 0, "", "field 'customer' must be text");
  if ((rc = get_number(ev, "qty", false, true, loc, &qty, err)) || (rc = get_number(ev, "price", false, false, loc, &price, err)) ||
      (rc = get_date(ev, "due", false, loc, &due, err)))
    return rc;
  const char *c = cust ? cs__model_str(m, json_string_value(cust)) : O->customer[o];
  if (!c) return cs__err(err, CS_ENOMEM, "out of memory");
  O->qty[o] = qty;
  O->price[o] = price;
  O->due[o] = due;
  O->customer[o] = c;
  return 0;
}

/* order.cancelled: {"order"}; an order already shipped cannot be cancelled. */
static int order_cancelled(cs_model *m, json_t *ev, const cs_loc *loc, cs_error *err) {
  static const char *const known[] = {"order", "date", NULL};
  int32_t o = 0;
  int rc = only_fields(ev, known, loc, err);
  if (!rc) rc = get_order(m, ev, loc, &o, err);
  if (rc) return rc;
  if (m->orders.status[o] == CS_ORDER_DONE || m->orders.status[o] == CS_ORDER_CANCELLED)
    return cs__err_at(err, loc, "order", 0, m->orders.id[o], "order '%s' is already %s", m->orders.id[o],
                      status_name(m, o));
  m->orders.status[o] = CS_ORDER_CANCELLED;
  return 0;
}

/* order.released: {"order", "date"}: a confirmed (or quoted) order goes to the floor. */
static int order_released(cs_model *m, json_t *ev, const cs_loc *loc, cs_error *err) {
  static const char *const known[] = {"order", "date", NULL};
  int32_t o = 0;
  cs_date date = CS_DATE_NONE;
  int rc = only_fields(ev, known, loc, err);
  if (!rc) rc = get_order(m, ev, loc, &o, err);
  if (!rc) rc = get_date(ev, "date", true, loc, &date, err);
  if (rc) return rc;
  uint8_t st = m->orders.status[o];
  if (st != CS_ORDER_CONFIRMED && st != CS_ORDER_QUOTED)
    return cs__err_at(err, loc, "order", 0, m->orders.id[o], "order '%s' is %s; only a confirmed order is released",
                      m->orders.id[o], status_name(m, o));
  m->orders.status[o] = CS_ORDER_RELEASED;
  m->orders.released[o] = date;
  return 0;
}

/* step.completed: {"order", "date", "qty"?, "minutes"?}: the order's next routing step is
 * done for the whole order (qty, when given, must be the order's quantity); after its last
 * step the order is done and shipped on that date. "minutes" (the time it really took) is
 * kept in the log. */
static int step_completed(cs_model *m, json_t *ev, const cs_loc *loc, cs_error *err) {
  static const char *const known[] = {"order", "date", "qty", "minutes", NULL};
  int32_t o = 0;
  cs_date date = CS_DATE_NONE;
  double qty = NAN, minutes = 0;
  int rc = only_fields(ev, known, loc, err);
  if (!rc) rc = get_order(m, ev, loc, &o, err);
  if (!rc) rc = get_date(ev, "date", true, loc, &date, err);
  if (!rc) rc = get_number(ev, "qty", false, true, loc, &qty, err);
  if (!rc) rc = get_number(ev, "minutes", false, false, loc, &minutes, err);
  if (rc) return rc;
  cs_orders *O = &m->orders;
  if (O->status[o] != CS_ORDER_RELEASED)
    return cs__err_at(err, loc, "order", 0, O->id[o], "order '%s' is %s; steps are completed on released orders",
                      O->id[o], status_name(m, o));
  if (!isnan(qty) && fabs(qty - O->qty[o]) > 1e-9)
    return cs__err_at(err, loc, "qty", 0, "", "qty %g is not the order's %g; split the order to complete part of it",
                      qty, O->qty[o]);
  int32_t p = O->product[o];
  int32_t steps = (int32_t)(m->route_start[p + 1] - m->route_start[p]);
  if (O->steps_done[o] >= steps)
    return cs__err_at(err, loc, "order", 0, O->id[o], "order '%s' has no step left", O->id[o]);
  if (++O->steps_done[o] == steps) {
    O->status[o] = CS_ORDER_DONE;
    O->shipped[o] = date;
  }
  return 0;
}

/* resource.capacity: {"resource", "date", "capacity", "days"?}: the capacity per unit on
 * one date (or `days` dates from it): a breakdown (0), overtime (more), an absence (less). */
static int resource_capacity(cs_model *m, json_t *ev, const cs_loc *loc, cs_error *err) {
  static const char *const known[] = {"resource", "date", "capacity", "days", NULL};
  json_t *r = json_object_get(ev, "resource");
  cs_date date = CS_DATE_NONE;
  double cap = 0, days = 1;
  int rc = only_fields(ev, known, loc, err);
  if (rc) return rc;
  if (!json_is_string(r)) return cs__err_at(err, loc, "resource", 0, "", "missing field 'resource'");
  int32_t res = cs_model_find_resource(m, json_string_value(r));
  if (res < 0)
    return cs__err_at(err, loc, "resource", 0, json_string_value(r), "no resource '%s'", json_string_value(r));
  if ((rc = get_date(ev, "date", true, loc, &date, err)) || (rc = get_number(ev, "capacity", true, false, loc, &cap, err)) ||
      (rc = get_number(ev, "days", false, true, loc, &days, err)))
    return rc;
  if (days != floor(days) || days > 366) return cs__err_at(err, loc, "days", 0, "", "field 'days' must be a whole number up to 366");
  for (cs_date d = date; d < date + (cs_date)days; d++) {
    size_t i = 0;
    while (i < m->calendar.n && !(m->calendar.resource[i] == res && m->calendar.date[i] == d)) i++;
    if (i < m->calendar.n) m->calendar.capacity[i] = cap;
    else if (cs__add_calendar(m, res, d, cap)) return cs__err(err, CS_ENOMEM, "out of memory");
  }
  return 0;
}

/* setting.changed: {"key", "value"}: a setting takes a new value, validated as in
 * settings.csv. */
static int setting_changed(cs_model *m, json_t *ev, const cs_loc *loc, cs_error *err) {
  static const char *const known[] = {"key", "value", NULL};
  int rc = only_fields(ev, known, loc, err);
  if (rc) return rc;
  json_t *k = json_object_get(ev, "key"), *v = json_object_get(ev, "value");
  if (!json_is_string(k)) return cs__err_at(err, loc, "key", 0, "", "missing field 'key'");
  char buf[64];
  const char *text = NULL;
  if (json_is_string(v)) text = json_string_value(v);
  else if (json_is_number(v)) {
    cs__fmt_double(json_number_value(v), buf, sizeof buf);
    text = buf;
  } else return cs__err_at(err, loc, "value", 0, "", "field 'value' must be text or a number");
  const char *key = json_string_value(k);
  if (cs_setting_kind(key) < 0) return cs__err_at(err, loc, "key", 0, key, "'%s' is not a known setting", key);
  /* The setting may be set already: clear its mark so it can take the new value; a value
   * that fails validation leaves the model (and the mark) as it was. */
  const char *values[2] = {key, text};
  cs_row row = {values, NULL};
  int bit = cs__setting_index(key);
  unsigned saved = m->priv->settings_set;
  m->priv->settings_set &= ~(1u << bit);
  rc = cs_model_add_row(m, CS_TABLE_SETTINGS, &row, loc, err);
  if (rc) {
    m->priv->settings_set = saved;
    return rc;
  }
  if (strcmp(key, "constraint") == 0) return cs_model_finish(m, err);
  return 0;
}

/* The event types and their handlers. */
typedef struct handler {
  const char *type;
  int (*apply)(cs_model *m, json_t *ev, const cs_loc *loc, cs_error *err);
} handler;

static const handler handlers[] = {
  {"order.created", order_created},     {"order.changed", order_changed},
  {"order.cancelled", order_cancelled}, {"order.released", order_released},
  {"step.completed", step_completed},   {"resource.capacity", resource_capacity},
  {"setting.changed", setting_changed},
};

int cs__event_apply_json(cs_model *m, json_t *ev, const cs_loc *loc, cs_error *err) {
  json_t *type = json_object_get(ev, "type");
  if (!json_is_object(ev)) return cs__err_at(err, loc, NULL, 0, "", "an event must be a JSON object");
  if (!json_is_string(type)) return cs__err_at(err, loc, "type", 0, "", "missing field 'type'");
  for (size_t i = 0; i < sizeof handlers / sizeof handlers[0]; i++)
    if (strcmp(json_string_value(type), handlers[i].type) == 0) return handlers[i].apply(m, ev, loc, err);
  return cs__err_at(err, loc, "type", 0, json_string_value(type), "unknown event type '%s'", json_string_value(type));
}

int cs_event_apply(cs_model *m, const char *text, const cs_loc *loc, cs_error *err) {
  json_error_t jerr;
  json_t *ev = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
  if (!ev) {
    int rc = cs__err_at(err, loc, NULL, jerr.column, "", "not JSON: %s", jerr.text);
    err->column = jerr.column;
    return rc;
  }
  int rc = cs__event_apply_json(m, ev, loc, err);
  json_decref(ev);
  return rc;
}
