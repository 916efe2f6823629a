/* test_sales_events.c — the sales desk's events: a table of events and what each does or
 * why it is refused (no two visits of a rep overlap, no day passes its target, a pinned
 * visit never moves), a refused batch taken back whole, and booking through the CLI
 * (`book --confirm`), after which the buffer has moved and the same id cannot be booked
 * twice. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* Rep R1 (target 3) with V1 booked Monday 09:00-10:00 (pinned) and V2 10:30-11:30; a
 * request V3 waiting. */
static cs_model *desk(void) {
  const char *tables[CS_TABLE_COUNT] = {0};
  tables[CS_TABLE_SETTINGS] = "key,value\ntoday,2026-01-05\n";
  tables[CS_TABLE_REPS] = "id,home_lat,home_lon,target_per_day\nR1,0,0,3\nR2,0,1,4\n";
  tables[CS_TABLE_ACCOUNTS] = "id,lat,lon\nA1,0,0.1\n";
  tables[CS_TABLE_OPPORTUNITIES] = "id,account,expected_throughput,next_step\nO1,A1,1000,demo\n";
  tables[CS_TABLE_APPOINTMENTS] = "id,opportunity,rep,date,start,duration_min,status,pinned\n"
                                  "V1,O1,R1,2026-01-05,09:00,60,booked,1\n"
                                  "V2,O1,R1,2026-01-05,10:30,60,booked,0\n"
                                  "V3,O1,,,,60,requested,0\n";
  return th_model_from_text(tables);
}

/* Applies one event given as text; returns its status, the message in err. */
static int apply(cs_model *m, const char *text, cs_error *err) {
  cs_loc loc = {"test", 1, NULL};
  return cs_event_apply_text(m, text, &loc, err);
}

static const struct {
  const char *event;
  const char *message; /* NULL: applied */
} cases[] = {
  {"{\"type\":\"appointment.booked\",\"appointment\":{\"id\":\"V4\",\"opportunity\":\"O1\",\"rep\":\"R1\","
   "\"date\":\"2026-01-05\",\"start\":\"09:30\",\"duration_min\":30}}",
   "test:1: column 'start': appointment 'V4' would overlap 'V1' of rep 'R1'"},
  {"{\"type\":\"appointment.booked\",\"appointment\":{\"id\":\"V4\",\"opportunity\":\"O1\",\"rep\":\"R1\","
   "\"date\":\"2026-01-05\",\"start\":\"13:00\",\"duration_min\":30}}",
   NULL},
  {"{\"type\":\"appointment.booked\",\"appointment\":{\"id\":\"V5\",\"opportunity\":\"O1\",\"rep\":\"R1\","
   "\"date\":\"2026-01-05\",\"start\":\"15:00\",\"duration_min\":30}}",
   "test:1: column 'date': rep 'R1' already holds 3 visits that day (the target)"},
  {"{\"type\":\"appointment.booked\",\"appointment\":{\"id\":\"V6\",\"opportunity\":\"O1\",\"duration_min\":30}}",
   "test:1: column 'rep': a booked appointment needs its rep"},
  {"{\"type\":\"appointment.moved\",\"appointment\":\"V1\",\"start\":\"14:00\"}",
   "test:1: column 'appointment': appointment 'V1' is pinned: promised to the customer"},
  {"{\"type\":\"appointment.moved\",\"appointment\":\"V2\",\"start\":\"12:45\"}",
   "test:1: column 'start': appointment 'V2' would overlap 'V4' of rep 'R1'"},
  {"{\"type\":\"appointment.moved\",\"appointment\":\"V2\",\"rep\":\"R2\"}", NULL},
  {"{\"type\":\"appointment.moved\",\"appointment\":\"V2\",\"start\":\"9:00\"}",
   "test:1: column 'start': field 'start' must be a time (HH:MM)"},
  {"{\"type\":\"appointment.done\",\"appointment\":\"V3\"}",
   "test:1: column 'appointment': appointment 'V3' is requested and cannot become done"},
  {"{\"type\":\"appointment.cancelled\",\"appointment\":\"V3\"}", NULL},
  {"{\"type\":\"appointment.cancelled\",\"appointment\":\"V3\"}",
   "test:1: column 'appointment': appointment 'V3' is cancelled and cannot become cancelled"},
  {"{\"type\":\"appointment.no_show\",\"appointment\":\"V9\"}", "test:1: column 'appointment': no appointment 'V9'"},
  {"{\"type\":\"opportunity.changed\",\"opportunity\":\"O1\",\"probability\":1.5}",
   "test:1: column 'probability': 1.5 is out of range, at most 1"},
  {"{\"type\":\"opportunity.changed\",\"opportunity\":\"O1\",\"stage\":\"proposal\",\"probability\":0.5}", NULL},
  {"{\"type\":\"rep.absent\",\"rep\":\"R1\",\"date\":\"2026-01-06\",\"days\":2}", NULL},
  {"{\"type\":\"rep.absent\",\"rep\":\"R7\",\"date\":\"2026-01-06\"}", "test:1: column 'rep': no rep 'R7'"},
  {"{\"type\":\"appointment.requested\",\"appointment\":{\"id\":\"V7\",\"opportunity\":\"O1\",\"duration_min\":45,"
   "\"color\":\"red\"}}",
   "test:1: unknown field 'color'"},
};

