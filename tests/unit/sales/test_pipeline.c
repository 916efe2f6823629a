/* test_pipeline.c — the pipeline (DESIGN §11) on a hand-made desk whose every figure is
 * worked out by hand below: the recurring view's counts, medians and Throughput-Dollar-
 * Days, the pipeline by stage, the countermeasures for one deal, the events that keep the
 * tables, and the catalogue's validation. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* Today 2026-03-01; a stage's usual length is 20 days unless three stays say otherwise.
 *   O1 proposal since 01-10 (50 days), T 10,000 x 0.5 = 5,000
 *   O2 proposal since 02-20 (9 days),  T 4,000 x 1    = 4,000
 *   O3 qualify since 02-01 (28 days),  T 2,000 x 0.5  = 1,000
 *   O4 qualify, since unknown,         T 6,000 x 0.5  = 3,000
 *   O5 negotiation since 12-11 (80),   T 8,000 x 0.25 = 2,000
 * Qualify stays 40, 20, 10 days: usual 20 (the median); the others have fewer than three
 * stays: usual 20 (the setting). Stalled: O1 (50 > 20), O3 (28), O5 (80). */
static const char *const tables[CS_TABLE_COUNT] = {
  [CS_TABLE_SETTINGS] = "key,value\ntoday,2026-03-01\nstage_usual_days,20\n",
  [CS_TABLE_REPS] = "id,home_lat,home_lon\nR1,52,5\n",
  [CS_TABLE_ACCOUNTS] = "id,lat,lon\nA1,52.1,5.1\n",
  [CS_TABLE_OPPORTUNITIES] = "id,account,stage,expected_throughput,probability,next_step,stage_since\n"
                             "O1,A1,proposal,10000,0.5,demo,2026-01-10\n"
                             "O2,A1,proposal,4000,1,demo,2026-02-20\n"
                             "O3,A1,qualify,2000,0.5,call,2026-02-01\n"
                             "O4,A1,qualify,6000,0.5,,\n"
                             "O5,A1,negotiation,8000,0.25,terms,2025-12-11\n",
  [CS_TABLE_FRICTIONS] = "id,buying_job,name,signal,countermeasure,countermeasure_duration_min,owner_role\n"
                         "F1,validation,Wants proof,Demos do not convince,Proof on their data,240,analyst\n"
                         "F2,consensus_creation,No sponsor,Champion stuck,Meet the sponsor,,\n"
                         "F3,problem_identification,No pain,Cannot say the cost,Measure the cost,90,rep\n",
  [CS_TABLE_OPPORTUNITY_FRICTIONS] = "opportunity,friction,observed,removed,note\n"
                                     "O1,F1,2026-01-20,,\n"
                                     "O1,F2,2026-01-15,2026-01-25,\n"
                                     "O2,F2,2026-02-21,2026-02-24,\n"
                                     "O5,F2,2026-01-05,,signed by nobody\n"
                                     "O3,F3,2025-11-01,2025-11-11,\n"
                                     "O3,F1,2026-02-10,2026-03-05,\n",
  [CS_TABLE_STAGE_HISTORY] = "opportunity,stage,entered,left\n"
                             "O1,qualify,2025-12-01,2026-01-10\n"
                             "O2,qualify,2026-01-01,2026-01-21\n"
                             "O2,discovery,2026-01-21,2026-02-20\n"
                             "O5,qualify,2025-11-01,2025-11-11\n"
                             "O5,proposal,2025-11-11,2025-12-11\n",
};

static cs_date date(const char *s) {
  cs_date d;
  assert_true(cs_date_parse(s, &d));
  return d;
}

/* The row of the view for a friction id. */
static const cs_friction_stats *stats(const cs_model *m, const cs_pipeline_view *V, const char *id) {
  for (size_t i = 0; i < V->nfrictions; i++)
    if (strcmp(m->frictions.id[V->frictions[i].friction], id) == 0) return &V->frictions[i];
  fail_msg("no row for %s", id);
  return NULL;
}

