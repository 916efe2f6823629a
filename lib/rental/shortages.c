/* shortages.c — what the planned jobs hold beyond what is owned (DESIGN §9): an item's
 * shortage on a day is what its jobs hold that day (owned units counted with their
 * turnaround) less what it owns; a job's shortage of an item is the peak of that over the
 * job's days, never their sum. */
#include <stdlib.h>
#include <string.h>

#include "rental_priv.h"

int cs_rental_shortages(const cs_model *m, cs_date from, cs_date to, cs_arena *a, cs_shortages **out, cs_error *err) {
  const cs_job_items *L = &m->job_items;
  if (from == CS_DATE_NONE) from = m->settings.today;
  cs_date lo = INT32_MAX, hi = INT32_MIN;
  for (size_t r = 0; r < L->n; r++) {
    int32_t j = L->job[r];
    if (!cs_job_planned(m, j) || L->qty[r] <= 0) continue;
    cs_date e = cs__line_end(m, (int32_t)r);
    if (m->jobs.out[j] < lo) lo = m->jobs.out[j];
    if (e > hi) hi = e;
  }
  if (from != CS_DATE_NONE && from > lo) lo = from;
  if (to != CS_DATE_NONE && to < hi) hi = to;
  cs_shortages *S = cs_arena_calloc(a, 1, sizeof *S);
  if (!S) return cs__err(err, CS_ENOMEM, "out of memory");
  S->from = from != CS_DATE_NONE ? from : lo;
  S->to = to != CS_DATE_NONE ? to : hi;
  *out = S;
  if (hi < lo) return 0;
  size_t span = (size_t)(hi - lo) + 1, ni = m->items.n;
  /* Demand per item-day by difference arrays (only items some line holds get one). */
  int32_t **dem = calloc(ni + 1, sizeof *dem);
  if (!dem) return cs__err(err, CS_ENOMEM, "out of memory");
  int rc = 0;
  for (size_t r = 0; r < L->n && !rc; r++) {
    int32_t j = L->job[r], i = L->item[r];
    if (!cs_job_planned(m, j) || L->qty[r] <= 0) continue;
    cs_date s = m->jobs.out[j], e = cs__line_end(m, (int32_t)r);
    if (e < lo || s > hi) continue;
    if (!dem[i] && !(dem[i] = calloc(span + 1, sizeof **dem))) rc = CS_ENOMEM;
    if (rc) break;
    dem[i][(s < lo ? lo : s) - lo] += L->qty[r];
    dem[i][(e > hi ? hi : e) - lo + 1] -= L->qty[r];
  }
  size_t nd = 0;
  for (size_t i = 0; i < ni && !rc; i++) {
    if (!dem[i]) continue;
    int32_t run = 0;
    for (size_t t = 0; t < span; t++) {
      run += dem[i][t];
      dem[i][t] = run;
      nd += run > m->items.owned[i];
    }
  }
  if (!rc && !(S->days = cs_arena_calloc(a, nd + 1, sizeof *S->days))) rc = CS_ENOMEM;
  for (size_t i = 0; i < ni && !rc; i++)
    if (dem[i])
      for (size_t t = 0; t < span; t++)
        if (dem[i][t] > m->items.owned[i])
          S->days[S->ndays++] = (cs_shortage_day){(int32_t)i, lo + (cs_date)t, dem[i][t], m->items.owned[i],
                                                  dem[i][t] - m->items.owned[i]};
  /* Per job and item: the peak over the job's days. */
  size_t nj = 0, cap = 0;
  for (size_t r = 0; r < L->n && !rc; r++) {
    int32_t j = L->job[r], i = L->item[r];
    if (!dem[i] || !cs_job_planned(m, j) || L->qty[r] <= 0) continue;
    cs_date s = m->jobs.out[j], e = cs__line_end(m, (int32_t)r);
    if (e < lo || s > hi) continue;
    int32_t peak = 0;
    for (cs_date d = s < lo ? lo : s; d <= (e > hi ? hi : e); d++) {
      int32_t sh = dem[i][d - lo] - m->items.owned[i];
      if (sh > peak) peak = sh;
    }
    if (peak > L->qty[r]) peak = L->qty[r]; /* a job is short of no more than it asks */
    if (!peak) continue;
    if (nj == cap) {
      size_t nc = cap ? cap * 2 : 64;
      cs_job_shortage *n = cs_arena_alloc(a, nc * sizeof *n);
      if (!n) {
        rc = CS_ENOMEM;
        break;
      }
      if (nj) memcpy(n, S->jobs, nj * sizeof *n);
      S->jobs = n, cap = nc;
    }
    S->jobs[nj++] = (cs_job_shortage){j, i, peak};
  }
  S->njobs = nj;
  for (size_t i = 0; i < ni; i++) free(dem[i]);
  free(dem);
  return rc ? cs__err(err, CS_ENOMEM, "out of memory") : 0;
}
