/* cmd_quote.c — `clockspeed quote`: the floor price of a request from the Constraint's
 * bid prices, the verdict on an offered price, and (with --book) the booking itself. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Prints the human answer. */
static void print_human(const cs_model *m, const void *req, const void *result, const cli_view *v) {
  (void)v;
  const cs_quote_request *q = &((const cs_quote_ask *)req)->q;
  const cs_quote_answer *r = result;
  const cs_quote *Q = &r->quote;
  cs_date at = r->at;
  const char *booked = r->booked;
  char d1[11], d2[11], a[48], b[48];
  double qty = q->qty;
  printf("Quote: %g x %s due %s, asked on %s (%s)\n\n", qty, m->products.id[q->product],
         cs_date_format(q->due, d1), cs_date_format(at, d2), m->settings.currency);
  printf("  TVC (materials and other truly variable cost)  %14s\n", cli_money(Q->tvc, a, sizeof a));
  printf("  Opportunity cost (Constraint time at bid prices) %12s\n",
         cli_money(Q->opportunity_cost, a, sizeof a));
  printf("  Floor price                                    %14s  (%s per unit)\n",
         cli_money(Q->floor_price, a, sizeof a), cli_money(Q->floor_unit_price, b, sizeof b));
  if (!Q->feasible)
    printf("\n  The quantity does not fit in the capacity left before %s%s.\n", cs_date_format(q->due, d1),
           Q->earliest_feasible_due != CS_DATE_NONE ? "; the floor above is for the earliest date" : "");
  if (Q->earliest_feasible_due != CS_DATE_NONE)
    printf("  Earliest date it can be ready: %s\n", cs_date_format(Q->earliest_feasible_due, d1));
  else
    printf("  It cannot be ready within the planning horizon.\n");
  if (Q->has_price)
    printf("\n  Offered %s per unit: %s\n", cli_money(q->price, a, sizeof a),
           Q->accept ? "ACCEPT (covers the floor)"
           : Q->feasible ? "REFUSE (below the floor)" : "REFUSE (cannot be made in time)");
  printf("\n  Cost accounting: full cost %s (%s per unit)%s\n", cli_money(Q->full_cost, a, sizeof a),
         cli_money(Q->full_cost / qty, b, sizeof b),
         !Q->has_price ? "" : Q->ca_accept ? " -> would accept" : " -> would reject");
  if (Q->nbids) {
    printf("\nBid prices this request pays:\n");
    for (size_t i = 0; i < Q->nbids; i++)
      printf("  %-10s bucket from %s  %s per minute x %.1f minutes\n",
             m->resources.id[Q->bids[i].resource], cs_date_format(Q->bids[i].bucket_start, d1),
             cli_money(Q->bids[i].per_minute, a, sizeof a), Q->bids[i].minutes);
  } else if (Q->feasible) {
    printf("\nNo bid price applies: the resources it needs have room before its due date.\n");
  }
  if (booked) printf("\nBooked as confirmed order %s.\n", booked);
}

/* --book needs a price and a store. */
static int check(const cli_command *cmd, json_t *args, const char *model) {
  if (!json_is_true(json_object_get(args, "book"))) return 0;
  if (!json_object_get(args, "price")) return cli_usage_error(cmd, "--book needs --price (the price agreed)");
  return cli_needs_store(cmd, "--book", model);
}

/* A booking decided on the store's latest state, under its write lock. */
typedef struct booking {
  const cs_quote_ask *ask;
  cs_quote_answer *answer;
  cs_arena *a;
  char *id;
} booking;

/* Prices the request again on the model as the store holds it now and, when it is still
 * accepted, writes its order.created event: the check and the append are one transaction,
 * so two processes booking the last capacity cannot both win. */
static int decide_booking(const cs_model *m, void *ctx, char ***events, size_t *n, cs_error *err) {
  booking *bk = ctx;
  const cs_quote_ask *k = bk->ask;
  if (k->id && cs_model_find_order(m, k->id) >= 0) return cs_booked_id_error(k->id, err);
  void *fresh = NULL;
  int rc = cs_command_find("quote")->compute(m, (void *)k, bk->a, &fresh, err);
  if (rc) return rc;
  *bk->answer = *(cs_quote_answer *)fresh;
  if (!bk->answer->quote.accept) return 0;
  if (k->id) snprintf(bk->id, 64, "%s", k->id);
  else cs_booking_id(m, bk->answer->at, bk->id, 64);
  char logged[32];
  cli_utc_now(logged);
  *events = calloc(2, sizeof **events);
  /* The booking, and the decision with the order it booked, in one transaction. */
  if (!*events || !((*events)[0] = cs_json_booking_event(m, &k->q, bk->id, k->customer, bk->answer->at)) ||
      !((*events)[1] = cs_json_decision_quote(m, &k->q, &bk->answer->quote, bk->answer->at, bk->id, logged,
                                              cli_signal_age_ms()))) {
    if (*events) free((*events)[0]);
    free(*events);
    *events = NULL;
    return cs_error_set(err, CS_ENOMEM, NULL, NULL, "out of memory");
  }
  *n = 2;
  return 0;
}

/* With --book, stores an accepted request as an order.created event in the store; every
 * quote answered on a store goes to its decision log (a booking's with the booking). */
static int book(const char *db, const cs_model *m, void *req, void *result, cs_arena *a, cs_error *err) {
  const cs_quote_ask *k = req;
  cs_quote_answer *r = result;
  if (!k->book || !r->quote.accept) {
    char logged[32];
    cli_utc_now(logged);
    cli_log_decision(db, cs_json_decision_quote(m, &k->q, &r->quote, r->at, NULL, logged, cli_signal_age_ms()));
    return 0;
  }
  booking bk = {k, r, a, cs_arena_alloc(a, 64)};
  if (!bk.id) return cs_error_set(err, CS_ENOMEM, NULL, NULL, "out of memory");
  int rc = cs_store_transact(db, "quote", decide_booking, &bk, err);
  if (!rc && r->quote.accept) r->booked = bk.id;
  return rc;
}

int cmd_quote(int argc, char **argv) {
  static const cli_opt opts[] = {
    {"product", "product", 's'}, {"qty", "qty", 'n'},   {"due", "due", 'd'},
    {"price", "price", 'n'},     {"at", "at", 'd'},     {"book", "book", 'f'},
    {"customer", "customer", 's'}, {"id", "id", 's'},   {"bucket-days", "bucket_days", 'n'},
    {NULL, NULL, 0}};
  static const cli_spec spec = {"quote", opts, NULL, 0, check, NULL, book, print_human};
  return cli_run(&spec, argc, argv);
}
