/* quote.c — quote floors and bookings against the live bid prices (DESIGN §2): a request
 * is placed in the buckets between now and its due date where the bid prices it pays are
 * lowest, within the capacity the booked orders leave; its floor is its TVC plus those
 * bid prices times the minutes it takes. Booking keeps that placement and re-solves. */
#include <float.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bid_priv.h"
#include "internal.h"

/* Where a request would go: units per bucket over the window [k0, k1]. */
typedef struct placement {
  size_t k0, k1;
  int window;                          /* 0 when the due date is before the clock */
  double cover;                        /* share of bucket k1 before the due date */
  double units[CS_BID_MAX_BUCKETS];
  double unit_cost[CS_BID_MAX_BUCKETS];
  double left;                         /* units that fit nowhere in the window */
  double opportunity;
} placement;

/* Units of product p that fit in bucket k, and the bid prices one unit pays there. */
static double bucket_units(const cs_bid *b, size_t p, size_t k, double *unit_cost) {
  double fit = DBL_MAX, cost = 0;
  for (size_t j = b->x->start[p]; j < b->x->start[p + 1]; j++) {
    double mn = b->x->min[j];
    if (mn <= 0) continue;
    size_t rk = (size_t)b->x->res[j] * b->nb + k;
    cost += b->bid[rk] * mn;
    double f = cs__bid_rem(b, rk) / mn;
    if (f < fit) fit = f;
  }
  *unit_cost = cost;
  return fit;
}

/* Checks a request and fills the placement that minimises the bid prices it pays. */
static int place(const cs_bid *b, const cs_quote_request *q, placement *pl, cs_error *err) {
  pl->window = 0;
  pl->k0 = pl->k1 = 0;
  pl->left = pl->opportunity = 0;
  pl->units[0] = 0;
  if (q->product < 0 || (size_t)q->product >= b->np)
    return cs__err(err, CS_EINPUT, "no product with index %d", (int)q->product);
  if (!(q->qty > 0) || !isfinite(q->qty))
    return cs__err(err, CS_EINPUT, "the quantity must be a positive number, not %g", q->qty);
  if (q->due == CS_DATE_NONE) return cs__err(err, CS_EINPUT, "the request has no due date");
  size_t p = (size_t)q->product;
  double due_day = (double)(q->due - b->m->settings.today);
  pl->left = q->qty;
  pl->opportunity = 0;
  pl->window = due_day >= b->clock_day;
  if (!pl->window) {
    char d1[11], d2[11];
    cs__err(err, CS_EINPUT, "the due date %s is before the moment of the request, %s",
            cs_date_format(q->due, d1), cs_date_format(cs_bid_clock(b), d2));
    snprintf(err->field, sizeof err->field, "due");
    snprintf(err->value, sizeof err->value, "%s", d1);
    return CS_EINPUT;
  }
  pl->k0 = cs__bid_bucket_of(b, b->clock_day);
  pl->k1 = cs__bid_bucket_of(b, due_day);
  double s = (double)pl->k1 * b->blen, e = fmin(s + b->blen, b->horizon);
  double from = fmax(s, b->clock_day);
  pl->cover = due_day + 1 >= e || e <= from ? 1 : (due_day + 1 - from) / (e - from);
  /* Buckets by bid prices paid, cheapest first; among equals the later one (as late as
   * possible keeps earlier capacity free). Insertion sort: windows are short. */
  size_t order[CS_BID_MAX_BUCKETS], n = 0;
  double fit[CS_BID_MAX_BUCKETS];
  for (size_t k = pl->k0; k <= pl->k1; k++) {
    fit[k] = bucket_units(b, p, k, &pl->unit_cost[k]);
    if (k == pl->k1) fit[k] *= pl->cover;
    pl->units[k] = 0;
    size_t i = n++;
    while (i > 0 && pl->unit_cost[order[i - 1]] >= pl->unit_cost[k]) {
      order[i] = order[i - 1];
      i--;
    }
    order[i] = k;
  }
  for (size_t i = 0; i < n && pl->left > 0; i++) {
    size_t k = order[i];
    double u = fit[k] < pl->left ? fit[k] : pl->left;
    if (u <= 0) continue;
    pl->units[k] = u;
    pl->left -= u;
    pl->opportunity += u * pl->unit_cost[k];
  }
  if (pl->left < 1e-9 * q->qty) pl->left = 0;
  return 0;
}

