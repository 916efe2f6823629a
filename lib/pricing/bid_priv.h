/* bid_priv.h — the inside of the bid-price state, shared by bid.c (buckets, booked work,
 * time), forecast.c (expected demand by arrival and lead time), horizon_lp.c (the LP over
 * the horizon), quote.c (quotes and bookings) and pricing_sim.c (the hindsight bound).
 *
 * Ownership: a cs_bid owns every array below (malloc'd) and its LP; the matrix lives in
 * its own arena; the model is borrowed. */
#ifndef CS_BID_PRIV_H
#define CS_BID_PRIV_H

#include "clockspeed/cs_pricing.h"
#include "engine_priv.h"

struct cs__lp;

/* Work that may be served in any bucket of a window: demand of one product due in bucket
 * d that can be made from bucket a on (a forecast class, or a request in hindsight). */
typedef struct cs__class {
  int32_t p;
  uint32_t a, d;     /* first and last bucket of the window */
  double units;      /* at most this many units are served */
  double t;          /* throughput per unit */
} cs__class;

/* An LP over the horizon (horizon_lp.c). Capacity rows are kept for the resources marked
 * in it only; booked work is a lower bound on what each such resource has done by the end
 * of every bucket (work due by then), and each class is served in any share, each resource
 * making its work in any bucket of the class's window. Classes must come grouped by
 * product. */
typedef struct cs__hlp {
  struct cs__lp *lp;
  int *res_of;        /* nr: the resource's place among the LP's resources, -1 when left out */
  int32_t *res;       /* nres: the LP's resources */
  size_t nres, nb;
  int *ycol;          /* per class: its column, -1 when it touches no resource of the LP */
  int *xcol;          /* per product: the first of its production columns (nb per resource
                         of the LP on its route, in route order, each followed by nb
                         stock columns), -1 when it has none */
  size_t nrows, ncols;
  bool shared;        /* a unit's work is in the same bucket on every resource */
  int cold_iterations; /* pivots of the last cold solve */
} cs__hlp;

/* Arrays indexed rk = r * nb + k (resource, bucket). */
struct cs_bid {
  const cs_model *m;
  cs_bid_options opt;
  size_t nr, np, nb;
  double blen, horizon;   /* the near buckets' length and the horizon, in days */
  double *kstart;         /* nb + 1: where each bucket starts, in days from today (near
                             buckets of blen, then buckets of a period; bid.c) */
  double clock_day;       /* the state's moment, in days from settings.today */
  size_t kc;              /* the bucket the clock is in */
  cs_arena *arena;
  cs__matrix *x;
  size_t *by_res_start;   /* nr + 1: the products visiting each resource, */
  int32_t *by_res_prod;   /* by index, */
  double *by_res_min;     /* and their minutes per unit there */
  double *cap;            /* rk: available minutes left after the clock */
  double *due_work;       /* rk: minutes of booked work due in the bucket, not yet done */
  double *sufmin;         /* rk: least slack (capacity from the clock on less booked work
                             due) over this bucket and every later one */
  double *plan;           /* rk: minutes of booked work the LP's plan does in the bucket */
  double *bid;            /* rk: bid price per minute (0 for rows left out) */
  double *t;              /* throughput per unit of each product */
  double *full_cost;      /* cost accounting: TVC + OE rate x total minutes, per unit */
  double rate;            /* OE per available minute */
  double over;            /* booked minutes that cannot be done by their due dates */
  /* Lead times: bins [lead_start[p], lead_start[p+1]) of (days, share). */
  size_t *lead_start;
  double *lead_d;
  double *lead_w;
  /* The days of the period orders fall due on: np x (nday + 1) running sums of weights of
   * mean 1 (learnt from the history; all 1 without one), nday = period_days when it is a
   * whole number >= 2 (NULL otherwise: every day weighs 1). */
  size_t nday;
  double *day_c;
  /* np: how far under list a product's orders are usually priced, as a share of list
   * (one less the share at the lowest tenth of its placed orders' prices; 0 without a
   * history of at least three). A request priced that much under its floor or less is a
   * tie: accepted only while the plan has room for it (quote.c). */
  double *band;
  /* The forecast: classes of products that visit a resource of the LP, by product. */
  cs__class *cls;
  size_t ncls, *cls_start; /* np + 1 */
  unsigned char *in_lp;    /* nr: the resource's rows are in the LP */
  cs__hlp h;
  bool solved;
  long rebuilds;
};

