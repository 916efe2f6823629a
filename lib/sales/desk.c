/* desk.c — the sales desk's state at one moment (DESIGN §8): which reps work on which of
 * the desk's dates and from when to when, the visits booked on each rep-day (they keep
 * their times), the value of each opportunity's visit (through the plant's bid prices when
 * it names products), and the rep-time bid prices: the duals of each rep-day's minutes in
 * the LP that assigns the open requests to rep-days. The method is in
 * docs/internals/sales.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clockspeed/cs_pricing.h"
#include "lp.h"
#include "sales_priv.h"

/* Rep-days a request may go to in the bid-price LP: the nearest reps' (by home). */
#define LP_NEAREST_REPS 8

int cs__weekday(cs_date d) {
  int w = (int)(((long)d + 3) % 7);
  return w < 0 ? w + 7 : w;
}

bool cs__rep_has_skill(const cs_model *m, int32_t r, const char *skill) {
  if (!skill || !*skill) return true;
  size_t len = strlen(skill);
  for (const char *s = m->reps.skills[r]; *s;) {
    size_t n = strcspn(s, ";");
    if (n == len && strncmp(s, skill, len) == 0) return true;
    s += n;
    if (*s == ';') s++;
  }
  return false;
}

/* The place a route passes through at stop i of rep-day rd (-1: home, n: home). */
static int32_t stop_place(const cs_desk *d, int32_t rep, const cs__repday *x, size_t i) {
  return i == 0 || i > x->n ? -1 - rep : cs__appt_place(d->m, d->visit[x->first + i - 1]);
}

int32_t cs__cheapest_added_travel(const cs_desk *d, int32_t rep, size_t day, int32_t place) {
  const cs__repday *x = &d->rd[(size_t)rep * d->ndays + day];
  int32_t best = INT32_MAX;
  for (size_t i = 0; i <= x->n; i++) {
    int32_t a = stop_place(d, rep, x, i), b = stop_place(d, rep, x, i + 1);
    int32_t add = cs__desk_travel(d, a, place) + cs__desk_travel(d, place, b) - cs__desk_travel(d, a, b);
    if (add < best) best = add;
  }
  return best;
}

/* Orders the n visits v[] of one rep-day by start (insertion sort: a day holds a few). */
static void sort_by_start(const cs_model *m, int32_t *v, size_t n) {
  for (size_t i = 1; i < n; i++) {
    int32_t x = v[i];
    size_t j = i;
    while (j > 0 && m->appointments.start[v[j - 1]] > m->appointments.start[x]) {
      v[j] = v[j - 1];
      j--;
    }
    v[j] = x;
  }
}

/* Whether appointment a holds time on its rep's day. */
static bool holds_time(const cs_model *m, size_t a) {
  uint8_t s = m->appointments.status[a];
  return (s == CS_APPT_BOOKED || s == CS_APPT_DONE || s == CS_APPT_NO_SHOW) && m->appointments.rep[a] >= 0 &&
         m->appointments.date[a] != CS_DATE_NONE && m->appointments.start[a] >= 0;
}

/* Which reps work which days, and when. */
static void working_days(cs_desk *d) {
  const cs_model *m = d->m;
  for (size_t r = 0; r < m->reps.n; r++)
    for (size_t k = 0; k < d->ndays; k++) {
      cs__repday *x = &d->rd[r * d->ndays + k];
      cs_date day = d->at + (cs_date)k;
      x->works = (m->reps.workdays[r] >> cs__weekday(day)) & 1u;
      x->start = m->reps.day_start[r];
      x->end = m->reps.day_end[r];
      int32_t c = cs__rep_day_find(m, (int32_t)r, day);
      if (c >= 0) {
        x->works = m->rep_calendar.available[c];
        if (m->rep_calendar.day_start[c] >= 0) x->start = m->rep_calendar.day_start[c];
        if (m->rep_calendar.day_end[c] >= 0) x->end = m->rep_calendar.day_end[c];
      }
    }
}

/* Counts a rep-day's driving and face time from its visits. */
static void route_totals(cs_desk *d, size_t i) {
  cs__repday *x = &d->rd[i];
  int32_t rep = (int32_t)(i / d->ndays);
  x->travel = x->busy = 0;
  for (size_t s = 0; s <= x->n && x->n; s++)
    x->travel += cs__desk_travel(d, stop_place(d, rep, x, s), stop_place(d, rep, x, s + 1));
  for (size_t s = 0; s < x->n; s++) x->busy += d->m->appointments.duration[d->visit[x->first + s]];
}

