/* cmd_pipeline.c — the pipeline's commands (DESIGN §11): `friction` (the frictions that
 * hold an opportunity, their countermeasures, and with --book the first one booked as the
 * opportunity's next visit through the desk) and `frictions` (which frictions recur, what
 * they hold, and the pipeline by stage), each a command of the one command table, shown
 * here for people. */
#include <math.h>
#include <stdio.h>

#include "cli.h"

static void friction_print(const cs_model *m, const void *req, const void *result, const cli_view *v) {
  (void)v;
  const cs_friction_ask *q = req;
  const cs_friction_answer *F = result;
  const cs_friction_advice *A = F->advice;
  const cs_frictions *C = &m->frictions;
  int32_t o = A->opportunity;
  char val[48], d[11];
  printf("%s (%s), stage %s", m->opportunities.id[o], m->accounts.id[m->opportunities.account[o]],
         m->opportunities.stage[o][0] ? m->opportunities.stage[o] : "(none)");
  if (A->days_in_stage >= 0) printf(" for %d days (usually %.0f)%s", (int)A->days_in_stage, A->usual_days,
                                    A->stalled ? ": stalled" : "");
  printf("; expected throughput %s %s.\n", cli_money(A->expected, val, sizeof val), m->settings.currency);
  if (!A->n) {
    printf("\nNo friction holds it on %s.\n", cs_date_format(A->at, d));
    return;
  }
  printf("\nFrictions holding it (oldest first) and what removes them:\n");
  for (size_t i = 0; i < A->n; i++) {
    int32_t f = A->holds[i].friction;
    printf("\n  %s  %s (%s), open %d days\n", C->id[f], C->name[f], cs_buying_job_name((cs_buying_job)C->buying_job[f]),
           (int)A->holds[i].days_open);
    if (C->signal[f][0]) printf("    noticed by: %s\n", C->signal[f]);
    printf("    countermeasure: %s (%d min, %s)\n", C->countermeasure[f], (int)C->duration[f], C->owner_role[f]);
  }
  if (F->slots && F->booked) {
    const cs_slot *s = &F->slots->slots[q->slot - 1];
    char st[8];
    printf("\nBooked the countermeasure of %s as appointment %s: %s on %s at %s.\n", C->id[F->friction], F->booked,
           m->reps.id[s->rep], cs_date_format(s->date, d), cli_hhmm(s->start, st, sizeof st));
  } else if (F->slots) {
    printf("\nNothing booked: %s.\n", F->slots->why_none ? F->slots->why_none : "there is no such slot");
  }
}

/* --book needs a store. */
static int friction_check(const cli_command *cmd, json_t *args, const char *model) {
  return json_is_true(json_object_get(args, "book")) ? cli_needs_store(cmd, "--book", model) : 0;
}

/* With --book, books the countermeasure of the friction to remove first as the
 * opportunity's next visit (its next step becoming the countermeasure), through the desk's
 * best slots, on the store's latest state. */
static int friction_book(const char *db, const cs_model *m, void *req, void *result, cs_arena *a, cs_error *err) {
  const cs_friction_ask *q = req;
  cs_friction_answer *F = result;
  if (!q->book) return 0;
  if (F->friction < 0)
    return cs_error_set(err, CS_EINPUT, "opportunity", m->opportunities.id[q->opportunity],
                        "no friction holds '%s': nothing to book", m->opportunities.id[q->opportunity]);
  const char *step = m->frictions.countermeasure[F->friction];
  cs_book_ask *b = cs_arena_calloc(a, 1, sizeof *b);
  cs_slot_result *R = cs_arena_calloc(a, 1, sizeof *R);
  if (!b || !R) return cs_error_set(err, CS_ENOMEM, NULL, NULL, "out of memory");
  *b = (cs_book_ask){{q->opportunity, m->frictions.duration[F->friction], CS_DATE_NONE, CS_DATE_NONE, NULL, -1, -1, 3, step},
                     q->at, true, q->slot, q->id};
  int rc = cli_book_visit(db, b, step, R, a, &F->booked, err);
  if (!rc) {
    R->booked = F->booked;
    F->slots = R;
  }
  return rc;
}

int cmd_friction(int argc, char **argv) {
  static const cli_opt opts[] = {{"opportunity", "opportunity", 's'}, {"friction", "friction", 's'},
                                 {"at", "at", 'd'},                   {"book", "book", 'f'},
                                 {"slot", "slot", 'n'},               {"id", "id", 's'},
                                 {NULL, NULL, 0}};
  static const cli_spec spec = {"friction", opts, NULL, 0, friction_check, NULL, friction_book, friction_print};
  return cli_run(&spec, argc, argv);
}

static void frictions_print(const cs_model *m, const void *req, const void *result, const cli_view *v) {
  (void)req;
  const cs_pipeline_view *V = result;
  const cs_frictions *C = &m->frictions;
  char d1[11], d2[11], val[48];
  printf("Buying frictions from %s to %s (the ones observed or holding deals%s):\n\n", cs_date_format(V->from, d1),
         cs_date_format(V->to, d2), v->all ? "; --all: every one" : "");
  static const char *const head[] = {"buying job", "friction", "observed", "removed", "median days", "holding",
                                     "throughput held", "TDD"};
  cli_table *t = cli_table_new(8, head, "llrrrrrr");
  for (size_t i = 0; i < V->nfrictions; i++) {
    const cs_friction_stats *s = &V->frictions[i];
    if (!v->all && !s->observed && !s->holding) continue;
    char ob[16], rm[16], md[16], ho[16], th[48], td[48];
    snprintf(ob, sizeof ob, "%zu", s->observed);
    snprintf(rm, sizeof rm, "%zu", s->removed);
    if (isnan(s->median_days_to_remove)) snprintf(md, sizeof md, "-");
    else snprintf(md, sizeof md, "%.1f", s->median_days_to_remove);
    snprintf(ho, sizeof ho, "%zu", s->holding);
    const char *cells[] = {cs_buying_job_name((cs_buying_job)C->buying_job[s->friction]), C->id[s->friction], ob, rm, md, ho,
                           cli_money(s->throughput_held, th, sizeof th), cli_money(s->tdd, td, sizeof td)};
    cli_table_add(t, cells);
  }
  cli_table_print(t, stdout);
  cli_table_free(t);
  printf("\nPipeline by stage on %s:\n", d2);
  for (size_t i = 0; i < V->nstages; i++) {
    const cs_stage_stats *s = &V->stages[i];
    char md[16];
    if (isnan(s->median_days_in_stage)) snprintf(md, sizeof md, "-");
    else snprintf(md, sizeof md, "%.0f", s->median_days_in_stage);
    printf("  %-14s %5zu opportunities %16s  median %s days in stage (usual %.0f), %zu stalled\n",
           s->stage[0] ? s->stage : "(none)", s->opportunities, cli_money(s->throughput, val, sizeof val), md,
           s->usual_days, s->stalled);
  }
  printf("\nThroughput-Dollar-Days of stalled deals: %s %s·days\n", cli_money(V->tdd, val, sizeof val),
         m->settings.currency);
}

int cmd_frictions(int argc, char **argv) {
  static const cli_opt opts[] = {{"from", "from", 'd'}, {"to", "to", 'd'}, {NULL, NULL, 0}};
  static const cli_spec spec = {"frictions", opts, NULL, 1, NULL, NULL, NULL, frictions_print};
  return cli_run(&spec, argc, argv);
}
