/* measures.c — the outcome measures (DESIGN §1 idea 9, §2) from the order history over a
 * window [from, to]: T of what shipped, OE of the window, NP, I and ROI, productivity,
 * on-time delivery, lead time, Throughput-Dollar-Days and Inventory-Dollar-Days; and their
 * spread (lead-time p50 and p90, on-time rate) in all, by customer and by product. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clockspeed/cs_flow.h"
#include "internal.h"

int cs_measures_compute(const cs_model *m, cs_date from, cs_date to, cs_measures *M, cs_error *err) {
  if (from == CS_DATE_NONE || to == CS_DATE_NONE) return cs__err(err, CS_EINPUT, "measures need a window (from, to)");
  if (to < from) return cs__err(err, CS_EINPUT, "the window ends before it starts");
  const cs_orders *O = &m->orders;
  *M = (cs_measures){.from = from, .to = to};
  double days = (double)(to - from + 1), lead = 0;
  size_t with_lead = 0;
  M->operating_expense = m->settings.operating_expense * days / m->settings.period_days;
  for (size_t o = 0; o < O->n; o++) {
    if (O->status[o] == CS_ORDER_CANCELLED || O->status[o] == CS_ORDER_QUOTED) continue;
    double t = O->qty[o] * (O->price[o] - m->products.tvc[O->product[o]]);
    double value = O->qty[o] * m->products.tvc[O->product[o]];
    cs_date shipped = O->status[o] == CS_ORDER_DONE ? O->shipped[o] : CS_DATE_NONE;
    if (shipped != CS_DATE_NONE && shipped >= from && shipped <= to) {
      M->throughput += t;
      M->shipped++;
      if (shipped <= O->due[o]) M->on_time++;
      else M->tdd += t * (double)(shipped - O->due[o]);
      if (O->released[o] != CS_DATE_NONE) {
        lead += (double)(shipped - O->released[o]);
        with_lead++;
      }
    }
    /* Still owed at the end of the window and already late: late throughput. */
    int open_at_to = shipped == CS_DATE_NONE || shipped > to;
    if (open_at_to && O->due[o] < to) M->tdd += t * (double)(to - O->due[o]);
    /* Work in progress at the end of the window: released, not yet shipped. */
    if (open_at_to && O->released[o] != CS_DATE_NONE && O->released[o] <= to) {
      M->inventory += value;
      M->idd += value * (double)(to - O->released[o]);
    }
  }
  M->net_profit = M->throughput - M->operating_expense;
  M->roi = M->inventory > 0 ? M->net_profit / M->inventory : NAN;
  M->productivity = M->operating_expense > 0 ? M->throughput / M->operating_expense : NAN;
  M->on_time_rate = M->shipped ? (double)M->on_time / (double)M->shipped : NAN;
  M->mean_lead_time_days = with_lead ? lead / (double)with_lead : NAN;
  return 0;
}

/* Orders doubles ascending (qsort). */
static int cmp_double(const void *x, const void *y) {
  double a = *(const double *)x, b = *(const double *)y;
  return (a > b) - (a < b);
}

/* The nearest-rank p-quantile of n values (sorts them): the smallest with at least p of
 * them at or below it; NaN for none. */
static double quantile(double *v, size_t n, double p) {
  if (!n) return NAN;
  qsort(v, n, sizeof *v, cmp_double);
  size_t k = (size_t)ceil(p * (double)n);
  return v[k ? k - 1 : 0];
}

/* Whether order o shipped inside the window. */
static bool shipped_in(const cs_model *m, size_t o, cs_date from, cs_date to) {
  const cs_orders *O = &m->orders;
  return O->status[o] == CS_ORDER_DONE && O->shipped[o] != CS_DATE_NONE && O->shipped[o] >= from && O->shipped[o] <= to;
}

/* Worst on-time rate first, then most shipped, then by key (qsort). */
static int worst_first(const void *x, const void *y) {
  const cs_spread_row *a = x, *b = y;
  if (a->on_time_rate != b->on_time_rate) return a->on_time_rate < b->on_time_rate ? -1 : 1;
  if (a->shipped != b->shipped) return a->shipped > b->shipped ? -1 : 1;
  return strcmp(a->key, b->key);
}

/* The rows of one grouping: key_of(o) names the group of shipped order o. */
typedef const char *(*key_fn)(const cs_model *m, size_t o);
static const char *customer_of(const cs_model *m, size_t o) { return m->orders.customer[o]; }
static const char *product_of(const cs_model *m, size_t o) { return m->products.id[m->orders.product[o]]; }

/* A shipped order with the key of its group. */
typedef struct keyed {
  const char *key;
  size_t o;
} keyed;

/* Orders keyed orders by key (qsort). */
static int by_key(const void *x, const void *y) { return strcmp(((const keyed *)x)->key, ((const keyed *)y)->key); }

static int group(const cs_model *m, const size_t *ship, size_t n, key_fn key_of, double *scratch, cs_arena *a,
                 cs_spread_row **out, size_t *nout) {
  cs_spread_row *R = cs_arena_calloc(a, n + 1, sizeof *R);
  keyed *k = cs_arena_calloc(a, n + 1, sizeof *k);
  if (!R || !k) return CS_ENOMEM;
  for (size_t i = 0; i < n; i++) k[i] = (keyed){key_of(m, ship[i]), ship[i]};
  qsort(k, n, sizeof *k, by_key);
  const cs_orders *O = &m->orders;
  size_t nr = 0;
  for (size_t i = 0; i < n;) {
    /* One run of the same key is one row. */
    cs_spread_row *r = &R[nr++];
    r->key = k[i].key;
    size_t nl = 0;
    for (; i < n && strcmp(k[i].key, r->key) == 0; i++) {
      size_t o = k[i].o;
      r->shipped++;
      if (O->shipped[o] <= O->due[o]) r->on_time++;
      if (O->released[o] != CS_DATE_NONE) scratch[nl++] = (double)(O->shipped[o] - O->released[o]);
    }
    r->on_time_rate = (double)r->on_time / (double)r->shipped;
    r->lead_p90 = quantile(scratch, nl, 0.9);
    r->lead_p50 = quantile(scratch, nl, 0.5);
  }
  qsort(R, nr, sizeof *R, worst_first);
  *out = R, *nout = nr;
  return 0;
}

int cs_measures_spread(const cs_model *m, cs_date from, cs_date to, cs_arena *a, cs_spread **out, cs_error *err) {
  const cs_orders *O = &m->orders;
  cs_spread *S = cs_arena_calloc(a, 1, sizeof *S);
  size_t *ship = S ? cs_arena_calloc(a, O->n + 1, sizeof *ship) : NULL;
  double *scratch = ship ? cs_arena_calloc(a, O->n + 1, sizeof *scratch) : NULL;
  if (!scratch) return cs__err(err, CS_ENOMEM, "out of memory");
  size_t n = 0, nl = 0;
  for (size_t o = 0; o < O->n; o++)
    if (shipped_in(m, o, from, to)) {
      ship[n++] = o;
      if (O->released[o] != CS_DATE_NONE) scratch[nl++] = (double)(O->shipped[o] - O->released[o]);
    }
  S->lead_p90 = quantile(scratch, nl, 0.9);
  S->lead_p50 = quantile(scratch, nl, 0.5);
  if (group(m, ship, n, customer_of, scratch, a, &S->by_customer, &S->ncustomers) ||
      group(m, ship, n, product_of, scratch, a, &S->by_product, &S->nproducts))
    return cs__err(err, CS_ENOMEM, "out of memory");
  *out = S;
  return 0;
}
