/* events.c — applying events to the in-memory model. An event is a JSON object with a
 * "type"; its other fields depend on the type (docs/events.md). */
#include <jansson.h>
#include <string.h>

#include "clockspeed/cs_events.h"
#include "internal.h"

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

int cs_event_apply(cs_model *m, const char *text, const cs_loc *loc, cs_error *err) {
  json_error_t jerr;
  json_t *ev = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
  if (!ev) {
    int rc = cs__err_at(err, loc, NULL, jerr.column, "", "not JSON: %s", jerr.text);
    err->column = jerr.column;
    return rc;
  }
  int rc;
  json_t *type = json_object_get(ev, "type");
  if (!json_is_object(ev)) rc = cs__err_at(err, loc, NULL, 0, "", "an event must be a JSON object");
  else if (!json_is_string(type)) rc = cs__err_at(err, loc, "type", 0, "", "missing field 'type'");
  else if (strcmp(json_string_value(type), "order.created") == 0) rc = order_created(m, ev, loc, err);
  else
    rc = cs__err_at(err, loc, "type", 0, json_string_value(type), "unknown event type '%s'",
                    json_string_value(type));
  json_decref(ev);
  return rc;
}
