/* bench_main.c — the DESIGN §7 measurements for the Constraint and the mix, printed as
 * JSON lines, each with its reference measured in the same run:
 *   load_constraint  full recompute of loads and the Constraint at scale L (budget 50 ms),
 *                    against the same loads computed by SQL in SQLite on the same data;
 *   mix_lp           the mix LP solved by Clp at M and L, against glpsol on the same LP
 *                    written as MPS (both must reach the same objective);
 *   mix              the whole-unit mix with shadow prices and the cost-accounting mix;
 *   bid_*, quote     bid prices, quotes and bookings (bench_pricing.c);
 *   event_*, replan, memory_per_operation   live subordination (bench_live.c);
 *   best_slots       the sales desk's best-k against the exhaustive scan (bench_sales.c);
 *   route_day        one day of the reps' routes improved at L, against the booked plan;
 *   solomon          (with --solomon) the route engine on the 56 Solomon instances, each
 *                    instance's gap to the best-known distance beside VROOM's figures.
 * Usage: cs_bench [--scales M,L] [--repeat N] [--tmp DIR], or cs_bench --solomon DIR [--time-limit S]
 * (the route engine on the Solomon benchmark alone), or cs_bench --route-day [--scales L]
 * (one day's route improvement alone), or cs_bench --rental [--scales M,L] (the rental
 * house's plan and quote alone), or cs_bench --sim [--simpy bench/simpy_mm1.py] (the
 * simulator's events a second against SimPy). */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "clockspeed/clockspeed.h"
#include "engine_priv.h"
#include "lp.h"
#include "bench.h"

/* The reference for loads: the same sums by SQL over the store (one GROUP BY). */
static double sql_loads(sqlite3 *db, const cs_model *m, int orders, double *check) {
  const char *sql_demand =
    "SELECT r.resource, SUM(p.demand * r.minutes + r.setup_minutes) FROM routings r "
    "JOIN products p ON p.id = r.product WHERE p.demand > 0 GROUP BY r.resource";
  const char *sql_orders =
    "SELECT r.resource, SUM(o.qty * r.minutes + r.setup_minutes) FROM orders o "
    "JOIN routings r ON r.product = o.product WHERE o.status IN ('confirmed', 'released') "
    "AND o.due < ?1 GROUP BY r.resource";
  sqlite3_stmt *st;
  double t0 = now_ms();
  sqlite3_prepare_v2(db, orders ? sql_orders : sql_demand, -1, &st, NULL);
  char end[11];
  if (orders) sqlite3_bind_text(st, 1, cs_date_format(m->settings.today + (cs_date)m->settings.horizon_days, end), -1, SQLITE_TRANSIENT);
  double worst = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    int32_t r = cs_model_find_resource(m, (const char *)sqlite3_column_text(st, 0));
    double w = sqlite3_column_double(st, 1);
    if (r >= 0) worst = fmax(worst, fabs(w - check[r]) / fmax(1, w));
  }
  sqlite3_finalize(st);
  double t = now_ms() - t0;
  if (worst > 1e-9) fprintf(stderr, "cs_bench: SQL and engine loads differ by %g\n", worst);
  return t;
}

/* load + Constraint, full recompute, both bases, against SQL. */
static void bench_load(const cs_model *m, const char *scale, const char *tmp, int repeat) {
  char db[4096];
  snprintf(db, sizeof db, "%s/bench-%s.db", tmp, scale);
  remove(db);
  cs_error err;
  double t0 = now_ms();
  if (cs_store_import(db, m, NULL, NULL, &err)) { fprintf(stderr, "cs_bench: %s\n", err.message); exit(1); }
  double import_ms = now_ms() - t0;
  sqlite3 *h;
  sqlite3_open(db, &h);
  size_t order_ops = 0;
  for (size_t o = 0; o < m->orders.n; o++)
    order_ops += m->route_start[m->orders.product[o] + 1] - m->route_start[m->orders.product[o]];
  for (int basis = 0; basis < 2; basis++) {
    double *t = calloc((size_t)repeat, sizeof *t), *ref = calloc((size_t)repeat, sizeof *ref);
    double work_sum = 0;
    int32_t constraint = -1;
    for (int i = 0; i < repeat; i++) {
      cs_arena *a = cs_arena_new();
      cs_load_result *L;
      double s = now_ms();
      cs_load_compute(m, (cs_load_basis)basis, a, &L, &err);
      t[i] = now_ms() - s;
      ref[i] = sql_loads(h, m, basis, L->work);
      constraint = L->constraint;
      work_sum = 0;
      for (size_t r = 0; r < L->n; r++) work_sum += L->work[r];
      cs_arena_free(a);
    }
    printf("{\"bench\":\"load_constraint\",\"scale\":\"%s\",\"basis\":\"%s\",\"n\":%d,"
           "\"median_ms\":%.3f,\"budget_ms\":50,\"resources\":%zu,\"operations\":%zu,"
           "\"constraint\":\"%s\",\"work_minutes\":%.0f,\"ref\":\"sqlite_group_by\",\"ref_median_ms\":%.3f}\n",
           scale, basis ? "orders" : "demand", repeat, median(t, repeat), m->resources.n,
           basis ? order_ops : m->routings.n, constraint >= 0 ? m->resources.id[constraint] : "market",
           work_sum, median(ref, repeat));
    free(t);
    free(ref);
  }
  printf("{\"bench\":\"store_import\",\"scale\":\"%s\",\"n\":1,\"median_ms\":%.1f,\"orders\":%zu}\n",
         scale, import_ms, m->orders.n);
  sqlite3_close(h);
  remove(db);
}

