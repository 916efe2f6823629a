/* test_flow.c — S-DBR, the rope, the drum schedule, buffers, measures and events on a
 * hand-computed order book. P&Q's resources (B, the drum, has 2,400 minutes over 5 days:
 * 480 a day), a production buffer of 10 days, today 2026-01-05, and:
 *   O1  Q 10 due 01-20 confirmed                      B: 300 minutes left
 *   O2  P 20 due 01-12 released 01-02, 2 steps done   next step B: 300 minutes left
 *   O3  P 10 due 01-08 released 01-01, 3 steps done   next step C: no B left
 *   O4  Q 4  due 01-30 confirmed                      B: 120 minutes
 *   O5  P 10 due 01-02 released 12-26 shipped 01-03   (one day late)
 *   O6  Q 5  due 01-04 released 12-29 shipped 01-02   (on time)
 *   O7  P 5  cancelled
 * Planned load: 720 minutes = 1.5 days of B, so the planned-load date is 01-06. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static const char *const tables[CS_TABLE_COUNT] = {
  "key,value\nperiod_days,5\noperating_expense,6000\ntoday,2026-01-05\nproduction_buffer_days,10\n"
  "protective_capacity_min,0.2\n",
  "id,capacity\nA,2400\nB,2400\nC,2400\nD,2400\n",
  "id,price,tvc,demand\nP,90,45,100\nQ,100,40,50\n",
  "product,resource,minutes,seq\nP,A,15,1\nP,C,10,2\nP,B,15,3\nP,C,5,4\nP,D,15,5\n"
  "Q,A,10,1\nQ,B,15,2\nQ,B,15,3\nQ,C,5,4\nQ,D,5,5\n",
  "id,product,qty,due,status,released,shipped,steps_done\n"
  "O1,Q,10,2026-01-20,confirmed,,,0\n"
  "O2,P,20,2026-01-12,released,2026-01-02,,2\n"
  "O3,P,10,2026-01-08,released,2026-01-01,,3\n"
  "O4,Q,4,2026-01-30,confirmed,,,0\n"
  "O5,P,10,2026-01-02,done,2025-12-26,2026-01-03,5\n"
  "O6,Q,5,2026-01-04,done,2025-12-29,2026-01-02,5\n"
  "O7,P,5,2026-01-15,cancelled,,,0\n",
  ""};

static cs_date day(const char *s) {
  cs_date d;
  assert_true(cs_date_parse(s, &d));
  return d;
}

/* The id of order index o. */
static const char *oid(const cs_model *m, int32_t o) { return m->orders.id[o]; }

static void sdbr(void **state) {
  (void)state;
  cs_model *m = th_model_from_text(tables);
  cs_arena *a = cs_arena_new();
  cs_sdbr *s;
  cs_error err;
  assert_int_equal(cs_sdbr_compute(m, CS_DATE_NONE, a, &s, &err), CS_OK);
  assert_string_equal(m->resources.id[s->drum], "B");
  assert_float_equal(s->planned_minutes, 720, 1e-9);
  assert_float_equal(s->planned_load_days, 1.5, 1e-9);
  assert_int_equal(s->planned_load_date, day("2026-01-06"));
  cs_promise p;
  /* 10 Q add 300 minutes: 2.125 days, PL date 01-07; safe = max(01-15, 01-07 + 5) = 01-15. */
  assert_int_equal(cs_sdbr_promise(m, s, cs_model_find_product(m, "Q"), 10, &p, &err), CS_OK);
  assert_float_equal(p.planned_load_days, 2.125, 1e-9);
  assert_int_equal(p.planned_load_date, day("2026-01-07"));
  assert_int_equal(p.safe_date, day("2026-01-15"));
  /* 100 Q add 3,000: 7.75 days, PL date 01-12; safe = 01-12 + 5 = 01-17. */
  assert_int_equal(cs_sdbr_promise(m, s, cs_model_find_product(m, "Q"), 100, &p, &err), CS_OK);
  assert_int_equal(p.planned_load_date, day("2026-01-12"));
  assert_int_equal(p.safe_date, day("2026-01-17"));
  /* The rope: O1's release date is 01-10, O4's 01-20. */
  cs_rope *R;
  assert_int_equal(cs_rope_compute(m, CS_DATE_NONE, a, &R, &err), CS_OK);
  assert_int_equal(R->nrelease, 0);
  assert_int_equal(R->nheld, 2);
  assert_string_equal(oid(m, R->held[0].order), "O1");
  assert_int_equal(R->held[0].release_date, day("2026-01-10"));
  assert_int_equal(R->held[1].release_date, day("2026-01-20"));
  assert_int_equal(cs_rope_compute(m, day("2026-01-10"), a, &R, &err), CS_OK);
  assert_int_equal(R->nrelease, 1);
  assert_string_equal(oid(m, R->release[0].order), "O1");
  cs_arena_free(a);
  cs_model_free(m);
}

