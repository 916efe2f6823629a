/* event_json.c — decoding events from their JSON form into typed cs_event values, once,
 * at the edge: the type, the fields each type knows (an unknown one is refused, so a typo
 * is never ignored), their JSON types and ranges. What depends on the model is checked
 * when the event is applied (lib/model/events.c). Also the one place that writes the
 * order.created event of a booking. docs/events.md lists every field. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "clockspeed/cs_json.h"
#include "internal.h"
#include "json_priv.h"

/* The fields each type knows, besides "type". */
static const char *const known_fields[CS_EVENT_TYPE_COUNT][7] = {
  [CS_EVENT_ORDER_CREATED] = {"order", NULL},
  [CS_EVENT_ORDER_CHANGED] = {"order", "qty", "price", "due", "customer", NULL},
  [CS_EVENT_ORDER_CANCELLED] = {"order", "date", NULL},
  [CS_EVENT_ORDER_RELEASED] = {"order", "date", NULL},
  [CS_EVENT_STEP_COMPLETED] = {"order", "date", "qty", "minutes", NULL},
  [CS_EVENT_RESOURCE_CAPACITY] = {"resource", "date", "capacity", "days", NULL},
  [CS_EVENT_SETTING_CHANGED] = {"key", "value", NULL},
  [CS_EVENT_APPOINTMENT_REQUESTED] = {"appointment", NULL},
  [CS_EVENT_APPOINTMENT_BOOKED] = {"appointment", NULL},
  [CS_EVENT_APPOINTMENT_MOVED] = {"appointment", "rep", "date", "start", NULL},
  [CS_EVENT_APPOINTMENT_CANCELLED] = {"appointment", NULL},
  [CS_EVENT_APPOINTMENT_DONE] = {"appointment", NULL},
  [CS_EVENT_APPOINTMENT_NO_SHOW] = {"appointment", NULL},
  [CS_EVENT_OPPORTUNITY_CREATED] = {"opportunity", NULL},
  [CS_EVENT_OPPORTUNITY_CHANGED] = {"opportunity", "stage", "next_step", "expected_throughput", "probability", NULL},
  [CS_EVENT_REP_ABSENT] = {"rep", "date", "days", NULL},
  [CS_EVENT_APPOINTMENTS_REROUTED] = {"moves", NULL},
  [CS_EVENT_FRICTION_OBSERVED] = {"opportunity", "friction", "date", "note", NULL},
  [CS_EVENT_FRICTION_REMOVED] = {"opportunity", "friction", "date", NULL},
  [CS_EVENT_OPPORTUNITY_STAGE_CHANGED] = {"opportunity", "stage", "date", NULL},
  [CS_EVENT_DECISION_LOGGED] = {"decision", NULL},
  [CS_EVENT_JOB_CREATED] = {"job", NULL},
  [CS_EVENT_JOB_CHANGED] = {"job", "out", "in", "price", "status", "items"},
  [CS_EVENT_JOB_CANCELLED] = {"job", NULL},
  [CS_EVENT_ITEM_CHANGED] = {"item", "owned", NULL},
  [CS_EVENT_CREW_ABSENT] = {"crew", "date", "days", NULL},
};

/* Refuses fields the event's type does not know. */
static int only_known(json_t *obj, cs_event_type t, const cs_loc *loc, cs_error *err) {
  const char *key;
  json_t *v;
  json_object_foreach(obj, key, v) {
    int ok = strcmp(key, "type") == 0;
    for (size_t i = 0; known_fields[t][i] && !ok; i++) ok = strcmp(key, known_fields[t][i]) == 0;
    if (!ok) return cs__err_at(err, loc, key, 0, key, "unknown field '%s'", key);
  }
  return 0;
}

/* Copies a string field into the arena; *out stays NULL when the field is absent. */
static int get_text(json_t *obj, const char *key, const char *missing, cs_arena *a, const char **out,
                    const cs_loc *loc, cs_error *err) {
  json_t *v = json_object_get(obj, key);
  *out = NULL;
  if (!v) return missing ? cs__err_at(err, loc, key, 0, "", "%s", missing) : 0;
  if (!json_is_string(v)) return cs__err_at(err, loc, key, 0, "", "%s", missing ? missing : "must be text");
  if (!(*out = cs_arena_strdup(a, json_string_value(v)))) return cs__err(err, CS_ENOMEM, "out of memory");
  return 0;
}

