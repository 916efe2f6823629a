/* test_rental.c — the rental house (DESIGN §9) on hand-made books whose answers are worked
 * out by hand in the comments: shortages by peak, not sum; an owned console moved to the
 * job it saves most on; a minimum charge that makes one supplier cheaper than two; the
 * cheaper of two freelancers, staff first; a job whose marginal cost is more than its own
 * lines cost because it pushes another job's gear out; the Constraint and buy-or-subrent;
 * the events that keep the tables, all or nothing; and bad files refused with their place. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clockspeed/cs_generate.h"
#include "clockspeed/cs_json.h"
#include "clockspeed/cs_rental.h"
#include "helpers.h"

/* A plan of m with the default search, failing the test on an error. */
static cs_rental_plan *plan_of(const cs_model *m, cs_arena *a) {
  cs_rental_plan *p = NULL;
  cs_error err;
  if (cs_rental_plan_compute(m, NULL, a, &p, &err)) fail_msg("plan: %s", err.message);
  return p;
}

/* The plan's line of job J for item I. */
static const cs_rental_line *line_of(const cs_model *m, const cs_rental_plan *p, const char *job, const char *item) {
  for (size_t l = 0; l < p->nlines; l++) {
    int32_t r = p->lines[l].row;
    if (strcmp(m->jobs.id[m->job_items.job[r]], job) == 0 && strcmp(m->items.id[m->job_items.item[r]], item) == 0)
      return &p->lines[l];
  }
  fail_msg("no line %s/%s", job, item);
  return NULL;
}

/* Owned 2 units of I; A holds 3 from 06-01 to 06-05, B holds 2 on 06-03 and 06-04.
 * Short: 06-01..02 1, 06-03..04 3, 06-05 1. A's peak is 3 (never the sum 1+1+3+3+1 = 9),
 * B's is 2 (its whole line: no more than it asks). A quoted job counts for nothing. */
static void peak_not_sum(void **state) {
  (void)state;
  const char *t[CS_TABLE_COUNT] = {
    [CS_TABLE_SETTINGS] = "key,value\ntoday,2027-06-01\n",
    [CS_TABLE_ITEMS] = "id,owned,subrent_cost_per_day\nI,2,10\n",
    [CS_TABLE_JOBS] = "id,out,in,price,status\nA,2027-06-01,2027-06-05,1000,confirmed\n"
                      "B,2027-06-03,2027-06-04,500,hold\nQ,2027-06-01,2027-06-05,500,quote\n",
    [CS_TABLE_JOB_ITEMS] = "job,item,qty\nA,I,3\nB,I,2\nQ,I,9\n",
  };
  cs_model *m = th_model_from_text(t);
  cs_arena *a = cs_arena_new();
  cs_shortages *S = NULL;
  cs_error err;
  assert_int_equal(cs_rental_shortages(m, CS_DATE_NONE, CS_DATE_NONE, a, &S, &err), 0);
  assert_int_equal(S->ndays, 5);
  static const int want[] = {1, 1, 3, 3, 1};
  for (size_t k = 0; k < 5; k++) assert_int_equal(S->days[k].shortage, want[k]);
  assert_int_equal(S->njobs, 2);
  assert_int_equal(S->jobs[0].peak, 3);
  assert_int_equal(S->jobs[1].peak, 2);
  json_t *j = cs_json_shortages(m, S);
  assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(j, "jobs"), 0), "peak_short")), 3);
  json_decref(j);
  cs_arena_free(a);
  cs_model_free(m);
}

/* One owned console; the cheap job C holds it one day, the dear job E five days, both on
 * 06-03; the open market asks 100 a day. Owned to E (it saves 500), C from the market:
 * 100, and that is the bound. The console's dual that day is what one more would save. */
