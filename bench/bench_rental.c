/* bench_rental.c — DESIGN §7 for the rental house (§9): the full re-plan of every job at a
 * scale (gear and crew), with its cost beside the bound the same run proves (the LP's, or
 * Cbc's whole-number search's) and the gap; and the quote of a new job (the plan with it
 * minus the plan without it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

/* The reference search's time limit, seconds: long enough for Cbc to prove the gear's
 * optimum at L (measured: about a minute). */
#define REF_SECONDS 300.0

/* A job in the middle of the season that holds the first five items and two riggers. */
static const char *new_job(const cs_model *m, char *buf, size_t size) {
  char out[11], in[11];
  cs_date mid = m->settings.today + 60;
  cs_date_format(mid, out);
  cs_date_format(mid + 2, in);
  int n = snprintf(buf, size, "{\"type\": \"job.created\", \"job\": {\"id\": \"BENCHJOB\", \"out\": \"%s\", \"in\": \"%s\", "
                              "\"price\": 20000, \"items\": [", out, in);
  for (size_t i = 0; i < 5 && i < m->items.n; i++)
    n += snprintf(buf + n, size - (size_t)n, "%s{\"item\": \"%s\", \"qty\": 2}", i ? ", " : "", m->items.id[i]);
  snprintf(buf + n, size - (size_t)n, "], \"crew\": [{\"skill\": \"rigging\", \"qty\": 2}]}}");
  return buf;
}

/* Exits with the error's message. */
static void die(const cs_error *err) {
  fprintf(stderr, "cs_bench: %s\n", err->message);
  exit(1);
}

/* The re-plan after an event (the new job booked): from the basis the plan before it left
 * (the server's path), against a cold plan of the same model in the same run. */
static void replan(const cs_model *m0, json_t *doc, const char *scale, int n) {
  cs_model *m = NULL;
  cs_error err;
  cs_arena *a = cs_arena_new();
  cs_event ev;
  cs_rental_plan *before = NULL, *p = NULL;
  const cs_rental_options keep = {CS_DATE_NONE, -1, -1, 0, false, NULL, true};
  if (cs_model_copy(m0, NULL, NULL, &m, &err) || cs_rental_plan_compute(m, &keep, a, &before, &err) ||
      cs_event_decode_json(doc, a, NULL, &ev, &err) || cs_event_apply(m, &ev, NULL, &err))
    die(&err);
  double warm[16], cold[16];
  int iw = 0, ic = 0;
  double cost_w = 0, cost_c = 0, bound_w = 0, bound_c = 0;
  bool started = false;
  for (int k = 0; k < n; k++) {
    const cs_rental_options w = {CS_DATE_NONE, -1, -1, 0, false, before->basis, true};
    cs_arena *b = cs_arena_new();
    double t0 = now_ms();
    if (cs_rental_plan_compute(m, &w, b, &p, &err)) die(&err);
    warm[k] = now_ms() - t0;
    cost_w = p->cost, bound_w = p->gear_bound, iw = p->lp_iterations, started = p->warm_started;
    cs_arena_free(b);
    b = cs_arena_new();
    t0 = now_ms();
    if (cs_rental_plan_compute(m, NULL, b, &p, &err)) die(&err);
    cold[k] = now_ms() - t0;
    cost_c = p->cost, bound_c = p->gear_bound, ic = p->lp_iterations;
    cs_arena_free(b);
  }
  printf("{\"bench\":\"rental_replan\",\"scale\":\"%s\",\"n\":%d,\"median_ms\":%.1f,\"warm_started\":%s,"
         "\"lp_iterations\":%d,\"cost\":%.2f,\"gear_bound\":%.2f,\"ref_ms\":%.1f,\"ref_lp_iterations\":%d,"
         "\"ref_cost\":%.2f,\"ref_gear_bound\":%.2f,\"ref\":\"a cold plan of the same model, same run\","
         "\"event\":\"job.created\",\"budget_ms\":2000}\n",
         scale, n, median(warm, n), started ? "true" : "false", iw, cost_w, bound_w, median(cold, n), ic, cost_c, bound_c);
  cs_arena_free(a);
  cs_model_free(m);
}