static void event_table(void **state) {
  (void)state;
  cs_model *m = desk();
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    cs_error err;
    int rc = apply(m, cases[i].event, &err);
    if (cases[i].message && (rc != CS_EINPUT || strcmp(err.message, cases[i].message) != 0))
      fail_msg("case %zu: rc %d \"%s\", expected \"%s\"", i, rc, rc ? err.message : "", cases[i].message);
    if (!cases[i].message && rc) fail_msg("case %zu: refused: %s", i, err.message);
  }
  /* What the applied ones did. */
  int32_t v2 = cs_model_find_appointment(m, "V2"), o1 = cs_model_find_opportunity(m, "O1");
  assert_int_equal(m->appointments.rep[v2], cs_model_find_rep(m, "R2"));
  assert_int_equal(m->appointments.status[cs_model_find_appointment(m, "V3")], CS_APPT_CANCELLED);
  assert_string_equal(m->opportunities.stage[o1], "proposal");
  assert_float_equal(m->opportunities.probability[o1], 0.5, 1e-12);
  assert_int_equal(m->rep_calendar.n, 2);
  assert_int_equal(cs_model_find_appointment(m, "V5"), -1); /* refused rows leave no trace */
  cs_model_free(m);
}

/* A batch refused part way is taken back whole, in memory. */
static void batch_rollback(void **state) {
  (void)state;
  cs_model *m = desk();
  char *before = th_dump_model(m);
  cs_error err;
  assert_int_equal(cs_model_begin(m), 0);
  assert_int_equal(apply(m, cases[1].event, &err), 0);
  assert_int_equal(apply(m, cases[6].event, &err), 0);
  assert_int_equal(apply(m, cases[9].event, &err), 0);
  assert_int_equal(apply(m, cases[13].event, &err), 0);
  assert_int_equal(apply(m, cases[14].event, &err), 0);
  assert_int_equal(apply(m, cases[0].event, &err), CS_EINPUT);
  cs_model_rollback(m);
  char *after = th_dump_model(m);
  assert_string_equal(before, after);
  free(before);
  free(after);
  cs_model_free(m);
}

/* A reroute moves visits together: two visits of the same hour swap reps, which no pair
 * of single moves could do (the first would overlap the other's visit). A plan that
 * breaks a rule anywhere is refused whole and leaves the model as it was. */