int cs__json_get_date(json_t *obj, const char *key, bool required, cs_date *out, const cs_loc *loc, cs_error *err) {
  json_t *v = json_object_get(obj, key);
  if (!v) return required ? cs__err_at(err, loc, key, 0, "", "missing field '%s'", key) : 0;
  if (!json_is_string(v) || !cs_date_parse(json_string_value(v), out))
    return cs__err_at(err, loc, key, 0, json_is_string(v) ? json_string_value(v) : "",
                      "field '%s' must be an ISO date (YYYY-MM-DD)", key);
  return 0;
}

int cs__json_get_number(json_t *obj, const char *key, bool required, char kind, double max, double *out,
                        const cs_loc *loc, cs_error *err) {
  json_t *v = json_object_get(obj, key);
  if (!v) return required ? cs__err_at(err, loc, key, 0, "", "missing field '%s'", key) : 0;
  double d = json_is_number(v) ? json_number_value(v) : NAN;
  if (!isfinite(d) || (kind == 'n' && d < 0) || (kind == 'p' && d <= 0))
    return cs__err_at(err, loc, key, 0, "", "field '%s' must be a %snumber", key,
                      kind == 'p' ? "positive " : kind == 'n' ? "non-negative " : "");
  if (fabs(d) > max) {
    char text[32], hi[32];
    cs__fmt_double(d, text, sizeof text);
    cs__fmt_double(max, hi, sizeof hi);
    return cs__err_at(err, loc, key, 0, text, "%s is out of range, at most %s", text, hi);
  }
  *out = d;
  return 0;
}

/* The optional fields an event may give, and the bit of cs_event.has each sets. */
static const struct {
  const char *key;
  unsigned bit;
} optional_fields[] = {
  {"qty", CS_EVF_QTY},   {"price", CS_EVF_PRICE},     {"due", CS_EVF_DUE}, {"customer", CS_EVF_CUSTOMER},
  {"date", CS_EVF_DATE}, {"minutes", CS_EVF_MINUTES}, {"days", CS_EVF_DAYS},
  {"rep", CS_EVF_REP},   {"start", CS_EVF_START},     {"stage", CS_EVF_STAGE}, {"next_step", CS_EVF_NEXT_STEP},
  {"expected_throughput", CS_EVF_EXPECTED}, {"probability", CS_EVF_PROBABILITY},
};

/* A row carried by an event: {FIELD: {ROW}}, the columns of table t. order.created's
 * status defaults to confirmed (an order only quoted is not yet an event in the plant);
 * appointment.requested's is requested and appointment.booked's is booked, whatever the
 * row says. */
static int decode_row(json_t *obj, const char *field, cs_table t, const char *status, bool forced, cs_arena *a,
                      cs_event *ev, const cs_loc *loc, cs_error *err) {
  json_t *o = json_object_get(obj, field);
  if (!o) return cs__err_at(err, loc, field, 0, "", "missing field '%s'", field);
  if (!json_is_object(o)) return cs__err_at(err, loc, field, 0, "", "must be an object");
  const char *key;
  json_t *v;
  json_object_foreach(o, key, v) {
    int k = cs_table_column_index(t, key);
    char buf[64];
    const char *text;
    if (k < 0) return cs__err_at(err, loc, NULL, 0, key, "unknown field '%s'", key);
    if (cs__json_scalar_text(v, buf, sizeof buf, &text))
      return cs__err_at(err, loc, key, 0, "", "must be a string, a number or null");
    if (text && !(ev->row[k] = cs_arena_strdup(a, text))) return cs__err(err, CS_ENOMEM, "out of memory");
  }
  int st = cs_table_column_index(t, "status");
  if (st >= 0 && (forced || !ev->row[st])) ev->row[st] = status;
  return 0;
}

/* A time of day "HH:MM" as minutes after midnight. */
static int get_time(json_t *obj, const char *key, int32_t *out, const cs_loc *loc, cs_error *err) {
  json_t *v = json_object_get(obj, key);
  if (!v) return 0;
  const char *s = json_is_string(v) ? json_string_value(v) : "";
  if (!cs__parse_hhmm(s, out)) return cs__err_at(err, loc, key, 0, s, "field '%s' must be a time (HH:MM)", key);
  return 0;
}

