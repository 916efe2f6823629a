/* forecast.c — the expected demand behind the bid prices (DESIGN §2): each product's
 * demand per period falls due over the horizon and arrives a lead time before its due
 * date; only what arrives from the clock on is still to come, and a unit may be made only
 * between its arrival and its due date. From the order history (every order not
 * cancelled, the booked ones included) two things are learnt per product: the lead times
 * (due date less the date the order was placed), in up to four bins of equal weight, and
 * the days of the period its orders fall due on (quantity-weighted; a product with fewer
 * than MIN_DAYS orders takes the whole history's, and with none the days are even), and
 * how far under list its prices usually go (the tie band of quote.c). A
 * product without MIN_HISTORY placed orders uses its lead_time_days (or the production
 * buffer). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bid_priv.h"
#include "internal.h"

#define MAX_BINS 4
#define MIN_HISTORY 3
#define MIN_DAYS 8
#define MAX_BAND 0.5

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* A lead time in whole days. */
static double lead_days(double days) { return days > 0 ? floor(days + 0.5) : 0; }

/* Learns the days of the period orders fall due on (see the top of the file). */
static int learn_days(cs_bid *b) {
  const cs_model *m = b->m;
  const cs_orders *O = &m->orders;
  double period = m->settings.period_days;
  b->nday = period >= 2 && fabs(period - round(period)) < 1e-9 && period <= 366 ? (size_t)round(period) : 0;
  if (!b->nday) return 0;
  size_t nd = b->nday, np = b->np;
  double *w = calloc(np * nd + nd + 1, sizeof(double));
  size_t *count = calloc(np + 1, sizeof(size_t));
  if (!w || !count) {
    free(w);
    free(count);
    return CS_ENOMEM;
  }
  double *all = w + np * nd;
  size_t total = 0;
  for (size_t o = 0; o < O->n; o++) {
    if (O->status[o] == CS_ORDER_CANCELLED || O->due[o] == CS_DATE_NONE) continue;
    long pos = (long)(O->due[o] - m->settings.today) % (long)nd;
    if (pos < 0) pos += (long)nd;
    w[(size_t)O->product[o] * nd + (size_t)pos] += O->qty[o];
    all[pos] += O->qty[o];
    count[O->product[o]]++;
    total++;
  }
  /* Mean 1 over the period's days: the product's own, else the history's, else even;
   * kept as running sums (day_c[p][i] = the weight of the period's days before day i). */
  double *c = malloc(np * (nd + 1) * sizeof(double) + 1);
  if (!c) {
    free(w);
    free(count);
    return CS_ENOMEM;
  }
  for (size_t p = 0; p < np; p++) {
    double *v = w + p * nd, sum = 0, *cp = c + p * (nd + 1);
    if (count[p] < MIN_DAYS) memcpy(v, all, nd * sizeof(double));
    for (size_t k = 0; k < nd; k++) sum += v[k];
    bool learnt = sum > 0 && (count[p] >= MIN_DAYS || total >= MIN_DAYS);
    cp[0] = 0;
    for (size_t k = 0; k < nd; k++) cp[k + 1] = cp[k] + (learnt ? v[k] * (double)nd / sum : 1);
  }
  free(w);
  free(count);
  b->day_c = c;
  return 0;
}

/* The weight of product p's due days from day 0 (today) to day x: x when the days are
 * even, else the learnt day-of-period weights integrated (each day's weight spread evenly
 * over the day). */
static double cum_weight(const cs_bid *b, size_t p, double x) {
  if (!b->day_c) return x;
  double nd = (double)b->nday, q = floor(x / nd), r = x - q * nd;
  size_t i = (size_t)floor(r);
  if (i >= b->nday) i = b->nday - 1;
  const double *c = b->day_c + p * (b->nday + 1);
  return q * nd + c[i] + (r - (double)i) * (c[i + 1] - c[i]);
}

/* Learns how far under list each product's orders are priced (see bid_priv.h, band):
 * one less the share of list at the lowest tenth of its placed orders' prices. */
