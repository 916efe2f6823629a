/* json_model.c — a model as one JSON document, read and written with jansson:
 * {"settings": {"key": value, ...}, "resources": [{"id": ..., ...}], "products": [...], ...}.
 * Rows go through the same validation as CSV rows (cs_model_add_row). */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "clockspeed/cs_io.h"
#include "internal.h"
#include "json_priv.h"

/* Turns a JSON scalar into the text a CSV cell would hold; NULL for null. */
int cs__json_scalar_text(json_t *v, char *buf, size_t size, const char **out) {
  switch (json_typeof(v)) {
    case JSON_STRING: *out = json_string_value(v); return 0;
    case JSON_INTEGER: snprintf(buf, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v)); *out = buf; return 0;
    case JSON_REAL: cs__fmt_double(json_real_value(v), buf, size); *out = buf; return 0;
    case JSON_NULL: *out = NULL; return 0;
    default: return -1;
  }
}

/* Reads the "settings" object. */
static int read_settings(cs_model *m, const char *file, json_t *obj, cs_error *err) {
  if (!json_is_object(obj)) {
    cs_loc loc = {file, 0, "settings"};
    return cs__err_at(err, &loc, NULL, 0, "", "must be an object of key: value");
  }
  const char *key;
  json_t *v;
  json_object_foreach(obj, key, v) {
    char path[200], buf[64];
    snprintf(path, sizeof path, "settings.%s", key);
    cs_loc loc = {file, 0, path};
    const char *text;
    if (cs__json_scalar_text(v, buf, sizeof buf, &text))
      return cs__err_at(err, &loc, NULL, 0, "", "must be a string or a number");
    const char *values[2] = {key, text};
    cs_row row = {values, NULL};
    int rc = cs_model_add_row(m, CS_TABLE_SETTINGS, &row, &loc, err);
    if (rc) return rc;
  }
  return 0;
}

/* Reads one table: an array of objects whose keys are the table's columns. */
static int read_table(cs_model *m, const char *file, cs_table t, json_t *arr, cs_error *err) {
  const char *name = cs_table_name(t);
  if (!json_is_array(arr)) {
    cs_loc loc = {file, 0, name};
    return cs__err_at(err, &loc, NULL, 0, "", "must be an array of objects");
  }
  size_t i;
  json_t *obj;
  json_array_foreach(arr, i, obj) {
    char path[128];
    snprintf(path, sizeof path, "%s[%zu]", name, i);
    cs_loc loc = {file, 0, path};
    int rc = cs__json_add_row(m, t, obj, &loc, err);
    if (rc) return rc;
  }
  return 0;
}

/* Adds one row given as a JSON object whose keys are the table's columns. */
int cs__json_add_row(cs_model *m, cs_table t, json_t *obj, const cs_loc *loc, cs_error *err) {
  if (!json_is_object(obj)) return cs__err_at(err, loc, NULL, 0, "", "must be an object");
  char bufs[CS_MAX_COLUMNS][64];
  const char *values[CS_MAX_COLUMNS] = {0};
  const char *key;
  json_t *v;
  json_object_foreach(obj, key, v) {
    int k = cs_table_column_index(t, key);
    if (k < 0) return cs__err_at(err, loc, NULL, 0, key, "unknown field '%s'", key);
    if (cs__json_scalar_text(v, bufs[k], sizeof bufs[k], &values[k]))
      return cs__err_at(err, loc, key, 0, "", "must be a string, a number or null");
  }
  cs_row row = {values, NULL};
  return cs_model_add_row(m, t, &row, loc, err);
}