static void console_to_the_dear_job(void **state) {
  (void)state;
  const char *t[CS_TABLE_COUNT] = {
    [CS_TABLE_SETTINGS] = "key,value\ntoday,2027-06-01\n",
    [CS_TABLE_ITEMS] = "id,owned,subrent_cost_per_day,purchase_cost\nCON,1,100,5000\n",
    [CS_TABLE_JOBS] = "id,out,in,price\nC,2027-06-03,2027-06-03,900\nE,2027-06-01,2027-06-05,9000\n",
    [CS_TABLE_JOB_ITEMS] = "job,item,qty\nC,CON,1\nE,CON,1\n",
  };
  cs_model *m = th_model_from_text(t);
  cs_arena *a = cs_arena_new();
  cs_rental_plan *p = plan_of(m, a);
  assert_float_equal(p->cost, 100, 1e-9);
  assert_float_equal(p->lower_bound, 100, 1e-9);
  assert_int_equal(line_of(m, p, "E", "CON")->owned, 1);
  const cs_rental_line *c = line_of(m, p, "C", "CON");
  assert_int_equal(c->owned, 0);
  assert_int_equal(c->nsubs, 1);
  assert_int_equal(p->subs[c->first].supplier, -1);
  assert_int_equal(p->nduals, 1);
  assert_float_equal(p->duals[0].value, 100, 1e-6);
  cs_rental_signal *S = NULL;
  cs_error err;
  assert_int_equal(cs_rental_signal_compute(m, a, &S, &err), 0);
  assert_string_equal(m->items.id[S->constraint_item], "CON");
  assert_false(S->items[0].pays_back); /* 100 saved is not 5,000 */
  cs_arena_free(a);
  cs_model_free(m);
}

/* X has no open market; the job needs 4 for 2 days, none owned. S1 lends 2 at 10 a day
 * (min 100), S2 lends 4 at 12 (min 100). Two suppliers: max(100, 40) + max(100, 48) = 200;
 * S2 alone: max(100, 96) = 100. Delivery 5 each way. */
static void minimum_charge_one_supplier(void **state) {
  (void)state;
  const char *t[CS_TABLE_COUNT] = {
    [CS_TABLE_SETTINGS] = "key,value\ntoday,2027-06-01\n",
    [CS_TABLE_ITEMS] = "id,owned\nX,0\n",
    [CS_TABLE_SUPPLIERS] = "supplier,item,qty,cost_per_day,min_charge,delivery_cost\nS1,X,2,10,100,5\nS2,X,4,12,100,5\n",
    [CS_TABLE_JOBS] = "id,out,in,price\nJ,2027-06-02,2027-06-03,1000\n",
    [CS_TABLE_JOB_ITEMS] = "job,item,qty\nJ,X,4\n",
  };
  cs_model *m = th_model_from_text(t);
  cs_arena *a = cs_arena_new();
  cs_rental_plan *p = plan_of(m, a);
  assert_float_equal(p->cost, 105, 1e-9);
  assert_int_equal(p->nbills, 1);
  assert_string_equal(p->bills[0].supplier, "S2");
  assert_float_equal(p->bills[0].rental, 96, 1e-9);
  assert_float_equal(p->bills[0].charged, 100, 1e-9);
  assert_int_equal(p->nunfilled, 0);
  cs_arena_free(a);
  cs_model_free(m);
}

/* On 06-02 J needs one light and one sound person. Staff S does both; freelancers L
 * (light, 200) and N (sound, 400). S takes sound, L light: 200. On 06-03 S is away: L and
 * N, 600. The rigger nobody has is unfilled, with its reason. */
