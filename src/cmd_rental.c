/* cmd_rental.c — the rental house's commands (DESIGN §9): `shortages` (what the jobs hold
 * beyond what is owned, by peak), `allocate` (one plan for every held and confirmed job),
 * `quote-job` (a new job's marginal over-hire cost; --book stores it), `buy-or-subrent`
 * (the items worth buying) and `constraint` on a rental house. Each is a command of the one
 * command table, shown here for people. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void shortages_print(const cs_model *m, const void *req, const void *result, const cli_view *v) {
  (void)req;
  const cs_shortages *S = result;
  char d1[11], d2[11];
  printf("Shortages of held and confirmed jobs from %s to %s (owned units away for their turnaround too):\n\n",
         cs_date_format(S->from, d1), cs_date_format(S->to, d2));
  if (!S->njobs) {
    printf("  none: every job fits in what is owned.\n");
    return;
  }
  static const char *const head[] = {"job", "item", "peak short", "dates"};
  cli_table *t = cli_table_new(4, head, "llrl");
  size_t shown = 0;
  for (size_t k = 0; k < S->njobs && (v->all || shown < 40); k++, shown++) {
    const cs_job_shortage *j = &S->jobs[k];
    char pk[16], dates[32];
    snprintf(pk, sizeof pk, "%d", (int)j->peak);
    snprintf(dates, sizeof dates, "%s..%s", cs_date_format(m->jobs.out[j->job], d1), cs_date_format(m->jobs.in[j->job], d2));
    const char *cells[] = {m->jobs.id[j->job], m->items.id[j->item], pk, dates};
    cli_table_add(t, cells);
  }
  cli_table_print(t, stdout);
  cli_table_free(t);
  if (S->njobs > shown) printf("  … %zu more (--all lists them)\n", S->njobs - shown);
  printf("\nA job's shortage is the peak over its days, never the sum: %zu item-days are short in all.\n", S->ndays);
}

int cmd_shortages(int argc, char **argv) {
  static const cli_opt opts[] = {{"from", "from", 'd'}, {"to", "to", 'd'}, {NULL, NULL, 0}};
  static const cli_spec spec = {"shortages", opts, NULL, 1, NULL, NULL, NULL, shortages_print};
  return cli_run(&spec, argc, argv);
}

static void allocate_print(const cs_model *m, const void *req, const void *result, const cli_view *v) {
  (void)req;
  const cs_rental_plan *p = ((const cs_rental_signal *)result)->plan;
  char d1[11], d2[11], c1[48], c2[48], c3[48];
  const char *cur = m->settings.currency;
  printf("One plan for %zu held and confirmed jobs, %s to %s.\n\n", p->jobs, cs_date_format(p->from, d1),
         cs_date_format(p->to, d2));
  printf("  over-hire cost %s %s (gear %s, freelance crew %s)\n", cli_money(p->cost, c1, sizeof c1), cur,
         cli_money(p->gear_cost, c2, sizeof c2), cli_money(p->crew_cost, c3, sizeof c3));
  printf("  lower bound    %s %s (gear %s, crew %s): within %.2f %% of the best plan\n\n",
         cli_money(p->lower_bound, c1, sizeof c1), cur, cli_money(p->gear_bound, c2, sizeof c2),
         cli_money(p->crew_bound, c3, sizeof c3), 100 * p->gap);
  static const char *const head[] = {"job", "item", "qty", "owned", "sub-rented from", "cost"};
  cli_table *t = cli_table_new(6, head, "llrrlr");
  size_t shown = 0, hired = 0;
  for (size_t l = 0; l < p->nlines; l++) {
    const cs_rental_line *L = &p->lines[l];
    if (!L->nsubs && !L->unfilled) continue;
    hired++;
    if (!v->all && shown >= 30) continue;
    shown++;
    char from[160] = "", q[16], o[16];
    size_t at = 0;
    for (size_t k = L->first; k < L->first + L->nsubs && at < sizeof from - 40; k++) {
      const cs_rental_sub *S = &p->subs[k];
      at += (size_t)snprintf(from + at, sizeof from - at, "%s%d %s", at ? ", " : "", (int)S->qty,
                             S->supplier < 0 ? "open market" : m->suppliers.supplier[S->supplier]);
    }
    if (L->unfilled) snprintf(from + at, sizeof from - at, "%s%d unfilled", at ? ", " : "", (int)L->unfilled);
    snprintf(q, sizeof q, "%d", (int)m->job_items.qty[L->row]);
    snprintf(o, sizeof o, "%d", (int)L->owned);
    const char *cells[] = {m->jobs.id[m->job_items.job[L->row]], m->items.id[m->job_items.item[L->row]], q, o, from,
                           cli_money(cs_rental_line_cost(p, L), c1, sizeof c1)};
    cli_table_add(t, cells);
  }
  if (hired) {
    printf("Lines not all on owned gear:\n");
    cli_table_print(t, stdout);
    if (hired > shown) printf("  … %zu more (--all lists them)\n", hired - shown);
  } else {
    printf("Every line is on owned gear.\n");
  }
  cli_table_free(t);
  size_t freelance = 0, nobody = 0;
  for (size_t k = 0; k < p->ncrew; k++) {
    freelance += p->crew[k].crew >= 0 && m->crew.kind[p->crew[k].crew] == CS_CREW_FREELANCE;
    nobody += p->crew[k].crew < 0;
  }
  printf("\nCrew: %zu person-days, %zu of them freelance, %zu nobody could fill.\n", p->ncrew, freelance, nobody);
  for (size_t k = 0; k < p->nunfilled && k < 10; k++) {
    const cs_unfilled *u = &p->unfilled[k];
    printf("  unfilled: %s %s x%d on %s: %s\n", m->jobs.id[u->job],
           u->item >= 0 ? m->items.id[u->item] : m->job_crew.skill[u->crew_line], (int)u->qty,
           cs_date_format(u->date, d1), u->why);
  }
}

int cmd_allocate(int argc, char **argv) {
  static const cli_opt opts[] = {{"from", "from", 'd'}, {NULL, NULL, 0}};
  static const cli_spec spec = {"allocate", opts, NULL, 1, NULL, NULL, NULL, allocate_print};
  return cli_run(&spec, argc, argv);
}

/* Prints the items whose owned capacity limits the house, highest first. */
static void signal_print(const cs_model *m, const cs_rental_signal *S, bool only_paying, const cli_view *v) {
  char c1[48], c2[48];
  const char *cur = m->settings.currency;
  if (S->constraint_item >= 0 && S->items[0].unfillable_days)
    printf("The Constraint is %s (%s): on %d days jobs hold more than it owns and no partner or market\n"
           "can fill the rest.\n",
           m->items.id[S->constraint_item], m->items.name[S->constraint_item], (int)S->items[0].unfillable_days);
  else if (S->constraint_item >= 0)
    printf("The Constraint is %s (%s): one more unit would have saved %s %s over the plan.\n",
           m->items.id[S->constraint_item], m->items.name[S->constraint_item],
           cli_money(S->items[0].dual_sum, c1, sizeof c1), cur);
  else
    printf("No item is ever short: owned gear is not what limits the house.\n");
  if (S->constraint_skill)
    printf("The crew skill that limits most is %s: %d person-days nobody can fill, %s %s in freelancers.\n",
           S->constraint_skill, (int)S->skill_unfilled, cli_money(S->skill_cost, c1, sizeof c1), cur);
  static const char *const head[] = {"item", "name", "saved by one more", "purchase cost", "pays back"};
  cli_table *t = cli_table_new(5, head, "llrrl");
  size_t shown = 0;
  for (size_t k = 0; k < S->nitems && (v->all || shown < 20); k++) {
    const cs_item_value *x = &S->items[k];
    if (only_paying && !x->pays_back) continue;
    shown++;
    double pc = m->items.purchase_cost[x->item];
    char pb[32];
    if (pc < 0) snprintf(pb, sizeof pb, "no purchase cost");
    else if (x->unfillable_days) snprintf(pb, sizeof pb, "yes: %d days nothing else fills", (int)x->unfillable_days);
    else if (x->pays_back) snprintf(pb, sizeof pb, "yes, in %.0f days", x->payback_days);
    else snprintf(pb, sizeof pb, "no");
    const char *cells[] = {m->items.id[x->item], m->items.name[x->item], cli_money(x->dual_sum, c1, sizeof c1),
                           pc < 0 ? "-" : cli_money(pc, c2, sizeof c2), pb};
    cli_table_add(t, cells);
  }
  printf("\n%s\n", only_paying ? "Items for which buying one more unit pays back within the plan:"
                               : "Items by what one more owned unit would save (the sum of its daily duals):");
  if (shown) cli_table_print(t, stdout);
  else printf("  none\n");
  cli_table_free(t);
}