/* Bucket holding `day` (days from today), clamped to [0, nb). */
size_t cs__bid_bucket_of(const cs_bid *b, double day);
double cs__bid_bstart(const cs_bid *b, size_t k);
double cs__bid_bend(const cs_bid *b, size_t k);

/* Minutes left in row rk for new work, beside the booked work the LP's plan has there. */
double cs__bid_rem(const cs_bid *b, size_t rk);

/* Recomputes sufmin[] (and the overbooked minutes) of resource r from its capacity and
 * booked work. */
void cs__bid_slack(cs_bid *b, size_t r);

/* ---- forecast.c ----------------------------------------------------------------- */

/* Learns each product's lead-time bins from the order history (due less ordered date),
 * or takes lead_time_days (production_buffer_days when absent), and the days of the period
 * its orders fall due on. */
int cs__forecast_learn(cs_bid *b);
/* Whether resource r could bind: the work the booked orders and every forecast unit would
 * put on it cannot all be done by its due dates even with r placing it freely. */
bool cs__forecast_binds(const cs_bid *b, size_t r, double *scratch);
/* Makes the forecast classes of the products that visit a resource of the LP and have none
 * yet (those that have keep theirs); fresh[p] (np flags) tells which were made now. */
int cs__forecast_classes(cs_bid *b, unsigned char *fresh);
/* Takes qty units of product p due in bucket d off the forecast arriving in the clock's
 * bucket (a booking is one of those arrivals), nearest due buckets first. */
void cs__forecast_take(cs_bid *b, size_t p, size_t d, double qty);
/* The throughput of the forecast left out of the LP (all of it can be served). */
double cs__forecast_free_throughput(const cs_bid *b);

/* ---- horizon_lp.c --------------------------------------------------------------- */

/* Builds the LP for resources in_lp (nr flags) and classes cls[0..n) over b's buckets,
 * capacity and booked work, a unit's work in one bucket on all resources when shared;
 * CS_ENOMEM when memory is short. */
int cs__hlp_build(const cs_bid *b, const unsigned char *in_lp, const cs__class *cls, size_t n, bool shared,
                  cs__hlp *h);
void cs__hlp_free(cs__hlp *h);
/* Pushes b's capacity and booked work of resource r into the LP's bounds (nothing when r
 * is not in it); CS_ENOMEM when memory is short. */
int cs__hlp_set_resource(const cs_bid *b, cs__hlp *h, size_t r);
/* Sets class i's upper bound. */
void cs__hlp_set_class(cs__hlp *h, size_t i, double units);
/* Solves from scratch; CS_ESOLVER with the reason when it has no optimum. */
int cs__hlp_solve(cs__hlp *h, cs_error *err);
/* Re-solves warm from the last basis; false when that did not reach an optimum within a
 * share of the cold solve's pivots (the caller then builds and solves a fresh model). */
bool cs__hlp_resolve(cs__hlp *h);
/* Units of class i the LP's plan serves. */
double cs__hlp_served(cs__hlp *h, size_t i);
/* What the plan makes of product p on the `block`-th resource of the LP on its route, in
 * buckets [from, until]: minutes, or units when the LP is shared (block 0 only). */
double cs__hlp_made(cs__hlp *h, size_t p, size_t block, size_t from, size_t until);

/* Rebuilds the bid state's LP from scratch (resources that can bind, their classes) and
 * solves it cold. */
int cs__bid_rebuild(cs_bid *b, cs_error *err);
/* Re-solves the LP warm and reads the bid prices and the plan back. */
int cs__bid_resolve(cs_bid *b, cs_error *err);
/* Pushes every resource's and class's bounds into the LP, then re-solves warm. */
int cs__bid_refresh(cs_bid *b, cs_error *err);

#endif