/* The earliest date by which the whole quantity fits, filling buckets from the clock on
 * and spreading each bucket's capacity evenly over its days. */
static cs_date earliest_due(const cs_bid *b, size_t p, double qty) {
  double cum = 0, cost;
  for (size_t k = cs__bid_bucket_of(b, b->clock_day); k < b->nb; k++) {
    double s = (double)k * b->blen, e = fmin(s + b->blen, b->horizon), from = fmax(s, b->clock_day);
    if (e <= from) continue;
    double fit = bucket_units(b, p, k, &cost);
    if (cum + fit >= qty * (1 - 1e-12)) {
      double share = fit >= DBL_MAX ? 0 : (qty - cum) / fit;
      double day = from + ceil(share * (e - from) - 1e-9) - 1;
      if (day < from) day = from;
      return b->m->settings.today + (cs_date)floor(day);
    }
    cum += fit;
  }
  return CS_DATE_NONE;
}

int cs_bid_quote(const cs_bid *b, const cs_quote_request *q, cs_quote *out, cs_error *err) {
  placement pl;
  int rc = place(b, q, &pl, err);
  if (rc) return rc;
  size_t p = (size_t)q->product;
  out->feasible = pl.left <= 0;
  out->earliest_feasible_due = earliest_due(b, p, q->qty);
  /* A request that cannot be ready by its due date is priced for the earliest date it can
   * be, so the customer can be offered that date and that price. */
  if (!out->feasible && out->earliest_feasible_due != CS_DATE_NONE) {
    cs_quote_request later = *q;
    later.due = out->earliest_feasible_due;
    rc = place(b, &later, &pl, err);
    if (rc) return rc;
  }
  const cs_products *P = &b->m->products;
  out->tvc = P->tvc[p] * q->qty;
  out->opportunity_cost = pl.opportunity;
  out->floor_price = out->tvc + pl.opportunity;
  out->floor_unit_price = out->floor_price / q->qty;
  out->has_price = !isnan(q->price);
  /* A price equal to the floor is accepted: the plan is indifferent, and the customer's
   * throughput is real while the displaced demand is only expected. */
  double tol = 1e-9 * fmax(1, fabs(out->floor_unit_price));
  out->accept = out->has_price && out->feasible && q->price >= out->floor_unit_price - tol;
  out->full_cost = b->full_cost[p] * q->qty;
  out->ca_accept = out->has_price && q->price >= b->full_cost[p] - tol;
  out->nbids = 0;
  for (size_t k = pl.k0; k <= pl.k1; k++) {
    if (pl.units[k] <= 0) continue;
    for (size_t j = b->x->start[p]; j < b->x->start[p + 1]; j++) {
      size_t rk = (size_t)b->x->res[j] * b->nb + k;
      if (b->bid[rk] <= 0 || out->nbids >= CS_QUOTE_MAX_BIDS) continue;
      out->bids[out->nbids++] = (cs_quote_bid){b->x->res[j], cs_bid_bucket_start(b, k), b->bid[rk],
                                               pl.units[k] * b->x->min[j]};
    }
  }
  return 0;
}

int cs_bid_book(cs_bid *b, const cs_quote_request *q, cs_error *err) {
  placement pl;
  int rc = place(b, q, &pl, err);
  if (rc) return rc;
  size_t p = (size_t)q->product, nb = b->nb;
  size_t k0 = pl.k0, k1 = pl.k1;
  /* What fits nowhere is still owed: it goes into the due bucket and counts as overbooked. */
  pl.units[k1] += pl.left;
  for (size_t k = k0; k <= k1; k++) {
    if (pl.units[k] <= 0) continue;
    for (size_t j = b->x->start[p]; j < b->x->start[p + 1]; j++)
      b->placed[(size_t)b->x->res[j] * nb + k] += pl.units[k] * b->x->min[j];
    b->dirty[k] = 1;
  }
  for (size_t j = b->x->start[p]; j < b->x->start[p + 1]; j++) b->over += pl.left * b->x->min[j];
  double due_day = (double)(q->due - b->m->settings.today);
  if (due_day < b->horizon) {
    size_t kd = cs__bid_bucket_of(b, due_day);
    b->booked[p * nb + kd] += q->qty;
    double d = b->dem[p * nb + kd] - q->qty;
    cs__bid_set_demand(b, p, kd, d > 0 ? d : 0);
  }
  return cs__bid_refresh(b, err);
}
