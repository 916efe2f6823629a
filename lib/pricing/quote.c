/* quote.c — quote floors and bookings against the live bid prices (DESIGN §2).
 *
 * A request is feasible when, with it, every booked order and the request can still be
 * done by their due dates on every resource: on one resource, earliest due first from the
 * clock, that holds exactly when for every bucket at or after the request's due bucket the
 * capacity from the clock to its end covers the booked work due by then plus the request
 * (the least such slack is kept per bucket in sufmin[]). Its floor is its TVC plus the bid
 * prices its units pay, each unit's minutes in one bucket on every resource of its route
 * as the LP makes them, in the cheapest buckets between the clock and its due date beside
 * the booked work the LP's plan has there. A request that
 * cannot make its date is priced for the earliest date it can make, as a counter-offer. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bid_priv.h"
#include "internal.h"

/* Where a request is due: its bucket, and the share of that bucket's remaining capacity
 * time that comes before the end of its due date. */
typedef struct window {
  size_t k0, d;
  double cover;
} window;

/* The window of a request due on `due` (the clock's bucket when it is already due, the
 * last one when it is due after the horizon). */
static window window_of(const cs_bid *b, cs_date due) {
  window w = {b->kc, 0, 1};
  double day = (double)(due - b->m->settings.today);
  w.d = cs__bid_bucket_of(b, day);
  if (w.d < b->kc) w.d = b->kc;
  double s = cs__bid_bstart(b, w.d), e = cs__bid_bend(b, w.d), from = fmax(s, b->clock_day);
  if (day + 1 < e && e > from && day < b->horizon) w.cover = fmax(0, (day + 1 - from) / (e - from));
  return w;
}

/* Slack on resource r for work due by the window's due date: the least of the slack of
 * every later bucket and the slack at the due date itself (the due bucket's capacity only
 * up to it, all its booked work counted). */
static double slack_by(const cs_bid *b, size_t r, const window *w) {
  size_t nb = b->nb;
  if (w->cover >= 1) return b->sufmin[r * nb + w->d];
  double later = w->d + 1 < nb ? b->sufmin[r * nb + w->d + 1] : DBL_MAX, capsum = 0, due = 0;
  for (size_t k = 0; k <= w->d; k++) {
    capsum += b->cap[r * nb + k] * (k == w->d ? w->cover : 1);
    due += b->due_work[r * nb + k];
  }
  return fmin(later, capsum - due);
}

/* Whether qty units of product p fit by the window's due date with every booked order. */
static bool fits(const cs_bid *b, size_t p, double qty, const window *w) {
  for (size_t j = b->x->start[p]; j < b->x->start[p + 1]; j++) {
    double need = qty * b->x->min[j];
    if (need <= 0) continue;
    double s = slack_by(b, (size_t)b->x->res[j], w);
    if (need > s + 1e-9 * (1 + need)) return false;
  }
  return true;
}

/* The earliest date by which qty units of p fit, spreading a bucket's capacity evenly
 * over its days; CS_DATE_NONE when they do not fit within the horizon. */
static cs_date earliest_due(const cs_bid *b, size_t p, double qty) {
  size_t nb = b->nb;
  for (size_t d = b->kc; d < nb; d++) {
    window w = {b->kc, d, 1};
    if (!fits(b, p, qty, &w)) continue;
    double s = cs__bid_bstart(b, d), e = cs__bid_bend(b, d), from = fmax(s, b->clock_day), share = 0;
    for (size_t j = b->x->start[p]; j < b->x->start[p + 1]; j++) {
      size_t r = (size_t)b->x->res[j];
      double need = qty * b->x->min[j], c = b->cap[r * nb + d];
      if (need <= 0 || c <= 0) continue;
      double full = 0;
      for (size_t k = 0; k <= d; k++) full += b->cap[r * nb + k] - b->due_work[r * nb + k];
      double f = 1 - (full - need) / c;
      if (f > share) share = f;
    }
    double day = from + ceil(fmin(share, 1) * (e - from) - 1e-9) - 1;
    if (day < from) day = from;
    return b->m->settings.today + (cs_date)floor(day);
  }
  return CS_DATE_NONE;
}

/* What one unit of p pays in bucket k: the bid prices of its minutes on every resource of
 * its route (0 off the LP). */
static double unit_cost(const cs_bid *b, size_t p, size_t k) {
  double c = 0;
  for (size_t j = b->x->start[p]; j < b->x->start[p + 1]; j++)
    if (b->x->min[j] > 0) c += b->x->min[j] * b->bid[(size_t)b->x->res[j] * b->nb + k];
  return c;
}

