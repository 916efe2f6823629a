/* cs_decide.h — what-if decisions judged by what they do to the Constraint (DESIGN §2,
 * "Decisions"): each is valued by re-solving the period's plan (the product-mix LP, or
 * the bid-price LP for a due-date move), never by ranking alone, so the answer stays
 * right when several resources bind. The cost-accounting verdict is given beside it.
 *
 * Ownership: the caller owns the decision and the result (plain values); the model is
 * only read. */
#ifndef CS_DECIDE_H
#define CS_DECIDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cs_error.h"
#include "cs_model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum cs_decision_kind {
  CS_DECIDE_ACCEPT_ORDER = 0, /* product, qty, price: a one-off order in the period */
  CS_DECIDE_OVERTIME,         /* resource, minutes, cost_per_minute (an operating expense) */
  CS_DECIDE_OVERHIRE,         /* resource, minutes, cost_per_minute (a truly variable cost) */
  CS_DECIDE_BUY_PRODUCT,      /* product, buy_price per unit: buy it instead of making it */
  CS_DECIDE_BUY_STEP,         /* product, resource, buy_price per unit: subcontract that step */
  CS_DECIDE_DROP_PRODUCT,     /* product, oe_saved: stop selling it */
  CS_DECIDE_ADD_PRODUCT,      /* price, tvc, demand, steps: start selling a new one */
  CS_DECIDE_MOVE_DUE,         /* order, due: move a booked order's due date */
  CS_DECIDE_COUNT
} cs_decision_kind;

typedef struct cs_decision {
  cs_decision_kind kind;
  int32_t product, resource, order;   /* indices, -1 when not used */
  double qty, price;                  /* accept-order (price per unit); add-product price */
  double minutes, cost_per_minute;    /* overtime, over-hire */
  double buy_price;                   /* make-vs-buy, per unit */
  double tvc, demand;                 /* add-product */
  size_t nsteps;                      /* add-product: its routing */
  const int32_t *step_resource;
  const double *step_minutes;
  double oe_saved;                    /* drop-product: OE that really goes away (usually 0) */
  cs_date due;                        /* move-due: the new due date */
} cs_decision;

/* Fills a decision of the given kind with "not used" values. */
void cs_decision_init(cs_decision *d, cs_decision_kind kind);

/* "accept-order", "overtime", ... ; cs_decision_parse returns -1 for an unknown name. */
const char *cs_decision_name(cs_decision_kind k);
int cs_decision_parse(const char *name);

typedef struct cs_decision_result {
  double delta_throughput, delta_operating_expense, delta_net_profit, delta_inventory;
  bool worth;                  /* the decision raises net profit */
  const char *verdict;         /* "accept", "reject", "worth it", "buy", "keep", ... */
  char reason[512];
  int32_t loads;               /* the resource the decision loads (or frees) most, -1 */
  double loads_shadow_price;   /* its shadow price (bid price) per minute before the decision */
  double base_throughput, new_throughput; /* the plan's T before and after */
  double ca_delta_net_profit;  /* what the cost-accounting table says */
  const char *ca_verdict;
} cs_decision_result;

/* Values the decision against the current plan for one period (DESIGN §2). Fails with
 * CS_EINPUT when the decision lacks what its kind needs. */
int cs_decide(const cs_model *m, const cs_decision *d, cs_decision_result *out, cs_error *err);

#ifdef __cplusplus
}
#endif
#endif
