/* bid.c — the live bid-price state (DESIGN §2, "Bid prices"): time buckets over the
 * horizon (a day each by default), the capacity left in each, the booked work due in each,
 * the forecast of what is still to arrive (forecast.c), and the LP over the horizon whose
 * capacity duals are the bid prices (horizon_lp.c). Bookings and the passing of time
 * change bounds only, so the LP is re-solved warm from its previous basis; it is rebuilt
 * cold only when a resource left out of it (it could never bind) becomes one that can.
 * The method is in docs/internals/bidprice.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bid_priv.h"
#include "internal.h"
#include "lp.h"

void cs_bid_options_default(cs_bid_options *o) {
  o->bucket_days = 0;
  o->solve = true;
  o->exclude_order = -1;
}

double cs__bid_bstart(const cs_bid *b, size_t k) { return b->kstart[k]; }
double cs__bid_bend(const cs_bid *b, size_t k) { return b->kstart[k + 1]; }

size_t cs__bid_bucket_of(const cs_bid *b, double day) {
  if (day <= 0) return 0;
  size_t lo = 0, hi = b->nb; /* the last bucket starting at or before day */
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (b->kstart[mid] <= day) lo = mid;
    else hi = mid;
  }
  return lo;
}

/* The buckets: blen days each over the near span, where lead times must be seen (four
 * times the longest lead time, at least four weeks), then a period each (or blen when it
 * is longer) to the horizon. Returns the count, or 0 when it would pass `max`. */
static size_t make_grid(double blen, double period, double horizon, double longest_lead, double *kstart, size_t max) {
  double near = fmin(horizon, fmax(28, 4 * longest_lead)), far = fmax(blen, period), s = 0;
  size_t n = 0;
  while (s < horizon - 1e-9) {
    if (n >= max) return 0;
    if (kstart) kstart[n] = s;
    s += s < near - 1e-9 ? blen : far;
    n++;
  }
  if (kstart) kstart[n] = horizon;
  return n;
}

double cs__bid_rem(const cs_bid *b, size_t rk) {
  double rem = b->cap[rk] - b->plan[rk];
  return rem > 0 ? rem : 0;
}

void cs__bid_slack(cs_bid *b, size_t r) {
  size_t nb = b->nb;
  double capsum = 0, due = 0, worst = 0;
  double *s = b->sufmin + r * nb;
  for (size_t k = 0; k < nb; k++) {
    capsum += b->cap[r * nb + k];
    due += b->due_work[r * nb + k];
    s[k] = capsum - due;
    if (due - capsum > worst) worst = due - capsum;
  }
  for (size_t k = nb - 1; k-- > 0;)
    if (s[k + 1] < s[k]) s[k] = s[k + 1];
  b->over += worst;
}

/* Recomputes every resource's slack and the overbooked minutes. */
static void slack_all(cs_bid *b) {
  b->over = 0;
  for (size_t r = 0; r < b->nr; r++) cs__bid_slack(b, r);
}

/* Adds the work of qty units of product p, due in bucket d, to the booked work. */
static void add_booked(cs_bid *b, size_t p, size_t d, double qty) {
  for (size_t j = b->x->start[p]; j < b->x->start[p + 1]; j++)
    b->due_work[(size_t)b->x->res[j] * b->nb + d] += qty * b->x->min[j];
}

/* The bucket an order or request due on `due` counts in: its own, the clock's when it is
 * already late, the last when it is due after the horizon. */
static size_t due_bucket(const cs_bid *b, cs_date due) {
  double day = (double)(due - b->m->settings.today);
  size_t k = cs__bid_bucket_of(b, day);
  return k < b->kc ? b->kc : k;
}

/* Books the open orders of the model as due work, and takes those placed in the clock's
 * bucket off the forecast that is still to arrive. */
static void book_model_orders(cs_bid *b) {
  const cs_orders *O = &b->m->orders;
  for (size_t o = 0; o < O->n; o++) {
    if ((int32_t)o == b->opt.exclude_order) continue;
    if (O->status[o] != CS_ORDER_CONFIRMED && O->status[o] != CS_ORDER_RELEASED) continue;
    add_booked(b, (size_t)O->product[o], due_bucket(b, O->due[o]), O->qty[o]);
  }
}

