/* regret.c — the regret report (issue 15, cs_pricing.h): the decision log replayed against
 * what actually happened and against hindsight. A quote's outcome is its order's fate; the
 * logged quotes, as a request stream on the model without the orders they booked, give
 * the hindsight bound and what the cost-accounting answer (accept when the price covers
 * full cost, while capacity allows) would have earned — the pricing simulation's own
 * replay, so the three figures are measured alike. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clockspeed/cs_pricing.h"
#include "internal.h"

/* Whether decision i falls in the window. */
static bool in_window(const cs_model *m, size_t i, cs_date from, cs_date to) {
  cs_date at = m->decisions.at[i];
  return (from == CS_DATE_NONE || at >= from) && (to == CS_DATE_NONE || at <= to);
}

/* The T of order o. */
static double order_t(const cs_model *m, int32_t o) {
  return m->orders.qty[o] * (m->orders.price[o] - m->products.tvc[m->orders.product[o]]);
}

/* A quote's outcome: its order's fate, or why there is none. */
static void quote_outcome(const cs_model *m, size_t i, cs_regret_entry *e, cs_regret_type *T) {
  const cs_decisions *d = &m->decisions;
  bool accepted = strcmp(d->choice[i], "accept") == 0;
  int32_t o = d->ref[i][0] ? cs_model_find_order(m, d->ref[i]) : -1;
  T->taken += accepted;
  if (o < 0) {
    e->outcome = accepted ? "not booked" : "refused";
    return;
  }
  uint8_t s = m->orders.status[o];
  if (s == CS_ORDER_CANCELLED) {
    e->outcome = "cancelled";
    return;
  }
  e->throughput = order_t(m, o);
  T->earned += e->throughput;
  if (s == CS_ORDER_DONE && m->orders.shipped[o] != CS_DATE_NONE) {
    e->outcome = m->orders.shipped[o] <= m->orders.due[o] ? "shipped" : "shipped late";
    T->shipped += e->throughput;
  } else {
    e->outcome = "open";
  }
}

/* A slot's outcome: whether the visit booked in it was held. */
static void slot_outcome(const cs_model *m, size_t i, cs_regret_entry *e, cs_regret_type *T) {
  int32_t ap = cs_model_find_appointment(m, m->decisions.choice[i]);
  if (ap < 0) {
    e->outcome = "-";
    return;
  }
  T->taken++;
  uint8_t s = m->appointments.status[ap];
  e->outcome = s == CS_APPT_DONE ? "held" : cs_appt_status_name((cs_appt_status)s);
  if (s == CS_APPT_DONE) {
    int32_t o = m->appointments.opportunity[ap];
    e->throughput = m->opportunities.expected_throughput[o] * m->opportunities.probability[o];
    T->earned += e->throughput;
  }
}

/* Orders texts (qsort, bsearch). */
static int cmp_text(const void *x, const void *y) { return strcmp(*(const char *const *)x, *(const char *const *)y); }

/* The orders the window's quotes booked, sorted: the replay decides them again. */
typedef struct without {
  const char **ids;
  size_t n;
} without;

/* Keeps every row but those orders. */
static bool keep_row(const cs_model *m, cs_table t, size_t row, void *ctx) {
  if (t != CS_TABLE_ORDERS) return true;
  const without *w = ctx;
  const char *id = m->orders.id[row];
  return !w->n || !bsearch(&id, w->ids, w->n, sizeof *w->ids, cmp_text);
}

/* The quotes replayed: the hindsight bound and the cost-accounting policy's throughput. */
static int replay_quotes(const cs_model *m, cs_date from, cs_date to, cs_arena *a, cs_regret_type *T, cs_error *err) {
  const cs_decisions *d = &m->decisions;
  cs_request *req = cs_arena_calloc(a, d->n + 1, sizeof *req);
  if (!req) return cs__err(err, CS_ENOMEM, "out of memory");
  size_t n = 0;
  for (size_t i = 0; i < d->n; i++) {
    if (d->type[i] != CS_DECISION_QUOTE || !in_window(m, i, from, to) || d->price[i] < 0 || d->qty[i] <= 0 ||
        d->due[i] == CS_DATE_NONE)
      continue;
    int32_t p = cs_model_find_product(m, d->subject[i]);
    if (p < 0) continue;
    req[n++] = (cs_request){d->at[i], p, d->qty[i], d->due[i], d->price[i]};
  }
  if (!n) return 0;
  without w = {cs_arena_calloc(a, d->n + 1, sizeof(const char *)), 0};
  if (!w.ids) return cs__err(err, CS_ENOMEM, "out of memory");
  for (size_t i = 0; i < d->n; i++)
    if (d->type[i] == CS_DECISION_QUOTE && in_window(m, i, from, to) && d->ref[i][0]) w.ids[w.n++] = d->ref[i];
  qsort(w.ids, w.n, sizeof *w.ids, cmp_text);
  cs_model *copy = NULL;
  int rc = cs_model_copy(m, keep_row, &w, &copy, err);
  cs_sim_options opt;
  cs_sim_options_default(&opt);
  opt.policies = 1u << CS_POLICY_COST_PLUS;
  cs_sim_result *S = NULL;
  if (!rc) rc = cs_simulate_pricing(copy, req, n, &opt, a, &S, err);
  if (!rc) {
    T->hindsight_best = S->hindsight;
    for (size_t k = 0; k < S->npolicies; k++)
      if (S->policies[k].policy == CS_POLICY_COST_PLUS) T->cost_accounting = S->policies[k].throughput;
  }
  cs_model_free(copy);
  return rc;
}