/* appointments.rerouted's moves: [{"appointment", "rep", "start"}], 1 to
 * CS_EVENT_MAX_MOVES of them, into the arena. */
static int decode_moves(json_t *obj, cs_arena *a, cs_event *ev, const cs_loc *loc, cs_error *err) {
  json_t *arr = json_object_get(obj, "moves");
  size_t n = json_array_size(arr);
  if (!json_is_array(arr) || !n || n > CS_EVENT_MAX_MOVES)
    return cs__err_at(err, loc, "moves", 0, "", "field 'moves' must be an array of 1 to %d moves", CS_EVENT_MAX_MOVES);
  cs_event_move *mv = cs_arena_calloc(a, n, sizeof *mv);
  if (!mv) return cs__err(err, CS_ENOMEM, "out of memory");
  for (size_t k = 0; k < n; k++) {
    json_t *o = json_array_get(arr, k);
    char path[40];
    snprintf(path, sizeof path, "moves[%zu]", k);
    cs_loc at = {loc ? loc->file : NULL, loc ? loc->line : 0, path};
    const char *key;
    json_t *v;
    int rc = json_is_object(o) ? 0 : cs__err_at(err, &at, "moves", 0, "", "a move must be an object");
    json_object_foreach(o, key, v) {
      if (!rc && strcmp(key, "appointment") != 0 && strcmp(key, "rep") != 0 && strcmp(key, "start") != 0)
        rc = cs__err_at(err, &at, key, 0, key, "unknown field '%s'", key);
    }
    mv[k].start = -1;
    if (!rc) rc = get_text(o, "appointment", "missing field 'appointment' (an id)", a, &mv[k].appointment_id, &at, err);
    if (!rc) rc = get_text(o, "rep", "missing field 'rep' (an id)", a, &mv[k].rep_id, &at, err);
    if (!rc) rc = get_time(o, "start", &mv[k].start, &at, err);
    if (!rc && mv[k].start < 0) rc = cs__err_at(err, &at, "start", 0, "", "missing field 'start' (HH:MM)");
    if (rc) return rc;
  }
  ev->moves = mv;
  ev->nmoves = n;
  return 0;
}

/* A job's lines: an array `key` of objects with the given fields (text, numbers or
 * null), 0 to CS_EVENT_MAX_JOB_LINES of them, each field's text into out[k * nf + f]. */
static int decode_lines(json_t *obj, const char *key, const char *const *fields, size_t nf, cs_arena *a,
                        const char ***out, size_t *n, const cs_loc *loc, cs_error *err) {
  json_t *arr = json_object_get(obj, key);
  *out = NULL, *n = 0;
  if (!arr) return 0;
  size_t len = json_array_size(arr);
  if (!json_is_array(arr) || len > CS_EVENT_MAX_JOB_LINES)
    return cs__err_at(err, loc, key, 0, "", "field '%s' must be an array of at most %d lines", key,
                      CS_EVENT_MAX_JOB_LINES);
  const char **v = cs_arena_calloc(a, len * nf + 1, sizeof *v);
  if (!v) return cs__err(err, CS_ENOMEM, "out of memory");
  for (size_t k = 0; k < len; k++) {
    json_t *o = json_array_get(arr, k);
    char path[48];
    snprintf(path, sizeof path, "%s[%zu]", key, k);
    cs_loc at = {loc ? loc->file : NULL, loc ? loc->line : 0, path};
    if (!json_is_object(o)) return cs__err_at(err, &at, key, 0, "", "a line must be an object");
    const char *f;
    json_t *x;
    json_object_foreach(o, f, x) {
      size_t i = 0;
      while (i < nf && strcmp(fields[i], f) != 0) i++;
      if (i == nf) return cs__err_at(err, &at, f, 0, f, "unknown field '%s'", f);
      char buf[64];
      const char *text;
      if (cs__json_scalar_text(x, buf, sizeof buf, &text))
        return cs__err_at(err, &at, f, 0, "", "must be a string, a number or null");
      if (text && !(v[k * nf + i] = cs_arena_strdup(a, text))) return cs__err(err, CS_ENOMEM, "out of memory");
    }
  }
  *out = v, *n = len;
  return 0;
}