static int learn_bands(cs_bid *b) {
  const cs_model *m = b->m;
  const cs_orders *O = &m->orders;
  size_t np = b->np, *count = calloc(np + 1, sizeof(size_t)), *at = calloc(np + 1, sizeof(size_t));
  double *share = malloc((O->n + 1) * sizeof(double));
  b->band = calloc(np + 1, sizeof(double));
  int rc = 0;
  if (!count || !at || !share || !b->band) {
    rc = CS_ENOMEM;
    goto out;
  }
  /* Placed orders (an `ordered` date, not cancelled) with a price, of a product that has one. */
#define PRICED(o)                                                                                  \
  (O->ordered[o] != CS_DATE_NONE && O->status[o] != CS_ORDER_CANCELLED && isfinite(O->price[o]) && \
   m->products.price[O->product[o]] > 0)
  for (size_t o = 0; o < O->n; o++) count[O->product[o]] += PRICED(o);
  for (size_t p = 0; p < np; p++) at[p + 1] = at[p] + count[p];
  for (size_t o = 0; o < O->n; o++)
    if (PRICED(o)) share[at[O->product[o]]++] = O->price[o] / m->products.price[O->product[o]];
#undef PRICED
  for (size_t p = 0; p < np; p++) {
    size_t n = count[p];
    if (n < MIN_HISTORY) continue;
    double *v = share + at[p] - n;
    qsort(v, n, sizeof *v, by_value);
    double low = v[(size_t)((double)n / 10)];
    b->band[p] = low >= 1 ? 0 : fmin(MAX_BAND, 1 - low);
  }
out:
  free(count);
  free(at);
  free(share);
  return rc;
}

int cs__forecast_learn(cs_bid *b) {
  if (learn_days(b) || learn_bands(b)) return CS_ENOMEM;
  const cs_model *m = b->m;
  const cs_orders *O = &m->orders;
  size_t np = b->np, *count = calloc(np + 1, sizeof(size_t)), *at = calloc(np + 1, sizeof(size_t));
  double *lead = malloc((O->n + 1) * sizeof(double));
  b->lead_start = calloc(np + 1, sizeof(size_t));
  b->lead_d = malloc((np * MAX_BINS + 1) * sizeof(double));
  b->lead_w = malloc((np * MAX_BINS + 1) * sizeof(double));
  int rc = 0;
  if (!count || !at || !lead || !b->lead_start || !b->lead_d || !b->lead_w) {
    rc = CS_ENOMEM;
    goto out;
  }
  for (size_t o = 0; o < O->n; o++)
    if (O->ordered[o] != CS_DATE_NONE && O->status[o] != CS_ORDER_CANCELLED) count[O->product[o]]++;
  for (size_t p = 0; p < np; p++) at[p + 1] = at[p] + count[p];
  for (size_t o = 0; o < O->n; o++) {
    if (O->ordered[o] == CS_DATE_NONE || O->status[o] == CS_ORDER_CANCELLED) continue;
    double l = (double)(O->due[o] - O->ordered[o]);
    lead[at[O->product[o]]++] = l > 0 ? l : 0;
  }
  size_t nbins = 0;
  for (size_t p = 0; p < np; p++) {
    b->lead_start[p] = nbins;
    size_t n = count[p];
    double *v = lead + at[p] - n;
    if (n < MIN_HISTORY) {
      b->lead_d[nbins] = lead_days(cs_product_lead_days(m, (int32_t)p));
      b->lead_w[nbins++] = 1;
      continue;
    }
    qsort(v, n, sizeof *v, by_value);
    /* The values at the middle of each quarter, equal ones merged. */
    for (size_t q = 0; q < MAX_BINS; q++) {
      size_t i = (size_t)((2 * (double)q + 1) / (2 * MAX_BINS) * (double)n);
      double l = lead_days(v[i < n ? i : n - 1]);
      if (nbins > b->lead_start[p] && b->lead_d[nbins - 1] == l) b->lead_w[nbins - 1] += 1.0 / MAX_BINS;
      else b->lead_d[nbins] = l, b->lead_w[nbins++] = 1.0 / MAX_BINS;
    }
  }
  b->lead_start[np] = nbins;
out:
  free(count);
  free(at);
  free(lead);
  return rc;
}

/* Receives one part of a product's expected demand: units due in bucket d that arrive
 * (and so can be made from) bucket a. */
typedef void part_fn(void *ctx, size_t a, size_t d, double units);