static void recurring_view_by_hand(void **state) {
  (void)state;
  cs_model *m = th_model_from_text(tables);
  cs_arena *a = cs_arena_new();
  cs_pipeline_view *V;
  cs_error err;
  assert_int_equal(cs_pipeline_view_compute(m, date("2025-12-01"), date("2026-03-01"), a, &V, &err), CS_OK);
  assert_int_equal(V->nfrictions, 3);
  /* F1: observed on O1 (01-20) and O3 (02-10), neither removed by 03-01; holds both. */
  const cs_friction_stats *f1 = stats(m, V, "F1");
  assert_int_equal(f1->observed, 2);
  assert_int_equal(f1->removed, 0);
  assert_true(isnan(f1->median_days_to_remove));
  assert_int_equal(f1->holding, 2);
  assert_float_equal(f1->throughput_held, 6000, 1e-9);
  assert_float_equal(f1->tdd, 5000 * 50 + 1000 * 28, 1e-9);
  /* F2: observed three times in the window, removed after 10 and 3 days; holds O5. */
  const cs_friction_stats *f2 = stats(m, V, "F2");
  assert_int_equal(f2->observed, 3);
  assert_int_equal(f2->removed, 2);
  assert_float_equal(f2->median_days_to_remove, 6.5, 1e-9);
  assert_int_equal(f2->holding, 1);
  assert_float_equal(f2->throughput_held, 2000, 1e-9);
  assert_float_equal(f2->tdd, 2000 * 80, 1e-9);
  /* F3: its one observation is before the window. */
  const cs_friction_stats *f3 = stats(m, V, "F3");
  assert_int_equal(f3->observed, 0);
  assert_int_equal(f3->holding, 0);
  /* The pipeline, in the order deals go through it (discovery has nobody in it now). */
  assert_int_equal(V->nstages, 3);
  const char *order[] = {"qualify", "proposal", "negotiation"};
  const double n[] = {2, 2, 1}, T[] = {4000, 9000, 2000}, med[] = {28, 29.5, 80}, stalled[] = {1, 1, 1},
               tdd[] = {28000, 250000, 160000};
  for (size_t s = 0; s < 3; s++) {
    assert_string_equal(V->stages[s].stage, order[s]);
    assert_int_equal(V->stages[s].opportunities, n[s]);
    assert_float_equal(V->stages[s].throughput, T[s], 1e-9);
    assert_float_equal(V->stages[s].median_days_in_stage, med[s], 1e-9);
    assert_float_equal(V->stages[s].usual_days, 20, 1e-9);
    assert_int_equal(V->stages[s].stalled, stalled[s]);
    assert_float_equal(V->stages[s].tdd, tdd[s], 1e-9);
  }
  assert_float_equal(V->tdd, 438000, 1e-9);
  /* A stage with three stays takes their median; with fewer, the setting. */
  assert_float_equal(cs_stage_usual_days(m, "qualify"), 20, 1e-9);
  assert_float_equal(cs_stage_usual_days(m, "discovery"), 20, 1e-9);
  m->settings.stage_usual_days = 45;
  assert_float_equal(cs_stage_usual_days(m, "qualify"), 20, 1e-9);
  assert_float_equal(cs_stage_usual_days(m, "discovery"), 45, 1e-9);
  cs_arena_free(a);
  cs_model_free(m);
}

static void countermeasures_for_a_deal(void **state) {
  (void)state;
  cs_model *m = th_model_from_text(tables);
  cs_arena *a = cs_arena_new();
  cs_friction_advice *A;
  cs_error err;
  /* O1 on 03-01: F2 was removed; F1 holds it, open 40 days; 50 days in proposal. */
  assert_int_equal(cs_friction_advise(m, cs_model_find_opportunity(m, "O1"), CS_DATE_NONE, a, &A, &err), CS_OK);
  assert_int_equal(A->n, 1);
  assert_string_equal(m->frictions.id[A->holds[0].friction], "F1");
  assert_int_equal(A->holds[0].days_open, 40);
  assert_int_equal(A->days_in_stage, 50);
  assert_true(A->stalled);
  assert_float_equal(A->expected, 5000, 1e-9);
  /* O3 on 03-06: F1 was removed the day before; nothing holds it. On 02-15 F1 did. */
  assert_int_equal(cs_friction_advise(m, cs_model_find_opportunity(m, "O3"), date("2026-03-06"), a, &A, &err), CS_OK);
  assert_int_equal(A->n, 0);
  assert_int_equal(cs_friction_advise(m, cs_model_find_opportunity(m, "O3"), date("2026-02-15"), a, &A, &err), CS_OK);
  assert_int_equal(A->n, 1);
  /* The CLI gives the same, with the countermeasure, as JSON. */
  char *dir = th_tmpdir(), *db = th_path(dir, "p.db");
  assert_int_equal(cs_store_import(db, m, NULL, NULL, &err), CS_OK);
  const char *args[] = {"friction", db, "--opportunity", "O1", "--json", NULL};
  char *out = NULL;
  assert_int_equal(th_run_cli(args, &out, NULL), 0);
  json_error_t je;
  json_t *v = json_loads(out, 0, &je);
  assert_non_null(v);
  json_t *f = json_array_get(json_object_get(v, "frictions"), 0);
  assert_string_equal(json_string_value(json_object_get(f, "friction")), "F1");
  assert_string_equal(json_string_value(json_object_get(f, "countermeasure")), "Proof on their data");
  assert_int_equal(json_integer_value(json_object_get(f, "duration_min")), 240);
  assert_true(json_is_true(json_object_get(v, "stalled")));
  json_decref(v);
  free(out);
  /* --book books F1's countermeasure (240 minutes) as O1's next visit, its next step with it. */
  const char *book[] = {"friction", db, "--opportunity", "O1", "--book", "--json", NULL};
  assert_int_equal(th_run_cli(book, &out, NULL), 0);
  v = json_loads(out, 0, &je);
  assert_non_null(v);
  const char *booked = json_string_value(json_object_get(json_object_get(v, "booking"), "booked"));
  assert_non_null(booked);
  cs_model *after = th_load(db);
  int32_t ap = cs_model_find_appointment(after, booked);
  assert_true(ap >= 0);
  assert_int_equal(after->appointments.duration[ap], 240);
  assert_string_equal(after->opportunities.next_step[cs_model_find_opportunity(after, "O1")], "Proof on their data");
  json_decref(v);
  free(out);
  cs_model_free(after);
  th_rmtree(dir);
  free(dir);
  free(db);
  cs_arena_free(a);
  cs_model_free(m);
}