/* The visits booked on each rep-day, by start, with the day's driving and face time. */
static int booked_visits(cs_desk *d) {
  const cs_model *m = d->m;
  const cs_appointments *A = &m->appointments;
  size_t nrd = m->reps.n * d->ndays;
  for (size_t a = 0; a < A->n; a++) {
    if (!holds_time(m, a) || A->date[a] < d->at || A->date[a] >= d->at + (cs_date)d->ndays) continue;
    d->rd[(size_t)A->rep[a] * d->ndays + (size_t)(A->date[a] - d->at)].n++;
  }
  size_t at = 0;
  for (size_t i = 0; i < nrd; i++) {
    d->rd[i].first = at;
    at += d->rd[i].n;
    d->rd[i].n = 0;
  }
  if (!(d->visit = malloc((at + 1) * sizeof *d->visit))) return CS_ENOMEM;
  for (size_t a = 0; a < A->n; a++) {
    if (!holds_time(m, a) || A->date[a] < d->at || A->date[a] >= d->at + (cs_date)d->ndays) continue;
    cs__repday *x = &d->rd[(size_t)A->rep[a] * d->ndays + (size_t)(A->date[a] - d->at)];
    d->visit[x->first + x->n++] = (int32_t)a;
  }
  for (size_t i = 0; i < nrd; i++) {
    sort_by_start(m, d->visit + d->rd[i].first, d->rd[i].n);
    route_totals(d, i);
  }
  return 0;
}

/* The value of each opportunity's visit; the plant's bid prices price the Constraint
 * minutes of the products an opportunity names. */
static int values(cs_desk *d, cs_error *err) {
  const cs_model *m = d->m;
  const cs_opportunities *O = &m->opportunities;
  bool products = false;
  for (size_t o = 0; o < O->n; o++) products |= O->products[o][0] != 0;
  cs_bid *b = NULL;
  if (products && m->resources.n && m->products.n) {
    int rc = cs_bid_new(m, d->at, NULL, &b, err);
    if (rc) return rc;
  }
  for (size_t o = 0; o < O->n; o++) {
    double v = O->expected_throughput[o];
    if (O->products[o][0]) {
      v = 0;
      for (const char *s = O->products[o]; *s;) {
        size_t n = strcspn(s, ";");
        char item[128];
        memcpy(item, s, n < sizeof item ? n : sizeof item - 1);
        item[n < sizeof item ? n : sizeof item - 1] = 0;
        char *colon = strrchr(item, ':');
        if (colon) {
          *colon = 0;
          int32_t p = cs_model_find_product(m, item);
          double qty = strtod(colon + 1, NULL);
          if (p >= 0) {
            double t = (m->products.price[p] - m->products.tvc[p]) * qty, opportunity_cost = 0;
            cs_quote Q;
            cs_quote_request q = {p, qty, d->at + (cs_date)fmax(0, m->settings.horizon_days - 1), NAN};
            if (b && cs_bid_quote(b, &q, &Q, err) == 0) opportunity_cost = Q.opportunity_cost;
            v += t - opportunity_cost;
          }
        }
        s += n;
        if (*s == ';') s++;
      }
    }
    d->value[o] = v * O->probability[o];
  }
  cs_bid_free(b);
  return 0;
}

/* A candidate column of the bid-price LP: request j on rep-day rd, using `minutes`. */
typedef struct cand { size_t j, rd; double minutes, value; } cand;

/* A rep and how near its home is to a place: the dot product of their unit vectors (the
 * larger, the nearer; the great-circle distance falls as it rises). */
typedef struct near { double dot; int32_t rep; } near;

/* The `want` reps with the skill whose homes are nearest to place, nearest first (ties:
 * the lower index), into nb; returns how many. One pass, keeping them in order. */
static size_t nearest_reps(const cs_desk *d, int32_t place, const char *skill, size_t want, near *nb) {
  const cs_model *m = d->m;
  const cs__vec *p = &d->account_at[place];
  size_t have = 0;
  for (size_t r = 0; r < m->reps.n; r++) {
    const cs__vec *h = &d->home_at[r];
    near c = {p->x * h->x + p->y * h->y + p->z * h->z, (int32_t)r};
    if ((have == want && c.dot <= nb[have - 1].dot) || !cs__rep_has_skill(m, (int32_t)r, skill)) continue;
    size_t i = have < want ? have++ : have - 1;
    for (; i > 0 && nb[i - 1].dot < c.dot; i--) nb[i] = nb[i - 1];
    nb[i] = c;
  }
  return have;
}

