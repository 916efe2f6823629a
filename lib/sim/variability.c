/* variability.c — one row of variability.csv (DESIGN §10) from its texts: which steps it
 * covers (a resource and a product of the model, or `*` for any), the distribution of their
 * minutes per unit, the resource's breakdowns (mean time between failures and to repair,
 * in minutes, both or neither), the step's rework probability and the chance a unit of the
 * resource is away for a day, each checked against its documented range. */
#include <math.h>
#include <string.h>

#include "internal.h"
#include "sim_priv.h"

const char *const cs_sim_variability_columns[CS_SIM_VARIABILITY_COLUMNS] = {
    "resource", "product", "distribution", "mtbf_min", "mttr_min", "rework_prob", "absence_prob"};

/* The ranges of the numeric columns (3 to 6). */
static const double lo[] = {1e-6, 0, 0, 0}, hi[] = {1e9, 1e9, 0.99, 1};

/* A resource or product id, or `*` (-1). */
static int ref(const cs_model *m, const char *text, int k, const cs_loc *loc, int32_t *out, cs_error *err) {
  const char *name = cs_sim_variability_columns[k];
  if (!text || !*text) return cs__err_at(err, loc, name, k + 1, "", "missing %s (an id, or * for any)", name);
  if (strcmp(text, "*") == 0) {
    *out = -1;
    return 0;
  }
  *out = k == 0 ? cs_model_find_resource(m, text) : cs_model_find_product(m, text);
  if (*out < 0) return cs__err_at(err, loc, name, k + 1, text, "no %s '%s'", name, text);
  return 0;
}

int cs_sim_variability_parse(const cs_model *m, const char *const values[CS_SIM_VARIABILITY_COLUMNS],
                             const cs_loc *loc, cs_sim_variability *out, cs_error *err) {
  memset(out, 0, sizeof *out);
  int rc = ref(m, values[0], 0, loc, &out->resource, err);
  if (!rc) rc = ref(m, values[1], 1, loc, &out->product, err);
  if (rc) return rc;
  const char *dist = values[2];
  if (dist && *dist) {
    cs_error e;
    if (cs_dist_parse(dist, &out->dist, &e)) {
      const char *msg = strstr(e.message, ": ") ? strstr(e.message, ": ") + 2 : e.message;
      return cs__err_at(err, loc, "distribution", 3, dist, "%s", msg);
    }
    out->has_dist = true;
  }
  double *field[] = {&out->mtbf_min, &out->mttr_min, &out->rework_prob, &out->absence_prob};
  for (int k = 3; k < CS_SIM_VARIABILITY_COLUMNS; k++) {
    const char *text = values[k], *name = cs_sim_variability_columns[k];
    if (!text || !*text) continue;
    double v;
    if (cs__parse_double(text, &v)) return cs__err_at(err, loc, name, k + 1, text, "'%s' is not a number", text);
    if (!(v >= lo[k - 3] && v <= hi[k - 3]))
      return cs__err_at(err, loc, name, k + 1, text, "'%s' is out of range %g..%g", text, lo[k - 3], hi[k - 3]);
    *field[k - 3] = v;
  }
  if ((out->mtbf_min > 0) != (out->mttr_min > 0))
    return cs__err_at(err, loc, out->mtbf_min > 0 ? "mttr_min" : "mtbf_min", out->mtbf_min > 0 ? 5 : 4, "",
                      "breakdowns need both mtbf_min and mttr_min");
  return 0;
}