void bench_rental(const cs_model *m, const char *scale, int repeat) {
  if (!m->items.n) return;
  double t[16];
  int n = repeat < 16 ? repeat : 16;
  cs_rental_plan *p = NULL;
  cs_error err;
  for (int k = 0; k < n; k++) {
    cs_arena *a = cs_arena_new();
    double t0 = now_ms();
    if (cs_rental_plan_compute(m, NULL, a, &p, &err)) {
      fprintf(stderr, "cs_bench: %s\n", err.message);
      exit(1);
    }
    t[k] = now_ms() - t0;
    if (k == n - 1) {
      /* The reference: the same plan with the gear's whole-number search run to its proof
       * (Cbc, untimed budget), so the gap is measured to the optimum, not only to the LP
       * (CS_BENCH_NO_REFERENCE set: skipped, for a quick look at the times). */
      const cs_rental_options prove = {CS_DATE_NONE, -1, -1, REF_SECONDS, true, NULL, false};
      cs_rental_plan *ref = NULL;
      cs_arena *ra = cs_arena_new();
      double r0 = now_ms();
      if (cs_rental_plan_compute(m, getenv("CS_BENCH_NO_REFERENCE") ? NULL : &prove, ra, &ref, &err)) {
        fprintf(stderr, "cs_bench: %s\n", err.message);
        exit(1);
      }
      double ref_ms = now_ms() - r0, opt = ref->gear_bound + p->crew_bound;
      size_t freelance = 0;
      for (size_t c = 0; c < p->ncrew; c++) freelance += p->crew[c].crew >= 0 && m->crew.kind[p->crew[c].crew];
      printf("{\"bench\":\"rental_plan\",\"scale\":\"%s\",\"n\":%d,\"median_ms\":%.1f,\"items\":%zu,\"jobs\":%zu,"
             "\"crew\":%zu,\"lines\":%zu,\"lp_rows\":%zu,\"lp_cols\":%zu,\"cost\":%.2f,\"lower_bound\":%.2f,"
             "\"gap\":%.6f,\"gear_cost\":%.2f,\"gear_bound\":%.2f,\"crew_cost\":%.2f,\"crew_bound\":%.2f,"
             "\"freelance_days\":%zu,\"unfilled\":%zu,\"ref_ms\":%.0f,\"ref_gear_bound\":%.2f,\"ref_gear_cost\":%.2f,"
             "\"ref_lower_bound\":%.2f,\"gap_to_ref\":%.6f,"
             "\"ref\":\"Cbc run to its proof on the same gear (bound ref_gear_bound) plus the crew's flow bound, same run\","
             "\"budget_ms\":2000}\n",
             scale, n, median(t, n), m->items.n, p->jobs, m->crew.n, p->nlines, p->lp_rows, p->lp_cols, p->cost,
             p->lower_bound, p->gap, p->gear_cost, p->gear_bound, p->crew_cost, p->crew_bound, freelance,
             p->nunfilled, ref_ms, ref->gear_bound, ref->gear_cost, opt, p->cost > 0 ? (p->cost - opt) / p->cost : 0);
      cs_arena_free(ra);
    }
    cs_arena_free(a);
  }
  fflush(stdout);
  /* The quote of a new job: against the plan a server keeps (its path: only the job's
   * neighbourhood planned), and cold (the CLI's: the plan made first). */
  char text[2048];
  json_t *doc = json_loads(new_job(m, text, sizeof text), 0, NULL);
  cs_arena *pa = cs_arena_new();
  if (cs_rental_plan_compute(m, NULL, pa, &p, &err)) {
    fprintf(stderr, "cs_bench: %s\n", err.message);
    exit(1);
  }
  double cold[3];
  int nq = n < 3 ? n : 3, nk = 3 * n < 16 ? 3 * n : 16;
  cs_job_quote *Q = NULL;
  for (int k = 0; k < nk + nq; k++) {
    cs_arena *a = cs_arena_new();
    cs_event ev;
    bool kept = k < nk;
    double t0 = now_ms();
    if (cs_event_decode_json(doc, a, NULL, &ev, &err) || cs_rental_quote_event(m, &ev, 0, kept ? p : NULL, a, &Q, &err)) {
      fprintf(stderr, "cs_bench: %s\n", err.message);
      exit(1);
    }
    if (kept) t[k] = now_ms() - t0;
    else cold[k - nk] = now_ms() - t0;
    if (k == nk + nq - 1) {
      double med = median(t, nk); /* sorts t: its last is the slowest */
      printf("{\"bench\":\"rental_quote\",\"scale\":\"%s\",\"n\":%d,\"median_ms\":%.2f,\"p_max_ms\":%.2f,"
             "\"cold_median_ms\":%.1f,\"marginal\":%.2f,\"with\":%.2f,\"without\":%.2f,"
             "\"ref\":\"cold: the plan made first (the CLI's path)\",\"budget_ms\":50}\n",
             scale, nk, med, t[nk - 1], median(cold, nq), Q->marginal, Q->with->cost, Q->without->cost);
    }
    cs_arena_free(a);
  }
  cs_arena_free(pa);
  replan(m, doc, scale, n);
  json_decref(doc);
  fflush(stdout);
}
