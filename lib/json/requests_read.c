/* requests_read.c — reads a stream of requests for the pricing simulation: JSON lines,
 * one object per line, {"at", "product", "qty", "due", "price"} (docs/pricing.md). Blank
 * lines are skipped; every error names the file, the line and the field. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clockspeed/cs_io.h"
#include "internal.h"
#include "json_priv.h"

int cs__request_decode(const cs_model *m, json_t *o, const cs_loc *loc, cs_request *r, cs_error *err) {
  int rc = 0;
  json_t *p = json_object_get(o, "product");
  if (!json_is_object(o)) rc = cs__err_at(err, loc, NULL, 0, "", "a request must be a JSON object");
  else if (!json_is_string(p)) rc = cs__err_at(err, loc, "product", 0, "", "missing field 'product'");
  else if ((r->product = cs_model_find_product(m, json_string_value(p))) < 0)
    rc = cs__err_at(err, loc, "product", 0, json_string_value(p), "no product '%s' in the model",
                    json_string_value(p));
  if (!rc) rc = cs__json_get_date(o, "at", true, &r->at, loc, err);
  if (!rc) rc = cs__json_get_date(o, "due", true, &r->due, loc, err);
  if (!rc) rc = cs__json_get_number(o, "qty", true, 'a', CS__MAX_QTY, &r->qty, loc, err);
  if (!rc) rc = cs__json_get_number(o, "price", true, 'n', CS__MAX_MONEY, &r->price, loc, err);
  if (!rc && !(r->qty > 0)) rc = cs__err_at(err, loc, "qty", 0, "", "field 'qty' must be positive");
  return rc;
}

/* Turns one line into a request. */
static int parse_line(const cs_model *m, const char *text, const cs_loc *loc, cs_request *r, cs_error *err) {
  json_error_t jerr;
  json_t *o = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
  if (!o) return cs__err_at(err, loc, NULL, jerr.column, "", "not JSON: %s", jerr.text);
  int rc = cs__request_decode(m, o, loc, r, err);
  json_decref(o);
  return rc;
}

int cs_requests_read(const cs_model *m, const char *file, cs_arena *a, cs_request **out, size_t *n,
                     cs_error *err) {
  *out = NULL;
  *n = 0;
  FILE *fp = fopen(file, "rb");
  if (!fp) return cs__err(err, CS_EINPUT, "%s: cannot open: %s", file, strerror(errno));
  const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
  cs_request *R = NULL;
  size_t cap = 0;
  char *line = NULL;
  size_t lcap = 0;
  long lineno = 0;
  int rc = 0;
  while (!rc && getline(&line, &lcap, fp) >= 0) {
    lineno++;
    if (strspn(line, " \t\r\n") == strlen(line)) continue;
    if (cs__grow((void **)&R, sizeof *R, &cap, *n + 1)) {
      rc = cs__err(err, CS_ENOMEM, "out of memory");
      break;
    }
    cs_loc loc = {base, lineno, NULL};
    rc = parse_line(m, line, &loc, &R[*n], err);
    if (!rc) (*n)++;
  }
  free(line);
  fclose(fp);
  if (!rc && *n) {
    *out = cs_arena_alloc(a, *n * sizeof *R);
    if (!*out) rc = cs__err(err, CS_ENOMEM, "out of memory");
    else memcpy(*out, R, *n * sizeof *R);
  }
  free(R);
  if (rc) *n = 0;
  return rc;
}
