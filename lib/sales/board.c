/* board.c — the coordinator's board (DESIGN §8): each rep's appointment buffer (visits
 * booked in the next appointment_buffer_days working days against the target, coloured),
 * the queue of requests still to book (by value per rep-minute, then age), and the sales
 * measures (visits per rep-day, selling-time and travel shares, no-shows, pipeline). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sales_priv.h"

/* How far back the visits-per-rep-day and stage-advance measures look, in days. */
#define MEASURE_DAYS 28

/* Days from `since` to the desk's moment, 0 when since is unknown or later. */
static double age(const cs_desk *d, cs_date since) {
  return since == CS_DATE_NONE || since > d->at ? 0 : (double)(d->at - since);
}

const char *cs_buffer_color_name(cs_buffer_color c) {
  static const char *const names[] = {"green", "yellow", "red", "black"};
  return c <= CS_COLOR_BLACK ? names[c] : "?";
}

/* One rep's buffer over its next `want` working days on the desk. */
static void rep_buffer(const cs_desk *d, int32_t r, size_t want, cs_board_rep *out) {
  const cs_model *m = d->m;
  size_t seen = 0;
  *out = (cs_board_rep){.rep = r};
  for (size_t k = 0; k < d->ndays && seen < want; k++) {
    const cs__repday *x = &d->rd[(size_t)r * d->ndays + k];
    if (!x->works) continue;
    if (seen < 2 && x->n == 0) out->empty_days[out->nempty++] = d->at + (cs_date)k;
    out->booked_ahead += (int32_t)x->n;
    seen++;
  }
  out->target = m->reps.target_per_day[r] * (int32_t)seen;
  out->fill = out->target > 0 ? (double)out->booked_ahead / out->target : 0;
  out->color = out->nempty ? CS_COLOR_BLACK
               : out->fill >= 2.0 / 3 ? CS_COLOR_GREEN
               : out->fill >= 1.0 / 3 ? CS_COLOR_YELLOW
                                      : CS_COLOR_RED;
}

static int by_queue(const void *a, const void *b) {
  const cs_board_item *x = a, *y = b;
  if (x->value_per_rep_min != y->value_per_rep_min) return x->value_per_rep_min > y->value_per_rep_min ? -1 : 1;
  if (x->age_days != y->age_days) return x->age_days > y->age_days ? -1 : 1;
  return (x->opportunity > y->opportunity) - (x->opportunity < y->opportunity);
}

/* The queue: requested appointments, and opportunities with a concrete next step and no
 * visit requested or booked from the desk's moment on (a next step nobody has asked the
 * desk for yet, at an hour's visit). */
static int queue(const cs_desk *d, cs_arena *a, cs_board *B) {
  const cs_model *m = d->m;
  const cs_appointments *A = &m->appointments;
  const cs_opportunities *O = &m->opportunities;
  unsigned char *covered = cs_arena_calloc(a, O->n + 1, 1);
  B->queue = cs_arena_calloc(a, A->n + O->n + 1, sizeof *B->queue);
  if (!covered || !B->queue) return CS_ENOMEM;
  for (size_t i = 0; i < A->n; i++) {
    bool ahead = A->status[i] == CS_APPT_REQUESTED || (A->status[i] == CS_APPT_BOOKED && A->date[i] >= d->at);
    if (ahead) covered[A->opportunity[i]] = 1;
    if (A->status[i] != CS_APPT_REQUESTED) continue;
    double v = d->value[A->opportunity[i]];
    B->queue[B->nqueue++] = (cs_board_item){(int32_t)i, A->opportunity[i], v, v / A->duration[i], age(d, A->requested_on[i])};
  }
  for (size_t o = 0; o < O->n; o++)
    if (!covered[o] && O->next_step[o][0])
      B->queue[B->nqueue++] = (cs_board_item){-1, (int32_t)o, d->value[o], d->value[o] / 60, age(d, O->stage_since[o])};
  qsort(B->queue, B->nqueue, sizeof *B->queue, by_queue);
  return 0;
}

/* The measures: past visits per working rep-day over the last MEASURE_DAYS (or since the
 * first visit on record, when that is later), face time and driving as shares of the
 * working time of the days booked ahead, no-shows among the visits that happened or were
 * missed, and the pipeline's value. */