/* An absence (rep.absent, crew.absent): who (field `who`), from `date`, for `days` (1 to
 * 366, default 1). */
static int decode_absence(json_t *obj, const char *who, const char *missing, cs_arena *a, const char **id, cs_event *ev,
                          const cs_loc *loc, cs_error *err) {
  double days = 1;
  int rc;
  if ((rc = get_text(obj, who, missing, a, id, loc, err)) || (rc = cs__json_get_date(obj, "date", true, &ev->date, loc, err)) ||
      (rc = cs__json_get_number(obj, "days", false, 'p', 366, &days, loc, err)))
    return rc;
  if (days != floor(days)) return cs__err_at(err, loc, "days", 0, "", "field 'days' must be a whole number up to 366");
  ev->days = (int32_t)days;
  return 0;
}

/* job.created's job: the columns of jobs.csv, and its "items" and "crew" lines. */
static int decode_job(json_t *obj, cs_arena *a, cs_event *ev, const cs_loc *loc, cs_error *err) {
  json_t *o = json_object_get(obj, "job");
  if (!json_is_object(o)) return cs__err_at(err, loc, "job", 0, "", "field 'job' must be an object");
  json_t *rest = json_deep_copy(o);
  if (!rest) return cs__err(err, CS_ENOMEM, "out of memory");
  static const char *const item_fields[] = {"item", "qty"}, *const crew_fields[] = {"skill", "qty", "from", "to"};
  const char **items = NULL, **crew = NULL;
  int rc = decode_lines(o, "items", item_fields, 2, a, &items, &ev->njob_items, loc, err);
  if (!rc) rc = decode_lines(o, "crew", crew_fields, 4, a, &crew, &ev->njob_crew, loc, err);
  json_object_del(rest, "items");
  json_object_del(rest, "crew");
  json_t *wrap = json_pack("{s:o}", "job", rest);
  if (!rc && !wrap) rc = cs__err(err, CS_ENOMEM, "out of memory");
  if (!rc) rc = decode_row(wrap, "job", CS_TABLE_JOBS, "confirmed", false, a, ev, loc, err);
  json_decref(wrap);
  if (rc) return rc;
  cs_event_job_item *ji = cs_arena_calloc(a, ev->njob_items + 1, sizeof *ji);
  cs_event_job_crew *jc = cs_arena_calloc(a, ev->njob_crew + 1, sizeof *jc);
  if (!ji || !jc) return cs__err(err, CS_ENOMEM, "out of memory");
  for (size_t k = 0; k < ev->njob_items; k++) ji[k] = (cs_event_job_item){items[2 * k], items[2 * k + 1]};
  for (size_t k = 0; k < ev->njob_crew; k++)
    jc[k] = (cs_event_job_crew){crew[4 * k], crew[4 * k + 1], crew[4 * k + 2], crew[4 * k + 3]};
  ev->job_items = ji, ev->job_crew = jc;
  return 0;
}