static void cheaper_freelancer_staff_first(void **state) {
  (void)state;
  const char *t[CS_TABLE_COUNT] = {
    [CS_TABLE_SETTINGS] = "key,value\ntoday,2027-06-01\n",
    [CS_TABLE_ITEMS] = "id,owned\nI,1\n",
    [CS_TABLE_CREW] = "id,skills,kind,cost_per_day\nS,light;sound,staff,0\nL,light,freelance,200\nN,sound,freelance,400\n",
    [CS_TABLE_CREW_CALENDAR] = "crew,date\nS,2027-06-03\n",
    [CS_TABLE_JOBS] = "id,out,in,price\nJ,2027-06-02,2027-06-03,5000\n",
    [CS_TABLE_JOB_CREW] = "job,skill,qty,from,to\nJ,light,1,,\nJ,sound,1,,\nJ,rig,1,2027-06-02,2027-06-02\n",
  };
  cs_model *m = th_model_from_text(t);
  cs_arena *a = cs_arena_new();
  cs_rental_plan *p = plan_of(m, a);
  assert_float_equal(p->crew_cost, 800, 1e-9);
  assert_float_equal(p->crew_bound, 800, 1e-9);
  int sound_by_staff = 0;
  for (size_t k = 0; k < p->ncrew; k++) {
    const cs_crew_day *c = &p->crew[k];
    if (c->crew >= 0 && strcmp(m->crew.id[c->crew], "S") == 0) {
      assert_string_equal(m->job_crew.skill[c->line], "sound");
      sound_by_staff++;
    }
  }
  assert_int_equal(sound_by_staff, 1);
  assert_int_equal(p->nunfilled, 1);
  assert_int_equal(p->unfilled[0].crew_line, 2);
  cs_arena_free(a);
  cs_model_free(m);
}

/* The console is owned once and the market asks 100 a day. E holds it 06-04..06-07 (4
 * days). The new job N wants it 06-01..06-06 (6 days): with N, the console goes to N (it
 * saves 600) and E goes to the market (400). N's own line costs nothing in that plan, but
 * its marginal over-hire cost is 400: it pushes E's gear out. T = 1,000 - 50 - 400. */
static void marginal_above_own_lines(void **state) {
  (void)state;
  const char *t[CS_TABLE_COUNT] = {
    [CS_TABLE_SETTINGS] = "key,value\ntoday,2027-06-01\n",
    [CS_TABLE_ITEMS] = "id,owned,subrent_cost_per_day\nCON,1,100\n",
    [CS_TABLE_JOBS] = "id,out,in,price\nE,2027-06-04,2027-06-07,3000\n",
    [CS_TABLE_JOB_ITEMS] = "job,item,qty\nE,CON,1\n",
  };
  cs_model *m = th_model_from_text(t);
  cs_arena *a = cs_arena_new();
  json_t *ev = json_loads("{\"type\": \"job.created\", \"job\": {\"id\": \"N\", \"out\": \"2027-06-01\", \"in\": "
                          "\"2027-06-06\", \"price\": 1000, \"materials_cost\": 50, \"items\": [{\"item\": \"CON\", "
                          "\"qty\": 1}]}}",
                          0, NULL);
  cs_event e;
  cs_error err;
  assert_int_equal(cs_event_decode_json(ev, a, NULL, &e, &err), 0);
  cs_job_quote *Q = NULL;
  assert_int_equal(cs_rental_quote_event(m, &e, 0, NULL, a, &Q, &err), 0);
  assert_float_equal(Q->without->cost, 0, 1e-9);
  assert_float_equal(Q->with->cost, 400, 1e-9);
  assert_float_equal(Q->marginal, 400, 1e-9);
  assert_float_equal(Q->throughput, 550, 1e-9);
  assert_true(Q->accept);
  assert_int_equal(Q->nreasons, 1);
  assert_string_equal(Q->reasons[0].source, "moved");
  assert_float_equal(Q->reasons[0].cost, 400, 1e-9);
  /* Cost accounting charges the console's 6 days at 100 and the materials: 650. */
  assert_float_equal(Q->full_cost, 650, 1e-9);
  /* The model was not changed; a floor above T refuses, capacity never does. */
  assert_int_equal(m->jobs.n, 1);
  assert_int_equal(cs_rental_quote_event(m, &e, 600, NULL, a, &Q, &err), 0);
  assert_false(Q->accept);
  json_decref(ev);
  cs_arena_free(a);
  cs_model_free(m);
}