/* The mix LP by Clp, then the same LP by glpsol; and the whole mix. */
static void bench_mix(const cs_model *m, const char *scale, const char *tmp, int repeat) {
  cs_arena *a = cs_arena_new();
  cs__matrix *x = cs__matrix_build(m, a);
  double *cap = cs_arena_calloc(a, m->resources.n + 1, sizeof(double));
  cs__mix_capacity_all(m, x, cap);
  double *t = calloc((size_t)repeat, sizeof *t), obj = 0;
  for (int i = 0; i < repeat; i++) {
    cs__lp *lp = cs__mix_lp(m, x, cap, a);
    double s = now_ms();
    cs__lp_solve(lp, 0);
    t[i] = now_ms() - s;
    obj = cs__lp_objective(lp);
    cs__lp_free(lp);
  }
  char mps[4096], report[4200], cmd[9000];
  snprintf(mps, sizeof mps, "%s/mix-%s.mps", tmp, scale);
  snprintf(report, sizeof report, "%s.out", mps);
  cs__lp *lp = cs__mix_lp(m, x, cap, a);
  if (cs__lp_write_mps(lp, mps)) {
    fprintf(stderr, "cs_bench: %s: cannot write the MPS file\n", mps);
    exit(1);
  }
  cs__lp_free(lp);
  snprintf(cmd, sizeof cmd, "glpsol --freemps '%s' --max --simplex -o '%s' >/dev/null 2>&1", mps, report);
  double s = now_ms();
  int rc = system(cmd);
  double glp_ms = now_ms() - s;
  double glp_obj = rc == 0 ? glpsol_objective(report) : NAN;
  printf("{\"bench\":\"mix_lp\",\"scale\":\"%s\",\"n\":%d,\"median_ms\":%.3f,\"products\":%zu,"
         "\"resources\":%zu,\"objective\":%.6f,\"ref\":\"glpsol --simplex (MPS)\",\"ref_median_ms\":%.1f,"
         "\"ref_objective\":%.6f,\"same_objective\":%s}\n",
         scale, repeat, median(t, repeat), m->products.n, m->resources.n, obj, glp_ms,
         isnan(glp_obj) ? -1.0 : glp_obj,
         fabs(glp_obj - obj) <= 1e-6 * fmax(1, fabs(obj)) ? "true" : "false");
  remove(mps);
  remove(report);

  for (int i = 0; i < repeat; i++) {
    cs_arena *b = cs_arena_new();
    cs_load_result *L;
    cs_mix_result *R;
    cs_error err;
    double s2 = now_ms();
    cs_load_compute(m, CS_BASIS_DEMAND, b, &L, &err);
    cs_mix_solve(m, L, NULL, b, &R, &err);
    t[i] = now_ms() - s2;
    if (i == repeat - 1)
      printf("{\"bench\":\"mix\",\"scale\":\"%s\",\"n\":%d,\"median_ms\":%.3f,\"throughput\":%.2f,"
             "\"lp_bound\":%.2f,\"gap\":%.6f,\"nodes\":%ld,\"cost_accounting_net_profit\":%.2f,"
             "\"net_profit\":%.2f}\n",
             scale, repeat, median(t, repeat), R->throughput, R->lp_bound, R->gap, R->nodes,
             R->ca_net_profit, R->net_profit);
    cs_arena_free(b);
  }
  free(t);
  cs_arena_free(a);
}

