/* pricing_sim.c — replays a stream of requests under pricing policies and compares the
 * throughput each earns with the hindsight bound: the LP that knows every request in
 * advance and may take any share of each (so no policy can beat it). Every policy keeps
 * its own bid-price state, moves its clock to each request's arrival and books what it
 * accepts, so capacity is never sold twice. Method: docs/pricing.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bid_priv.h"
#include "internal.h"
#include "lp.h"
#include "rng.h"

/* Orders with an `ordered` date, due before today, a stream like the history needs; the
 * most requests it may hold. */
#define MIN_HISTORY 8
#define MAX_STREAM 1000000

static const char *const policy_names[CS_POLICY_COUNT] = {"cost-plus", "tcu", "bid-price", "first-come"};

void cs_sim_options_default(cs_sim_options *o) {
  o->policies = (1u << CS_POLICY_COUNT) - 1;
  o->bucket_days = 0;
}

const char *cs_policy_name(cs_policy p) { return p < CS_POLICY_COUNT ? policy_names[p] : "unknown"; }

int cs_policy_parse(const char *name) {
  for (int p = 0; p < CS_POLICY_COUNT; p++)
    if (strcmp(name, policy_names[p]) == 0) return p;
  return -1;
}

/* Orders request indices by arrival, stable. */
typedef struct arrival { cs_date at; size_t i; } arrival;
static int by_arrival(const void *a, const void *b) {
  const arrival *x = a, *y = b;
  if (x->at != y->at) return x->at < y->at ? -1 : 1;
  return x->i < y->i ? -1 : x->i > y->i;
}

/* The drum's shadow price in the opening plan: the T/CU a request must reach under the
 * tcu policy. Sets *drum to the most loaded resource with a positive bid price (-1: none). */
static double tcu_cutoff(const cs_bid *b, int32_t *drum) {
  double best = 0;
  *drum = -1;
  for (size_t r = 0; r < b->nr; r++)
    for (size_t k = 0; k < b->nb; k++)
      if (b->bid[r * b->nb + k] > best) {
        best = b->bid[r * b->nb + k];
        *drum = (int32_t)r;
      }
  return best;
}

/* Runs one policy over the requests in arrival order. */
static int run_policy(const cs_model *m, const cs_request *req, const arrival *order, size_t n,
                      cs_policy policy, double bucket_days, cs_policy_result *R, cs_error *err) {
  cs_bid_options bo;
  cs_bid_options_default(&bo);
  bo.bucket_days = bucket_days;
  bo.solve = policy == CS_POLICY_BID_PRICE || policy == CS_POLICY_TCU;
  cs_bid *b = NULL;
  int rc = cs_bid_new(m, CS_DATE_NONE, &bo, &b, err);
  if (rc) return rc;
  int32_t drum = -1;
  double cutoff = policy == CS_POLICY_TCU ? tcu_cutoff(b, &drum) : 0;
  if (policy == CS_POLICY_TCU) b->opt.solve = false; /* the cut-off is fixed from the start */
  for (size_t s = 0; s < n && !rc; s++) {
    const cs_request *r = &req[order[s].i];
    cs_quote_request q = {r->product, r->qty, r->due, r->price};
    cs_quote Q;
    rc = cs_bid_advance(b, r->at, err);
    if (!rc) rc = cs_bid_quote(b, &q, &Q, err);
    if (rc) break;
    double t = r->price - m->products.tvc[r->product];
    int yes = 0;
    if (policy == CS_POLICY_COST_PLUS) yes = Q.feasible && Q.ca_accept;
    else if (policy == CS_POLICY_BID_PRICE) yes = Q.accept;
    else if (policy == CS_POLICY_FIRST_COME) yes = Q.feasible && t > 0;
    else {
      double dm = drum >= 0 ? cs_product_minutes(m, r->product, drum) : 0;
      yes = Q.feasible && t > 0 && (dm <= 0 || t / dm >= cutoff * (1 - 1e-9));
    }
    R->accepted_flags[order[s].i] = yes;
    if (!yes) {
      R->refused++;
      continue;
    }
    R->accepted++;
    R->throughput += r->qty * t;
    rc = cs_bid_book(b, &q, err);
  }
  cs_bid_free(b);
  return rc;
}

/* The hindsight bound: the LP of the horizon (horizon_lp.c) that knows every request in
 * advance and may serve any share of each, its minutes placed in any bucket from its
 * arrival to its due date, with every booked order of the model still on time. No policy,
 * which must decide at each arrival, can earn more. */