static void schedule(void **state) {
  (void)state;
  cs_model *m = th_model_from_text(tables);
  cs_arena *a = cs_arena_new();
  cs_schedule *S;
  cs_error err;
  assert_int_equal(cs_schedule_compute(m, CS_DATE_NONE, a, &S, &err), CS_OK);
  /* By due - 5 days: O2 (01-07), O1 (01-15), O4 (01-25); 300, 300, 120 minutes at 480 a day. */
  assert_int_equal(S->n, 3);
  const char *ids[] = {"O2", "O1", "O4"};
  const char *start[] = {"2026-01-05", "2026-01-05", "2026-01-06"};
  const char *end[] = {"2026-01-05", "2026-01-06", "2026-01-06"};
  const char *release[] = {"2026-01-02", "2025-12-31", "2026-01-01"};
  for (int i = 0; i < 3; i++) {
    assert_string_equal(oid(m, S->slots[i].order), ids[i]);
    assert_int_equal(S->slots[i].drum_start, day(start[i]));
    assert_int_equal(S->slots[i].drum_end, day(end[i]));
    assert_int_equal(S->slots[i].release, day(release[i]));
    assert_false(S->slots[i].late);
  }
  /* A rush of 80 Q (2,400 minutes: five days of B) due 01-09 goes first and is late: it
   * leaves B on 01-09 and can make 01-14; O2 then leaves B on 01-10 and can make 01-15. */
  cs_loc loc = {"test", 1, NULL};
  assert_int_equal(cs_event_apply_text(m, "{\"type\":\"order.created\",\"order\":{\"id\":\"O8\",\"product\":\"Q\","
                                     "\"qty\":80,\"due\":\"2026-01-09\"}}", &loc, &err), CS_OK);
  assert_int_equal(cs_schedule_compute(m, CS_DATE_NONE, a, &S, &err), CS_OK);
  assert_string_equal(oid(m, S->slots[0].order), "O8");
  assert_int_equal(S->slots[0].drum_end, day("2026-01-09"));
  assert_true(S->slots[0].late);
  assert_int_equal(S->slots[0].can_make, day("2026-01-14"));
  assert_string_equal(oid(m, S->slots[1].order), "O2");
  assert_int_equal(S->slots[1].drum_start, day("2026-01-10"));
  assert_true(S->slots[1].late);
  assert_int_equal(S->slots[1].can_make, day("2026-01-15"));
  cs_arena_free(a);
  cs_model_free(m);
}