int main(int argc, char **argv) {
  const char *scales = "M,L", *tmp = "/tmp", *solomon = NULL;
  int repeat = 5, route_day = 0, sim = 0, rental = 0;
  const char *simpy = NULL, *pg = NULL;
  double limit = 1.3;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--scales") && i + 1 < argc) scales = argv[++i];
    else if (!strcmp(argv[i], "--repeat") && i + 1 < argc) repeat = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--tmp") && i + 1 < argc) tmp = argv[++i];
    else if (!strcmp(argv[i], "--solomon") && i + 1 < argc) solomon = argv[++i];
    else if (!strcmp(argv[i], "--time-limit") && i + 1 < argc) limit = atof(argv[++i]);
    else if (!strcmp(argv[i], "--route-day")) route_day = 1;
    else if (!strcmp(argv[i], "--sim")) sim = 1;
    else if (!strcmp(argv[i], "--rental")) rental = 1;
    else if (!strcmp(argv[i], "--simpy") && i + 1 < argc) simpy = argv[++i];
    else if (!strcmp(argv[i], "--pg") && i + 1 < argc) pg = argv[++i];
    else {
      fprintf(stderr, "usage: cs_bench [--scales M,L] [--repeat N] [--tmp DIR] | --solomon DIR [--time-limit S] | "
                      "--route-day [--scales L] | --rental [--scales M,L] | --sim [--simpy SCRIPT] | --pg URI [--scales L] [--tmp DIR]\n");
      return 2;
    }
  }
  if (repeat < 1) repeat = 1;
  if (solomon) {
    bench_solomon(solomon, limit > 0 ? limit : 1.3, 2);
    return 0;
  }
  if (sim) {
    bench_sim(simpy, 2);
    return 0;
  }
  if (pg) {
    char name[2] = {scales[0] == 'M' || scales[0] == 'S' ? scales[0] : 'L', 0};
    bench_pg(pg, name, tmp, repeat);
    return 0;
  }
  if (rental) {
    for (const char *s = scales; *s; s++) {
      if (*s == ',') continue;
      char name[2] = {*s, 0};
      cs_model *m = bench_company(*s);
      bench_rental(m, name, *s == 'L' || *s == 'l' ? 2 : repeat);
      cs_model_free(m);
    }
    return 0;
  }
  if (route_day) {
    cs_model *m = bench_company(scales[0] == 'M' || scales[0] == 'S' ? scales[0] : 'L');
    bench_route_day(m, scales[0] == 'M' || scales[0] == 'S' ? (scales[0] == 'M' ? "M" : "S") : "L");
    cs_model_free(m);
    return 0;
  }
  struct stat sb;
  if (stat(tmp, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
    fprintf(stderr, "cs_bench: --tmp %s: not a directory\n", tmp);
    return 2;
  }
  /* Live subordination first, on a fresh heap, so that its memory is measured alone. */
  for (const char *s = scales; *s; s++)
    if (*s == 'L' || *s == 'l') bench_live(*s, "L", repeat);
  for (const char *s = scales; *s; s++) {
    if (*s == ',') continue;
    char name[2] = {*s, 0};
    double t0 = now_ms();
    cs_model *m = bench_company(*s);
    printf("{\"bench\":\"generate\",\"scale\":\"%s\",\"n\":1,\"median_ms\":%.1f,\"resources\":%zu,"
           "\"products\":%zu,\"routing_steps\":%zu,\"orders\":%zu}\n",
           name, now_ms() - t0, m->resources.n, m->products.n, m->routings.n, m->orders.n);
    fflush(stdout);
    if (*s == 'L' || *s == 'l') bench_load(m, name, tmp, repeat * 4 + 1);
    bench_mix(m, name, tmp, repeat);
    bench_store_open(m, name, tmp, repeat);
    if (m->reps.n) bench_sales(m, name, repeat);
    if (*s == 'L' || *s == 'l') bench_pricing(m, name, tmp, repeat);
    if ((*s == 'L' || *s == 'l') && m->reps.n) bench_route_day(m, name);
    if (m->items.n) bench_rental(m, name, *s == 'L' || *s == 'l' ? 2 : repeat);
    fflush(stdout);
    cs_model_free(m);
  }
  return 0;
}