int cs_event_decode_json(json_t *obj, cs_arena *a, const cs_loc *loc, cs_event *ev, cs_error *err) {
  memset(ev, 0, sizeof *ev);
  ev->days = 1;
  if (!json_is_object(obj)) return cs__err_at(err, loc, NULL, 0, "", "an event must be a JSON object");
  json_t *type = json_object_get(obj, "type");
  if (!json_is_string(type)) return cs__err_at(err, loc, "type", 0, "", "missing field 'type'");
  int t = cs_event_type_parse(json_string_value(type));
  if (t < 0)
    return cs__err_at(err, loc, "type", 0, json_string_value(type), "unknown event type '%s'", json_string_value(type));
  ev->type = (cs_event_type)t;
  int rc = only_known(obj, ev->type, loc, err);
  if (rc) return rc;
  for (size_t i = 0; i < sizeof optional_fields / sizeof optional_fields[0]; i++)
    if (json_object_get(obj, optional_fields[i].key)) ev->has |= optional_fields[i].bit;
  const char *order_missing = "missing field 'order' (an order id)";
  switch (ev->type) {
    case CS_EVENT_ORDER_CREATED:
      return decode_row(obj, "order", CS_TABLE_ORDERS, "confirmed", false, a, ev, loc, err);
    case CS_EVENT_APPOINTMENT_REQUESTED:
      return decode_row(obj, "appointment", CS_TABLE_APPOINTMENTS, "requested", true, a, ev, loc, err);
    case CS_EVENT_APPOINTMENT_BOOKED:
      return decode_row(obj, "appointment", CS_TABLE_APPOINTMENTS, "booked", true, a, ev, loc, err);
    case CS_EVENT_OPPORTUNITY_CREATED:
      return decode_row(obj, "opportunity", CS_TABLE_OPPORTUNITIES, NULL, false, a, ev, loc, err);
    case CS_EVENT_DECISION_LOGGED:
      return decode_row(obj, "decision", CS_TABLE_DECISIONS, NULL, false, a, ev, loc, err);
    case CS_EVENT_JOB_CREATED:
      return decode_job(obj, a, ev, loc, err);
    case CS_EVENT_JOB_CANCELLED:
      return get_text(obj, "job", "missing field 'job' (an id)", a, &ev->job_id, loc, err);
    case CS_EVENT_JOB_CHANGED: {
      static const char *const item_fields[] = {"item", "qty"};
      const char **items = NULL;
      double price = -1;
      if ((rc = get_text(obj, "job", "missing field 'job' (an id)", a, &ev->job_id, loc, err)) ||
          (rc = cs__json_get_date(obj, "out", false, &ev->date, loc, err)) ||
          (rc = cs__json_get_date(obj, "in", false, &ev->due, loc, err)) ||
          (rc = cs__json_get_number(obj, "price", false, 'n', 1e12, &price, loc, err)) ||
          (rc = get_text(obj, "status", NULL, a, &ev->value, loc, err)) ||
          (rc = decode_lines(obj, "items", item_fields, 2, a, &items, &ev->njob_items, loc, err)))
        return rc;
      ev->has |= (json_object_get(obj, "out") ? CS_EVF_DATE : 0) | (json_object_get(obj, "in") ? CS_EVF_DUE : 0);
      ev->price = price;
      cs_event_job_item *ji = cs_arena_calloc(a, ev->njob_items + 1, sizeof *ji);
      if (!ji) return cs__err(err, CS_ENOMEM, "out of memory");
      for (size_t k = 0; k < ev->njob_items; k++) ji[k] = (cs_event_job_item){items[2 * k], items[2 * k + 1]};
      ev->job_items = ji;
      return 0;
    }
    case CS_EVENT_ITEM_CHANGED: {
      double owned = 0;
      if ((rc = get_text(obj, "item", "missing field 'item' (an id)", a, &ev->item_id, loc, err)) ||
          (rc = cs__json_get_number(obj, "owned", true, 'n', 1e6, &owned, loc, err)))
        return rc;
      if (owned != floor(owned)) return cs__err_at(err, loc, "owned", 0, "", "field 'owned' must be a whole number");
      ev->qty = owned;
      return 0;
    }
    case CS_EVENT_CREW_ABSENT:
      return decode_absence(obj, "crew", "missing field 'crew' (an id)", a, &ev->crew_id, ev, loc, err);
    case CS_EVENT_APPOINTMENT_MOVED:
      if ((rc = get_text(obj, "appointment", "missing field 'appointment' (an id)", a, &ev->appointment_id, loc, err)) ||
          (rc = get_text(obj, "rep", NULL, a, &ev->rep_id, loc, err)) ||
          (rc = cs__json_get_date(obj, "date", false, &ev->date, loc, err)))
        return rc;
      return get_time(obj, "start", &ev->start, loc, err);
    case CS_EVENT_APPOINTMENTS_REROUTED:
      return decode_moves(obj, a, ev, loc, err);
    case CS_EVENT_APPOINTMENT_CANCELLED:
    case CS_EVENT_APPOINTMENT_DONE:
    case CS_EVENT_APPOINTMENT_NO_SHOW:
      return get_text(obj, "appointment", "missing field 'appointment' (an id)", a, &ev->appointment_id, loc, err);
    case CS_EVENT_OPPORTUNITY_CHANGED:
      if ((rc = get_text(obj, "opportunity", "missing field 'opportunity' (an id)", a, &ev->opportunity_id, loc, err)) ||
          (rc = get_text(obj, "stage", NULL, a, &ev->stage, loc, err)) ||
          (rc = get_text(obj, "next_step", NULL, a, &ev->next_step, loc, err)) ||
          (rc = cs__json_get_number(obj, "expected_throughput", false, 'n', CS__MAX_MONEY, &ev->expected_throughput, loc, err)) ||
          (rc = cs__json_get_number(obj, "probability", false, 'n', 1, &ev->probability, loc, err)))
        return rc;
      return 0;
    case CS_EVENT_FRICTION_OBSERVED:
    case CS_EVENT_FRICTION_REMOVED:
      if ((rc = get_text(obj, "opportunity", "missing field 'opportunity' (an id)", a, &ev->opportunity_id, loc, err)) ||
          (rc = get_text(obj, "friction", "missing field 'friction' (an id of the catalogue)", a, &ev->friction_id, loc,
                         err)) ||
          (rc = get_text(obj, "note", NULL, a, &ev->note, loc, err)))
        return rc;
      if (ev->note && strlen(ev->note) > CS__MAX_NOTE)
        return cs__err_at(err, loc, "note", 0, "", "field 'note' is longer than %d bytes", CS__MAX_NOTE);
      return cs__json_get_date(obj, "date", false, &ev->date, loc, err);
    case CS_EVENT_OPPORTUNITY_STAGE_CHANGED:
      if ((rc = get_text(obj, "opportunity", "missing field 'opportunity' (an id)", a, &ev->opportunity_id, loc, err)) ||
          (rc = get_text(obj, "stage", "missing field 'stage' (the new stage)", a, &ev->stage, loc, err)))
        return rc;
      if (!*ev->stage || strlen(ev->stage) > 100)
        return cs__err_at(err, loc, "stage", 0, ev->stage, "field 'stage' must be 1 to 100 bytes of text");
      return cs__json_get_date(obj, "date", false, &ev->date, loc, err);
    case CS_EVENT_REP_ABSENT:
      return decode_absence(obj, "rep", "missing field 'rep' (an id)", a, &ev->rep_id, ev, loc, err);
    case CS_EVENT_ORDER_CHANGED:
      if ((rc = get_text(obj, "order", order_missing, a, &ev->order_id, loc, err)) ||
          (rc = get_text(obj, "customer", NULL, a, &ev->customer, loc, err)) ||
          (rc = cs__json_get_number(obj, "qty", false, 'p', CS__MAX_QTY, &ev->qty, loc, err)) ||
          (rc = cs__json_get_number(obj, "price", false, 'n', CS__MAX_MONEY, &ev->price, loc, err)))
        return rc;
      return cs__json_get_date(obj, "due", false, &ev->due, loc, err);
    case CS_EVENT_ORDER_CANCELLED:
      if ((rc = get_text(obj, "order", order_missing, a, &ev->order_id, loc, err))) return rc;
      return cs__json_get_date(obj, "date", false, &ev->date, loc, err);
    case CS_EVENT_ORDER_RELEASED:
      if ((rc = get_text(obj, "order", order_missing, a, &ev->order_id, loc, err))) return rc;
      return cs__json_get_date(obj, "date", true, &ev->date, loc, err);
    case CS_EVENT_STEP_COMPLETED:
      if ((rc = get_text(obj, "order", order_missing, a, &ev->order_id, loc, err)) ||
          (rc = cs__json_get_date(obj, "date", true, &ev->date, loc, err)) ||
          (rc = cs__json_get_number(obj, "qty", false, 'p', CS__MAX_QTY, &ev->qty, loc, err)))
        return rc;
      return cs__json_get_number(obj, "minutes", false, 'n', CS__MAX_MINUTES, &ev->minutes, loc, err);
    case CS_EVENT_RESOURCE_CAPACITY: {
      double days = 1;
      if ((rc = get_text(obj, "resource", "missing field 'resource'", a, &ev->resource_id, loc, err)) ||
          (rc = cs__json_get_date(obj, "date", true, &ev->date, loc, err)) ||
          (rc = cs__json_get_number(obj, "capacity", true, 'n', CS__MAX_MINUTES, &ev->capacity, loc, err)) ||
          (rc = cs__json_get_number(obj, "days", false, 'p', 366, &days, loc, err)))
        return rc;
      if (days != floor(days) || days > 366)
        return cs__err_at(err, loc, "days", 0, "", "field 'days' must be a whole number up to 366");
      ev->days = (int32_t)days;
      return 0;
    }
    case CS_EVENT_SETTING_CHANGED: {
      if ((rc = get_text(obj, "key", "missing field 'key'", a, &ev->key, loc, err))) return rc;
      json_t *v = json_object_get(obj, "value");
      char buf[64];
      const char *text = NULL;
      if (json_is_string(v) || json_is_number(v)) cs__json_scalar_text(v, buf, sizeof buf, &text);
      else return cs__err_at(err, loc, "value", 0, "", "field 'value' must be text or a number");
      if (cs_setting_kind(ev->key) < 0) return cs__err_at(err, loc, "key", 0, ev->key, "'%s' is not a known setting", ev->key);
      if (!(ev->value = cs_arena_strdup(a, text))) return cs__err(err, CS_ENOMEM, "out of memory");
      return 0;
    }
    default:
      return cs__err_at(err, loc, "type", 0, "", "unknown event type");
  }
}