/* After the classes of the fresh products exist: their orders placed in the clock's
 * bucket were arrivals the forecast still counts. */
static void take_arrived(cs_bid *b, const unsigned char *fresh) {
  const cs_orders *O = &b->m->orders;
  for (size_t o = 0; o < O->n; o++) {
    if ((int32_t)o == b->opt.exclude_order || O->ordered[o] == CS_DATE_NONE || !fresh[O->product[o]]) continue;
    if (O->status[o] != CS_ORDER_CONFIRMED && O->status[o] != CS_ORDER_RELEASED) continue;
    if (cs__bid_bucket_of(b, (double)(O->ordered[o] - b->m->settings.today)) != b->kc) continue;
    cs__forecast_take(b, (size_t)O->product[o], due_bucket(b, O->due[o]), O->qty[o]);
  }
}

/* Reads the bid prices (the cap rows' duals) and the booked plan (the rise of V) back. */
static void read_solution(cs_bid *b) {
  size_t nb = b->nb;
  memset(b->bid, 0, b->nr * nb * sizeof(double));
  memset(b->plan, 0, b->nr * nb * sizeof(double));
  if (!b->h.lp || !b->solved) {
    /* No LP: booked work is planned earliest-due first from the clock on. */
    for (size_t r = 0; r < b->nr; r++) {
      double carry = 0;
      for (size_t k = 0; k < nb; k++) {
        size_t rk = r * nb + k;
        carry += b->due_work[rk];
        double put = carry < b->cap[rk] ? carry : b->cap[rk];
        b->plan[rk] = put;
        carry -= put;
      }
    }
    return;
  }
  const double *duals = cs__lp_duals(b->h.lp), *x = cs__lp_primal(b->h.lp);
  for (size_t r = 0; r < b->nr; r++) {
    int i = b->h.res_of[r];
    double carry = 0, prev = 0;
    for (size_t k = 0; k < nb; k++) {
      size_t rk = r * nb + k;
      if (i < 0) {
        carry += b->due_work[rk];
        double put = carry < b->cap[rk] ? carry : b->cap[rk];
        b->plan[rk] = put;
        carry -= put;
        continue;
      }
      size_t row = (size_t)i * nb + k;
      b->bid[rk] = duals[row] > 1e-12 ? duals[row] : 0;
      double v = x[row];
      b->plan[rk] = v - prev > 0 ? v - prev : 0;
      prev = v;
    }
  }
}

int cs__bid_rebuild(cs_bid *b, cs_error *err) {
  cs__hlp_free(&b->h);
  b->solved = false;
  double *pend = malloc((b->nb + 1) * sizeof(double));
  unsigned char *fresh = malloc(b->np + 1);
  if (!pend || !fresh) {
    free(pend);
    free(fresh);
    return cs__err(err, CS_ENOMEM, "out of memory");
  }
  for (size_t r = 0; r < b->nr; r++) b->in_lp[r] |= b->opt.solve && cs__forecast_binds(b, r, pend);
  free(pend);
  int made = cs__forecast_classes(b, fresh);
  if (!made) take_arrived(b, fresh);
  free(fresh);
  if (made) return cs__err(err, CS_ENOMEM, "out of memory");
  if (!b->opt.solve) {
    read_solution(b);
    return 0;
  }
  if (cs__hlp_build(b, b->in_lp, b->cls, b->ncls, true, &b->h)) return cs__err(err, CS_ENOMEM, "out of memory");
  b->rebuilds++;
  int rc = cs__hlp_solve(&b->h, err);
  b->solved = rc == 0;
  read_solution(b);
  return rc;
}

int cs__bid_resolve(cs_bid *b, cs_error *err) {
  if (!b->opt.solve || !b->h.lp) {
    read_solution(b);
    return 0;
  }
  /* Warm from the last basis; when that does not get there soon, a fresh model. */
  if (!cs__hlp_resolve(&b->h)) return cs__bid_rebuild(b, err);
  b->solved = true;
  read_solution(b);
  return 0;
}

int cs__bid_refresh(cs_bid *b, cs_error *err) {
  if (b->opt.solve && b->h.lp) {
    for (size_t r = 0; r < b->nr; r++)
      if (cs__hlp_set_resource(b, &b->h, r)) return cs__err(err, CS_ENOMEM, "out of memory");
    for (size_t c = 0; c < b->ncls; c++) cs__hlp_set_class(&b->h, c, b->cls[c].units);
  }
  return cs__bid_resolve(b, err);
}

