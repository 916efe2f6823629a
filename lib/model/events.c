/* events.c — applying typed events to the in-memory model (the JSON form is decoded at
 * the edge, lib/json/event_json.c). Each handler resolves what the event names and checks
 * everything that depends on the model before it changes anything, so a refused event
 * leaves the model as it was; every change goes through the batch journal (journal.c). */
#include <math.h>
#include <string.h>

#include "clockspeed/cs_events.h"
#include "model_priv.h"

static const char *const type_names[CS_EVENT_TYPE_COUNT] = {
  [CS_EVENT_ORDER_CREATED] = "order.created",     [CS_EVENT_ORDER_CHANGED] = "order.changed",
  [CS_EVENT_ORDER_CANCELLED] = "order.cancelled", [CS_EVENT_ORDER_RELEASED] = "order.released",
  [CS_EVENT_STEP_COMPLETED] = "step.completed",   [CS_EVENT_RESOURCE_CAPACITY] = "resource.capacity",
  [CS_EVENT_SETTING_CHANGED] = "setting.changed",
  [CS_EVENT_APPOINTMENT_REQUESTED] = "appointment.requested", [CS_EVENT_APPOINTMENT_BOOKED] = "appointment.booked",
  [CS_EVENT_APPOINTMENT_MOVED] = "appointment.moved",         [CS_EVENT_APPOINTMENT_CANCELLED] = "appointment.cancelled",
  [CS_EVENT_APPOINTMENT_DONE] = "appointment.done",           [CS_EVENT_APPOINTMENT_NO_SHOW] = "appointment.no_show",
  [CS_EVENT_OPPORTUNITY_CREATED] = "opportunity.created",     [CS_EVENT_OPPORTUNITY_CHANGED] = "opportunity.changed",
  [CS_EVENT_REP_ABSENT] = "rep.absent",                       [CS_EVENT_APPOINTMENTS_REROUTED] = "appointments.rerouted",
  [CS_EVENT_FRICTION_OBSERVED] = "friction.observed",         [CS_EVENT_FRICTION_REMOVED] = "friction.removed",
  [CS_EVENT_OPPORTUNITY_STAGE_CHANGED] = "opportunity.stage_changed",
  [CS_EVENT_DECISION_LOGGED] = "decision.logged",
  [CS_EVENT_JOB_CREATED] = "job.created",     [CS_EVENT_JOB_CHANGED] = "job.changed",
  [CS_EVENT_JOB_CANCELLED] = "job.cancelled", [CS_EVENT_ITEM_CHANGED] = "item.changed",
  [CS_EVENT_CREW_ABSENT] = "crew.absent",
};

const char *cs_event_type_name(cs_event_type t) {
  return (unsigned)t < CS_EVENT_TYPE_COUNT ? type_names[t] : NULL;
}

int cs_event_type_parse(const char *name) {
  for (int t = 0; t < CS_EVENT_TYPE_COUNT; t++)
    if (name && strcmp(name, type_names[t]) == 0) return t;
  return -1;
}

/* order.created: the order row, validated as a row of orders.csv. */
static int order_created(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err) {
  cs_row row = {ev->row, NULL};
  return cs_model_add_row(m, CS_TABLE_ORDERS, &row, loc, err);
}

/* Finds the order an event names. */
static int get_order(const cs_model *m, const cs_event *ev, const cs_loc *loc, int32_t *o, cs_error *err) {
  *o = ev->order_id ? cs_model_find_order(m, ev->order_id) : -1;
  if (!ev->order_id) return cs__err_at(err, loc, "order", 0, "", "missing field 'order' (an order id)");
  if (*o < 0) return cs__err_at(err, loc, "order", 0, ev->order_id, "no order '%s'", ev->order_id);
  return 0;
}

/* The status an order has, as text, for messages. */
static const char *status_name(const cs_model *m, int32_t o) {
  return cs__order_status_names[m->orders.status[o]];
}

/* Whether order o is done or cancelled (it cannot change any more). */
static bool closed(const cs_model *m, int32_t o) {
  return m->orders.status[o] == CS_ORDER_DONE || m->orders.status[o] == CS_ORDER_CANCELLED;
}