static void buffers(void **state) {
  (void)state;
  cs_model *m = th_model_from_text(tables);
  cs_arena *a = cs_arena_new();
  cs_buffers *B;
  cs_error err;
  /* On 01-05: O3 at 1 - 3/10 = 0.7 (red), O2 at 0.3 (green), O1 at -0.5, O4 at -1.5. */
  assert_int_equal(cs_buffers_compute(m, CS_DATE_NONE, a, &B, &err), CS_OK);
  assert_int_equal(B->n, 4);
  const char *ids[] = {"O3", "O2", "O1", "O4"};
  const double bp[] = {0.7, 0.3, -0.5, -1.5};
  const cs_color col[] = {CS_RED, CS_GREEN, CS_GREEN, CS_GREEN};
  for (int i = 0; i < 4; i++) {
    assert_string_equal(oid(m, B->orders[i].order), ids[i]);
    assert_float_equal(B->orders[i].penetration, bp[i], 1e-12);
    assert_int_equal(B->orders[i].color, col[i]);
  }
  assert_int_equal(B->orders[2].release, day("2026-01-10")); /* O1 not released: its rope date */
  assert_int_equal(B->orders[1].release, day("2026-01-02")); /* O2: when it was released */
  /* On 01-09: O3 black (1.1), O2 red (0.7), O1 green (-0.1); queues: B holds O2, C holds O3. */
  assert_int_equal(cs_buffers_compute(m, day("2026-01-09"), a, &B, &err), CS_OK);
  assert_int_equal(B->orders[0].color, CS_BLACK);
  assert_int_equal(B->orders[1].color, CS_RED);
  assert_int_equal(B->orders[2].color, CS_GREEN);
  int32_t rB = cs_model_find_resource(m, "B"), rC = cs_model_find_resource(m, "C"), rA = cs_model_find_resource(m, "A");
  assert_int_equal(B->queue_start[rB + 1] - B->queue_start[rB], 1);
  assert_string_equal(oid(m, B->queue[B->queue_start[rB]]), "O2");
  assert_string_equal(oid(m, B->queue[B->queue_start[rC]]), "O3");
  /* The Pareto of causes: B holds 900 of throughput, C 450. */
  assert_int_equal(B->ncauses, 2);
  assert_int_equal(B->causes[0].resource, rB);
  assert_float_equal(B->causes[0].throughput, 900, 1e-9);
  assert_int_equal(B->causes[1].resource, rC);
  /* A's protective capacity is 1 - 2,000/2,400 = 16.7 %, under the 20 % asked for. */
  assert_int_equal(B->nflagged, 1);
  assert_int_equal(B->flagged[0], rA);
  assert_float_equal(B->protective[rA], 1 - 2000.0 / 2400, 1e-12);
  assert_float_equal(cs_penetration(day("2026-01-09"), day("2026-01-09"), 10), 1, 0);
  assert_int_equal(cs_color_of(1.0 / 3), CS_YELLOW);
  assert_int_equal(cs_color_of(2.0 / 3), CS_RED);
  cs_arena_free(a);
  cs_model_free(m);
}

static void measures(void **state) {
  (void)state;
  cs_model *m = th_model_from_text(tables);
  cs_measures M;
  cs_error err;
  assert_int_equal(cs_measures_compute(m, day("2026-01-01"), day("2026-01-05"), &M, &err), CS_OK);
  assert_float_equal(M.throughput, 450 + 300, 1e-9);      /* O5 and O6 shipped */
  assert_float_equal(M.operating_expense, 6000, 1e-9);
  assert_float_equal(M.net_profit, -5250, 1e-9);
  assert_float_equal(M.inventory, 900 + 450, 1e-9);        /* O2 and O3 at TVC */
  assert_float_equal(M.roi, -5250.0 / 1350, 1e-12);
  assert_float_equal(M.productivity, 750.0 / 6000, 1e-12);
  assert_int_equal(M.shipped, 2);
  assert_float_equal(M.on_time_rate, 0.5, 0);
  assert_float_equal(M.mean_lead_time_days, (8 + 4) / 2.0, 1e-12);
  assert_float_equal(M.tdd, 450 * 1, 1e-9);                /* O5, one day late */
  assert_float_equal(M.idd, 900 * 3 + 450 * 4, 1e-9);      /* held since 01-02 and 01-01 */
  /* On 01-10, O3 (due 01-08, 450 of T) is two days late and still open. */
  assert_int_equal(cs_measures_compute(m, day("2026-01-06"), day("2026-01-10"), &M, &err), CS_OK);
  assert_float_equal(M.tdd, 450 * 2, 1e-9);
  assert_int_equal(M.shipped, 0);
  assert_true(isnan(M.on_time_rate));
  cs_model_free(m);
}

/* The clockspeed: B's available minutes from 01-01 to 01-05 (480 a day) over the orders
 * shipped through it then (O5 and O6: both P and Q pass B): 2,400 / 2 = 1,200 minutes. */
