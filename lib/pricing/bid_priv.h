/* bid_priv.h — the inside of the bid-price state, shared by bid.c (buckets, LP) and
 * quote.c (quotes and bookings).
 *
 * Ownership: a cs_bid owns every array below (malloc'd) and its Clp model; the matrix
 * lives in its own arena; the model is borrowed. */
#ifndef CS_BID_PRIV_H
#define CS_BID_PRIV_H

#include "clockspeed/cs_pricing.h"
#include "engine_priv.h"

struct cs__lp;

/* Arrays indexed rk = r * nb + k (resource, bucket) or pk = p * nb + k (product, bucket). */
struct cs_bid {
  const cs_model *m;
  cs_bid_options opt;
  size_t nr, np, nb;
  double blen, horizon;   /* bucket length and horizon, in days */
  double clock_day;       /* the state's moment, in days from settings.today */
  cs_arena *arena;
  cs__matrix *x;
  double *cap;            /* rk: available minutes left after the clock */
  double *placed;         /* rk: minutes of booked work planned there, not yet done */
  double *pot;            /* rk: minutes the remaining expected demand would need */
  double *bid;            /* rk: bid price per minute (0 for rows that cannot bind) */
  int *row_of;            /* rk: row in bucket k's LP, -1 when no demand can load it */
  double *dem;            /* pk: remaining expected demand in units */
  double *booked;         /* pk: units booked with their due date in the bucket */
  int *col_of;            /* pk: column in bucket k's LP, -1 when none */
  double *t;              /* throughput per unit of each product */
  double *full_cost;      /* cost accounting: TVC + OE rate x total minutes, per unit */
  double rate;            /* OE per available minute */
  double over;            /* booked minutes that fit nowhere before their due dates */
  struct cs__lp **lp;      /* nb: one LP per bucket (buckets share no rows or columns) */
  size_t *lp_rows, *lp_cols; /* nb: size of each bucket's LP */
  size_t **col_pk;         /* nb: each bucket LP's column -> pk */
  unsigned char *dirty;    /* nb: capacity or demand changed since the last solve */
  long rebuilds;
};

/* Bucket holding `day` (days from today), clamped to [0, nb). */
size_t cs__bid_bucket_of(const cs_bid *b, double day);

/* Minutes left in row rk for new work. */
double cs__bid_rem(const cs_bid *b, size_t rk);

/* Sets the expected demand of (p, k), keeping potentials in step; marks the bucket. */
void cs__bid_set_demand(cs_bid *b, size_t p, size_t k, double d);

/* Pushes every marked bucket's capacity and demand into its LP and re-solves it warm. */
int cs__bid_refresh(cs_bid *b, cs_error *err);

#endif
