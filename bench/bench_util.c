/* bench_util.c — timing, medians and glpsol's report, shared by the benchmarks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>

#include "bench.h"

/* Milliseconds from a monotonic clock. */
double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Median of n samples (sorts them). */
double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Reads glpsol's objective from its report file. */
double glpsol_objective(const char *report) {
  FILE *fp = fopen(report, "r");
  if (!fp) return NAN;
  char line[512];
  double v = NAN;
  while (fgets(line, sizeof line, fp)) {
    char *p = strstr(line, "Objective:");
    if (p && (p = strchr(p, '='))) v = strtod(p + 1, NULL);
  }
  fclose(fp);
  return v;
}


double percentile(double *v, int n, double pct) {
  median(v, n);
  int i = (int)ceil(pct / 100 * n) - 1;
  return v[i < 0 ? 0 : i >= n ? n - 1 : i];
}

/* Generates the company a benchmark measures. */
cs_model *bench_company(char scale) {
  cs_gen_params p;
  cs_error err;
  cs_model *m = NULL;
  cs_date today;
  cs_date_parse("2026-01-05", &today);
  if (cs_gen_params_for_scale(scale, &p, &err) || cs_generate(&p, today, NULL, NULL, &m, &err)) {
    fprintf(stderr, "cs_bench: %s\n", err.message);
    exit(1);
  }
  return m;
}