static int hindsight(const cs_model *m, const cs_request *req, size_t n, double *bound, cs_error *err) {
  cs_bid_options bo;
  cs_bid_options_default(&bo);
  bo.solve = false;
  cs_bid *b = NULL;
  int rc = cs_bid_new(m, CS_DATE_NONE, &bo, &b, err);
  if (rc) return rc;
  cs__class *cls = malloc((n + 1) * sizeof *cls);
  unsigned char *in_lp = calloc(b->nr + 1, 1);
  size_t nc = 0;
  *bound = 0;
  if (!cls || !in_lp) {
    rc = cs__err(err, CS_ENOMEM, "out of memory");
    goto out;
  }
  for (size_t i = 0; i < n; i++) {
    size_t p = (size_t)req[i].product;
    double t = req[i].price - m->products.tvc[p];
    size_t a = cs__bid_bucket_of(b, (double)(req[i].at - m->settings.today));
    size_t d = cs__bid_bucket_of(b, (double)(req[i].due - m->settings.today));
    if (!(t > 0) || d < a) continue;
    cls[nc++] = (cs__class){(int32_t)p, (uint32_t)a, (uint32_t)d, req[i].qty, t};
    for (size_t j = b->x->start[p]; j < b->x->start[p + 1]; j++) in_lp[b->x->res[j]] = 1;
  }
  if (nc == 0) goto out;
  cs__hlp h;
  if (cs__hlp_build(b, in_lp, cls, nc, false, &h)) {
    rc = cs__err(err, CS_ENOMEM, "out of memory");
    goto out;
  }
  rc = cs__hlp_solve(&h, err);
  if (!rc) *bound = cs__lp_objective(h.lp);
  for (size_t c = 0; c < nc; c++)
    if (h.ycol[c] < 0) *bound += cls[c].units * cls[c].t;
  cs__hlp_free(&h);
out:
  free(cls);
  free(in_lp);
  cs_bid_free(b);
  return rc;
}

int cs_simulate_pricing(const cs_model *m, const cs_request *req, size_t n, const cs_sim_options *opt,
                        cs_arena *a, cs_sim_result **out, cs_error *err) {
  *out = NULL;
  cs_sim_options defaults;
  if (!opt) {
    cs_sim_options_default(&defaults);
    opt = &defaults;
  }
  if (!(opt->bucket_days >= 0)) return cs__err(err, CS_EINPUT, "bucket_days must not be negative");
  for (size_t i = 0; i < n; i++) {
    char d[11];
    if (req[i].product < 0 || (size_t)req[i].product >= m->products.n)
      return cs__err(err, CS_EINPUT, "request %zu: no product with index %d", i + 1, (int)req[i].product);
    if (!(req[i].qty > 0)) return cs__err(err, CS_EINPUT, "request %zu: the quantity must be positive", i + 1);
    if (req[i].at < m->settings.today)
      return cs__err(err, CS_EINPUT, "request %zu arrives on %s, before the plan's first day", i + 1,
                     cs_date_format(req[i].at, d));
    if (req[i].due < req[i].at)
      return cs__err(err, CS_EINPUT, "request %zu is due on %s, before it arrives", i + 1,
                     cs_date_format(req[i].due, d));
  }
  cs_sim_result *S = cs_arena_calloc(a, 1, sizeof *S);
  arrival *order = cs_arena_calloc(a, n + 1, sizeof *order);
  if (!S || !order) return cs__err(err, CS_ENOMEM, "out of memory");
  for (size_t i = 0; i < n; i++) {
    order[i] = (arrival){req[i].at, i};
    S->offered_throughput += req[i].qty * (req[i].price - m->products.tvc[req[i].product]);
  }
  qsort(order, n, sizeof *order, by_arrival);
  S->nrequests = n;
  int rc = hindsight(m, req, n, &S->hindsight, err);
  for (int p = 0; p < CS_POLICY_COUNT && !rc; p++) {
    if (!(opt->policies & (1u << p))) continue;
    cs_policy_result *R = &S->policies[S->npolicies++];
    R->policy = (cs_policy)p;
    R->accepted_flags = cs_arena_calloc(a, n + 1, sizeof(bool));
    if (!R->accepted_flags) return cs__err(err, CS_ENOMEM, "out of memory");
    rc = run_policy(m, req, order, n, (cs_policy)p, opt->bucket_days, R, err);
    R->ratio = S->hindsight > 0 ? R->throughput / S->hindsight : 1;
  }
  if (rc) return rc;
  *out = S;
  return 0;
}

/* One past period of the history: its orders are idx[first .. first + n). */
typedef struct past_period { size_t first, n; } past_period;

/* The period (counted from today, negative before it) order o fell due in, when it was a
 * placed order of the history; 0 otherwise. */
static long past_period_of(const cs_model *m, size_t o) {
  const cs_orders *O = &m->orders;
  if (O->ordered[o] == CS_DATE_NONE || O->status[o] == CS_ORDER_CANCELLED || O->due[o] == CS_DATE_NONE) return 0;
  return (long)floor((double)(O->due[o] - m->settings.today) / m->settings.period_days);
}