/* job.created adds the job and its lines; a bad line takes the whole job back; job.changed
 * moves dates and sets a line (0 drops it); item.changed buys a unit; crew.absent marks
 * days; a batch rolled back leaves the model as it was. */
static void events_all_or_nothing(void **state) {
  (void)state;
  const char *t[CS_TABLE_COUNT] = {
    [CS_TABLE_SETTINGS] = "key,value\ntoday,2027-06-01\n",
    [CS_TABLE_ITEMS] = "id,owned,subrent_cost_per_day\nI,1,10\nK,5,1\n",
    [CS_TABLE_CREW] = "id,skills,kind\nS,light,staff\n",
  };
  cs_model *m = th_model_from_text(t);
  cs_arena *a = cs_arena_new();
  char *before = th_dump_model(m);
  static const struct {
    const char *json;
    int rc;
    const char *message;
  } cases[] = {
    {"{\"type\":\"job.created\",\"job\":{\"id\":\"J\",\"out\":\"2027-06-02\",\"in\":\"2027-06-03\",\"price\":100,"
     "\"items\":[{\"item\":\"I\",\"qty\":2},{\"item\":\"NOPE\",\"qty\":1}]}}",
     CS_EINPUT, "'NOPE' is not a known item"},
    {"{\"type\":\"job.created\",\"job\":{\"id\":\"J\",\"out\":\"2027-06-03\",\"in\":\"2027-06-02\",\"price\":100}}",
     CS_EINPUT, "'2027-06-02' comes before out"},
    {"{\"type\":\"job.created\",\"job\":{\"id\":\"J\",\"out\":\"2027-06-02\",\"in\":\"2027-06-03\",\"price\":100,"
     "\"items\":[{\"item\":\"I\",\"qty\":2},{\"item\":\"I\",\"qty\":1}]}}",
     CS_EINPUT, "job 'J' holds item 'I' on two lines"},
    {"{\"type\":\"job.created\",\"job\":{\"id\":\"J\",\"out\":\"2027-06-02\",\"in\":\"2027-06-03\",\"price\":100,"
     "\"crew\":[{\"skill\":\"light\",\"qty\":0}]}}",
     CS_EINPUT, "'0' must be at least 1"},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    json_t *ev = json_loads(cases[k].json, 0, NULL);
    cs_event e;
    cs_error err;
    cs_loc loc = {"ev.jsonl", (long)k + 1, NULL};
    int rc = cs_event_decode_json(ev, a, &loc, &e, &err);
    if (!rc) rc = cs_event_apply(m, &e, &loc, &err);
    assert_int_equal(rc, cases[k].rc);
    if (!strstr(err.message, cases[k].message)) fail_msg("case %zu: %s", k, err.message);
    json_decref(ev);
    char *now = th_dump_model(m);
    assert_string_equal(now, before);
    free(now);
  }
  static const char *const good[] = {
    "{\"type\":\"job.created\",\"job\":{\"id\":\"J\",\"out\":\"2027-06-02\",\"in\":\"2027-06-03\",\"price\":100,"
    "\"items\":[{\"item\":\"I\",\"qty\":2}],\"crew\":[{\"skill\":\"light\",\"qty\":1}]}}",
    "{\"type\":\"job.changed\",\"job\":\"J\",\"in\":\"2027-06-04\",\"items\":[{\"item\":\"I\",\"qty\":0},{\"item\":\"K\",\"qty\":3}]}",
    "{\"type\":\"item.changed\",\"item\":\"I\",\"owned\":2}",
    "{\"type\":\"crew.absent\",\"crew\":\"S\",\"date\":\"2027-06-02\",\"days\":2}",
    "{\"type\":\"job.cancelled\",\"job\":\"J\"}",
  };
  assert_int_equal(cs_model_begin(m), 0);
  for (size_t k = 0; k < 5; k++) {
    json_t *ev = json_loads(good[k], 0, NULL);
    cs_event e;
    cs_error err;
    if (cs_event_decode_json(ev, a, NULL, &e, &err) || cs_event_apply(m, &e, NULL, &err))
      fail_msg("event %zu: %s", k, err.message);
    json_decref(ev);
    if (k == 1) {
      assert_int_equal(m->jobs.in[0] - m->jobs.out[0], 2);
      assert_int_equal(m->job_items.qty[0], 0);
      assert_int_equal(m->job_items.n, 2);
    }
  }
  assert_int_equal(m->items.owned[0], 2);
  assert_int_equal(m->crew_calendar.n, 2);
  assert_int_equal(m->jobs.status[0], CS_JOB_CANCELLED);
  cs_model_rollback(m);
  char *now = th_dump_model(m);
  assert_string_equal(now, before);
  free(now);
  free(before);
  cs_arena_free(a);
  cs_model_free(m);
}

