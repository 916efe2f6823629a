/* diary.c — the reps' diaries (DESIGN §8): each working day's route from home to home, the
 * visits in the order they are booked with the driving before each, as the dashboard's
 * week view and day map draw them. */
#include "sales_priv.h"

/* Fills one day of a rep's diary from the desk's rep-day. */
static int diary_day(const cs_desk *d, int32_t rep, size_t k, cs_arena *a, cs_diary_day *out) {
  const cs_model *m = d->m;
  const cs__repday *x = &d->rd[(size_t)rep * d->ndays + k];
  *out = (cs_diary_day){d->at + (cs_date)k, x->works, x->start, x->end, x->n, NULL, 0, x->travel, x->busy};
  if (!x->n) return 0;
  if (!(out->visits = cs_arena_calloc(a, x->n, sizeof *out->visits))) return CS_ENOMEM;
  int32_t prev = -1 - rep;
  for (size_t i = 0; i < x->n; i++) {
    int32_t appt = d->visit[x->first + i], place = cs__appt_place(m, appt);
    out->visits[i] = (cs_diary_visit){appt, cs__desk_travel(d, prev, place)};
    prev = place;
  }
  out->travel_home = cs__desk_travel(d, prev, -1 - rep);
  return 0;
}

int cs_desk_diary(const cs_desk *d, int32_t rep, size_t limit, cs_date from, size_t ndays, cs_arena *a,
                  cs_diary **out, cs_error *err) {
  *out = NULL;
  const cs_model *m = d->m;
  if (rep >= (int32_t)m->reps.n) return cs__err(err, CS_EINPUT, "no rep %d on the desk", (int)rep);
  if (from < d->at || !ndays || from + (cs_date)ndays > d->at + (cs_date)d->ndays)
    return cs__err(err, CS_EINPUT, "the diary's dates lie outside the desk's");
  size_t nreps = rep >= 0 ? 1 : limit < m->reps.n ? limit : m->reps.n;
  cs_diary *D = cs_arena_calloc(a, 1, sizeof *D);
  if (D) D->reps = cs_arena_calloc(a, nreps + 1, sizeof *D->reps);
  if (!D || !D->reps) return cs__err(err, CS_ENOMEM, "out of memory");
  *D = (cs_diary){from, ndays, nreps, D->reps};
  size_t first = (size_t)(from - d->at);
  for (size_t i = 0; i < nreps; i++) {
    cs_diary_rep *R = &D->reps[i];
    R->rep = rep >= 0 ? rep : (int32_t)i;
    if (!(R->days = cs_arena_calloc(a, ndays, sizeof *R->days))) return cs__err(err, CS_ENOMEM, "out of memory");
    for (size_t k = 0; k < ndays; k++)
      if (diary_day(d, R->rep, first + k, a, &R->days[k])) return cs__err(err, CS_ENOMEM, "out of memory");
  }
  *out = D;
  return 0;
}