static void clockspeed(void **state) {
  (void)state;
  cs_model *m = th_model_from_text(tables);
  cs_clockspeed C;
  cs_error err;
  int32_t b = cs_model_find_resource(m, "B");
  assert_int_equal(cs_clockspeed_compute(m, b, day("2026-01-01"), day("2026-01-05"), &C, &err), CS_OK);
  assert_int_equal(C.completions, 2);
  assert_float_equal(C.minutes, 2400, 1e-9);
  assert_float_equal(C.minutes_per_completion, 1200, 1e-9);
  /* A week with nothing shipped has no clockspeed yet. */
  assert_int_equal(cs_clockspeed_compute(m, b, day("2026-01-06"), day("2026-01-12"), &C, &err), CS_OK);
  assert_int_equal(C.completions, 0);
  assert_true(isnan(C.minutes_per_completion));
  /* From an event log: O3's last two steps finish it on 01-08, and O1 is released and
   * goes through all five steps from 01-06 to 01-09: two orders through B shipped in the
   * week of 01-06 to 01-12, whose 7 days hold 7 x 480 minutes of B: one every 1,680. */
  static const char *const log[] = {
    "{\"type\":\"step.completed\",\"order\":\"O3\",\"date\":\"2026-01-07\"}",
    "{\"type\":\"step.completed\",\"order\":\"O3\",\"date\":\"2026-01-08\"}",
    "{\"type\":\"order.released\",\"order\":\"O1\",\"date\":\"2026-01-06\"}",
    "{\"type\":\"step.completed\",\"order\":\"O1\",\"date\":\"2026-01-06\"}",
    "{\"type\":\"step.completed\",\"order\":\"O1\",\"date\":\"2026-01-07\"}",
    "{\"type\":\"step.completed\",\"order\":\"O1\",\"date\":\"2026-01-07\"}",
    "{\"type\":\"step.completed\",\"order\":\"O1\",\"date\":\"2026-01-08\"}",
    "{\"type\":\"step.completed\",\"order\":\"O1\",\"date\":\"2026-01-09\"}",
  };
  for (size_t i = 0; i < sizeof log / sizeof log[0]; i++) {
    cs_loc loc = {"log", (long)i + 1, NULL};
    if (cs_event_apply_text(m, log[i], &loc, &err)) fail_msg("%s", err.message);
  }
  assert_int_equal(cs_clockspeed_compute(m, b, day("2026-01-06"), day("2026-01-12"), &C, &err), CS_OK);
  assert_int_equal(C.completions, 2);
  assert_float_equal(C.minutes, 480 * 7, 1e-9);
  assert_float_equal(C.minutes_per_completion, 480 * 7 / 2.0, 1e-9);
  /* The CLI says it in words, for the drum. */
  char *dir = th_tmpdir(), *db = th_path(dir, "f.db");
  assert_int_equal(cs_store_import(db, m, NULL, NULL, &err), CS_OK);
  const char *args[] = {"constraint", db, NULL};
  char *out = NULL;
  assert_int_equal(th_run_cli(args, &out, NULL), 0);
  assert_non_null(strstr(out, "completes an order every"));
  free(out);
  th_rmtree(dir);
  free(dir);
  free(db);
  cs_model_free(m);
}

/* The deadband: resource 1 leading for one cycle is a flicker and is not announced; leading
 * by less than the band is not a lead; leading beyond it for three cycles in a row is a
 * lasting change and is announced on the third. */
static void deadband(void **state) {
  (void)state;
  cs_deadband d;
  cs_deadband_init(&d, 0.05, 3);
  assert_true(cs_deadband_feed(&d, 0, 1.10, 0));      /* the first is announced at once */
  assert_int_equal(d.announced, 0);
  assert_false(cs_deadband_feed(&d, 1, 1.30, 1.10));  /* a flicker: one cycle */
  assert_false(cs_deadband_feed(&d, 0, 1.12, 1.12));  /* back: the streak ends */
  assert_false(cs_deadband_feed(&d, 1, 1.15, 1.12));  /* within 5 %: not a lead */
  assert_false(cs_deadband_feed(&d, 1, 1.16, 1.12));
  assert_int_equal(d.held, 0);
  assert_false(cs_deadband_feed(&d, 1, 1.30, 1.10));  /* a lasting lead: one */
  assert_false(cs_deadband_feed(&d, 1, 1.32, 1.10));  /* two */
  assert_int_equal(d.announced, 0);
  assert_true(cs_deadband_feed(&d, 1, 1.35, 1.10));   /* three: announced */
  assert_int_equal(d.announced, 1);
  /* A different challenger starts its own count. */
  assert_false(cs_deadband_feed(&d, 2, 2.0, 1.0));
  assert_false(cs_deadband_feed(&d, 3, 2.0, 1.0));
  assert_int_equal(d.held, 1);
  assert_int_equal(d.candidate, 3);
}

