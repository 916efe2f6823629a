/* cmd_quote.c — `clockspeed quote`: the floor price of a request from the Constraint's
 * bid prices, the verdict on an offered price, and (with --book) the booking itself. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Prints the human answer. */
static void print_human(const cs_model *m, const cs_quote_request *q, cs_date at, const cs_quote *Q,
                        const char *booked) {
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

/* Stores the accepted request as an order.created event in the store. */
static int book(const char *db, const cs_model *m, const cs_quote_request *q, const char *id,
                const char *customer, cs_error *err) {
  char *text = cs_json_booking_event(m, q, id, customer);
  if (!text) {
    memset(err, 0, sizeof *err);
    err->code = CS_ENOMEM;
    snprintf(err->message, sizeof err->message, "out of memory");
    return CS_ENOMEM;
  }
  const char *events[1] = {text};
  int rc = cs_store_append_events(db, events, NULL, 1, "quote", NULL, err);
  free(text);
  return rc;
}

int cmd_quote(int argc, char **argv) {
  const cli_command *cmd = cli_find_command("quote");
  static const struct option opts[] = {
    {"product", required_argument, 0, 'p'}, {"qty", required_argument, 0, 'q'},
    {"due", required_argument, 0, 'd'},     {"price", required_argument, 0, 'x'},
    {"at", required_argument, 0, 'a'},      {"book", no_argument, 0, 'b'},
    {"customer", required_argument, 0, 'c'}, {"id", required_argument, 0, 'i'},
    {"bucket-days", required_argument, 0, 'B'}, {"json", no_argument, 0, 'j'},
    {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
  const char *product = NULL, *customer = NULL, *id = NULL;
  double qty = NAN, price = NAN;
  cs_date due = CS_DATE_NONE, at = CS_DATE_NONE;
  int json = 0, do_book = 0, c, rc = 0;
  cs_bid_options bo;
  cs_bid_options_default(&bo);
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "p:q:d:x:a:bc:i:B:jh", opts, NULL)) != -1) {
    if (c == 'h') return cli_help(cmd);
    if (c == 'p') product = optarg;
    else if (c == 'q') rc = cli_opt_number(cmd, "--qty", optarg, &qty);
    else if (c == 'd') rc = cli_opt_date(cmd, "--due", optarg, &due);
    else if (c == 'x') rc = cli_opt_number(cmd, "--price", optarg, &price);
    else if (c == 'a') rc = cli_opt_date(cmd, "--at", optarg, &at);
    else if (c == 'b') do_book = 1;
    else if (c == 'c') customer = optarg;
    else if (c == 'i') id = optarg;
    else if (c == 'B') rc = cli_opt_number(cmd, "--bucket-days", optarg, &bo.bucket_days);
    else if (c == 'j') json = 1;
    else return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
    if (rc) return rc;
  }
  if (argc - optind != 1) return cli_usage_error(cmd, "expected one MODEL");
  if (!product) return cli_usage_error(cmd, "--product is required");
  if (!(qty > 0)) return cli_usage_error(cmd, "--qty must be a positive number");
  if (due == CS_DATE_NONE) return cli_usage_error(cmd, "--due is required");
  if (do_book && isnan(price)) return cli_usage_error(cmd, "--book needs --price (the price agreed)");
  const char *path = argv[optind];
  cs_source_kind kind;
  cs_error err;
  if (do_book && (cs_source_detect(path, &kind, &err) || kind != CS_SOURCE_SQLITE))
    return cli_usage_error(cmd, "--book needs MODEL to be a SQLite store (see `clockspeed init`)");

  cs_model *m = NULL;
  cs_bid *b = NULL;
  cs_quote Q;
  cs_quote_request q = {-1, qty, due, price};
  char idbuf[64];
  const char *booked = NULL;
  rc = cli_load_model(path, &m, &err);
  if (!rc && at == CS_DATE_NONE) at = m->settings.today;
  if (!rc) rc = cli_find_product(m, product, &q.product, &err);
  if (!rc && id && cs_model_find_order(m, id) >= 0) {
    memset(&err, 0, sizeof err);
    err.code = CS_EINPUT;
    snprintf(err.message, sizeof err.message, "order '%s' already exists", id);
    rc = CS_EINPUT;
  }
  if (!rc) rc = cs_bid_new(m, at, &bo, &b, &err);
  if (!rc) rc = cs_bid_quote(b, &q, &Q, &err);
  if (!rc && do_book && Q.accept) {
    if (!id) cs_booking_id(m, at, idbuf, sizeof idbuf);
    else snprintf(idbuf, sizeof idbuf, "%s", id);
    rc = book(path, m, &q, idbuf, customer, &err);
    if (!rc) booked = idbuf;
  }
  int exit_code = 0;
  if (rc) exit_code = cli_fail(&err);
  else if (json) exit_code = cli_print_json(cs_json_quote(m, &q, at, &Q, booked));
  else print_human(m, &q, at, &Q, booked);
  cs_bid_free(b);
  cs_model_free(m);
  return exit_code;
}
