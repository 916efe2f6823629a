/* flow_priv.h — what the subordination modules (sdbr.c, schedule.c, buffers.c) share:
 * the drum's calendar as minutes per day, walked forward as work is loaded on it.
 *
 * Ownership: a cs__drum_cal's array lives in the arena it was built in. */
#ifndef CS_FLOW_PRIV_H
#define CS_FLOW_PRIV_H

#include "clockspeed/cs_engine.h"
#include "clockspeed/cs_flow.h"

/* The drum's available minutes on each day from `start`, grown as far as needed. */
typedef struct cs__drum_cal {
  const cs_model *m;
  int32_t drum;
  cs_date start;
  size_t ndays, cap;
  double *minutes;
  cs_arena *a;
} cs__drum_cal;

/* Prepares the calendar of resource r from `start`. */
void cs__drum_cal_init(cs__drum_cal *c, const cs_model *m, int32_t r, cs_date start, cs_arena *a);

/* Where `minutes` of work loaded from `from_days` (days from start, fractional) ends, in
 * days from start (fractional: 2.5 is half way through the third day). Fails with CS_EINPUT
 * when the drum has no capacity within ten years. */
int cs__drum_cal_advance(cs__drum_cal *c, double from_days, double minutes, double *end_days, cs_error *err);

/* Orders by date, then by order index (the order book's own order): -1, 0 or 1. */
static inline int cs__by_date_then_order(cs_date da, int32_t oa, cs_date db, int32_t ob) {
  if (da != db) return da < db ? -1 : 1;
  return oa < ob ? -1 : oa > ob;
}

/* The production buffer's halves in whole days, rounded up: constraint and shipping buffer. */
cs_date cs__half_buffer_days(const cs_model *m);

#endif