/* The units of p that fit in bucket k in the room the booked plan leaves on every resource
 * of its route that is in the LP (INFINITY when none is). */
static double unit_room(const cs_bid *b, size_t p, size_t k, const window *w) {
  double room = INFINITY;
  for (size_t j = b->x->start[p]; j < b->x->start[p + 1]; j++) {
    size_t r = (size_t)b->x->res[j];
    if (b->x->min[j] > 0 && b->h.lp && b->h.res_of[r] >= 0)
      room = fmin(room, cs__bid_rem(b, r * b->nb + k) * (k == w->d ? w->cover : 1) / b->x->min[j]);
  }
  return room;
}

/* Notes in the quote what `units` of p pay in bucket k, resource by resource. */
static void note_bids(const cs_bid *b, size_t p, size_t k, double units, cs_quote *out) {
  for (size_t j = b->x->start[p]; j < b->x->start[p + 1] && out->nbids < CS_QUOTE_MAX_BIDS; j++) {
    size_t r = (size_t)b->x->res[j];
    double bid = b->bid[r * b->nb + k];
    if (b->x->min[j] > 0 && bid > 0)
      out->bids[out->nbids++] = (cs_quote_bid){(int32_t)r, cs_bid_bucket_start(b, k), bid, units * b->x->min[j]};
  }
}

/* Places qty units of p in the buckets of the window as the LP makes them — a unit's
 * minutes in one bucket on every resource of its route (the LP's shared x[p,k]) — the
 * cheapest buckets first by the sum of the route's bid prices (the later among equals,
 * which keeps earlier capacity free), in the room the booked plan leaves on each of them;
 * what finds no room pays the window's dearest bucket. Pricing each resource on its own
 * would put a unit's first step in one resource's idle bucket and its second in another's,
 * a plan the LP cannot make: on two Constraints sharing a product that priced the shared
 * product at nothing while both were full on the days it could use. Notes the bid prices
 * paid in out; returns their sum. */
static double place_units(const cs_bid *b, size_t p, const window *w, double qty, cs_quote *out) {
  double cost = 0, dearest = 0, prev = -1;
  size_t prev_k = SIZE_MAX, dear_k = w->d;
  for (size_t k = w->k0; k <= w->d; k++) {
    double c = unit_cost(b, p, k);
    if (c > dearest) dearest = c, dear_k = k;
  }
  if (dearest <= 0) return 0;
  while (qty > 0) {
    /* The next bucket in (cost ascending, bucket descending) order after the previous. */
    size_t best = SIZE_MAX;
    double best_c = 0;
    for (size_t k = w->k0; k <= w->d; k++) {
      double ck = unit_cost(b, p, k);
      bool after = ck > prev || (ck == prev && k < prev_k);
      if (after && (best == SIZE_MAX || ck < best_c || (ck == best_c && k > best))) best = k, best_c = ck;
    }
    if (best == SIZE_MAX) break;
    prev = best_c, prev_k = best;
    double room = unit_room(b, p, best, w), put = room < qty ? room : qty;
    if (!(put > 0)) continue;
    qty -= put;
    cost += put * best_c;
    if (best_c > 0) note_bids(b, p, best, put, out);
  }
  if (qty > 0) {
    cost += qty * dearest;
    note_bids(b, p, dear_k, qty, out);
  }
  return cost;
}

/* Whether the LP's own plan has room for qty units of p in the request's window: on every
 * resource of the LP that p visits, the plan makes at least the request's minutes of p in
 * the buckets from the clock to the due date, or leaves that much idle (bid price 0). A
 * request the plan has room for takes the place of work of its own product the plan meant
 * to do anyway (a booking is one of the forecast arrivals), never of other, higher-value
 * forecast. */
static bool plan_has_room(const cs_bid *b, size_t p, double qty, const window *w) {
  if (!b->h.lp || !b->solved) return false;
  size_t block = 0;
  for (size_t j = b->x->start[p]; j < b->x->start[p + 1]; j++) {
    size_t r = (size_t)b->x->res[j];
    if (!(b->x->min[j] > 0) || b->h.res_of[r] < 0) continue;
    double need = qty * b->x->min[j], room = 0;
    for (size_t k = w->k0; k <= w->d; k++) {
      size_t rk = r * b->nb + k;
      if (b->bid[rk] <= 0) room += cs__bid_rem(b, rk);
    }
    /* Shared buckets: one block in units for the whole route; else a block (in minutes)
     * per resource. */
    double made = cs__hlp_made((cs__hlp *)&b->h, p, b->h.shared ? 0 : block++, w->k0, w->d);
    room += b->h.shared ? made * b->x->min[j] : made;
    if (room < need * (1 - 1e-9)) return false;
  }
  return true;
}