/* Re-planning after each kind of event from the basis the last plan ended with (issue 13)
 * on the bundled rental house: the gear LP starts warm and reaches the same optimum as a
 * cold plan of the same model (its bound, to the cent) in fewer iterations, and the plan
 * costs within 0.5 % of the cold one (the two may round different optimal vertices). */
static void replan_warm(void **state) {
  (void)state;
  cs_model *m = NULL;
  cs_error err;
  if (cs_demo_build("rental", &m, &err)) fail_msg("demo: %s", err.message);
  cs_arena *a = cs_arena_new();
  const cs_rental_options keep = {CS_DATE_NONE, -1, -1, 0, false, NULL, true};
  cs_rental_plan *prev = NULL;
  if (cs_rental_plan_compute(m, &keep, a, &prev, &err)) fail_msg("plan: %s", err.message);
  assert_non_null(prev->basis);
  assert_false(prev->warm_started);
  assert_true(prev->nduals > 0);
  /* Events on the demo's own rows: a new job on the first contested item-day, a job's
   * dates, an item lost, a person away, a job cancelled. */
  int32_t hot = prev->duals[0].item;
  char out[11], in[11], later[11], ev[5][1024];
  cs_date_format(prev->duals[0].date, out);
  cs_date_format(prev->duals[0].date + 3, in);
  cs_date_format(m->jobs.in[5] + 2, later);
  snprintf(ev[0], sizeof ev[0], "{\"type\":\"job.created\",\"job\":{\"id\":\"WARM1\",\"out\":\"%s\",\"in\":\"%s\","
           "\"price\":50000,\"items\":[{\"item\":\"%s\",\"qty\":4},{\"item\":\"%s\",\"qty\":2}],"
           "\"crew\":[{\"skill\":\"%s\",\"qty\":2}]}}",
           out, in, m->items.id[hot], m->items.id[m->job_items.item[0]], m->job_crew.skill[0]);
  snprintf(ev[1], sizeof ev[1], "{\"type\":\"job.changed\",\"job\":\"%s\",\"in\":\"%s\"}", m->jobs.id[5], later);
  snprintf(ev[2], sizeof ev[2], "{\"type\":\"item.changed\",\"item\":\"%s\",\"owned\":%d}", m->items.id[hot],
           m->items.owned[hot] > 0 ? m->items.owned[hot] - 1 : 0);
  snprintf(ev[3], sizeof ev[3], "{\"type\":\"crew.absent\",\"crew\":\"%s\",\"date\":\"%s\",\"days\":5}", m->crew.id[0], out);
  snprintf(ev[4], sizeof ev[4], "{\"type\":\"job.cancelled\",\"job\":\"%s\"}", m->jobs.id[10]);
  for (size_t k = 0; k < 5; k++) {
    json_t *doc = json_loads(ev[k], 0, NULL);
    cs_event e;
    if (!doc || cs_event_decode_json(doc, a, NULL, &e, &err) || cs_event_apply(m, &e, NULL, &err))
      fail_msg("event %zu: %s", k, doc ? err.message : ev[k]);
    json_decref(doc);
    const cs_rental_options warm = {CS_DATE_NONE, -1, -1, 0, false, prev->basis, true};
    cs_rental_plan *w = NULL;
    if (cs_rental_plan_compute(m, &warm, a, &w, &err)) fail_msg("warm plan %zu: %s", k, err.message);
    cs_rental_plan *c = plan_of(m, a);
    print_message("event %zu: warm %d iterations, cost %.2f, bound %.2f; cold %d, %.2f, %.2f\n", k, w->lp_iterations,
                  w->cost, w->gear_bound, c->lp_iterations, c->cost, c->gear_bound);
    assert_true(w->warm_started);
    assert_false(c->warm_started);
    assert_true(fabs(w->gear_bound - c->gear_bound) <= 0.005);
    assert_true(fabs(w->cost - c->cost) <= 0.005 * c->cost);
    if (c->lp_iterations > 0) assert_true(w->lp_iterations < c->lp_iterations);
    prev = w;
  }
  cs_arena_free(a);
  cs_model_free(m);
}