/* Moves the clock to `day` (days from today). The capacity of the time that passed was
 * spent on booked work, earliest due first (a drum that never idles while work waits);
 * forecast that should have arrived by then and did not is gone. Booked work still
 * undone and due before the clock is late and counts in the clock's bucket. */
static int spend_time(cs_bid *b, double day, cs_error *err) {
  const cs_model *m = b->m;
  size_t nb = b->nb, kc = cs__bid_bucket_of(b, day);
  double *tmp = calloc(b->nr + 1, sizeof(double));
  if (!tmp) return cs__err(err, CS_ENOMEM, "out of memory");
  double until = fmin(day, b->horizon);
  if (kc < nb) cs__available_all(m, m->settings.today + (cs_date)until, cs__bid_bend(b, kc) - until, tmp);
  for (size_t r = 0; r < b->nr; r++) {
    double spent = 0;
    for (size_t k = b->kc; k <= kc && k < nb; k++) {
      size_t rk = r * nb + k;
      double left = k == kc ? tmp[r] : 0;
      spent += b->cap[rk] - left > 0 ? b->cap[rk] - left : 0;
      b->cap[rk] = left;
    }
    double late = 0;
    for (size_t k = b->kc; k < nb; k++) {
      size_t rk = r * nb + k;
      double done = b->due_work[rk] < spent ? b->due_work[rk] : spent;
      b->due_work[rk] -= done;
      spent -= done;
      if (k < kc) {
        late += b->due_work[rk];
        b->due_work[rk] = 0;
      }
    }
    b->due_work[r * nb + kc] += late;
  }
  free(tmp);
  double was = b->clock_day;
  b->clock_day = day;
  b->kc = kc;
  /* Forecast arrivals before the new clock are gone; in the clock's own bucket only the
   * share of it still to come is left. */
  for (size_t c = 0; c < b->ncls; c++) {
    cs__class *k = &b->cls[c];
    if (k->a < kc) k->units = 0;
    else if (k->a == kc && k->units > 0) {
      double s = cs__bid_bstart(b, kc), e = cs__bid_bend(b, kc), before = fmax(s, was);
      if (e > before) k->units *= fmax(0, e - fmax(s, day)) / (e - before);
    }
  }
  slack_all(b);
  return 0;
}