/* An order's colour through its deadband (band 0.05 of the buffer, 3 Constraint cycles):
 * each row feeds the live colour and penetration after some cycles, and says whether the
 * announced colour changes and what it is then. */
static void color_band(void **state) {
  (void)state;
  static const struct {
    int8_t live;
    double bp;
    size_t elapsed;
    bool changed;
    int8_t announced;
  } rows[] = {
      {CS_YELLOW, 0.40, 0, true, CS_YELLOW},  /* first seen: announced at once */
      {CS_RED, 0.70, 1, false, CS_YELLOW},    /* red beyond the band for one cycle */
      {CS_YELLOW, 0.60, 1, false, CS_YELLOW}, /* back: a flicker, never announced */
      {CS_RED, 0.68, 5, false, CS_YELLOW},    /* red but within the band (edge 2/3 + 0.05) */
      {CS_RED, 0.75, 2, false, CS_YELLOW},    /* beyond the band: two cycles */
      {CS_RED, 0.76, 0, false, CS_YELLOW},    /* no cycle passed */
      {CS_RED, 0.77, 1, true, CS_RED},        /* three: a lasting change, announced */
      {CS_YELLOW, 0.64, 9, false, CS_RED},    /* better, within the band below 2/3 */
      {CS_GREEN, 0.10, 3, true, CS_GREEN},    /* far better for three cycles: announced */
      {-1, NAN, 0, true, -1},                 /* closed: announced at once */
  };
  cs_color_band c;
  cs_color_band_init(&c);
  for (size_t k = 0; k < sizeof rows / sizeof *rows; k++) {
    bool changed = cs_color_band_feed(&c, 0.05, 3, rows[k].live, rows[k].bp, rows[k].elapsed);
    if (changed != rows[k].changed || c.announced != rows[k].announced)
      fail_msg("row %zu: changed %d announced %d, expected %d %d", k, changed, c.announced, rows[k].changed, rows[k].announced);
  }
}

/* Consistency: lead-time p50 and p90 (nearest rank) and on-time rate, in all, by customer
 * and by product, on ten shipped orders worked out by hand:
 *   customer A: P lead 2, 4, 6, 8 days, on time, on time, late, late
 *   customer B: Q lead 10 (late), P lead 3 (on time)
 *   customer C: Q lead 1, 1, 1, 1 (all on time)
 * All ten leads sorted: 1 1 1 1 2 3 4 6 8 10; p50 = the 5th = 2, p90 = the 9th = 8. */
static void measures_spread(void **state) {
  (void)state;
  const char *t2[CS_TABLE_COUNT];
  memcpy(t2, tables, sizeof t2);
  t2[CS_TABLE_ORDERS] = "id,product,qty,due,status,released,shipped,customer\n"
                        "A1,P,1,2026-01-10,done,2026-01-01,2026-01-03,A\n"
                        "A2,P,1,2026-01-10,done,2026-01-01,2026-01-05,A\n"
                        "A3,P,1,2026-01-05,done,2026-01-01,2026-01-07,A\n"
                        "A4,P,1,2026-01-05,done,2026-01-01,2026-01-09,A\n"
                        "B1,Q,1,2026-01-05,done,2025-12-30,2026-01-09,B\n"
                        "B2,P,1,2026-01-09,done,2026-01-06,2026-01-09,B\n"
                        "C1,Q,1,2026-01-09,done,2026-01-08,2026-01-09,C\n"
                        "C2,Q,1,2026-01-09,done,2026-01-07,2026-01-08,C\n"
                        "C3,Q,1,2026-01-09,done,2026-01-06,2026-01-07,C\n"
                        "C4,Q,1,2026-01-09,done,2026-01-05,2026-01-06,C\n"
                        "X1,Q,1,2026-01-09,done,2026-01-05,2026-01-20,C\n";
  cs_model *m = th_model_from_text(t2);
  cs_arena *a = cs_arena_new();
  cs_spread *S;
  cs_error err;
  assert_int_equal(cs_measures_spread(m, day("2026-01-01"), day("2026-01-10"), a, &S, &err), CS_OK);
  assert_float_equal(S->lead_p50, 2, 0);
  assert_float_equal(S->lead_p90, 8, 0);
  /* Least on time first: A (2 of 4), B (1 of 2), C (4 of 4; X1 shipped after the window). */
  assert_int_equal(S->ncustomers, 3);
  const char *order[] = {"A", "B", "C"};
  const double rate[] = {0.5, 0.5, 1}, p50[] = {4, 3, 1}, p90[] = {8, 10, 1};
  const size_t shipped[] = {4, 2, 4};
  for (size_t i = 0; i < 3; i++) {
    assert_string_equal(S->by_customer[i].key, order[i]);
    assert_int_equal(S->by_customer[i].shipped, shipped[i]);
    assert_float_equal(S->by_customer[i].on_time_rate, rate[i], 0);
    assert_float_equal(S->by_customer[i].lead_p50, p50[i], 0);
    assert_float_equal(S->by_customer[i].lead_p90, p90[i], 0);
  }
  /* By product: P leads 2 3 4 6 8 (3 of 5 on time); Q leads 1 1 1 1 10 (4 of 5). */
  assert_int_equal(S->nproducts, 2);
  assert_string_equal(S->by_product[0].key, "P");
  assert_float_equal(S->by_product[0].on_time_rate, 0.6, 1e-12);
  assert_float_equal(S->by_product[0].lead_p50, 4, 0);
  assert_float_equal(S->by_product[0].lead_p90, 8, 0);
  assert_string_equal(S->by_product[1].key, "Q");
  assert_float_equal(S->by_product[1].lead_p50, 1, 0);
  assert_float_equal(S->by_product[1].lead_p90, 10, 0);
  cs_arena_free(a);
  cs_model_free(m);
}