/* Bad rows are refused with the file, line, column and value. */
static void bad_files(void **state) {
  (void)state;
  static const struct {
    cs_table table;
    const char *text, *message;
  } cases[] = {
    {CS_TABLE_ITEMS, "id,owned\nI,-1\n", "items.csv:2: column 'owned': '-1' is out of range 0..1000000"},
    {CS_TABLE_ITEMS, "id,turnaround_days\nI,400\n", "items.csv:2: column 'turnaround_days': '400' is out of range 0..365"},
    {CS_TABLE_CREW, "id,kind\nC,boss\n", "crew.csv:2: column 'kind': 'boss' is not a crew kind (staff, freelance)"},
    {CS_TABLE_JOBS, "id,out,in,price,status\nJ,2027-01-01,2027-01-02,1,maybe\n",
     "jobs.csv:2: column 'status': 'maybe' is not a job status (quote, hold, confirmed, done, cancelled)"},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    char *dir = th_tmpdir(), *p = th_path(dir, cs_table_file(cases[k].table)), *s = th_path(dir, "settings.csv");
    th_write(p, cases[k].text);
    th_write(s, "key,value\ntoday,2027-01-01\n");
    char *items = th_path(dir, "items.csv");
    if (cases[k].table != CS_TABLE_ITEMS) th_write(items, "id\nI\n");
    free(items);
    cs_model *m = NULL;
    cs_error err;
    assert_int_equal(cs_model_load(dir, &m, &err), CS_EINPUT);
    if (!strstr(err.message, cases[k].message)) fail_msg("case %zu: %s", k, err.message);
    th_rmtree(dir);
    free(dir), free(p), free(s);
  }
  /* Rental tables without items.csv: that is what is missing. */
  char *dir = th_tmpdir(), *p = th_path(dir, "crew.csv");
  th_write(p, "id,kind\nC,staff\n");
  cs_model *m = NULL;
  cs_error err;
  assert_int_equal(cs_model_load(dir, &m, &err), CS_EINPUT);
  if (!strstr(err.message, "items.csv is missing")) fail_msg("%s", err.message);
  th_rmtree(dir);
  free(dir), free(p);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(peak_not_sum),
    cmocka_unit_test(console_to_the_dear_job),
    cmocka_unit_test(minimum_charge_one_supplier),
    cmocka_unit_test(cheaper_freelancer_staff_first),
    cmocka_unit_test(marginal_above_own_lines),
    cmocka_unit_test(events_all_or_nothing),
    cmocka_unit_test(replan_warm),
    cmocka_unit_test(bad_files),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
