/* measures.c — the outcome measures (DESIGN §1 idea 9, §2) from the order history over a
 * window [from, to]: T of what shipped, OE of the window, NP, I and ROI, productivity,
 * on-time delivery, lead time, Throughput-Dollar-Days and Inventory-Dollar-Days. */
#include <math.h>

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