/* order.changed: qty, price, due and customer take new values when given. */
static int order_changed(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err) {
  int32_t o;
  int rc = get_order(m, ev, loc, &o, err);
  if (rc) return rc;
  cs_orders *O = &m->orders;
  if (closed(m, o))
    return cs__err_at(err, loc, "order", 0, O->id[o], "order '%s' is %s and cannot change", O->id[o],
                      status_name(m, o));
  const char *c = ev->has & CS_EVF_CUSTOMER ? cs__model_str(m, ev->customer) : O->customer[o];
  if (!c || cs__journal_order(m, (size_t)o)) return cs__err(err, CS_ENOMEM, "out of memory");
  if (ev->has & CS_EVF_QTY) O->qty[o] = ev->qty;
  if (ev->has & CS_EVF_PRICE) O->price[o] = ev->price;
  if (ev->has & CS_EVF_DUE) O->due[o] = ev->due;
  O->customer[o] = c;
  return 0;
}

/* order.cancelled: an order already shipped or cancelled cannot be cancelled. */
static int order_cancelled(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err) {
  int32_t o;
  int rc = get_order(m, ev, loc, &o, err);
  if (rc) return rc;
  if (closed(m, o))
    return cs__err_at(err, loc, "order", 0, m->orders.id[o], "order '%s' is already %s", m->orders.id[o],
                      status_name(m, o));
  if (cs__journal_order(m, (size_t)o)) return cs__err(err, CS_ENOMEM, "out of memory");
  m->orders.status[o] = CS_ORDER_CANCELLED;
  return 0;
}

/* order.released: a confirmed (or quoted) order goes to the floor on `date`. */
static int order_released(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err) {
  int32_t o;
  int rc = get_order(m, ev, loc, &o, err);
  if (rc) return rc;
  uint8_t st = m->orders.status[o];
  if (st != CS_ORDER_CONFIRMED && st != CS_ORDER_QUOTED)
    return cs__err_at(err, loc, "order", 0, m->orders.id[o], "order '%s' is %s; only a confirmed order is released",
                      m->orders.id[o], status_name(m, o));
  if (cs__journal_order(m, (size_t)o)) return cs__err(err, CS_ENOMEM, "out of memory");
  m->orders.status[o] = CS_ORDER_RELEASED;
  m->orders.released[o] = ev->date;
  return 0;
}

/* step.completed: the order's next routing step is done for the whole order (qty, when
 * given, must be the order's quantity); after its last step the order is done and shipped
 * on that date. "minutes" (the time it really took) stays in the log. */
static int step_completed(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err) {
  int32_t o;
  int rc = get_order(m, ev, loc, &o, err);
  if (rc) return rc;
  cs_orders *O = &m->orders;
  if (O->status[o] != CS_ORDER_RELEASED)
    return cs__err_at(err, loc, "order", 0, O->id[o], "order '%s' is %s; steps are completed on released orders",
                      O->id[o], status_name(m, o));
  if ((ev->has & CS_EVF_QTY) && fabs(ev->qty - O->qty[o]) > 1e-9)
    return cs__err_at(err, loc, "qty", 0, "", "qty %g is not the order's %g; split the order to complete part of it",
                      ev->qty, O->qty[o]);
  int32_t p = O->product[o];
  int32_t steps = (int32_t)(m->route_start[p + 1] - m->route_start[p]);
  if (O->steps_done[o] >= steps) return cs__err_at(err, loc, "order", 0, O->id[o], "order '%s' has no step left", O->id[o]);
  if (cs__journal_order(m, (size_t)o)) return cs__err(err, CS_ENOMEM, "out of memory");
  if (++O->steps_done[o] == steps) {
    O->status[o] = CS_ORDER_DONE;
    O->shipped[o] = ev->date;
  }
  return 0;
}

/* resource.capacity: the capacity per unit on `days` dates from `date`, as calendar
 * exceptions that replace any already there. */
static int resource_capacity(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err) {
  int32_t res = ev->resource_id ? cs_model_find_resource(m, ev->resource_id) : -1;
  if (!ev->resource_id) return cs__err_at(err, loc, "resource", 0, "", "missing field 'resource'");
  if (res < 0) return cs__err_at(err, loc, "resource", 0, ev->resource_id, "no resource '%s'", ev->resource_id);
  for (cs_date d = ev->date; d < ev->date + ev->days; d++) {
    int32_t i = cs__calendar_find(m, res, d);
    if (i >= 0) {
      if (cs__journal_calendar(m, (size_t)i)) return cs__err(err, CS_ENOMEM, "out of memory");
      m->calendar.capacity[i] = ev->capacity;
    } else if (cs__add_calendar(m, res, d, ev->capacity)) {
      return cs__err(err, CS_ENOMEM, "out of memory");
    }
  }
  return 0;
}

/* setting.changed: a setting takes a new value, validated as in settings.csv. A declared
 * constraint must name a resource; a refused value leaves every setting as it was. */