int cs_event_decode(const char *text, size_t len, cs_arena *a, const cs_loc *loc, cs_event *ev, cs_error *err) {
  json_error_t jerr;
  json_t *obj = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
  if (!obj) {
    memset(ev, 0, sizeof *ev);
    int rc = cs__err_at(err, loc, NULL, jerr.column, "", "not JSON: %s", jerr.text);
    err->column = jerr.column;
    return rc;
  }
  int rc = cs_event_decode_json(obj, a, loc, ev, err);
  json_decref(obj);
  return rc;
}

/* Decodes an event given as text and hands it to apply (the model's or the live
 * signals'), with the event's strings in an arena of its own. */
typedef int (*apply_fn)(void *target, const cs_event *ev, const cs_loc *loc, cs_error *err);
static int apply_text(void *target, apply_fn apply, const char *text, const cs_loc *loc, cs_error *err) {
  cs_arena *a = cs_arena_new();
  if (!a) return cs__err(err, CS_ENOMEM, "out of memory");
  cs_event ev;
  int rc = cs_event_decode(text, strlen(text), a, loc, &ev, err);
  if (!rc) rc = apply(target, &ev, loc, err);
  cs_arena_free(a);
  return rc;
}

static int apply_to_model(void *m, const cs_event *ev, const cs_loc *loc, cs_error *err) {
  return cs_event_apply(m, ev, loc, err);
}