/* The rep-time bid prices: the LP that assigns each open request (a requested appointment)
 * in any share to rep-days of its nearest reps that can take it, maximising value, each
 * rep-day's minutes (visits + added travel) within what it has left; the duals of those
 * rows, per minute. */
static int bid_prices(cs_desk *d, cs_error *err) {
  const cs_model *m = d->m;
  const cs_appointments *A = &m->appointments;
  size_t nr = m->reps.n, nrd = nr * d->ndays, nreq = 0, ncand = 0, capc = 0;
  cand *c = NULL;
  near nb[LP_NEAREST_REPS];
  int *row_of = malloc((nrd + 1) * sizeof *row_of);
  int rc = 0;
  if (!row_of) {
    rc = cs__err(err, CS_ENOMEM, "out of memory");
    goto out;
  }
  for (size_t a = 0; a < A->n; a++) {
    if (A->status[a] != CS_APPT_REQUESTED) continue;
    double v = d->value[A->opportunity[a]];
    if (!(v > 0)) continue;
    int32_t place = cs__appt_place(m, (int32_t)a);
    size_t nn = nearest_reps(d, place, A->skill[a], LP_NEAREST_REPS, nb);
    for (size_t i = 0; i < nn; i++)
      for (size_t k = 0; k < d->ndays; k++) {
        size_t rd = (size_t)nb[i].rep * d->ndays + k;
        const cs__repday *x = &d->rd[rd];
        if (!x->works || (int32_t)x->n >= m->reps.target_per_day[nb[i].rep]) continue;
        if (ncand == capc) {
          capc = capc ? 2 * capc : 1024;
          cand *g = realloc(c, capc * sizeof *c);
          if (!g) {
            rc = cs__err(err, CS_ENOMEM, "out of memory");
            goto out;
          }
          c = g;
        }
        double minutes = A->duration[a] + cs__cheapest_added_travel(d, nb[i].rep, k, place);
        c[ncand++] = (cand){nreq, rd, minutes, v};
      }
    nreq++;
  }
  if (!ncand) goto out;
  /* Rows: one per rep-day that has a candidate, then one per request. */
  size_t nrows = 0;
  for (size_t i = 0; i < nrd; i++) row_of[i] = -1;
  for (size_t i = 0; i < ncand; i++)
    if (row_of[c[i].rd] < 0) row_of[c[i].rd] = (int)nrows++;
  size_t nday_rows = nrows;
  nrows += nreq;
  cs__lp_data L;
  if (cs__lp_data_alloc(&L, ncand, 2 * ncand, nrows)) {
    rc = cs__err(err, CS_ENOMEM, "out of memory");
    goto out;
  }
  for (size_t i = 0; i < nrd; i++)
    if (row_of[i] >= 0) {
      const cs__repday *x = &d->rd[i];
      double left = (double)(x->end - x->start - x->busy - x->travel);
      L.rowub[row_of[i]] = left > 0 ? left : 0;
    }
  for (size_t j = 0; j < nreq; j++) L.rowub[nday_rows + j] = 1;
  size_t z = 0;
  for (size_t i = 0; i < ncand; i++) {
    L.start[i] = (int)z;
    L.index[z] = row_of[c[i].rd], L.value[z++] = c[i].minutes;
    L.index[z] = (int)(nday_rows + c[i].j), L.value[z++] = 1;
    L.colub[i] = 1;
    L.obj[i] = c[i].value;
  }
  L.start[ncand] = (int)z;
  cs__lp *lp = cs__lp_from_data(&L, (int)ncand, (int)nrows);
  cs__lp_data_free(&L);
  if (!lp) {
    rc = cs__err(err, CS_ENOMEM, "out of memory");
    goto out;
  }
  if (cs__lp_solve(lp, 0) == 0) {
    const double *y = cs__lp_duals(lp);
    for (size_t i = 0; i < nrd; i++)
      if (row_of[i] >= 0) d->bid[i] = y[row_of[i]] > 0 ? y[row_of[i]] : 0;
  } else {
    rc = cs__err(err, CS_ESOLVER, "the rep-time bid-price LP has no optimal solution: %s", cs__lp_why(lp));
  }
  cs__lp_free(lp);
out:
  free(c);
  free(row_of);
  return rc;
}