static void measures(const cs_desk *d, cs_board *B) {
  const cs_model *m = d->m;
  const cs_appointments *A = &m->appointments;
  double past = 0, noshow = 0, done = 0, work = 0, face = 0, drive = 0, repdays = 0;
  cs_date first = d->at;
  for (size_t i = 0; i < A->n; i++) {
    bool happened = A->status[i] == CS_APPT_DONE || A->status[i] == CS_APPT_NO_SHOW;
    if (A->status[i] == CS_APPT_NO_SHOW) noshow++;
    if (A->status[i] == CS_APPT_DONE) done++;
    if (happened && A->date[i] < d->at && A->date[i] >= d->at - MEASURE_DAYS) {
      past++;
      if (A->date[i] < first) first = A->date[i];
    }
  }
  for (size_t r = 0; r < m->reps.n; r++) {
    for (cs_date day = first; day < d->at; day++) {
      bool works = (m->reps.workdays[r] >> cs__weekday(day)) & 1u;
      int32_t c = cs__rep_day_find(m, (int32_t)r, day);
      if (c >= 0) works = m->rep_calendar.available[c];
      repdays += works;
    }
    for (size_t k = 0; k < d->ndays; k++) {
      const cs__repday *x = &d->rd[r * d->ndays + k];
      if (!x->works || !x->n) continue;
      work += x->end - x->start;
      face += x->busy;
      drive += x->travel;
    }
  }
  B->appointments_per_rep_day = repdays > 0 ? past / repdays : 0;
  B->selling_time_share = work > 0 ? face / work : 0;
  B->travel_share = work > 0 ? drive / work : 0;
  B->no_show_rate = done + noshow > 0 ? noshow / (done + noshow) : 0;
  double advances = 0;
  for (size_t o = 0; o < m->opportunities.n; o++) {
    B->pipeline_throughput += d->value[o];
    cs_date since = m->opportunities.stage_since[o];
    if (since != CS_DATE_NONE && since <= d->at && since > d->at - MEASURE_DAYS) advances++;
  }
  B->stage_advances_per_week = advances / (MEASURE_DAYS / 7.0);
}

static int by_stage_value(const void *a, const void *b) {
  const cs_board_stage *x = a, *y = b;
  if (x->throughput != y->throughput) return x->throughput > y->throughput ? -1 : 1;
  return strcmp(x->stage, y->stage);
}

/* The pipeline by stage: the opportunities of each stage and their visits' value. */
static int stages(const cs_desk *d, cs_arena *a, cs_board *B) {
  const cs_opportunities *O = &d->m->opportunities;
  B->stages = cs_arena_calloc(a, O->n + 1, sizeof *B->stages);
  if (!B->stages) return CS_ENOMEM;
  for (size_t o = 0; o < O->n; o++) {
    size_t k = 0;
    while (k < B->nstages && strcmp(B->stages[k].stage, O->stage[o]) != 0) k++;
    if (k == B->nstages) B->stages[B->nstages++] = (cs_board_stage){O->stage[o], 0, 0};
    B->stages[k].opportunities++;
    B->stages[k].throughput += d->value[o];
  }
  qsort(B->stages, B->nstages, sizeof *B->stages, by_stage_value);
  return 0;
}

int cs_desk_board(const cs_desk *d, cs_arena *a, cs_board **out, cs_error *err) {
  *out = NULL;
  const cs_model *m = d->m;
  cs_board *B = cs_arena_calloc(a, 1, sizeof *B);
  if (B) B->reps = cs_arena_calloc(a, m->reps.n + 1, sizeof *B->reps);
  if (!B || !B->reps) return cs__err(err, CS_ENOMEM, "out of memory");
  size_t want = (size_t)ceil(m->settings.appointment_buffer_days);
  B->nreps = m->reps.n;
  for (size_t r = 0; r < m->reps.n; r++) rep_buffer(d, (int32_t)r, want, &B->reps[r]);
  if (queue(d, a, B)) return cs__err(err, CS_ENOMEM, "out of memory");
  measures(d, B);
  if (stages(d, a, B)) return cs__err(err, CS_ENOMEM, "out of memory");
  *out = B;
  return 0;
}