static void reroute_together(void **state) {
  (void)state;
  cs_model *m = desk();
  cs_error err;
  assert_int_equal(apply(m, "{\"type\":\"appointment.booked\",\"appointment\":{\"id\":\"V8\",\"opportunity\":\"O1\","
                            "\"rep\":\"R2\",\"date\":\"2026-01-05\",\"start\":\"10:30\",\"duration_min\":60}}", &err), 0);
  assert_int_equal(apply(m, "{\"type\":\"appointment.moved\",\"appointment\":\"V2\",\"rep\":\"R2\"}", &err), CS_EINPUT);
  static const struct {
    const char *moves, *message;
  } refused[] = {
    {"[]", "test:1: column 'moves': field 'moves' must be an array of 1 to 100000 moves"},
    {"[{\"appointment\":\"V2\",\"rep\":\"R2\"}]", "test:1: column 'start': missing field 'start' (HH:MM)"},
    {"[{\"appointment\":\"V2\",\"rep\":\"R2\",\"start\":\"12:00\",\"why\":1}]", "test:1: column 'why': unknown field 'why'"},
    {"[{\"appointment\":\"V2\",\"rep\":\"R2\",\"start\":\"12:00\"},{\"appointment\":\"V1\",\"rep\":\"R2\","
     "\"start\":\"14:00\"}]",
     "test:1: column 'appointment': appointment 'V1' is pinned: promised to the customer"},
    {"[{\"appointment\":\"V2\",\"rep\":\"R2\",\"start\":\"12:00\"},{\"appointment\":\"V2\",\"rep\":\"R1\","
     "\"start\":\"14:00\"}]",
     "test:1: column 'appointment': appointment 'V2' is moved twice"},
    {"[{\"appointment\":\"V2\",\"rep\":\"R9\",\"start\":\"12:00\"}]", "test:1: column 'rep': no rep 'R9'"},
    {"[{\"appointment\":\"V8\",\"rep\":\"R1\",\"start\":\"09:30\"}]",
     "test:1: column 'moves': appointment 'V8' would overlap 'V1' of rep 'R1' on 2026-01-05"},
    {"[{\"appointment\":\"V2\",\"rep\":\"R2\",\"start\":\"23:30\"}]",
     "test:1: column 'start': the visit would end after midnight"},
  };
  char *before = th_dump_model(m);
  for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
    char ev[512];
    snprintf(ev, sizeof ev, "{\"type\":\"appointments.rerouted\",\"moves\":%s}", refused[i].moves);
    int rc = apply(m, ev, &err);
    if (rc != CS_EINPUT || strcmp(err.message, refused[i].message) != 0)
      fail_msg("case %zu: rc %d \"%s\", expected \"%s\"", i, rc, rc ? err.message : "", refused[i].message);
    char *after = th_dump_model(m);
    assert_string_equal(before, after); /* nothing half-moved */
    free(after);
  }
  /* The swap, in one event. */
  assert_int_equal(apply(m, "{\"type\":\"appointments.rerouted\",\"moves\":[{\"appointment\":\"V2\",\"rep\":\"R2\","
                            "\"start\":\"10:30\"},{\"appointment\":\"V8\",\"rep\":\"R1\",\"start\":\"10:30\"}]}", &err), 0);
  const cs_appointments *A = &m->appointments;
  int32_t v2 = cs_model_find_appointment(m, "V2"), v8 = cs_model_find_appointment(m, "V8");
  assert_int_equal(A->rep[v2], cs_model_find_rep(m, "R2"));
  assert_int_equal(A->rep[v8], cs_model_find_rep(m, "R1"));
  assert_int_equal(A->start[v8], 630);
  /* Inside a batch, a later refusal takes the reroute back too; a fourth visit on R1
   * would pass its target of 3. */
  assert_int_equal(apply(m, "{\"type\":\"appointment.booked\",\"appointment\":{\"id\":\"V9\",\"opportunity\":\"O1\","
                            "\"rep\":\"R2\",\"date\":\"2026-01-05\",\"start\":\"15:00\",\"duration_min\":30}}", &err), 0);
  free(before);
  before = th_dump_model(m);
  assert_int_equal(cs_model_begin(m), 0);
  assert_int_equal(apply(m, "{\"type\":\"appointments.rerouted\",\"moves\":[{\"appointment\":\"V2\",\"rep\":\"R1\","
                            "\"start\":\"13:00\"}]}", &err), 0);
  assert_int_equal(apply(m, "{\"type\":\"appointments.rerouted\",\"moves\":[{\"appointment\":\"V8\",\"rep\":\"R1\","
                            "\"start\":\"12:30\"}]}", &err), CS_EINPUT);
  assert_string_equal(err.message, "test:1: column 'moves': appointment 'V2' would overlap 'V8' of rep 'R1' on 2026-01-05");
  assert_int_equal(apply(m, "{\"type\":\"appointments.rerouted\",\"moves\":[{\"appointment\":\"V9\",\"rep\":\"R1\","
                            "\"start\":\"15:00\"}]}", &err), CS_EINPUT);
  assert_string_equal(err.message, "test:1: column 'moves': rep 'R1' would hold more than 3 visits (the target) on 2026-01-05");
  cs_model_rollback(m);
  char *after = th_dump_model(m);
  assert_string_equal(before, after);
  free(after);
  free(before);
  cs_model_free(m);
}

/* The board's clocks: a request's age runs from the day it came in (today when the event
 * does not say), an opportunity's from the day it entered its stage; a stage that changes
 * restarts it, and stage moves of the last four weeks count as advances per week. */