int cs_requests_from_history(const cs_model *m, uint64_t seed, cs_arena *a, cs_request **out, size_t *nout,
                             cs_error *err) {
  *out = NULL;
  *nout = 0;
  const cs_orders *O = &m->orders;
  double pd = m->settings.period_days, horizon = m->settings.horizon_days;
  if (m->settings.today == CS_DATE_NONE) return cs__err(err, CS_EINPUT, "requests need settings.today");
  /* The whole periods before today, and the placed orders due in each. */
  long qmin = 0;
  size_t nh = 0;
  for (size_t o = 0; o < O->n; o++) {
    long q = past_period_of(m, o);
    if (q >= 0) continue;
    if (q < qmin) qmin = q;
    nh++;
  }
  if (nh < MIN_HISTORY)
    return cs__err(err, CS_EINPUT, "a stream like the history needs at least %d orders with an 'ordered' date due before today",
                   MIN_HISTORY);
  size_t nq = (size_t)(-qmin), most = 0;
  past_period *per = cs_arena_calloc(a, nq + 1, sizeof *per);
  size_t *idx = cs_arena_calloc(a, nh + 1, sizeof *idx);
  if (!per || !idx) return cs__err(err, CS_ENOMEM, "out of memory");
  for (int pass = 0; pass < 2; pass++) {
    for (size_t o = 0; o < O->n; o++) {
      long q = past_period_of(m, o);
      if (q >= 0) continue;
      size_t k = (size_t)(q - qmin);
      if (pass) idx[per[k].first + per[k].n] = o;
      per[k].n++;
    }
    for (size_t k = 0, at = 0; !pass && k < nq; k++) {
      per[k].first = at;
      at += per[k].n;
      if (per[k].n > most) most = per[k].n;
      per[k].n = 0;
    }
  }
  size_t periods = (size_t)ceil(horizon / pd - 1e-9), n = 0;
  if ((double)periods * (double)most > MAX_STREAM)
    return cs__err(err, CS_EINPUT, "a stream like the history would pass %d requests", MAX_STREAM);
  cs_request *R = cs_arena_calloc(a, periods * most + 1, sizeof *R);
  if (!R) return cs__err(err, CS_ENOMEM, "out of memory");
  cs__rng g = {seed};
  for (size_t k = 0; k < periods; k++) {
    /* A past period drawn evenly, replayed whole periods later. */
    size_t q = cs__rng_pick(&g, nq);
    double shift = ((double)k - ((double)q + (double)qmin)) * pd;
    for (size_t i = per[q].first; i < per[q].first + per[q].n; i++) {
      size_t o = idx[i];
      double due = (double)(O->due[o] - m->settings.today) + shift, at = (double)(O->ordered[o] - m->settings.today) + shift;
      double qty = fmax(1, round(O->qty[o] * cs__rng_uniform(&g, 0.8, 1.2)));
      double price = isfinite(O->price[o]) ? O->price[o] : m->products.price[O->product[o]];
      if (at < 0 || due >= horizon || due < at) continue;
      R[n++] = (cs_request){m->settings.today + (cs_date)at, O->product[o], qty, m->settings.today + (cs_date)due, price};
    }
  }
  *out = R;
  *nout = n;
  return 0;
}

int cs_requests_generate(const cs_model *m, size_t n, uint64_t seed, cs_arena *a, cs_request **out,
                         cs_error *err) {
  *out = NULL;
  const cs_products *P = &m->products;
  double total = 0, pd = m->settings.period_days, horizon = m->settings.horizon_days;
  for (size_t p = 0; p < P->n; p++) total += P->demand[p] > 0 ? P->demand[p] : 0;
  if (n == 0) return cs__err(err, CS_EINPUT, "a stream needs at least one request");
  if (m->settings.today == CS_DATE_NONE) return cs__err(err, CS_EINPUT, "requests need settings.today");
  if (total <= 0) return cs__err(err, CS_EINPUT, "requests need products with demand");
  cs_request *R = cs_arena_calloc(a, n, sizeof *R);
  if (!R) return cs__err(err, CS_ENOMEM, "out of memory");
  cs__rng g = {seed};
  double mean_qty = total * horizon / pd / (double)n;
  for (size_t i = 0; i < n; i++) {
    double u = cs__rng_uniform(&g, 0, total);
    size_t p = 0;
    for (; p + 1 < P->n; p++) {
      double w = P->demand[p] > 0 ? P->demand[p] : 0;
      if (u < w) break;
      u -= w;
    }
    double due = floor(cs__rng_uniform(&g, 0, horizon));
    double at = fmax(0, due - round(pd * cs__rng_uniform(&g, 1, 3)));
    R[i].product = (int32_t)p;
    R[i].qty = fmax(1, round(mean_qty * cs__rng_uniform(&g, 0.5, 1.5)));
    R[i].at = m->settings.today + (cs_date)at;
    R[i].due = m->settings.today + (cs_date)due;
    R[i].price = round(P->price[p] * cs__rng_uniform(&g, 0.85, 1.15) * 100) / 100;
  }
  *out = R;
  return 0;
}