/* The what-ifs replayed: each valued again (cs_decide) with the demand that came — the
 * orders due in the period from its day, cancelled ones left out — and the capacity of
 * that period. Its change in NP then is what taking it earned, what hindsight would have
 * taken (only where it is positive), and what cost accounting earned where it said take. */
static int replay_whatifs(const cs_model *m, cs_date from, cs_date to, const cs_decision *const *whatif, cs_regret *R,
                          cs_error *err) {
  const cs_decisions *d = &m->decisions;
  cs_model *copy = NULL;
  int rc = 0;
  cs_regret_type *T = &R->types[CS_DECISION_DECIDE];
  for (size_t k = 0; k < R->nlog && !rc; k++) {
    cs_regret_entry *e = &R->log[k];
    size_t i = (size_t)e->decision;
    if (d->type[i] != CS_DECISION_DECIDE || !whatif[i] || !in_window(m, i, from, to)) continue;
    if (!copy && (rc = cs_model_copy(m, NULL, NULL, &copy, err))) break;
    /* The demand of the decision's period as it turned out. */
    cs_date at = d->at[i], end = at + (cs_date)ceil(m->settings.period_days);
    double any = 0;
    for (size_t p = 0; p < copy->products.n; p++) copy->products.demand[p] = 0;
    for (size_t o = 0; o < m->orders.n; o++)
      if (m->orders.status[o] != CS_ORDER_CANCELLED && m->orders.due[o] >= at && m->orders.due[o] < end)
        copy->products.demand[m->orders.product[o]] += m->orders.qty[o], any += m->orders.qty[o];
    if (!(any > 0)) {
      e->outcome = "no orders due in its period";
      continue;
    }
    copy->settings.today = at;
    cs_decision_result r;
    cs_error why;
    if (cs_decide(copy, whatif[i], &r, &why)) {
      e->outcome = "cannot be valued again";
      continue;
    }
    e->throughput = r.delta_net_profit;
    e->outcome = r.delta_net_profit > 0 ? "worth it in hindsight" : "not worth it in hindsight";
    if (isnan(T->earned)) T->earned = T->hindsight_best = T->cost_accounting = 0;
    if (strcmp(d->choice[i], "take") == 0) T->earned += r.delta_net_profit;
    if (strcmp(d->cost_accounting[i], "take") == 0) T->cost_accounting += r.delta_net_profit;
    if (r.delta_net_profit > 0) T->hindsight_best += r.delta_net_profit;
  }
  cs_model_free(copy);
  return rc;
}

int cs_regret_compute(const cs_model *m, cs_date from, cs_date to, const cs_decision *const *whatif, cs_arena *a,
                      cs_regret **out, cs_error *err) {
  const cs_decisions *d = &m->decisions;
  cs_regret *R = cs_arena_calloc(a, 1, sizeof *R);
  cs_regret_entry *log = R ? cs_arena_calloc(a, d->n + 1, sizeof *log) : NULL;
  if (!log) return cs__err(err, CS_ENOMEM, "out of memory");
  R->from = from, R->to = to, R->log = log;
  for (int t = 0; t < CS_DECISION_TYPE_COUNT; t++) R->types[t].hindsight_best = R->types[t].cost_accounting = NAN;
  for (size_t i = 0; i < d->n; i++) {
    if (!in_window(m, i, from, to)) continue;
    cs_regret_entry *e = &log[R->nlog++];
    *e = (cs_regret_entry){(int32_t)i, "-", 0};
    cs_regret_type *T = &R->types[d->type[i]];
    T->count++;
    if (d->type[i] == CS_DECISION_QUOTE) quote_outcome(m, i, e, T);
    else if (d->type[i] == CS_DECISION_SLOT) slot_outcome(m, i, e, T);
    else T->taken += strcmp(d->choice[i], "take") == 0;
  }
  R->types[CS_DECISION_DECIDE].earned = NAN;
  int rc = R->types[CS_DECISION_QUOTE].count && m->resources.n
               ? replay_quotes(m, from, to, a, &R->types[CS_DECISION_QUOTE], err)
               : 0;
  if (!rc && whatif && R->types[CS_DECISION_DECIDE].count) rc = replay_whatifs(m, from, to, whatif, R, err);
  if (!rc) *out = R;
  return rc;
}
