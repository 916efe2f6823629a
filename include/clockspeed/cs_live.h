/* cs_live.h — the signals kept live as events arrive (DESIGN §1 idea 2: refreshed at the
 * Constraint's clockspeed): each resource's remaining work and load, the drum's planned
 * load and planned-load date, every open order's buffer penetration and colour, and each
 * resource's priority queue. An event updates only what it touches; cs_live_check()
 * compares the result with the batch computations.
 *
 * Ownership: a cs_live borrows the model it is given and changes it through the events it
 * applies (the model must outlive it and change only through cs_live_apply and
 * cs_live_rollback); it owns its signal arrays until cs_live_free(). */
#ifndef CS_LIVE_H
#define CS_LIVE_H

#include <stddef.h>
#include <stdint.h>

#include "cs_error.h"
#include "cs_events.h"
#include "cs_flow.h"
#include "cs_model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cs_live cs_live;

/* The signals, readable at any time; arrays are owned by the cs_live. */
typedef struct cs_live_signals {
  cs_date now;                 /* settings.today */
  int32_t drum;
  size_t nresources, norders;
  const double *work;          /* per resource: minutes of open orders' remaining steps */
  const double *available;     /* per resource: available minutes over the horizon */
  const double *load;          /* work / available (0 when nothing is available) */
  double planned_minutes;      /* the drum's share of work */
  double planned_load_days;
  cs_date planned_load_date;
  const double *penetration;   /* per order; NaN when the order is not open */
  const int8_t *color;         /* per order: cs_color, -1 when the order is not open */
  const int32_t *at_resource;  /* per order: where it waits (released), else -1 */
  size_t counts[4];            /* open orders per colour */
} cs_live_signals;

/* Builds the signals from scratch for the model as it stands. */
int cs_live_new(cs_model *m, cs_live **out, cs_error *err);
void cs_live_free(cs_live *L);

/* Applies one typed event (cs_events.h) to the model and updates the signals it touches.
 * A refused event changes neither the model nor the signals. */
int cs_live_apply(cs_live *L, const cs_event *ev, const cs_loc *loc, cs_error *err);

/* Takes back every event applied since cs_model_begin() on the model (a batch refused
 * part way), updating the signals as it goes, and closes the batch. */
int cs_live_rollback(cs_live *L, cs_error *err);

/* The current signals (read-only: reading them changes nothing, so any number of readers
 * may hold them at once), and resource r's priority queue (order indices, deepest
 * penetration first; *n receives its length). */
const cs_live_signals *cs_live_get(const cs_live *L);
const int32_t *cs_live_queue(const cs_live *L, int32_t r, size_t *n);

/* Compares every signal with what the batch modules compute from the model alone
 * (cs_flow_drum, cs_sdbr_compute, cs_buffers_compute, cs_order_remaining_minutes,
 * cs_available_minutes): CS_OK when they agree, else CS_EINPUT with the first difference. */
int cs_live_check(const cs_live *L, cs_error *err);

/* Bytes the live state holds (its own arrays, not the model). */
size_t cs_live_bytes(const cs_live *L);

#ifdef __cplusplus
}
#endif
#endif
