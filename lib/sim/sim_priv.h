/* sim_priv.h — the inside of the simulator: the model as the simulator reads it (each
 * product's steps with their distributions, each resource's day and units, the arrival
 * rates and the order book), shared read-only by every replication, and what one
 * replication measures.
 *
 * Ownership: a cs__sim owns its arrays (malloc'd, freed by cs__sim_free) and borrows the
 * model and the options. */
#ifndef CS_SIM_PRIV_H
#define CS_SIM_PRIV_H

#include <string.h>

#include "clockspeed/cs_sim.h"
#include "rng.h"

/* The ziggurat of the exponential distribution of mean 1 (Marsaglia and Tsang 2000): 256
 * layers of equal area, so that most draws take one random number and no logarithm. */
typedef struct cs__zig {
  uint32_t k[256];
  double w[256], f[256];
} cs__zig;

/* Fills the ziggurat's tables. */
void cs__zig_init(cs__zig *z);

/* The ziggurat's rarer cases (the wedges and the tail, about 1 draw in 100), from the
 * random bits r already drawn on. */
double cs__zig_exp_slow(const cs__zig *z, cs__rng *g, uint64_t r);

/* One exponential number of mean 1: inside a layer's rectangle at once, else the rest. */
static inline double cs__zig_exp(const cs__zig *z, cs__rng *g) {
  uint64_t r = cs__rng_u64(g);
  uint32_t j = (uint32_t)(r >> 32);
  unsigned i = (unsigned)(r & 255);
  if (j < z->k[i]) return j * z->w[i];
  return cs__zig_exp_slow(z, g, r);
}

/* One routing step of a product: where, how long per unit and per batch, and the
 * variability that applies (NULL: the option's cv, or the fixed minutes). */
typedef struct cs__sim_step {
  int32_t res;
  double minutes, setup;
  const cs_sim_variability *v;
} cs__sim_step;

/* An order of the book as the simulator replays it (minutes from the start). */
typedef struct cs__sim_order {
  int32_t p;
  double qty, arrive, due, t_per_unit;
} cs__sim_order;

typedef struct cs__sim {
  const cs_model *m;
  const cs_simulation_options *opt;
  size_t nr, np;
  size_t *step_start;       /* np + 1 */
  cs__sim_step *steps;
  double *day;              /* per resource: working minutes a day per unit (1440: round the clock) */
  int32_t *units;
  double *absence;          /* per resource: the chance a unit is away for a day */
  double *rate;             /* per product: Poisson orders a minute (one unit each) */
  double rate_sum;
  double *t_unit;           /* per product: price - TVC */
  double *cmin;             /* per product: minutes on the Constraint per unit (setups included once) */
  cs__sim_order *book;      /* the order book, by arrival */
  size_t nbook;
  double buffer;            /* the production buffer, minutes */
  double rope_room;         /* the rope: most Constraint minutes released and not yet done there */
  int32_t constraint;
  cs_dist cv_dist;          /* lognormal of mean 1 and the option's cv */
  cs__zig zig;
} cs__sim;

/* What one replication of one policy measured. */
typedef struct cs__sim_rep {
  cs_sim_measures m;
  double events;
  double *wip_day, *busy_day; /* per measured day (malloc'd; the caller frees) */
} cs__sim_rep;

/* The measured days of the options (whole days, the last partial one counted). */
size_t cs__sim_days(const cs_simulation_options *o);

int cs__sim_init(cs__sim *S, const cs_model *m, const cs_simulation_options *opt, cs_error *err);
void cs__sim_free(cs__sim *S);

/* Runs replication `rep` of policy `pol`; CS_ENOMEM when memory runs out. */
int cs__sim_replicate(const cs__sim *S, const cs_sim_policy *pol, size_t rep, cs__sim_rep *out);

/* Bytes one order in flight holds: its record, its event and its place in a queue. */
size_t cs__sim_order_bytes(void);

/* The lead times of a replication, binned (histo.c): 32 octaves of 2^CS__HISTO_BITS
 * buckets, each with its count and sum side by side (one cache line for both); the array
 * is calloc'd by cs__histo_init and freed by cs__histo_free. */
#define CS__HISTO_BITS 10
#define CS__HISTO_BUCKETS ((size_t)32 << CS__HISTO_BITS)
typedef struct cs__histo_bin {
  uint64_t count;
  double sum;
} cs__histo_bin;
typedef struct cs__histo {
  cs__histo_bin *bin;
  uint64_t n;
} cs__histo;

/* Makes an empty histogram; CS_ENOMEM when memory runs out. */
int cs__histo_init(cs__histo *h);
void cs__histo_free(cs__histo *h);

/* Counts one value: its bucket is its exponent's octave (2^-8 to 2^24, the rest folded
 * into the ends) and the top bits of its fraction. */
static inline void cs__histo_add(cs__histo *h, double v) {
  size_t i = 0;
  if (v >= 0x1p24) {
    i = CS__HISTO_BUCKETS - 1;
  } else if (v >= 0x1p-8) {
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    i = (size_t)(((b >> 52) & 0x7FF) - (1023 - 8)) << CS__HISTO_BITS | (size_t)((b >> (52 - CS__HISTO_BITS)) & ((1u << CS__HISTO_BITS) - 1));
  }
  h->bin[i].count++;
  h->bin[i].sum += v;
  h->n++;
}

/* The values at the given 0-based ranks, which must not decrease (0 past the last). */
void cs__histo_ranks(const cs__histo *h, const size_t *rank, double *out, size_t k);

/* A draw of the distribution (exponentials from the ziggurat z). */
double cs__dist_draw(const cs_dist *d, cs__rng *g, const cs__zig *z);

/* The same, with the commonest kinds drawn in line. */
static inline double cs__dist_draw_fast(const cs_dist *d, cs__rng *g, const cs__zig *z) {
  if (d->kind == CS_DIST_EXPONENTIAL) return d->a * cs__zig_exp(z, g);
  if (d->kind == CS_DIST_FIXED) return d->a;
  return cs__dist_draw(d, g, z);
}

#endif