int cs_bid_new(const cs_model *m, cs_date at, const cs_bid_options *opt, cs_bid **out,
               cs_error *err) {
  *out = NULL;
  if (m->settings.today == CS_DATE_NONE)
    return cs__err(err, CS_EINPUT, "bid prices need settings.today (the first day of the plan)");
  cs_bid_options defaults;
  if (!opt) {
    cs_bid_options_default(&defaults);
    opt = &defaults;
  }
  double horizon = m->settings.horizon_days;
  double blen = opt->bucket_days > 0 ? opt->bucket_days : 1;
  if (!(blen > 0) || !(horizon > 0))
    return cs__err(err, CS_EINPUT, "bucket_days and horizon_days must be positive");
  double nbd = ceil(horizon / blen - 1e-9);
  if (nbd > CS_BID_MAX_BUCKETS && blen >= m->settings.period_days)
    return cs__err(err, CS_EINPUT, "horizon of %g days in buckets of %g days makes %g buckets (at most %d)",
                   horizon, blen, nbd, CS_BID_MAX_BUCKETS);
  if (at != CS_DATE_NONE && at < m->settings.today) {
    char d1[11], d2[11];
    return cs__err(err, CS_EINPUT, "--at %s is before the plan's first day %s", cs_date_format(at, d1),
                   cs_date_format(m->settings.today, d2));
  }
  cs_bid *b = calloc(1, sizeof *b);
  if (!b) return cs__err(err, CS_ENOMEM, "out of memory");
  b->m = m;
  b->opt = *opt;
  b->blen = blen;
  b->horizon = horizon;
  b->nr = m->resources.n;
  b->np = m->products.n;
  b->arena = cs_arena_new();
  int rc = 0;
  double *tmp = NULL;
  /* The lead times first: the near buckets must cover them. */
  b->t = calloc(b->np + 1, sizeof(double));
  if (!b->t || cs__forecast_learn(b)) {
    rc = cs__err(err, CS_ENOMEM, "out of memory");
    goto out;
  }
  double longest = 0;
  for (size_t i = 0; i < b->lead_start[b->np]; i++) longest = fmax(longest, b->lead_d[i]);
  b->nb = make_grid(blen, m->settings.period_days, horizon, longest, NULL, CS_BID_MAX_BUCKETS);
  /* Unless told the bucket length, a company whose forecast would make the LP too large
   * gets longer near buckets (doubling) until it fits (docs/internals/bidprice.md). */
  size_t fc = 0, bins = b->lead_start[b->np];
  for (size_t p = 0; p < b->np; p++) fc += cs_product_throughput(m, (int32_t)p) > 0 && m->products.demand[p] > 0;
  while (opt->bucket_days <= 0 && b->nb > 1 && fc * b->nb * (2 + (fc ? bins / b->np : 1)) > CS_BID_MAX_LP_SIZE) {
    blen *= 2;
    b->nb = make_grid(blen, m->settings.period_days, horizon, longest, NULL, CS_BID_MAX_BUCKETS);
  }
  b->blen = blen;
  if (!b->nb) {
    rc = cs__err(err, CS_EINPUT, "the horizon of %g days makes more than %d buckets", horizon, CS_BID_MAX_BUCKETS);
    goto out;
  }
  b->kstart = calloc(b->nb + 2, sizeof(double));
  if (b->kstart) make_grid(blen, m->settings.period_days, horizon, longest, b->kstart, CS_BID_MAX_BUCKETS);
  size_t nrk = b->nr * b->nb + 1;
  tmp = calloc(b->nr + 1, sizeof(double));
  b->cap = calloc(nrk, sizeof(double));
  b->due_work = calloc(nrk, sizeof(double));
  b->sufmin = calloc(nrk, sizeof(double));
  b->plan = calloc(nrk, sizeof(double));
  b->bid = calloc(nrk, sizeof(double));
  b->full_cost = calloc(b->np + 1, sizeof(double));
  b->cls_start = calloc(b->np + 1, sizeof(size_t));
  b->in_lp = calloc(b->nr + 1, 1);
  b->by_res_start = calloc(b->nr + 2, sizeof(size_t));
  b->x = b->arena ? cs__matrix_build(m, b->arena) : NULL;
  if (!tmp || !b->kstart || !b->cap || !b->due_work || !b->sufmin || !b->plan || !b->bid || !b->t || !b->full_cost ||
      !b->cls_start || !b->in_lp || !b->by_res_start || !b->x) {
    rc = cs__err(err, CS_ENOMEM, "out of memory");
    goto out;
  }
  /* Who visits each resource, and with how many minutes per unit. */
  for (size_t j = 0; j < b->x->nnz; j++) b->by_res_start[b->x->res[j] + 1]++;
  for (size_t r = 0; r < b->nr; r++) b->by_res_start[r + 1] += b->by_res_start[r];
  b->by_res_prod = malloc((b->x->nnz + 1) * sizeof(int32_t));
  b->by_res_min = malloc((b->x->nnz + 1) * sizeof(double));
  if (!b->by_res_prod || !b->by_res_min) {
    rc = cs__err(err, CS_ENOMEM, "out of memory");
    goto out;
  }
  {
    size_t *next = malloc((b->nr + 1) * sizeof(size_t));
    if (!next) {
      rc = cs__err(err, CS_ENOMEM, "out of memory");
      goto out;
    }
    memcpy(next, b->by_res_start, b->nr * sizeof(size_t));
    for (size_t p = 0; p < b->np; p++)
      for (size_t j = b->x->start[p]; j < b->x->start[p + 1]; j++) {
        size_t e = next[b->x->res[j]]++;
        b->by_res_prod[e] = (int32_t)p;
        b->by_res_min[e] = b->x->min[j];
      }
    free(next);
  }
  for (size_t k = 0; k < b->nb; k++) {
    cs__available_all(m, m->settings.today + (cs_date)cs__bid_bstart(b, k),
                      cs__bid_bend(b, k) - cs__bid_bstart(b, k), tmp);
    for (size_t r = 0; r < b->nr; r++) b->cap[r * b->nb + k] = tmp[r];
  }
  /* The cost-accounting rate: OE over one period's available minutes (as in the mix). */
  cs__available_all(m, m->settings.today, m->settings.period_days, tmp);
  double total = 0;
  for (size_t r = 0; r < b->nr; r++) total += tmp[r];
  b->rate = total > 0 ? m->settings.operating_expense / total : 0;
  for (size_t p = 0; p < b->np; p++) {
    b->t[p] = cs_product_throughput(m, (int32_t)p);
    b->full_cost[p] = m->products.tvc[p] + b->rate * b->x->total[p];
  }
  book_model_orders(b);
  if (at != CS_DATE_NONE && at > m->settings.today) rc = spend_time(b, (double)(at - m->settings.today), err);
  else slack_all(b);
  if (!rc) rc = cs__bid_rebuild(b, err);
out:
  free(tmp);
  if (rc) {
    cs_bid_free(b);
    return rc;
  }
  *out = b;
  return CS_OK;
}