static void buy_print(const cs_model *m, const void *req, const void *result, const cli_view *v) {
  (void)req;
  signal_print(m, result, true, v);
}

void cli_rental_constraint_print(const cs_model *m, const void *result, const cli_view *v) {
  signal_print(m, result, false, v);
}

int cmd_buy_or_subrent(int argc, char **argv) {
  static const cli_opt opts[] = {{NULL, NULL, 0}};
  static const cli_spec spec = {"buy-or-subrent", opts, NULL, 1, NULL, NULL, NULL, buy_print};
  return cli_run(&spec, argc, argv);
}

/* --job-file is read here (its errors name the file's line and column); --book needs a
 * store. */
static int quote_job_check(const cli_command *cmd, json_t *args, const char *model) {
  if (!json_object_get(args, "job_file")) return cli_usage_error(cmd, "--job-file FILE is required");
  return json_is_true(json_object_get(args, "book")) ? cli_needs_store(cmd, "--book", model) : 0;
}

static int quote_job_decode(const cs_model *m, json_t *args, cs_arena *a, void **req, cs_error *err) {
  const char *file = json_string_value(json_object_get(args, "job_file"));
  json_error_t je;
  json_t *job = json_load_file(file, JSON_REJECT_DUPLICATES, &je);
  if (!job)
    return cs_error_set(err, CS_EINPUT, "job-file", file, "%s:%d:%d: %s", file, je.line, je.column, je.text);
  json_object_set_new(args, "job", job);
  return cs_command_find("quote-job")->decode(m, args, a, req, err);
}