/* Events move orders: O3's last two steps finish it; a refused event changes nothing. */
static void events(void **state) {
  (void)state;
  cs_model *m = th_model_from_text(tables);
  cs_error err;
  cs_loc loc = {"ev.jsonl", 1, NULL};
  int32_t o3 = cs_model_find_order(m, "O3"), o1 = cs_model_find_order(m, "O1");
  const char *step = "{\"type\":\"step.completed\",\"order\":\"O3\",\"date\":\"2026-01-06\",\"minutes\":55}";
  assert_int_equal(cs_event_apply_text(m, step, &loc, &err), CS_OK);
  assert_int_equal(m->orders.steps_done[o3], 4);
  assert_int_equal(cs_event_apply_text(m, "{\"type\":\"step.completed\",\"order\":\"O3\",\"date\":\"2026-01-07\"}", &loc, &err), CS_OK);
  assert_int_equal(m->orders.status[o3], CS_ORDER_DONE);
  assert_int_equal(m->orders.shipped[o3], day("2026-01-07"));
  cs_measures M;
  assert_int_equal(cs_measures_compute(m, day("2026-01-06"), day("2026-01-10"), &M, &err), CS_OK);
  assert_int_equal(M.shipped, 1);
  assert_float_equal(M.on_time_rate, 1, 0);
  assert_int_equal(cs_event_apply_text(m, step, &loc, &err), CS_EINPUT);
  assert_string_equal(err.message, "ev.jsonl:1: column 'order': order 'O3' is done; steps are completed on released orders");
  assert_int_equal(cs_event_apply_text(m, "{\"type\":\"step.completed\",\"order\":\"O1\",\"date\":\"2026-01-07\"}", &loc, &err), CS_EINPUT);
  assert_int_equal(m->orders.steps_done[o1], 0);
  assert_int_equal(cs_event_apply_text(m, "{\"type\":\"order.released\",\"order\":\"O1\",\"date\":\"2026-01-06\",\"by\":\"me\"}", &loc, &err), CS_EINPUT);
  assert_string_equal(err.message, "ev.jsonl:1: column 'by': unknown field 'by'");
  assert_int_equal(cs_event_apply_text(m, "{\"type\":\"order.released\",\"order\":\"O1\",\"date\":\"2026-01-06\"}", &loc, &err), CS_OK);
  assert_int_equal(m->orders.status[o1], CS_ORDER_RELEASED);
  assert_int_equal(cs_event_apply_text(m, "{\"type\":\"setting.changed\",\"key\":\"production_buffer_days\",\"value\":-3}", &loc, &err), CS_EINPUT);
  assert_float_equal(m->settings.production_buffer_days, 10, 0);
  assert_int_equal(cs_event_apply_text(m, "{\"type\":\"setting.changed\",\"key\":\"production_buffer_days\",\"value\":6}", &loc, &err), CS_OK);
  assert_float_equal(m->settings.production_buffer_days, 6, 0);
  assert_int_equal(cs_event_apply_text(m, "{\"type\":\"resource.capacity\",\"resource\":\"B\",\"date\":\"2026-01-05\",\"capacity\":0,\"days\":2}", &loc, &err), CS_OK);
  assert_float_equal(cs_available_minutes(m, cs_model_find_resource(m, "B"), day("2026-01-05"), 5), 3 * 480, 1e-9);
  assert_int_equal(cs_event_apply_text(m, "{\"type\":\"order.cancelled\",\"order\":\"O4\"}", &loc, &err), CS_OK);
  assert_int_equal(cs_event_apply_text(m, "{\"type\":\"order.cancelled\",\"order\":\"O4\"}", &loc, &err), CS_EINPUT);
  assert_int_equal(cs_event_apply_text(m, "{\"type\":\"order.moved\"}", &loc, &err), CS_EINPUT);
  assert_string_equal(err.message, "ev.jsonl:1: column 'type': unknown event type 'order.moved'");
  cs_model_free(m);
}

