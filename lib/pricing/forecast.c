/* forecast.c — the expected demand behind the bid prices (DESIGN §2): each product's
 * demand per period falls due over the horizon and arrives a lead time before its due
 * date; only what arrives from the clock on is still to come, and a unit may be made only
 * between its arrival and its due date. From the order history (every order not
 * cancelled, the booked ones included) two things are learnt per product: the lead times
 * (due date less the date the order was placed), in up to four bins of equal weight, and
 * the days of the period its orders fall due on (quantity-weighted; a product with fewer
 * than MIN_DAYS orders takes the whole history's, and with none the days are even). A
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
  /* Mean 1 over the period's days: the product's own, else the history's, else even. */
  for (size_t p = 0; p < np; p++) {
    double *v = w + p * nd, sum = 0;
    if (count[p] < MIN_DAYS) memcpy(v, all, nd * sizeof(double));
    for (size_t k = 0; k < nd; k++) sum += v[k];
    for (size_t k = 0; k < nd; k++) v[k] = sum > 0 && (count[p] >= MIN_DAYS || total >= MIN_DAYS) ? v[k] * (double)nd / sum : 1;
  }
  free(count);
  b->day_w = w;
  return 0;
}

int cs__forecast_learn(cs_bid *b) {
  if (learn_days(b)) return CS_ENOMEM;
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

/* The bucket from which a unit due in bucket d with `lead` days of lead time can be made
 * (it arrives then); SIZE_MAX when it arrives before the clock's bucket (it is in the book
 * already, or lost). */
static size_t arrival(const cs_bid *b, size_t d, double lead) {
  double arr = cs__bid_bstart(b, d) - lead;
  if (arr < cs__bid_bstart(b, b->kc) - 1e-9) return SIZE_MAX;
  return cs__bid_bucket_of(b, arr);
}

/* Expected units of product p due in bucket d (per unit of bin weight), the learnt
 * weight of each day of the bucket after the clock counted. */
static double units_due(const cs_bid *b, size_t p, size_t d) {
  double from = fmax(cs__bid_bstart(b, d), b->clock_day), to = cs__bid_bend(b, d), len = to - from;
  if (!(len > 0)) return 0;
  double rate = b->m->products.demand[p] / b->m->settings.period_days, weight = len;
  if (b->day_w) {
    weight = 0;
    for (long day = (long)floor(from); (double)day < to; day++) {
      double part = fmin((double)day + 1, to) - fmax((double)day, from);
      weight += part * b->day_w[p * b->nday + (size_t)day % b->nday];
    }
  }
  return rate * weight;
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

/* The forecast jobs of resource r (every unit of every product visiting it, released at
 * its arrival): written to jobs when not NULL; returns their count. */
static size_t forecast_jobs(const cs_bid *b, size_t r, job *jobs) {
  size_t n = 0;
  for (size_t e = b->by_res_start[r]; e < b->by_res_start[r + 1]; e++) {
    size_t p = (size_t)b->by_res_prod[e];
    if (!forecastable(b, p) || !(b->by_res_min[e] > 0)) continue;
    for (size_t i = b->lead_start[p]; i < b->lead_start[p + 1]; i++)
      for (size_t d = b->kc; d < b->nb; d++) {
        size_t a = arrival(b, d, b->lead_d[i]);
        double u = a == SIZE_MAX ? 0 : units_due(b, p, d) * b->lead_w[i];
        if (!(u > 0)) continue;
        if (jobs) jobs[n] = (job){(uint32_t)a, (uint32_t)d, u * b->by_res_min[e]};
        n++;
      }
  }
  return n;
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
      for (size_t i = b->lead_start[p]; i < b->lead_start[p + 1]; i++)
        for (size_t d = b->kc; d < b->nb; d++) {
          size_t a = arrival(b, d, b->lead_d[i]);
          double u = a == SIZE_MAX ? 0 : units_due(b, p, d) * b->lead_w[i];
          if (!(u > 0)) continue;
          if (pass) cls[n] = (cs__class){(int32_t)p, (uint32_t)a, (uint32_t)d, u, b->t[p]};
          n++;
        }
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

double cs__forecast_free_throughput(const cs_bid *b) {
  double v = 0;
  for (size_t p = 0; p < b->np; p++) {
    if (b->cls_start[p] < b->cls_start[p + 1] || !forecastable(b, p)) continue;
    for (size_t i = b->lead_start[p]; i < b->lead_start[p + 1]; i++)
      for (size_t d = b->kc; d < b->nb; d++)
        if (arrival(b, d, b->lead_d[i]) != SIZE_MAX) v += units_due(b, p, d) * b->lead_w[i] * b->t[p];
  }
  for (size_t c = 0; c < b->ncls; c++)
    if (b->h.ycol && b->h.ycol[c] < 0) v += b->cls[c].units * b->cls[c].t;
  return v;
}
