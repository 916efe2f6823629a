/* schedule.c — DBR with an internal drum (DESIGN §2): a finite-capacity schedule of the
 * drum, orders in the sequence of their due date less the shipping buffer, loaded back to
 * back on the drum's calendar; release = drum start - constraint buffer. Orders whose drum
 * work ends too late for the shipping buffer are flagged with the date they can make. */
#include <math.h>
#include <stdlib.h>

#include "flow_priv.h"
#include "internal.h"

/* A drum job: its order, the date it should leave the drum by, its drum minutes. */
typedef struct job { int32_t order; cs_date need; double minutes; } job;
static int by_need(const void *x, const void *y) {
  const job *a = x, *b = y;
  return cs__by_date_then_order(a->need, a->order, b->need, b->order);
}

int cs_schedule_compute(const cs_model *m, cs_date at, cs_arena *a, cs_schedule **out, cs_error *err) {
  if (at == CS_DATE_NONE) at = m->settings.today;
  if (at == CS_DATE_NONE) return cs__err(err, CS_EINPUT, "the schedule needs settings.today or --at");
  cs_schedule *S = cs_arena_calloc(a, 1, sizeof *S);
  if (!S) return cs__err(err, CS_ENOMEM, "out of memory");
  S->drum = cs_flow_drum(m, a, err);
  if (S->drum < 0) return cs__err(err, CS_EINPUT, "the model has no resources to pace the flow");
  cs_date half = cs__half_buffer_days(m);
  S->constraint_buffer_days = S->shipping_buffer_days = (double)half;
  size_t n = m->orders.n, k = 0;
  job *jobs = cs_arena_calloc(a, n + 1, sizeof *jobs);
  S->slots = cs_arena_calloc(a, n + 1, sizeof *S->slots);
  if (!jobs || !S->slots) return cs__err(err, CS_ENOMEM, "out of memory");
  for (size_t o = 0; o < n; o++) {
    if (!cs_order_open(m, o)) continue;
    double mins = cs_order_remaining_minutes(m, o, S->drum);
    if (mins <= 0) continue;
    jobs[k++] = (job){(int32_t)o, m->orders.due[o] - half, mins};
  }
  qsort(jobs, k, sizeof *jobs, by_need);
  cs__drum_cal c;
  cs__drum_cal_init(&c, m, S->drum, at, a);
  double pos = 0;
  for (size_t i = 0; i < k; i++) {
    double end;
    int rc = cs__drum_cal_advance(&c, pos, jobs[i].minutes, &end, err);
    if (rc) return rc;
    cs_drum_slot *sl = &S->slots[S->n++];
    size_t o = (size_t)jobs[i].order;
    sl->order = jobs[i].order;
    sl->drum_start = at + (cs_date)floor(pos);
    /* The last day with work on it: a job ending exactly at midnight ended the day before. */
    double last = ceil(end - 1e-9) - 1;
    sl->drum_end = at + (cs_date)(last < floor(pos) ? floor(pos) : last);
    sl->due = m->orders.due[o];
    sl->release = m->orders.status[o] == CS_ORDER_RELEASED && m->orders.released[o] != CS_DATE_NONE
                      ? m->orders.released[o] : sl->drum_start - half;
    sl->can_make = sl->drum_end + half;
    sl->late = sl->can_make > sl->due;
    pos = end;
  }
  *out = S;
  return 0;
}