/* With --book, stores the job as a job.created event (the store re-plans from it). */
static int quote_job_book(const char *db, const cs_model *m, void *req, void *result, cs_arena *a, cs_error *err) {
  (void)m, (void)result, (void)a;
  const cs_quote_job_ask *q = req;
  if (!q->book) return 0;
  const char *text = q->event_text;
  return cs_store_append_events(db, &text, NULL, 1, "quote-job", NULL, err);
}

static void quote_job_print(const cs_model *m, const void *req, const void *result, const cli_view *v) {
  (void)v;
  const cs_quote_job_ask *q = req;
  const cs_job_quote *Q = result;
  char c1[48], c2[48], d1[11], d2[11];
  const char *cur = m->settings.currency;
  printf("Job %s: price %s %s, materials %s.\n", Q->job_id, cli_money(Q->price, c1, sizeof c1), cur,
         cli_money(Q->materials, c2, sizeof c2));
  printf("Marginal over-hire cost %s %s (the whole book's plan with the job %s, without it %s).\n",
         cli_money(Q->marginal, c1, sizeof c1), cur, cli_money(Q->with->cost, c2, sizeof c2),
         cli_money(Q->without->cost, d1, sizeof d1));
  printf("Throughput %s %s: %s.\n", cli_money(Q->throughput, c1, sizeof c1), cur,
         Q->accept ? "accept" : "refuse (it earns too little; capacity alone never refuses)");
  for (size_t k = 0; k < Q->nreasons; k++) {
    const cs_job_reason *r = &Q->reasons[k];
    printf("  %s %s..%s: %s %s from %s\n", r->item >= 0 ? m->items.id[r->item] : r->skill ? r->skill : "suppliers",
           cs_date_format(r->from, d1), cs_date_format(r->to, d2), cli_money(r->cost, c1, sizeof c1), cur, r->source);
  }
  if (Q->unfilled)
    printf("Nothing can fill %d of what it needs (units or person-days, marked 'nobody' above): find\n"
           "more suppliers or freelancers before confirming it.\n", (int)Q->unfilled);
  printf("Cost accounting would charge %s %s and %s it.\n", cli_money(Q->full_cost, c1, sizeof c1), cur,
         Q->full_cost_accept ? "accept" : "refuse");
  if (q->book) printf("Booked: job.created stored; the plan now holds it.\n");
}

int cmd_quote_job(int argc, char **argv) {
  static const cli_opt opts[] = {{"job-file", "job_file", 's'},
                                 {"min-throughput", "min_throughput", 'n'},
                                 {"book", "book", 'f'},
                                 {NULL, NULL, 0}};
  static const cli_spec spec = {"quote-job", opts, NULL, 0, quote_job_check, quote_job_decode, quote_job_book,
                                quote_job_print};
  return cli_run(&spec, argc, argv);
}