/* Reads a model document; unknown top-level keys are errors. */
int cs_json_read_model(const char *file, cs_model **out, cs_error *err) {
  *out = NULL;
  const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
  json_error_t jerr;
  json_t *doc = json_load_file(file, JSON_REJECT_DUPLICATES, &jerr);
  if (!doc) {
    cs_loc loc = {base, jerr.line > 0 ? jerr.line : 0, NULL};
    int rc = cs__err_at(err, &loc, NULL, jerr.column, "", "%s", jerr.text);
    err->column = jerr.column;
    return rc;
  }
  cs_model *m = cs_model_new();
  int rc = m ? 0 : cs__err(err, CS_ENOMEM, "out of memory");
  if (!rc && !json_is_object(doc)) {
    cs_loc loc = {base, 0, NULL};
    rc = cs__err_at(err, &loc, NULL, 0, "", "the document must be an object");
  }
  if (!rc) {
    const char *key;
    json_t *v;
    json_object_foreach(doc, key, v) {
      int known = 0;
      for (int t = 0; t < CS_TABLE_COUNT; t++) known |= strcmp(key, cs_table_name((cs_table)t)) == 0;
      if (!known) {
        cs_loc loc = {base, 0, NULL};
        rc = cs__err_at(err, &loc, NULL, 0, key, "unknown table '%s'", key);
        break;
      }
    }
  }
  unsigned present = 0;
  for (int t = 0; t < CS_TABLE_COUNT; t++) present |= (json_object_get(doc, cs_table_name((cs_table)t)) ? 1u : 0u) << t;
  int missing = rc ? -1 : cs_table_missing(present);
  if (missing >= 0) {
    cs_loc loc = {base, 0, NULL};
    const char *name = cs_table_name((cs_table)missing);
    rc = cs__err_at(err, &loc, NULL, 0, name, "table '%s' is missing", name);
  }
  for (int t = 0; t < CS_TABLE_COUNT && !rc; t++) {
    json_t *v = json_object_get(doc, cs_table_name((cs_table)t));
    if (!v) continue;
    rc = t == CS_TABLE_SETTINGS ? read_settings(m, base, v, err)
                                : read_table(m, base, (cs_table)t, v, err);
  }
  if (!rc) rc = cs_model_finish(m, err);
  json_decref(doc);
  if (rc) {
    cs_model_free(m);
    return rc;
  }
  *out = m;
  return CS_OK;
}

/* Converts a cell's text back to a typed JSON value. */
static json_t *typed(int kind, const char *text) {
  double d;
  if ((kind == CS_VALUE_NUMBER || kind == CS_VALUE_INTEGER) && cs__parse_double(text, &d) == 0) {
    if (d == (double)(json_int_t)d && d > -9007199254740992.0 && d < 9007199254740992.0)
      return json_integer((json_int_t)d);
    return json_real(d);
  }
  return json_string(text);
}

/* Writes the model as one JSON document, numbers as numbers. */
int cs_json_write_model(const cs_model *m, const char *file, cs_error *err) {
  json_t *doc = json_object();
  char buf[CS_MAX_COLUMNS][64];
  const char *values[CS_MAX_COLUMNS];
  for (int t = 0; t < CS_TABLE_COUNT; t++) {
    size_t n = cs_model_row_count(m, (cs_table)t), ncols = cs_table_ncols((cs_table)t);
    if (t == CS_TABLE_SETTINGS) {
      json_t *obj = json_object();
      for (size_t i = 0; i < n; i++) {
        cs_model_get_row(m, CS_TABLE_SETTINGS, i, buf, values);
        json_object_set_new(obj, values[0], typed(cs_setting_kind(values[0]), values[1]));
      }
      json_object_set_new(doc, "settings", obj);
      continue;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
      cs_model_get_row(m, (cs_table)t, i, buf, values);
      json_t *row = json_object();
      for (size_t k = 0; k < ncols; k++) {
        const cs_column *c = cs_table_column((cs_table)t, k);
        json_object_set_new(row, c->name, typed((int)c->kind, values[k]));
      }
      json_array_append_new(arr, row);
    }
    json_object_set_new(doc, cs_table_name((cs_table)t), arr);
  }
  int rc = json_dump_file(doc, file, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
  json_decref(doc);
  if (rc != 0) return cs__err(err, CS_EIO, "%s: cannot write", file);
  return CS_OK;
}