static int setting_changed(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err) {
  int bit = cs__setting_index(ev->key);
  if (bit < 0) return cs__err_at(err, loc, "key", 0, ev->key, "'%s' is not a known setting", ev->key);
  int32_t declared = -1;
  if (bit == CS__SET_CONSTRAINT && (declared = cs_model_find_resource(m, ev->value)) < 0)
    return cs__err_at(err, loc, "value", 0, ev->value, "constraint '%s' is not a known resource", ev->value);
  cs__model_priv *pv = m->priv;
  cs_settings saved = m->settings;
  unsigned saved_set = pv->settings_set;
  const char *saved_declared = pv->declared_id;
  if (cs__journal_settings(m)) return cs__err(err, CS_ENOMEM, "out of memory");
  /* The setting may be set already: clear its mark so it can take the new value. */
  const char *values[2] = {ev->key, ev->value};
  cs_row row = {values, NULL};
  pv->settings_set &= ~(1u << bit);
  int rc = cs_model_add_row(m, CS_TABLE_SETTINGS, &row, loc, err);
  if (rc) {
    m->settings = saved;
    pv->settings_set = saved_set;
    pv->declared_id = saved_declared;
    if (pv->journal_on) pv->njournal--;
    return rc;
  }
  if (declared >= 0) m->settings.constraint = declared;
  if (bit == CS__SET_HORIZON_DAYS || bit == CS__SET_PERIOD_DAYS) {
    /* cs_model_finish's rule: no horizon of its own means one period. */
    if (!(pv->settings_set & (1u << CS__SET_HORIZON_DAYS))) m->settings.horizon_days = m->settings.period_days;
  }
  return 0;
}

/* decision.logged: the row, validated as a row of decisions.csv. */
static int decision_logged(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err) {
  cs_row row = {ev->row, NULL};
  return cs_model_add_row(m, CS_TABLE_DECISIONS, &row, loc, err);
}

typedef int (*handler)(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err);
static const handler handlers[CS_EVENT_TYPE_COUNT] = {
  [CS_EVENT_ORDER_CREATED] = order_created,     [CS_EVENT_ORDER_CHANGED] = order_changed,
  [CS_EVENT_ORDER_CANCELLED] = order_cancelled, [CS_EVENT_ORDER_RELEASED] = order_released,
  [CS_EVENT_STEP_COMPLETED] = step_completed,   [CS_EVENT_RESOURCE_CAPACITY] = resource_capacity,
  [CS_EVENT_SETTING_CHANGED] = setting_changed,
  /* The sales desk's (sales_events.c). */
  [CS_EVENT_APPOINTMENT_REQUESTED] = cs__appointment_created, [CS_EVENT_APPOINTMENT_BOOKED] = cs__appointment_created,
  [CS_EVENT_APPOINTMENT_MOVED] = cs__appointment_moved,       [CS_EVENT_APPOINTMENT_CANCELLED] = cs__appointment_status,
  [CS_EVENT_APPOINTMENT_DONE] = cs__appointment_status,       [CS_EVENT_APPOINTMENT_NO_SHOW] = cs__appointment_status,
  [CS_EVENT_OPPORTUNITY_CREATED] = cs__opportunity_created,   [CS_EVENT_OPPORTUNITY_CHANGED] = cs__opportunity_changed,
  [CS_EVENT_REP_ABSENT] = cs__rep_absent,                     [CS_EVENT_APPOINTMENTS_REROUTED] = cs__appointments_rerouted,
  /* The pipeline's (pipeline_events.c). */
  [CS_EVENT_FRICTION_OBSERVED] = cs__friction_observed,       [CS_EVENT_FRICTION_REMOVED] = cs__friction_removed,
  [CS_EVENT_OPPORTUNITY_STAGE_CHANGED] = cs__stage_changed,
  [CS_EVENT_DECISION_LOGGED] = decision_logged,
  /* The rental house's (rental_events.c). */
  [CS_EVENT_JOB_CREATED] = cs__job_created,     [CS_EVENT_JOB_CHANGED] = cs__job_changed,
  [CS_EVENT_JOB_CANCELLED] = cs__job_changed,   [CS_EVENT_ITEM_CHANGED] = cs__item_changed,
  [CS_EVENT_CREW_ABSENT] = cs__crew_absent,
};

int cs_event_apply(cs_model *m, const cs_event *ev, const cs_loc *loc, cs_error *err) {
  if ((unsigned)ev->type >= CS_EVENT_TYPE_COUNT) return cs__err_at(err, loc, "type", 0, "", "unknown event type");
  return handlers[ev->type](m, ev, loc, err);
}