static void ages_and_stage_moves(void **state) {
  (void)state;
  const char *tables[CS_TABLE_COUNT] = {0};
  tables[CS_TABLE_SETTINGS] = "key,value\ntoday,2026-01-05\n";
  tables[CS_TABLE_REPS] = "id,home_lat,home_lon\nR1,0,0\n";
  tables[CS_TABLE_ACCOUNTS] = "id,lat,lon\nA1,0,0.1\n";
  tables[CS_TABLE_OPPORTUNITIES] = "id,account,stage,expected_throughput,next_step,stage_since\n"
                                   "O1,A1,proposal,6000,demo,2025-12-22\n"
                                   "O2,A1,qualify,600,call,2025-11-01\n"
                                   "O3,A1,qualify,60,,\n";
  tables[CS_TABLE_APPOINTMENTS] = "id,opportunity,duration_min,status,requested_on\nV1,O1,60,requested,2025-12-29\n";
  cs_model *m = th_model_from_text(tables);
  cs_error err;
  assert_int_equal(apply(m, "{\"type\":\"appointment.requested\",\"appointment\":{\"id\":\"V2\",\"opportunity\":\"O1\","
                            "\"duration_min\":30}}", &err), 0);
  assert_int_equal(m->appointments.requested_on[1], m->settings.today);
  /* The same stage again is no move; a new one is, from today. */
  assert_int_equal(apply(m, "{\"type\":\"opportunity.changed\",\"opportunity\":\"O2\",\"stage\":\"qualify\"}", &err), 0);
  cs_date d;
  assert_true(cs_date_parse("2025-11-01", &d));
  assert_int_equal(m->opportunities.stage_since[1], d);
  assert_int_equal(cs_model_begin(m), 0);
  assert_int_equal(apply(m, "{\"type\":\"opportunity.changed\",\"opportunity\":\"O2\",\"stage\":\"discovery\"}", &err), 0);
  assert_int_equal(m->opportunities.stage_since[1], m->settings.today);
  cs_model_rollback(m);
  assert_int_equal(m->opportunities.stage_since[1], d); /* taken back with the batch */
  assert_int_equal(apply(m, "{\"type\":\"opportunity.changed\",\"opportunity\":\"O2\",\"stage\":\"discovery\"}", &err), 0);
  /* The board three days on: V1 asked 10 days before, V2 today; O2 moved today. */
  cs_desk *dk;
  cs_arena *a = cs_arena_new();
  cs_board *B;
  assert_int_equal(cs_desk_new(m, m->settings.today + 3, CS_DATE_NONE, &dk, &err), 0);
  assert_int_equal(cs_desk_board(dk, a, &B, &err), 0);
  double age_v1 = -1, age_v2 = -1;
  for (size_t i = 0; i < B->nqueue; i++) {
    if (B->queue[i].appointment == 0) age_v1 = B->queue[i].age_days;
    if (B->queue[i].appointment == 1) age_v2 = B->queue[i].age_days;
  }
  assert_true(age_v1 == 10 && age_v2 == 3);
  /* O1 (2025-12-22, 17 days before) and O2 (today) moved in the last four weeks; O2's
   * old date and O3 (no date) do not count: 2 in 4 weeks. */
  assert_true(B->stage_advances_per_week == 0.5);
  /* The pipeline by stage, most value first. */
  assert_int_equal(B->nstages, 3);
  assert_string_equal(B->stages[0].stage, "proposal");
  assert_true(B->stages[0].throughput == 6000);
  cs_desk_free(dk);
  cs_arena_free(a);
  cs_model_free(m);
}

/* Booking through the CLI moves the buffer; the same id cannot be booked twice. */
static void book_confirm(void **state) {
  (void)state;
  char *dir = th_tmpdir(), *db = th_path(dir, "sales.db");
  const char *init[] = {"init", db, "--demo", "sales", NULL};
  assert_int_equal(th_run_cli(init, NULL, NULL), 0);
  cs_model *m = th_load(db);
  size_t before = m->appointments.n;
  cs_model_free(m);
  const char *book[] = {"book", db, "--opportunity", "OPP00001", "--duration", "60", "--confirm", "--id", "NEW-1",
                        "--json", NULL};
  char *out = NULL;
  assert_int_equal(th_run_cli(book, &out, NULL), 0);
  assert_non_null(strstr(out, "\"booked\": \"NEW-1\""));
  free(out);
  m = th_load(db);
  assert_int_equal(m->appointments.n, before + 1);
  int32_t a = cs_model_find_appointment(m, "NEW-1");
  assert_true(a >= 0);
  assert_int_equal(m->appointments.status[a], CS_APPT_BOOKED);
  cs_model_free(m);
  char *err = NULL;
  assert_int_equal(th_run_cli(book, NULL, &err), 2);
  assert_non_null(strstr(err, "an appointment 'NEW-1' exists"));
  free(err);
  /* --confirm needs a store. */
  const char *csv[] = {"book", dir, "--opportunity", "OPP00001", "--duration", "60", "--confirm", NULL};
  assert_int_equal(th_run_cli(csv, NULL, &err), 2);
  assert_non_null(strstr(err, "--confirm needs MODEL to be a store: a SQLite file or a postgresql:// URI"));
  free(err);
  th_rmtree(dir);
  free(db);
  free(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(event_table),
      cmocka_unit_test(batch_rollback),
      cmocka_unit_test(reroute_together),
      cmocka_unit_test(ages_and_stage_moves),
      cmocka_unit_test(book_confirm),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
