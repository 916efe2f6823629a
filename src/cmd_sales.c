/* cmd_sales.c — the sales desk's commands: `book` (the best k slots for a visit), `desk`
 * (the coordinator's board: appointment buffers, the queue, the measures) and `diary`
 * (each rep's days, home to home), each a command of the one command table, shown here
 * for people. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static void book_print(const cs_model *m, const void *req, const void *result, const cli_view *v) {
  (void)v;
  const cs_book_ask *b = req;
  const cs_slot_result *R = result;
  const char *opp = m->opportunities.id[b->q.opportunity];
  printf("Visit of %d minutes for %s (%s): %zu rep-days looked at, %zu feasible insertions.\n", (int)b->q.duration, opp,
         m->opportunities.next_step[b->q.opportunity], R->considered, R->feasible);
  if (!R->n) {
    printf("\nNo slot to offer: %s.\n", R->why_none ? R->why_none : "none found");
    return;
  }
  printf("\n");
  static const char *const head[] = {"#", "rep", "date", "start", "end", "added travel", "bid/min", "score", "day"};
  cli_table *t = cli_table_new(9, head, "rllllrrrl");
  for (size_t i = 0; i < R->n; i++) {
    const cs_slot *s = &R->slots[i];
    char n[24], d[11], st[8], en[8], tr[24], bid[32], sc[48], fill[32];
    snprintf(n, sizeof n, "%zu", i + 1);
    snprintf(tr, sizeof tr, "%d min", (int)s->added_travel);
    snprintf(bid, sizeof bid, "%.2f", s->bid_price);
    snprintf(fill, sizeof fill, "%d -> %d", (int)s->fill_before, (int)s->fill_after);
    const char *cells[] = {n, m->reps.id[s->rep], cs_date_format(s->date, d), cli_hhmm(s->start, st, sizeof st),
                           cli_hhmm(s->end, en, sizeof en), tr, bid, cli_money(s->score, sc, sizeof sc), fill};
    cli_table_add(t, cells);
  }
  cli_table_print(t, stdout);
  cli_table_free(t);
  char val[48];
  printf("\nValue of the visit: %s %s. Score = value - bid price x (duration + added travel)\n"
         "- travel cost x added travel; booked visits keep their times.\n",
         cli_money(R->slots[0].value, val, sizeof val), m->settings.currency);
  if (R->booked) {
    const cs_slot *s = &R->slots[b->slot - 1];
    char d[11], st[8];
    printf("\nBooked slot %zu as appointment %s: %s on %s at %s.\n", b->slot, R->booked, m->reps.id[s->rep],
           cs_date_format(s->date, d), cli_hhmm(s->start, st, sizeof st));
  } else if (b->confirm) {
    printf("\nNothing booked: there is no slot %zu.\n", b->slot);
  }
}

/* --confirm needs a store. */
static int book_check(const cli_command *cmd, json_t *args, const char *model) {
  return json_is_true(json_object_get(args, "confirm")) ? cli_needs_store(cmd, "--confirm", model) : 0;
}

/* A booking decided on the store's latest state, under its write lock. */
typedef struct visit_booking {
  const cs_book_ask *ask;
  cs_slot_result *answer;
  cs_arena *a;
  const char *next_step; /* the opportunity's next step the visit is for, or NULL */
  char id[72];
} visit_booking;

/* Finds the slots again on the model as the store holds it now and writes the chosen one's
 * appointment.booked event: the check and the append are one transaction, so two
 * coordinators booking the same rep's hour cannot both win (and the event itself refuses
 * a visit that overlaps another). */