static int apply_to_live(void *L, const cs_event *ev, const cs_loc *loc, cs_error *err) {
  return cs_live_apply(L, ev, loc, err);
}

int cs_event_apply_text(cs_model *m, const char *text, const cs_loc *loc, cs_error *err) {
  return apply_text(m, apply_to_model, text, loc, err);
}

int cs_live_apply_text(cs_live *L, const char *text, const cs_loc *loc, cs_error *err) {
  return apply_text(L, apply_to_live, text, loc, err);
}

char *cs_json_booking_event(const cs_model *m, const cs_quote_request *q, const char *id, const char *customer,
                            cs_date ordered) {
  char due[11], on[11];
  json_t *order = json_pack("{s:s, s:s, s:f, s:f, s:s, s:s}", "id", id, "product", m->products.id[q->product], "qty",
                            q->qty, "price", q->price, "due", cs_date_format(q->due, due), "status", "confirmed");
  if (order && customer) json_object_set_new(order, "customer", json_string(customer));
  if (order && ordered != CS_DATE_NONE) json_object_set_new(order, "ordered", json_string(cs_date_format(ordered, on)));
  json_t *ev = order ? json_pack("{s:s, s:o}", "type", "order.created", "order", order) : NULL;
  char *text = ev ? json_dumps(ev, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17)) : NULL;
  json_decref(ev);
  return text;
}

int cs_booked_id_error(const char *id, cs_error *err) {
  return cs_error_set(err, CS_EINPUT, "id", id, "an order '%.60s' exists", id);
}

void cs_booking_id(const cs_model *m, cs_date at, char *buf, size_t size) {
  char d[11];
  cs_date_format(at, d);
  for (size_t n = m->orders.n + 1;; n++) {
    snprintf(buf, size, "Q-%.4s%.2s%.2s-%zu", d, d + 5, d + 8, n);
    if (cs_model_find_order(m, buf) < 0) return;
  }
}

