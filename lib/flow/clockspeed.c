/* clockspeed.c — the organisation's clockspeed and the deadband of pushed signals (issue 15,
 * cs_flow.h). The clockspeed is measured from what happened, the orders shipped through the
 * Constraint, against the Constraint's own available minutes; the deadband keeps a signal
 * still until a change has lasted. */
#include <math.h>

#include "clockspeed/cs_engine.h"
#include "clockspeed/cs_flow.h"
#include "internal.h"

/* Whether product p has a step on resource r. */
static bool routes_through(const cs_model *m, int32_t p, int32_t r) {
  for (size_t k = m->route_start[p]; k < m->route_start[p + 1]; k++)
    if (m->routings.resource[m->route_index[k]] == r) return true;
  return false;
}

int cs_clockspeed_compute(const cs_model *m, int32_t resource, cs_date from, cs_date to, cs_clockspeed *out,
                          cs_error *err) {
  if (from == CS_DATE_NONE || to == CS_DATE_NONE || to < from)
    return cs__err(err, CS_EINPUT, "the clockspeed needs a window (from, to)");
  *out = (cs_clockspeed){.resource = resource, .from = from, .to = to, .minutes_per_completion = NAN};
  if (resource < 0 || (size_t)resource >= m->resources.n) return 0;
  const cs_orders *O = &m->orders;
  for (size_t o = 0; o < O->n; o++)
    if (O->status[o] == CS_ORDER_DONE && O->shipped[o] != CS_DATE_NONE && O->shipped[o] >= from && O->shipped[o] <= to &&
        routes_through(m, O->product[o], resource))
      out->completions++;
  out->minutes = cs_available_minutes(m, resource, from, (double)(to - from + 1));
  if (out->completions) out->minutes_per_completion = out->minutes / (double)out->completions;
  return 0;
}

void cs_deadband_init(cs_deadband *d, double band, int cycles) {
  *d = (cs_deadband){band, cycles < 1 ? 1 : cycles, -1, -1, 0};
}

bool cs_deadband_feed(cs_deadband *d, int32_t id, double value, double announced_value) {
  if (d->announced < 0) {
    d->announced = id;
    return id >= 0;
  }
  /* The announced one leads, or the challenger is within the band: nothing lasting. */
  if (id == d->announced || !(value > announced_value * (1 + d->band))) {
    d->candidate = -1, d->held = 0;
    return false;
  }
  if (id != d->candidate) d->candidate = id, d->held = 0;
  if (++d->held < d->cycles) return false;
  d->announced = id;
  d->candidate = -1, d->held = 0;
  return true;
}

void cs_color_band_init(cs_color_band *c) { *c = (cs_color_band){CS_COLOR_UNSEEN, CS_COLOR_UNSEEN, 0}; }

/* Whether penetration bp lies beyond the edge between colour `from` and colour `to` (both
 * open colours) by more than band: the edges are cs_color_of's thirds of the buffer. */
static bool beyond(int8_t from, int8_t to, double bp, double band) {
  if (to > from) return bp >= (double)(from + 1) / 3 + band; /* worse: past from's upper edge */
  return bp < (double)from / 3 - band;                       /* better: below from's lower edge */
}

bool cs_color_band_feed(cs_color_band *c, double band, int cycles, int8_t live, double penetration, size_t elapsed) {
  if (c->announced == CS_COLOR_UNSEEN || live < 0 || c->announced < 0) {
    bool changed = c->announced != live;
    c->announced = live, c->candidate = CS_COLOR_UNSEEN, c->held = 0;
    return changed;
  }
  if (live == c->announced || !beyond(c->announced, live, penetration, band)) {
    c->candidate = CS_COLOR_UNSEEN, c->held = 0;
    return false;
  }
  if (live != c->candidate) c->candidate = live, c->held = 0;
  c->held += elapsed > (size_t)cycles ? cycles : (int)elapsed;
  if (c->held < (cycles < 1 ? 1 : cycles)) return false;
  c->announced = live;
  c->candidate = CS_COLOR_UNSEEN, c->held = 0;
  return true;
}