static int decide_visit(const cs_model *m, void *ctx, char ***events, size_t *n, cs_error *err) {
  visit_booking *vb = ctx;
  const cs_book_ask *b = vb->ask;
  if (b->id && cs_model_find_appointment(m, b->id) >= 0)
    return cs_error_set(err, CS_EINPUT, "id", b->id, "an appointment '%.60s' exists", b->id);
  void *fresh = NULL;
  int rc = cs_command_find("book")->compute(m, (void *)b, vb->a, &fresh, err);
  if (rc) return rc;
  *vb->answer = *(cs_slot_result *)fresh;
  if (vb->answer->n < b->slot) return 0;
  if (b->id) snprintf(vb->id, sizeof vb->id, "%s", b->id);
  else cs_appointment_id(m, b->at != CS_DATE_NONE ? b->at : m->settings.today, vb->id, sizeof vb->id);
  *events = calloc(3, sizeof **events);
  char logged[32];
  cli_utc_now(logged);
  const cs_slot *slot = &vb->answer->slots[b->slot - 1];
  /* The visit, and the slot decision with the signal it used, in one transaction. */
  if (!*events || !((*events)[0] = cs_json_appointment_booked_event(m, b, slot, vb->id)) ||
      !((*events)[1] = cs_json_decision_slot(m, b->q.opportunity, slot, vb->id,
                                             b->at != CS_DATE_NONE ? b->at : m->settings.today, logged,
                                             cli_signal_age_ms())))
    goto nomem;
  *n = 2;
  if (vb->next_step) {
    /* The opportunity's next step becomes what the visit is for, in the same transaction. */
    json_t *ev = json_pack("{s:s, s:s, s:s}", "type", "opportunity.changed", "opportunity",
                           m->opportunities.id[b->q.opportunity], "next_step", vb->next_step);
    (*events)[2] = ev ? json_dumps(ev, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(ev);
    if (!(*events)[2]) goto nomem;
    *n = 3;
  }
  return 0;
nomem:
  for (size_t i = 0; *events && i < 3; i++) free((*events)[i]);
  free(*events);
  *events = NULL;
  *n = 0;
  return cs_error_set(err, CS_ENOMEM, NULL, NULL, "out of memory");
}

int cli_book_visit(const char *db, const cs_book_ask *b, const char *next_step, cs_slot_result *R, cs_arena *a,
                   const char **booked, cs_error *err) {
  *booked = NULL;
  visit_booking *vb = cs_arena_calloc(a, 1, sizeof *vb);
  if (!vb) return cs_error_set(err, CS_ENOMEM, NULL, NULL, "out of memory");
  *vb = (visit_booking){b, R, a, next_step, {0}};
  int rc = cs_store_transact(db, "book", decide_visit, vb, err);
  if (!rc && R->n >= b->slot) *booked = vb->id;
  return rc;
}

/* With --confirm, books the chosen slot in the store. */
static int book_confirm(const char *db, const cs_model *m, void *req, void *result, cs_arena *a, cs_error *err) {
  (void)m;
  const cs_book_ask *b = req;
  cs_slot_result *R = result;
  if (!b->confirm) return 0;
  return cli_book_visit(db, b, NULL, R, a, &R->booked, err);
}

int cmd_book(int argc, char **argv) {
  static const cli_opt opts[] = {{"opportunity", "opportunity", 's'}, {"duration", "duration", 'n'},
                                 {"from", "from", 'd'},               {"to", "to", 'd'},
                                 {"skill", "skill", 's'},             {"window-from", "window_from", 's'},
                                 {"window-to", "window_to", 's'},     {"k", "k", 'n'},
                                 {"at", "at", 'd'},                   {"confirm", "confirm", 'f'},
                                 {"slot", "slot", 'n'},               {"id", "id", 's'},
                                 {NULL, NULL, 0}};
  static const cli_spec spec = {"book", opts, NULL, 0, book_check, NULL, book_confirm, book_print};
  return cli_run(&spec, argc, argv);
}

static void desk_print(const cs_model *m, const void *req, const void *result, const cli_view *v) {
  (void)req;
  const cs_board *B = result;
  size_t count[4] = {0, 0, 0, 0};
  for (size_t i = 0; i < B->nreps; i++) count[B->reps[i].color]++;
  printf("%zu reps: %zu green, %zu yellow, %zu red, %zu black (a working day in the next two with\n"
         "nothing booked). %zu requests wait in the queue.\n\n",
         B->nreps, count[0], count[1], count[2], count[3], B->nqueue);
  static const char *const head[] = {"rep", "booked ahead", "target", "fill", "buffer", "empty days"};
  cli_table *t = cli_table_new(6, head, "lrrrll");
  size_t shown = 0;
  /* The reps who need the desk first: black, red, yellow. */
  for (int c = CS_COLOR_BLACK; c >= CS_COLOR_GREEN; c--)
    for (size_t i = 0; i < B->nreps; i++) {
      const cs_board_rep *r = &B->reps[i];
      if ((int)r->color != c || (!v->all && shown >= 30)) continue;
      char b[16], tg[16], f[16], e[32] = "", d1[11], d2[11];
      snprintf(b, sizeof b, "%d", (int)r->booked_ahead);
      snprintf(tg, sizeof tg, "%d", (int)r->target);
      snprintf(f, sizeof f, "%.0f %%", r->fill * 100);
      if (r->nempty == 1) snprintf(e, sizeof e, "%s", cs_date_format(r->empty_days[0], d1));
      if (r->nempty == 2)
        snprintf(e, sizeof e, "%s %s", cs_date_format(r->empty_days[0], d1), cs_date_format(r->empty_days[1], d2));
      const char *cells[] = {m->reps.id[r->rep], b, tg, f, cs_buffer_color_name(r->color), e};
      cli_table_add(t, cells);
      shown++;
    }
  cli_table_print(t, stdout);
  cli_table_free(t);
  if (shown < B->nreps) printf("... and %zu more (--all lists them)\n", B->nreps - shown);
  printf("\nQueue (value per rep-minute first):\n");
  for (size_t i = 0; i < B->nqueue && (v->all || i < 10); i++) {
    const cs_board_item *q = &B->queue[i];
    char val[48];
    printf("  %-12s %-14s %s (%.2f a rep-minute, waiting %.0f days)\n",
           q->appointment >= 0 ? m->appointments.id[q->appointment] : "-", m->opportunities.id[q->opportunity],
           cli_money(q->value, val, sizeof val), q->value_per_rep_min, q->age_days);
  }
  printf("\nVisits per rep-day %.2f (target 4) · selling time %.0f %% · travel %.0f %% · no-shows %.0f %%\n",
         B->appointments_per_rep_day, B->selling_time_share * 100, B->travel_share * 100, B->no_show_rate * 100);
  printf("\nPipeline by stage (%.1f stage moves a week over the last four weeks):\n", B->stage_advances_per_week);
  for (size_t i = 0; i < B->nstages; i++) {
    char val[48];
    printf("  %-14s %5zu opportunities %16s\n", B->stages[i].stage[0] ? B->stages[i].stage : "(none)",
           B->stages[i].opportunities, cli_money(B->stages[i].throughput, val, sizeof val));
  }
}

int cmd_desk(int argc, char **argv) {
  static const cli_opt opts[] = {{"at", "at", 'd'}, {NULL, NULL, 0}};
  static const cli_spec spec = {"desk", opts, NULL, 1, NULL, NULL, NULL, desk_print};
  return cli_run(&spec, argc, argv);
}

static void diary_print(const cs_model *m, const void *req, const void *result, const cli_view *v) {
  (void)req;
  (void)v;
  const cs_diary *D = result;
  for (size_t i = 0; i < D->nreps; i++) {
    const cs_diary_rep *R = &D->reps[i];
    printf("%s%s (%s)\n", i ? "\n" : "", m->reps.id[R->rep], m->reps.name[R->rep]);
    for (size_t k = 0; k < D->ndays; k++) {
      const cs_diary_day *x = &R->days[k];
      char d[11], s[8], e[8];
      if (!x->works) {
        printf("  %s  off\n", cs_date_format(x->date, d));
        continue;
      }
      printf("  %s  %s-%s  %zu visits, %d min driving, %d min with buyers\n", cs_date_format(x->date, d),
             cli_hhmm(x->start, s, sizeof s), cli_hhmm(x->end, e, sizeof e), x->n, (int)x->travel, (int)x->busy);
      for (size_t j = 0; j < x->n; j++) {
        int32_t a = x->visits[j].appointment;
        int32_t o = m->appointments.opportunity[a];
        printf("    %s-%s  %-12s %-12s %s (%d min drive)\n", cli_hhmm(m->appointments.start[a], s, sizeof s),
               cli_hhmm(m->appointments.start[a] + m->appointments.duration[a], e, sizeof e), m->appointments.id[a],
               m->accounts.id[m->opportunities.account[o]], cs_appt_status_name((cs_appt_status)m->appointments.status[a]),
               (int)x->visits[j].travel_before);
      }
      if (x->n) printf("    home (%d min drive)\n", (int)x->travel_home);
    }
  }
}

int cmd_diary(int argc, char **argv) {
  static const cli_opt opts[] = {{"rep", "rep", 's'},   {"from", "from", 'd'}, {"days", "days", 'n'},
                                 {"limit", "limit", 'n'}, {NULL, NULL, 0}};
  static const cli_spec spec = {"diary", opts, NULL, 0, NULL, NULL, NULL, diary_print};
  return cli_run(&spec, argc, argv);
}
