/* dist.c — the distributions of step times (DESIGN §10): read from their text
 * ("triangular(8,10,15)"), checked, and drawn from by inverse transform (exponential,
 * uniform, triangular, empirical), Box-Muller (normal, truncated at 0 by drawing again)
 * and the normal's exponential (lognormal given its mean and coefficient of variation). */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "sim_priv.h"

static const struct {
  const char *name;
  cs_dist_kind kind;
  size_t nparams; /* 0: a list (empirical) */
} kinds[] = {
    {"fixed", CS_DIST_FIXED, 1},         {"uniform", CS_DIST_UNIFORM, 2},         {"triangular", CS_DIST_TRIANGULAR, 3},
    {"normal", CS_DIST_NORMAL, 2},       {"lognormal", CS_DIST_LOGNORMAL, 2},     {"exponential", CS_DIST_EXPONENTIAL, 1},
    {"empirical", CS_DIST_EMPIRICAL, 0},
};

/* The most a parameter may be, in minutes per unit. */
#define MAX_MINUTES 1e7

/* Checks the parameters against what the kind needs. */
static int check_params(const char *text, cs_dist *d, cs_error *err) {
  const char *why = NULL;
  double a = d->a, b = d->b, c = d->c;
  switch (d->kind) {
    case CS_DIST_FIXED: why = a >= 0 ? NULL : "the value must be >= 0"; break;
    case CS_DIST_UNIFORM: why = a >= 0 && b >= a ? NULL : "needs 0 <= a <= b"; break;
    case CS_DIST_TRIANGULAR: why = a >= 0 && a <= b && b <= c && c > a ? NULL : "needs 0 <= a <= m <= b and a < b"; break;
    case CS_DIST_NORMAL: why = a > 0 && b >= 0 ? NULL : "needs a mean > 0 and a standard deviation >= 0"; break;
    case CS_DIST_LOGNORMAL: why = a > 0 && b >= 0 && b <= 10 ? NULL : "needs a mean > 0 and a cv from 0 to 10"; break;
    case CS_DIST_EXPONENTIAL: why = a > 0 ? NULL : "needs a mean > 0"; break;
    case CS_DIST_EMPIRICAL:
      for (size_t i = 0; i < d->n && !why; i++) why = d->values[i] >= 0 ? NULL : "values must be >= 0";
      break;
  }
  for (size_t i = 0; i < 3 && !why; i++)
    if ((&d->a)[i] > MAX_MINUTES) why = "a parameter is above 1e7 minutes";
  return why ? cs_error_set(err, CS_EINPUT, "distribution", text, "'%.60s': %s", text, why) : 0;
}

int cs_dist_parse(const char *text, cs_dist *out, cs_error *err) {
  memset(out, 0, sizeof *out);
  const char *open = strchr(text, '(');
  size_t len = open ? (size_t)(open - text) : 0;
  size_t k = 0, nk = sizeof kinds / sizeof *kinds;
  for (; k < nk; k++)
    if (len == strlen(kinds[k].name) && strncmp(text, kinds[k].name, len) == 0) break;
  if (k == nk || !open)
    return cs_error_set(err, CS_EINPUT, "distribution", text,
                        "'%.60s' is not a distribution (fixed, uniform, triangular, normal, lognormal, "
                        "exponential or empirical, with its parameters in brackets)", text);
  out->kind = kinds[k].kind;
  const char *p = open + 1;
  size_t n = 0, want = kinds[k].nparams, most = want ? want : CS_DIST_MAX_VALUES;
  double v[CS_DIST_MAX_VALUES];
  for (;;) {
    while (isspace((unsigned char)*p)) p++;
    char *end;
    double x = strtod(p, &end);
    if (end == p || !isfinite(x) || n == most)
      return cs_error_set(err, CS_EINPUT, "distribution", text, "'%.60s': %s takes %s", text, kinds[k].name,
                          want == 1 ? "one number" : want ? "numbers separated by ',' or ';'" : "1 to 256 numbers separated by ';' or ','");
    v[n++] = x;
    p = end;
    while (isspace((unsigned char)*p)) p++;
    if (*p == ',' || *p == ';') { /* either separates: ';' needs no quotes in a CSV file */
      p++;
      continue;
    }
    if (*p == ')' && p[1] == '\0') break;
    return cs_error_set(err, CS_EINPUT, "distribution", text, "'%.60s': expected ',' or ')' after a number", text);
  }
  if (want && n != want)
    return cs_error_set(err, CS_EINPUT, "distribution", text, "'%.60s': %s takes %zu numbers", text, kinds[k].name, want);
  if (want) {
    out->a = v[0], out->b = n > 1 ? v[1] : 0, out->c = n > 2 ? v[2] : 0;
  } else {
    out->n = n;
    memcpy(out->values, v, n * sizeof *v);
  }
  return check_params(text, out, err);
}