/* Calls fn for every part of product p's expected demand still to come. A unit due on day
 * t (days from today) with a lead time of L days arrives on t − L; one that arrives before
 * the clock is in the book already, or lost, and is not counted. Each due bucket is split
 * by the bucket its units arrive in, so a bucket longer than a lead time still counts what
 * arrives inside it. Units are the product's demand rate times the learnt weight of their
 * due days, times each lead-time bin's share. */
static void forecast_parts(const cs_bid *b, size_t p, part_fn *fn, void *ctx) {
  double rate = b->m->products.demand[p] / b->m->settings.period_days;
  for (size_t i = b->lead_start[p]; i < b->lead_start[p + 1]; i++) {
    double lead = b->lead_d[i], share = rate * b->lead_w[i];
    for (size_t d = b->kc; d < b->nb; d++) {
      double from = fmax(cs__bid_bstart(b, d), b->clock_day + lead), to = cs__bid_bend(b, d);
      if (!(to > from)) continue;
      for (size_t a = cs__bid_bucket_of(b, from - lead); a <= d; a++) {
        double s = fmax(from, cs__bid_bstart(b, a) + lead), e = fmin(to, cs__bid_bend(b, a) + lead);
        double u = e > s ? share * (cum_weight(b, p, e) - cum_weight(b, p, s)) : 0;
        if (u > 0) fn(ctx, a, d, u);
        if (cs__bid_bend(b, a) + lead >= to) break;
      }
    }
  }
}

/* Whether product p can be forecast at all: it earns throughput and has demand. */
static bool forecastable(const cs_bid *b, size_t p) {
  return b->t[p] > 0 && b->m->products.demand[p] > 0;
}

/* One resource's work in an earliest-due-first sweep: released in bucket a, due in d. */
typedef struct job { uint32_t a, d; double work; } job;

static int by_release(const void *x, const void *y) {
  const job *p = x, *q = y;
  return (p->a > q->a) - (p->a < q->a);
}

/* The lateness (minutes past due, summed over the buckets they stay late) of resource r
 * doing jobs[0..n) (sorted by release) and its booked work, earliest due first, every
 * bucket's capacity used while work waits. pend (nb) is scratch. */
static double edf_lateness(const cs_bid *b, size_t r, const job *jobs, size_t n, double *pend) {
  size_t nb = b->nb, low = b->kc, next = 0;
  double late = 0;
  memset(pend, 0, nb * sizeof(double));
  for (size_t k = b->kc; k < nb; k++) pend[k] = b->due_work[r * nb + k];
  for (size_t k = b->kc; k < nb; k++) {
    for (; next < n && jobs[next].a <= k; next++) {
      pend[jobs[next].d] += jobs[next].work;
      if (jobs[next].d < low) low = jobs[next].d;
    }
    double c = b->cap[r * nb + k];
    while (c > 0 && low < nb) {
      double take = pend[low] < c ? pend[low] : c;
      pend[low] -= take;
      c -= take;
      if (pend[low] <= 1e-12) pend[low] = 0, low++;
    }
    /* What is due by now and still waiting is late; it stays first in line. */
    for (size_t d = low; d <= k && d < nb; d++) late += pend[d];
  }
  return late;
}

/* Collects forecast parts as jobs of `work` minutes per unit (or only counts them). */
typedef struct job_sink { job *jobs; size_t n; double work; } job_sink;

static void add_job(void *ctx, size_t a, size_t d, double units) {
  job_sink *k = ctx;
  if (k->jobs) k->jobs[k->n] = (job){(uint32_t)a, (uint32_t)d, units * k->work};
  k->n++;
}

/* The forecast jobs of resource r (every unit of every product visiting it, released at
 * its arrival): written to jobs when not NULL; returns their count. */
static size_t forecast_jobs(const cs_bid *b, size_t r, job *jobs) {
  job_sink k = {jobs, 0, 0};
  for (size_t e = b->by_res_start[r]; e < b->by_res_start[r + 1]; e++) {
    size_t p = (size_t)b->by_res_prod[e];
    if (!forecastable(b, p) || !(b->by_res_min[e] > 0)) continue;
    k.work = b->by_res_min[e];
    forecast_parts(b, p, add_job, &k);
  }
  return k.n;
}