/* Applies one event given as JSON text; returns the status. */
static int apply(cs_model *m, const char *text, cs_error *err) {
  cs_loc loc = {"test", 1, NULL};
  return cs_event_apply_text(m, text, &loc, err);
}

static void events_keep_the_tables(void **state) {
  (void)state;
  cs_model *m = th_model_from_text(tables);
  cs_error err;
  size_t nf = m->opportunity_frictions.n, nh = m->stage_history.n;
  assert_int_equal(apply(m, "{\"type\":\"friction.observed\",\"opportunity\":\"O4\",\"friction\":\"F3\",\"note\":\"no budget line\"}", &err), CS_OK);
  assert_int_equal(m->opportunity_frictions.n, nf + 1);
  assert_int_equal(m->opportunity_frictions.observed[nf], date("2026-03-01"));
  assert_string_equal(m->opportunity_frictions.note[nf], "no budget line");
  /* Once open, not again; removed not before it was seen; not twice. */
  assert_int_equal(apply(m, "{\"type\":\"friction.observed\",\"opportunity\":\"O4\",\"friction\":\"F3\"}", &err), CS_EINPUT);
  assert_non_null(strstr(err.message, "already observed"));
  assert_int_equal(apply(m, "{\"type\":\"friction.removed\",\"opportunity\":\"O4\",\"friction\":\"F3\",\"date\":\"2026-02-01\"}", &err), CS_EINPUT);
  assert_string_equal(err.field, "date");
  assert_int_equal(apply(m, "{\"type\":\"friction.removed\",\"opportunity\":\"O4\",\"friction\":\"F3\",\"date\":\"2026-03-04\"}", &err), CS_OK);
  assert_int_equal(m->opportunity_frictions.removed[nf], date("2026-03-04"));
  assert_int_equal(apply(m, "{\"type\":\"friction.removed\",\"opportunity\":\"O4\",\"friction\":\"F3\"}", &err), CS_EINPUT);
  assert_non_null(strstr(err.message, "not observed"));
  assert_int_equal(apply(m, "{\"type\":\"friction.observed\",\"opportunity\":\"O4\",\"friction\":\"F9\"}", &err), CS_EINPUT);
  assert_string_equal(err.field, "friction");
  assert_int_equal(apply(m, "{\"type\":\"friction.observed\",\"opportunity\":\"O4\",\"friction\":\"F1\",\"colour\":\"red\"}", &err), CS_EINPUT);
  assert_string_equal(err.field, "colour");
  /* A stage change puts the stage left in the history (its start unknown here). */
  assert_int_equal(apply(m, "{\"type\":\"opportunity.stage_changed\",\"opportunity\":\"O4\",\"stage\":\"proposal\",\"date\":\"2026-03-01\"}", &err), CS_OK);
  assert_int_equal(m->stage_history.n, nh + 1);
  assert_string_equal(m->stage_history.stage[nh], "qualify");
  assert_int_equal(m->stage_history.entered[nh], CS_DATE_NONE);
  assert_int_equal(m->stage_history.left[nh], date("2026-03-01"));
  int32_t o4 = cs_model_find_opportunity(m, "O4");
  assert_string_equal(m->opportunities.stage[o4], "proposal");
  assert_int_equal(m->opportunities.stage_since[o4], date("2026-03-01"));
  /* Not back in time; opportunity.changed with a new stage keeps the history too. */
  assert_int_equal(apply(m, "{\"type\":\"opportunity.stage_changed\",\"opportunity\":\"O4\",\"stage\":\"won\",\"date\":\"2026-02-01\"}", &err), CS_EINPUT);
  assert_int_equal(apply(m, "{\"type\":\"opportunity.changed\",\"opportunity\":\"O4\",\"stage\":\"negotiation\"}", &err), CS_OK);
  assert_int_equal(m->stage_history.n, nh + 2);
  assert_string_equal(m->stage_history.stage[nh + 1], "proposal");
  /* A batch refused part way is taken back whole. */
  char *before = th_dump_model(m);
  cs_model_begin(m);
  assert_int_equal(apply(m, "{\"type\":\"friction.observed\",\"opportunity\":\"O2\",\"friction\":\"F1\"}", &err), CS_OK);
  assert_int_equal(apply(m, "{\"type\":\"friction.removed\",\"opportunity\":\"O1\",\"friction\":\"F1\"}", &err), CS_OK);
  assert_int_equal(apply(m, "{\"type\":\"opportunity.stage_changed\",\"opportunity\":\"O2\",\"stage\":\"negotiation\"}", &err), CS_OK);
  cs_model_rollback(m);
  char *again = th_dump_model(m);
  assert_string_equal(before, again);
  free(before);
  free(again);
  cs_model_free(m);
}