double cs_dist_mean(const cs_dist *d) {
  switch (d->kind) {
    case CS_DIST_FIXED: return d->a;
    case CS_DIST_UNIFORM: return (d->a + d->b) / 2;
    case CS_DIST_TRIANGULAR: return (d->a + d->b + d->c) / 3;
    case CS_DIST_NORMAL: /* the mean before the truncation at 0 */
    case CS_DIST_LOGNORMAL:
    case CS_DIST_EXPONENTIAL: return d->a;
    case CS_DIST_EMPIRICAL: {
      double s = 0;
      for (size_t i = 0; i < d->n; i++) s += d->values[i];
      return d->n ? s / (double)d->n : 0;
    }
  }
  return 0;
}

/* A uniform number in (0, 1): never 0, so that logarithms stay finite. */
static double open_unit(cs__rng *g) { return ((double)(cs__rng_u64(g) >> 11) + 0.5) / 9007199254740992.0; }

/* A standard normal number (Box-Muller, one of the pair). */
static double std_normal(cs__rng *g) {
  double u = open_unit(g), v = open_unit(g);
  return sqrt(-2 * log(u)) * cos(2 * 3.14159265358979323846 * v);
}

void cs__zig_init(cs__zig *z) {
  const double m = 4294967296.0, v = 3.949659822581572e-3;
  double d = 7.697117470131487, t = d, q = v / exp(-d);
  z->k[0] = (uint32_t)(d / q * m);
  z->k[1] = 0;
  z->w[0] = q / m;
  z->w[255] = d / m;
  z->f[0] = 1;
  z->f[255] = exp(-d);
  for (int i = 254; i >= 1; i--) {
    d = -log(v / d + exp(-d));
    z->k[i + 1] = (uint32_t)(d / t * m);
    t = d;
    z->f[i] = exp(-d);
    z->w[i] = d / m;
  }
}

double cs__zig_exp_slow(const cs__zig *z, cs__rng *g, uint64_t r) {
  for (;;) {
    uint32_t j = (uint32_t)(r >> 32);
    unsigned i = (unsigned)(r & 255);
    if (j < z->k[i]) return j * z->w[i];
    if (i == 0) return 7.697117470131487 - log(open_unit(g)); /* the tail */
    double x = j * z->w[i];
    if (z->f[i] + open_unit(g) * (z->f[i - 1] - z->f[i]) < exp(-x)) return x;
    r = cs__rng_u64(g);
  }
}

double cs__dist_draw(const cs_dist *d, cs__rng *g, const cs__zig *z) {
  switch (d->kind) {
    case CS_DIST_FIXED: return d->a;
    case CS_DIST_UNIFORM: return d->a + (d->b - d->a) * open_unit(g);
    case CS_DIST_TRIANGULAR: {
      double a = d->a, m = d->b, b = d->c, u = open_unit(g), f = (m - a) / (b - a);
      return u < f ? a + sqrt(u * (b - a) * (m - a)) : b - sqrt((1 - u) * (b - a) * (b - m));
    }
    case CS_DIST_NORMAL:
      for (int i = 0; i < 64; i++) {
        double x = d->a + d->b * std_normal(g);
        if (x >= 0) return x;
      }
      return 0;
    case CS_DIST_LOGNORMAL: {
      if (d->b <= 0) return d->a;
      double s2 = log(1 + d->b * d->b);
      return exp(log(d->a) - s2 / 2 + sqrt(s2) * std_normal(g));
    }
    case CS_DIST_EXPONENTIAL: return d->a * cs__zig_exp(z, g);
    case CS_DIST_EMPIRICAL: return d->n ? d->values[cs__rng_pick(g, d->n)] : 0;
  }
  return 0;
}
