/* json_priv.h — what the JSON readers of lib/json share (prefix cs__); not installed.
 *
 * Ownership: text a function hands back through `out` points into the JSON value or the
 * buffer given, and lives as long as they do. */
#ifndef CS_JSON_PRIV_H
#define CS_JSON_PRIV_H

#include <jansson.h>

#include "clockspeed/cs_model.h"
#include "clockspeed/cs_pricing.h"

/* Turns a JSON scalar into the text a CSV cell would hold (NULL for null); -1 when v is
 * an array or an object. */
int cs__json_scalar_text(json_t *v, char *buf, size_t size, const char **out);

/* Adds one row given as a JSON object (keys are the table's columns) to the model, with
 * the same validation as every other source. */
int cs__json_add_row(cs_model *m, cs_table t, json_t *obj, const cs_loc *loc, cs_error *err);

/* Values of the results-to-JSON layer: a number (null when it is not finite: an infinite
 * load, a T/CU without drum minutes), a date (ISO text, null for none) and an id (null
 * for index -1); each a new reference. */
json_t *cs__json_num(double v);
json_t *cs__json_date(cs_date d);
json_t *cs__json_id(const char *const *ids, int32_t i);

/* Reads a date field of an event or request object at loc (absent: *out untouched, an
 * error only when required). */
int cs__json_get_date(json_t *obj, const char *key, bool required, cs_date *out, const cs_loc *loc, cs_error *err);

/* Reads a number field: kind 'a' any finite number, 'n' not negative, 'p' positive; and
 * at most max (the limits of docs/model.md, "Ranges"). */
int cs__json_get_number(json_t *obj, const char *key, bool required, char kind, double max, double *out,
                        const cs_loc *loc, cs_error *err);

/* The limits of numbers that enter from events and requests, as docs/model.md says. */
#define CS__MAX_MONEY 1e12
#define CS__MAX_MINUTES 1e9
#define CS__MAX_QTY 1e9
#define CS__MAX_NOTE 1000 /* bytes of a friction's note */

/* Decodes one request of a pricing simulation, {"at", "product", "qty", "due", "price"};
 * errors name loc and the field. */
int cs__request_decode(const cs_model *m, json_t *o, const cs_loc *loc, cs_request *r, cs_error *err);

#endif