/* `clockspeed event` on a store: a batch with a bad line applies nothing; a good batch is
 * durable and replayed when the store is read again. */
static void event_cli(void **state) {
  (void)state;
  char *dir = th_tmpdir(), *db = th_path(dir, "pq.db"), *bad = th_path(dir, "bad.jsonl"), *good = th_path(dir, "good.jsonl");
  const char *init[] = {"init", db, "--demo", "pq", NULL};
  char *out, *err;
  assert_int_equal(th_run_cli(init, &out, &err), 0);
  free(out);
  free(err);
  th_write(bad, "{\"type\":\"order.created\",\"order\":{\"id\":\"A1\",\"product\":\"P\",\"qty\":5,\"due\":\"2026-01-09\"}}\n"
                "\n{\"type\":\"order.released\",\"order\":\"A1\",\"date\":\"soon\"}\n");
  const char *run_bad[] = {"event", db, bad, NULL};
  assert_int_equal(th_run_cli(run_bad, &out, &err), 2);
  assert_string_equal(err, "clockspeed: bad.jsonl:3: column 'date': field 'date' must be an ISO date (YYYY-MM-DD)\n");
  free(out);
  free(err);
  cs_model *m = th_load(db);
  assert_int_equal(m->orders.n, 0);
  cs_model_free(m);
  th_write(good, "{\"type\":\"order.created\",\"order\":{\"id\":\"A1\",\"product\":\"P\",\"qty\":5,\"due\":\"2026-01-09\"}}\n"
                 "{\"type\":\"order.released\",\"order\":\"A1\",\"date\":\"2026-01-05\"}\n");
  const char *run_good[] = {"event", db, good, NULL};
  assert_int_equal(th_run_cli(run_good, &out, &err), 0);
  free(out);
  free(err);
  m = th_load(db);
  assert_int_equal(m->orders.n, 1);
  assert_int_equal(m->orders.status[0], CS_ORDER_RELEASED);
  cs_model_free(m);
  const char *buf[] = {"buffers", db, "--json", NULL};
  assert_int_equal(th_run_cli(buf, &out, &err), 0);
  json_error_t je;
  json_t *j = json_loads(out, 0, &je);
  json_t *first = json_array_get(json_object_get(j, "orders"), 0);
  assert_string_equal(json_string_value(json_object_get(first, "id")), "A1");
  assert_string_equal(json_string_value(json_object_get(first, "color")), "yellow"); /* 1 - 4/10 */
  json_t *qa = json_object_get(json_object_get(j, "queues"), "A");
  assert_string_equal(json_string_value(json_array_get(qa, 0)), "A1");
  json_decref(j);
  free(out);
  free(err);
  th_rmtree(dir);
  free(dir);
  free(db);
  free(bad);
  free(good);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(sdbr),     cmocka_unit_test(schedule), cmocka_unit_test(buffers),
    cmocka_unit_test(measures),
    cmocka_unit_test(measures_spread),
    cmocka_unit_test(clockspeed),
    cmocka_unit_test(deadband), cmocka_unit_test(color_band), cmocka_unit_test(events),   cmocka_unit_test(event_cli),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