bool cs__forecast_binds(const cs_bid *b, size_t r, double *pend) {
  size_t n = forecast_jobs(b, r, NULL);
  job *jobs = malloc((n + 1) * sizeof *jobs);
  if (!jobs) return true; /* no memory to tell: keep it in the LP */
  forecast_jobs(b, r, jobs);
  qsort(jobs, n, sizeof *jobs, by_release);
  /* It could bind when the forecast would make it later than its booked work alone. */
  double alone = edf_lateness(b, r, jobs, 0, pend), with = edf_lateness(b, r, jobs, n, pend);
  free(jobs);
  return with > alone + 1e-7 * (1 + alone);
}

/* Collects forecast parts as classes of product p (or only counts them). */
typedef struct class_sink { cs__class *cls; size_t n; int32_t p; double t; } class_sink;

static void add_class(void *ctx, size_t a, size_t d, double units) {
  class_sink *k = ctx;
  if (k->cls) k->cls[k->n] = (cs__class){k->p, (uint32_t)a, (uint32_t)d, units, k->t};
  k->n++;
}

int cs__forecast_classes(cs_bid *b, unsigned char *fresh) {
  cs__class *old = b->cls;
  size_t *old_start = malloc((b->np + 1) * sizeof(size_t)), n = 0;
  if (!old_start) return CS_ENOMEM;
  memcpy(old_start, b->cls_start, (b->np + 1) * sizeof(size_t));
  cs__class *cls = NULL;
  for (int pass = 0; pass < 2; pass++) {
    n = 0;
    for (size_t p = 0; p < b->np; p++) {
      if (pass) b->cls_start[p] = n;
      fresh[p] = 0;
      if (old && old_start[p] < old_start[p + 1]) {
        /* A product that has classes keeps them, with what bookings took off. */
        if (pass) memcpy(cls + n, old + old_start[p], (old_start[p + 1] - old_start[p]) * sizeof *cls);
        n += old_start[p + 1] - old_start[p];
        continue;
      }
      bool touch = false;
      for (size_t j = b->x->start[p]; j < b->x->start[p + 1]; j++) touch |= b->x->min[j] > 0 && b->in_lp[b->x->res[j]];
      if (!touch || !forecastable(b, p)) continue;
      fresh[p] = 1;
      class_sink k = {pass ? cls : NULL, n, (int32_t)p, b->t[p]};
      forecast_parts(b, p, add_class, &k);
      n = k.n;
    }
    if (!pass && !(cls = malloc((n + 1) * sizeof *cls))) {
      free(old_start);
      return CS_ENOMEM;
    }
  }
  b->cls_start[b->np] = n;
  free(old);
  free(old_start);
  b->cls = cls;
  b->ncls = n;
  return 0;
}

void cs__forecast_take(cs_bid *b, size_t p, size_t d, double qty) {
  while (qty > 0) {
    size_t best = SIZE_MAX, dist = SIZE_MAX;
    for (size_t c = b->cls_start[p]; c < b->cls_start[p + 1]; c++) {
      if (b->cls[c].a != b->kc || !(b->cls[c].units > 0)) continue;
      size_t dd = b->cls[c].d > d ? b->cls[c].d - d : d - b->cls[c].d;
      if (dd < dist) dist = dd, best = c;
    }
    if (best == SIZE_MAX) return;
    double take = b->cls[best].units < qty ? b->cls[best].units : qty;
    b->cls[best].units -= take;
    qty -= take;
    if (b->h.lp) cs__hlp_set_class(&b->h, best, b->cls[best].units);
  }
}

/* Adds a part's units to a running sum. */
static void add_units(void *ctx, size_t a, size_t d, double units) {
  (void)a;
  (void)d;
  *(double *)ctx += units;
}

double cs__forecast_free_throughput(const cs_bid *b) {
  double v = 0;
  for (size_t p = 0; p < b->np; p++) {
    if (b->cls_start[p] < b->cls_start[p + 1] || !forecastable(b, p)) continue;
    double units = 0;
    forecast_parts(b, p, add_units, &units);
    v += units * b->t[p];
  }
  for (size_t c = 0; c < b->ncls; c++)
    if (b->h.ycol && b->h.ycol[c] < 0) v += b->cls[c].units * b->cls[c].t;
  return v;
}