/* Checks a request against the state. */
static int check(const cs_bid *b, const cs_quote_request *q, cs_error *err) {
  if (q->product < 0 || (size_t)q->product >= b->np)
    return cs__err(err, CS_EINPUT, "no product with index %d", (int)q->product);
  if (!(q->qty > 0) || !isfinite(q->qty))
    return cs__err(err, CS_EINPUT, "the quantity must be a positive number, not %g", q->qty);
  if (q->due == CS_DATE_NONE) return cs__err(err, CS_EINPUT, "the request has no due date");
  if ((double)(q->due - b->m->settings.today) < floor(b->clock_day)) {
    char d1[11], d2[11];
    cs__err(err, CS_EINPUT, "the due date %s is before the moment of the request, %s", cs_date_format(q->due, d1),
            cs_date_format(cs_bid_clock(b), d2));
    snprintf(err->field, sizeof err->field, "due");
    snprintf(err->value, sizeof err->value, "%s", d1);
    return CS_EINPUT;
  }
  return 0;
}

int cs_bid_quote(const cs_bid *b, const cs_quote_request *q, cs_quote *out, cs_error *err) {
  int rc = check(b, q, err);
  if (rc) return rc;
  size_t p = (size_t)q->product;
  window w = window_of(b, q->due);
  memset(out, 0, sizeof *out);
  out->feasible = fits(b, p, q->qty, &w);
  /* The earliest date is worth telling either way: sooner, or the counter-offer's. */
  out->earliest_feasible_due = earliest_due(b, p, q->qty);
  if (!out->feasible && out->earliest_feasible_due != CS_DATE_NONE) {
    /* Priced for the earliest date it can make: the counter-offer. */
    w = window_of(b, out->earliest_feasible_due);
  }
  const cs_products *P = &b->m->products;
  out->tvc = P->tvc[p] * q->qty;
  out->opportunity_cost = place_units(b, p, &w, q->qty, out);
  out->floor_price = out->tvc + out->opportunity_cost;
  out->floor_unit_price = out->floor_price / q->qty;
  out->has_price = !isnan(q->price);
  /* A price above the floor is accepted. A tie — a price at the floor, or under it by no
   * more than the product's prices usually go under list — is accepted (a request in hand
   * wins a tie with a forecast one) only while the plan has room for this product in the
   * request's window, unless the floor holds no opportunity cost at all. */
  double unit = out->floor_unit_price, near = 1e-6 * fmax(1, fabs(unit));
  double low = unit - b->band[p] * P->price[p] - 1e-9 * fmax(1, fabs(unit));
  bool accept = false;
  if (out->has_price && out->feasible) {
    if (q->price > unit + near) accept = true;
    else if (out->opportunity_cost <= 0) accept = q->price >= unit - near;
    else if (q->price >= low && q->price > P->tvc[p]) accept = plan_has_room(b, p, q->qty, &w);
  }
  out->accept = accept;
  out->full_cost = b->full_cost[p] * q->qty;
  out->ca_accept = out->has_price && q->price >= b->full_cost[p] - 1e-9 * fmax(1, fabs(b->full_cost[p]));
  return 0;
}

int cs_bid_book(cs_bid *b, const cs_quote_request *q, cs_error *err) {
  int rc = check(b, q, err);
  if (rc) return rc;
  size_t p = (size_t)q->product, nb = b->nb;
  window w = window_of(b, q->due);
  bool rebuild = false;
  double *pend = malloc((nb + 1) * sizeof(double));
  if (!pend) return cs__err(err, CS_ENOMEM, "out of memory");
  for (size_t j = b->x->start[p]; j < b->x->start[p + 1]; j++)
    b->due_work[(size_t)b->x->res[j] * nb + w.d] += q->qty * b->x->min[j];
  cs__forecast_take(b, p, w.d, q->qty);
  b->over = 0;
  for (size_t r = 0; r < b->nr; r++) cs__bid_slack(b, r);
  for (size_t j = b->x->start[p]; j < b->x->start[p + 1] && !rc; j++) {
    size_t r = (size_t)b->x->res[j];
    if (b->h.lp && b->h.res_of[r] >= 0) rc = cs__hlp_set_resource(b, &b->h, r) ? cs__err(err, CS_ENOMEM, "out of memory") : 0;
    else if (b->opt.solve && !b->in_lp[r] && cs__forecast_binds(b, r, pend)) rebuild = true;
  }
  free(pend);
  if (rc) return rc;
  return rebuild ? cs__bid_rebuild(b, err) : cs__bid_resolve(b, err);
}
