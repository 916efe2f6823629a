/* args.c — decoding the arguments of a command from a JSON object: the HTTP body or
 * query, or the CLI's options in the same form (cs_command.h). Each reader checks the
 * field's type and range and names the field when it refuses it. */
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "clockspeed/cs_command.h"
#include "internal.h"

int cs_arg_string(json_t *args, const char *key, bool required, const char **out, cs_error *err) {
  json_t *f = json_object_get(args, key);
  if (!f && !required) return 0;
  if (!f) return cs_error_set(err, CS_EINPUT, key, "", "must be given");
  if (!json_is_string(f)) return cs_error_set(err, CS_EINPUT, key, "", "must be text");
  *out = json_string_value(f);
  return 0;
}

int cs_arg_number(json_t *args, const char *key, bool required, double lo, double hi, double *out, cs_error *err) {
  json_t *f = json_object_get(args, key);
  if (!f && !required) return 0;
  if (!f) return cs_error_set(err, CS_EINPUT, key, "", "must be given");
  if (!json_is_number(f)) return cs_error_set(err, CS_EINPUT, key, "", "must be a number");
  double v = json_number_value(f);
  if (!(v >= lo && v <= hi)) {
    char a[32], b[32], text[32];
    cs__fmt_double(lo, a, sizeof a);
    cs__fmt_double(hi, b, sizeof b);
    cs__fmt_double(v, text, sizeof text);
    return cs_error_set(err, CS_EINPUT, key, text, "%s is out of range %s..%s", text, a, b);
  }
  *out = v;
  return 0;
}

int cs_arg_date(json_t *args, const char *key, bool required, cs_date *out, cs_error *err) {
  const char *text = NULL;
  int rc = cs_arg_string(args, key, required, &text, err);
  if (rc || !text) return rc;
  if (!cs_date_parse(text, out)) return cs_error_set(err, CS_EINPUT, key, text, "'%.40s' is not a date (YYYY-MM-DD)", text);
  return 0;
}

/* A time of day, "HH:MM" (00:00 to 24:00), as minutes after midnight. */
int cs_arg_time(json_t *args, const char *key, bool required, int32_t *out, cs_error *err) {
  const char *s = NULL;
  int rc = cs_arg_string(args, key, required, &s, err);
  if (rc || !s) return rc;
  if (!cs__parse_hhmm(s, out)) return cs_error_set(err, CS_EINPUT, key, s, "'%.20s' is not a time (HH:MM)", s);
  return 0;
}

int cs_arg_ref(const cs_model *m, json_t *args, const char *key, char kind, bool required, int32_t *out, cs_error *err) {
  const char *id = NULL;
  int rc = cs_arg_string(args, key, required, &id, err);
  if (rc || !id) return rc;
  const char *what = kind == 'p'   ? "product"
                     : kind == 'r' ? "resource"
                     : kind == 'y' ? "opportunity"
                     : kind == 's' ? "rep"
                     : kind == 'f' ? "friction"
                                   : "order";
  *out = kind == 'p'   ? cs_model_find_product(m, id)
         : kind == 'r' ? cs_model_find_resource(m, id)
         : kind == 'y' ? cs_model_find_opportunity(m, id)
         : kind == 's' ? cs_model_find_rep(m, id)
         : kind == 'f' ? cs_model_find_friction(m, id)
                       : cs_model_find_order(m, id);
  if (*out < 0) return cs_error_set(err, CS_EINPUT, key, id, "no %s '%.60s'", what, id);
  return 0;
}
