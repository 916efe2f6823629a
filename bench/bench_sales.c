/* bench_sales.c — DESIGN §7 for the sales desk: the best k slots for a visit over every rep
 * and ten working days (budget p99 2 ms at scale L, 1,000 reps), against the exhaustive
 * scan of every insertion in the same run, and the desk's own build (bid-price LP); and
 * the route improvement of one booked day (budget 30 s at L), against the booked plan. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

void bench_sales(const cs_model *m, const char *scale, int repeat) {
  cs_error err;
  cs_desk *d;
  double s = now_ms();
  /* Ten working days: two weeks from a Monday. */
  if (cs_desk_new(m, CS_DATE_NONE, m->settings.today + 13, &d, &err)) {
    fprintf(stderr, "cs_bench: %s\n", err.message);
    exit(1);
  }
  double build = now_ms() - s;
  int n = 200 * (repeat < 5 ? repeat : 5);
  double *fast = calloc((size_t)n, sizeof *fast), *full = calloc((size_t)n, sizeof *full);
  cs_arena *a = cs_arena_new();
  size_t feasible = 0, considered = 0, same = 0, asked = 0;
  for (int i = 0; i < n; i++) {
    int32_t o = (int32_t)(((size_t)i * 7919u) % m->opportunities.n);
    if (!m->opportunities.next_step[o][0]) o = (o + 1) % (int32_t)m->opportunities.n;
    if (!m->opportunities.next_step[o][0]) continue;
    cs_slot_request q = {o, i % 2 ? 60 : 90, CS_DATE_NONE, CS_DATE_NONE, i % 5 == 0 ? "install" : NULL, -1, -1, 5, NULL};
    cs_slot_result *F, *E;
    double t = now_ms();
    if (cs_desk_best_slots(d, &q, a, &F, &err)) continue;
    fast[asked] = (now_ms() - t) * 1000;
    t = now_ms();
    if (cs_desk_best_slots_exhaustive(d, &q, a, &E, &err)) continue;
    full[asked] = (now_ms() - t) * 1000;
    same += F->n == E->n && (!F->n || F->slots[0].score == E->slots[0].score);
    feasible += F->feasible;
    considered += F->considered;
    asked++;
  }
  printf("{\"bench\":\"best_slots\",\"scale\":\"%s\",\"n\":%zu,\"reps\":%zu,\"working_days\":10,\"median_us\":%.1f,"
         "\"p99_us\":%.1f,\"budget_p99_us\":2000,\"rep_days_considered\":%.0f,\"ref\":\"exhaustive scan\","
         "\"ref_median_us\":%.1f,\"ref_p99_us\":%.1f,\"same_best\":%zu,\"desk_build_ms\":%.1f}\n",
         scale, asked, m->reps.n, median(fast, (int)asked), percentile(fast, (int)asked, 99),
         asked ? (double)considered / (double)asked : 0, median(full, (int)asked), percentile(full, (int)asked, 99), same,
         build);
  (void)feasible;
  fflush(stdout);
  cs_arena_free(a);
  free(fast);
  free(full);
  cs_desk_free(d);
}

/* Books visits one at a time, each at the best slot on `day` (as a desk books them: the
 * day fills without regard to the routes it makes), until the day holds `want` visits or
 * no request finds a slot; returns how many the day holds. */
static size_t fill_day(cs_model *m, cs_desk *d, cs_date day, size_t have, size_t want) {
  cs_arena *a = cs_arena_new();
  cs_error err;
  char day_text[11], start[8], ev[512];
  cs_date_format(day, day_text);
  for (size_t o = 0, k = 0; o < m->opportunities.n && have < want; o++) {
    if (!m->opportunities.next_step[o][0]) continue;
    cs_slot_request q = {(int32_t)o, 60, day, day, NULL, -1, -1, 1, NULL};
    cs_slot_result *R;
    if (cs_desk_best_slots(d, &q, a, &R, &err) || !R->n) continue;
    const cs_slot *s = &R->slots[0];
    snprintf(start, sizeof start, "%02d:%02d", (int)(s->start / 60) % 100, (int)(s->start % 60));
    snprintf(ev, sizeof ev,
             "{\"type\":\"appointment.booked\",\"appointment\":{\"id\":\"BENCH-%zu\",\"opportunity\":\"%s\","
             "\"rep\":\"%s\",\"date\":\"%s\",\"start\":\"%s\",\"duration_min\":60}}",
             k++, m->opportunities.id[o], m->reps.id[s->rep], day_text, start);
    cs_loc loc = {"bench", 1, NULL};
    if (cs_event_apply_text(m, ev, &loc, &err) || cs_desk_add_visit(d, (int32_t)m->appointments.n - 1, &err)) continue;
    have++;
  }
  cs_arena_free(a);
  return have;
}

/* One day's route improvement at the scale's size (DESIGN §7: 1,000 reps, 4,000 visits):
 * the busiest working date of the first week, filled up to 4,000 visits by best-slot
 * bookings, then every rep routed with a search of 25 s in all (the budget is 30 s); the
 * booked plan is the reference. */
void bench_route_day(cs_model *m, const char *scale) {
  cs_error err;
  cs_desk *d;
  cs_date from = m->settings.today, best = from;
  if (cs_desk_new(m, from, from + 6, &d, &err)) {
    fprintf(stderr, "cs_bench: %s\n", err.message);
    exit(1);
  }
  cs_arena *a = cs_arena_new();
  cs_diary *D;
  size_t most = 0;
  if (!cs_desk_diary(d, -1, m->reps.n, from, 7, a, &D, &err))
    for (size_t k = 0; k < 7; k++) {
      size_t n = 0;
      for (size_t r = 0; r < D->nreps; r++) n += D->reps[r].days[k].n;
      if (n > most) most = n, best = from + (cs_date)k;
    }
  size_t booked = fill_day(m, d, best, most, 4 * m->reps.n);
  cs_desk_free(d);
  if (cs_desk_new(m, best, best, &d, &err)) {
    fprintf(stderr, "cs_bench: %s\n", err.message);
    exit(1);
  }
  cs_reroute_options o = {25.0, 2, 1, 0, NULL, NULL};
  cs_reroute *P;
  double t = now_ms();
  if (cs_desk_reroute(d, best, 1, &o, a, &P, &err)) {
    fprintf(stderr, "cs_bench: %s\n", err.message);
    exit(1);
  }
  double ms = now_ms() - t;
  char day[11];
  (void)booked;
  printf("{\"bench\":\"route_day\",\"scale\":\"%s\",\"date\":\"%s\",\"reps\":%zu,\"appointments\":%zu,"
         "\"seconds\":%.2f,\"budget_s\":30,\"neighbourhoods\":%zu,\"improved\":%zu,\"left_alone\":%zu,"
         "\"moves\":%zu,\"travel_min\":%d,\"ref\":\"the booked plan\",\"ref_travel_min\":%d,\"saved_pct\":%.2f}\n",
         scale, cs_date_format(best, day), m->reps.n, P->appointments, ms / 1000, P->days[0].groups, P->days[0].improved,
         P->days[0].left_alone, P->nmoves, (int)P->travel_after, (int)P->travel_before,
         P->travel_before ? 100.0 * (P->travel_before - P->travel_after) / P->travel_before : 0);
  fflush(stdout);
  cs_arena_free(a);
  cs_desk_free(d);
}