void cs_bid_free(cs_bid *b) {
  if (!b) return;
  cs__hlp_free(&b->h);
  free(b->cap);
  free(b->due_work);
  free(b->sufmin);
  free(b->plan);
  free(b->bid);
  free(b->t);
  free(b->full_cost);
  free(b->cls);
  free(b->cls_start);
  free(b->in_lp);
  free(b->by_res_start);
  free(b->by_res_prod);
  free(b->by_res_min);
  free(b->lead_start);
  free(b->lead_d);
  free(b->lead_w);
  free(b->band);
  free(b->day_c);
  free(b->kstart);
  cs_arena_free(b->arena);
  free(b);
}

int cs_bid_advance(cs_bid *b, cs_date at, cs_error *err) {
  double day = (double)(at - b->m->settings.today);
  if (day < b->clock_day) {
    char d[11];
    return cs__err(err, CS_EINPUT, "cannot move the clock back to %s", cs_date_format(at, d));
  }
  if (day == b->clock_day) return 0;
  int rc = spend_time(b, day, err);
  return rc ? rc : cs__bid_refresh(b, err);
}

size_t cs_bid_buckets(const cs_bid *b) { return b->nb; }
double cs_bid_bucket_days(const cs_bid *b) { return b->blen; }
cs_date cs_bid_bucket_start(const cs_bid *b, size_t k) {
  return b->m->settings.today + (cs_date)cs__bid_bstart(b, k);
}
cs_date cs_bid_clock(const cs_bid *b) { return b->m->settings.today + (cs_date)b->clock_day; }
double cs_bid_price(const cs_bid *b, int32_t r, size_t k) { return b->bid[(size_t)r * b->nb + k]; }
double cs_bid_remaining(const cs_bid *b, int32_t r, size_t k) {
  return cs__bid_rem(b, (size_t)r * b->nb + k);
}
double cs_bid_overbooked(const cs_bid *b) { return b->over; }
size_t cs_bid_lp_rows(const cs_bid *b) { return b->h.nrows; }
size_t cs_bid_lp_cols(const cs_bid *b) { return b->h.ncols; }
long cs_bid_rebuilds(const cs_bid *b) { return b->rebuilds; }

/* The LP's value plus the throughput of the forecast left out of it (all of it is served,
 * since nothing it visits can bind). */
double cs_bid_objective(const cs_bid *b) {
  double v = b->h.lp && b->solved ? cs__lp_objective(b->h.lp) : 0;
  return v + cs__forecast_free_throughput(b);
}

int cs_bid_write_mps(const cs_bid *b, const char *file, double *objective_offset, cs_error *err) {
  if (!b->h.lp) return cs__err(err, CS_EINPUT, "no resource can bind, so there is no LP to write");
  if (cs__lp_write_mps(b->h.lp, file)) return cs__err(err, CS_EIO, "%s: cannot write the MPS file", file);
  if (objective_offset) *objective_offset = cs__forecast_free_throughput(b);
  return 0;
}

int cs_bid_solve_cold(cs_bid *b, cs_error *err) {
  if (!b->h.lp) return 0;
  int rc = cs__hlp_solve(&b->h, err);
  b->solved = rc == 0;
  read_solution(b);
  return rc;
}