int cs_desk_new(const cs_model *m, cs_date at, cs_date until, cs_desk **out, cs_error *err) {
  *out = NULL;
  if (!m->reps.n) return cs__err(err, CS_EINPUT, "the model has no sales desk (reps.csv)");
  if (at == CS_DATE_NONE) at = m->settings.today;
  if (at == CS_DATE_NONE) return cs__err(err, CS_EINPUT, "the sales desk needs settings.today (or --at)");
  if (until == CS_DATE_NONE) {
    /* The buffer's working days (at most seven a week), and at least two weeks. */
    double days = ceil(m->settings.appointment_buffer_days * 7.0 / 5.0) + 1;
    until = at + (cs_date)fmax(days, 14) - 1;
  }
  if (until < at) return cs__err(err, CS_EINPUT, "the desk's last date comes before its first");
  if (until - at >= 366) return cs__err(err, CS_EINPUT, "the desk covers at most 366 days");
  cs_desk *d = calloc(1, sizeof *d);
  if (!d) return cs__err(err, CS_ENOMEM, "out of memory");
  d->m = m;
  d->at = at;
  d->ndays = (size_t)(until - at) + 1;
  size_t nrd = m->reps.n * d->ndays;
  d->rd = calloc(nrd + 1, sizeof *d->rd);
  d->bid = calloc(nrd + 1, sizeof *d->bid);
  d->value = calloc(m->opportunities.n + 1, sizeof *d->value);
  d->account_at = calloc(m->accounts.n + 1, sizeof *d->account_at);
  d->home_at = calloc(m->reps.n + 1, sizeof *d->home_at);
  if (!d->rd || !d->bid || !d->value || !d->account_at || !d->home_at) {
    cs_desk_free(d);
    return cs__err(err, CS_ENOMEM, "out of memory");
  }
  for (size_t i = 0; i < m->accounts.n; i++) cs__unit_vector(m->accounts.lat[i], m->accounts.lon[i], &d->account_at[i]);
  for (size_t i = 0; i < m->reps.n; i++) cs__unit_vector(m->reps.home_lat[i], m->reps.home_lon[i], &d->home_at[i]);
  working_days(d);
  int rc = booked_visits(d) ? cs__err(err, CS_ENOMEM, "out of memory") : 0;
  if (!rc) rc = values(d, err);
  if (!rc) rc = bid_prices(d, err);
  if (rc) {
    cs_desk_free(d);
    return rc;
  }
  *out = d;
  return 0;
}

void cs_desk_free(cs_desk *d) {
  if (!d) return;
  free(d->rd);
  free(d->visit);
  free(d->value);
  free(d->bid);
  free(d->account_at);
  free(d->home_at);
  free(d);
}

int cs_desk_add_visit(cs_desk *d, int32_t a, cs_error *err) {
  const cs_model *m = d->m;
  const cs_appointments *A = &m->appointments;
  if (a < 0 || (size_t)a >= A->n || !holds_time(m, (size_t)a))
    return cs__err(err, CS_EINPUT, "appointment %d holds no time on a rep's day", (int)a);
  if (A->date[a] < d->at || A->date[a] >= d->at + (cs_date)d->ndays) return 0; /* off the desk's dates */
  size_t nrd = m->reps.n * d->ndays, i = (size_t)A->rep[a] * d->ndays + (size_t)(A->date[a] - d->at);
  size_t total = d->rd[nrd - 1].first + d->rd[nrd - 1].n;
  int32_t *v = realloc(d->visit, (total + 2) * sizeof *v);
  if (!v) return cs__err(err, CS_ENOMEM, "out of memory");
  d->visit = v;
  /* Room at the end of rep-day i's run; every later run moves up by one. */
  size_t at = d->rd[i].first + d->rd[i].n;
  memmove(v + at + 1, v + at, (total - at) * sizeof *v);
  v[at] = a;
  d->rd[i].n++;
  for (size_t k = i + 1; k < nrd; k++) d->rd[k].first++;
  sort_by_start(m, v + d->rd[i].first, d->rd[i].n);
  route_totals(d, i);
  return 0;
}

void cs_desk_dates(const cs_desk *d, cs_date *first, cs_date *last) {
  *first = d->at;
  *last = d->at + (cs_date)d->ndays - 1;
}

double cs_desk_value(const cs_desk *d, int32_t opportunity) {
  return opportunity >= 0 && (size_t)opportunity < d->m->opportunities.n ? d->value[opportunity] : 0;
}

double cs_desk_bid_price(const cs_desk *d, int32_t rep, cs_date day) {
  if (rep < 0 || (size_t)rep >= d->m->reps.n || day < d->at || day >= d->at + (cs_date)d->ndays) return 0;
  return d->bid[(size_t)rep * d->ndays + (size_t)(day - d->at)];
}