/* A bad catalogue or observation is refused naming the file, line, column and value. */
static void catalogue_is_validated(void **state) {
  (void)state;
  static const struct {
    cs_table t;
    const char *text, *message;
  } bad[] = {
    {CS_TABLE_FRICTIONS, "id,buying_job,name,countermeasure\nX,haggling,Haggle,Stop\n",
     "frictions.csv:2: column 'buying_job': 'haggling' is not a buying job"},
    {CS_TABLE_FRICTIONS, "id,buying_job,name,countermeasure\nX,validation,Proof,\n",
     "frictions.csv:2: column 'countermeasure': a value is required"},
    {CS_TABLE_FRICTIONS, "id,buying_job,name,countermeasure,countermeasure_duration_min\nX,validation,Proof,Show,0\n",
     "frictions.csv:2: column 'countermeasure_duration_min': '0' must be at least 1"},
    {CS_TABLE_FRICTIONS, "id,buying_job,name,countermeasure\nX,validation,Proof,Show\nX,validation,Again,Show\n",
     "frictions.csv:3: column 'id': 'X' is a duplicate id"},
    {CS_TABLE_OPPORTUNITY_FRICTIONS, "opportunity,friction,observed\nO1,F7,2026-01-01\n",
     "opportunity_frictions.csv:2: column 'friction': 'F7' is not a friction of the catalogue"},
    {CS_TABLE_STAGE_HISTORY, "opportunity,stage,left\nO1,qualify,soon\n",
     "stage_history.csv:2: column 'left': 'soon' is not a date (YYYY-MM-DD)"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    const char *t2[CS_TABLE_COUNT];
    memcpy(t2, tables, sizeof t2);
    t2[bad[i].t] = bad[i].text;
    /* Observations name the catalogue's frictions: none when the catalogue is the case. */
    if (bad[i].t != CS_TABLE_OPPORTUNITY_FRICTIONS) t2[CS_TABLE_OPPORTUNITY_FRICTIONS] = "";
    char *dir = th_tmpdir();
    for (int t = 0; t < CS_TABLE_COUNT; t++) {
      if (!t2[t] || !t2[t][0]) continue;
      char *p = th_path(dir, cs_table_file((cs_table)t));
      th_write(p, t2[t]);
      free(p);
    }
    cs_model *m = NULL;
    cs_error err;
    assert_int_equal(cs_model_load(dir, &m, &err), CS_EINPUT);
    if (!strstr(err.message, bad[i].message)) fail_msg("case %zu: '%s' does not say '%s'", i, err.message, bad[i].message);
    th_rmtree(dir);
    free(dir);
  }
  /* The demo's catalogue: 36 frictions, six for each buying job. */
  cs_model *demo;
  cs_error err;
  assert_int_equal(cs_demo_build("sales", &demo, &err), CS_OK);
  assert_int_equal(demo->frictions.n, 36);
  int per_job[CS_BUYING_JOB_COUNT] = {0};
  for (size_t f = 0; f < demo->frictions.n; f++) per_job[demo->frictions.buying_job[f]]++;
  for (int j = 0; j < CS_BUYING_JOB_COUNT; j++) assert_int_equal(per_job[j], 6);
  assert_true(demo->opportunity_frictions.n > 100);
  assert_true(demo->stage_history.n > 100);
  cs_model_free(demo);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(recurring_view_by_hand),
    cmocka_unit_test(countermeasures_for_a_deal),
    cmocka_unit_test(events_keep_the_tables),
    cmocka_unit_test(catalogue_is_validated),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
