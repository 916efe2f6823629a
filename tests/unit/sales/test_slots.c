/* test_slots.c — the sales desk's best-k slots (DESIGN §8): insertions computed by hand
 * (travel added, a window that forbids a slot, opening hours, a pinned visit that blocks
 * one, a full rep-day, a rep away), the fast search against the exhaustive one on
 * generated desks with every slot re-checked by an independent checker written from
 * DESIGN §8 alone, and a visit valued through the plant's bid prices.
 *
 * The hand-computed desk lies on the equator with road_factor 1 and 60 km/h, so a minute
 * is a kilometre: 0.1 degree of longitude is 11.12 km, 12 minutes once rounded up. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static cs_date date(const char *s) {
  cs_date d;
  assert_true(cs_date_parse(s, &d));
  return d;
}

/* The hand-computed desk: rep R1 at home (0, 0) from 08:00 to 17:00; on Monday 2026-01-05
 * visits at A1 (0.1°, 09:00–10:00) and A2 (0.2°, 11:00–12:00, pinned); the new visit is at
 * A3 (0.15°): 17 minutes from home, 6 from A1 and from A2. `extra` is appended to
 * reps.csv's row (target), `opening` to A3's row. */
static cs_model *hand_desk(const char *target, const char *a3_open, const char *calendar) {
  char reps[256], accounts[512];
  snprintf(reps, sizeof reps, "id,home_lat,home_lon,day_start,day_end,workdays,skills,target_per_day\n"
                              "R1,0,0,08:00,17:00,Mon-Fri,sales,%s\n", target);
  snprintf(accounts, sizeof accounts, "id,lat,lon,open,close\nA1,0,0.1,08:00,18:00\nA2,0,0.2,08:00,18:00\nA3,0,0.15,%s,18:00\n",
           a3_open);
  const char *tables[CS_TABLE_COUNT] = {0};
  tables[CS_TABLE_SETTINGS] = "key,value\ntoday,2026-01-05\ntravel_speed_kmh,60\nroad_factor,1\ntravel_cost_per_min,0.5\n";
  tables[CS_TABLE_REPS] = reps;
  tables[CS_TABLE_REP_CALENDAR] = calendar;
  tables[CS_TABLE_ACCOUNTS] = accounts;
  tables[CS_TABLE_OPPORTUNITIES] = "id,account,expected_throughput,probability,next_step\n"
                                   "O1,A1,1000,1,x\nO2,A2,1000,1,x\nO3,A3,800,0.5,demo of the press\n"
                                   "O4,A3,800,0.5,\n";
  tables[CS_TABLE_APPOINTMENTS] = "id,opportunity,rep,date,start,duration_min,status,pinned\n"
                                  "V1,O1,R1,2026-01-05,09:00,60,booked,0\n"
                                  "V2,O2,R1,2026-01-05,11:00,60,booked,1\n";
  return th_model_from_text(tables);
}

/* The best slots for O3 on Monday; fails the test on an error. */
static cs_slot_result *slots_for(const cs_model *m, int32_t duration, int32_t wfrom, int32_t wto, size_t k,
                                 cs_arena *a) {
  cs_desk *d;
  cs_error err;
  if (cs_desk_new(m, CS_DATE_NONE, CS_DATE_NONE, &d, &err)) fail_msg("desk: %s", err.message);
  cs_slot_request q = {cs_model_find_opportunity(m, "O3"), duration, date("2026-01-05"), date("2026-01-05"), NULL,
                       wfrom, wto, k, NULL};
  cs_slot_result *R;
  if (cs_desk_best_slots(d, &q, a, &R, &err)) fail_msg("slots: %s", err.message);
  cs_desk_free(d);
  return R;
}

static void travel_minutes(void **state) {
  (void)state;
  cs_model *m = hand_desk("4", "08:00", "");
  int32_t a1 = cs_model_find_account(m, "A1"), a2 = cs_model_find_account(m, "A2"), a3 = cs_model_find_account(m, "A3");
  /* 0.1° on the equator: 6,371 x 0.1 x pi / 180 = 11.12 km: 12 minutes at 60 km/h. */
  assert_float_equal(cs_haversine_km(0, 0, 0, 0.1), 6371 * 0.1 * 3.14159265358979323846 / 180, 1e-9);
  assert_int_equal(cs_travel_minutes(m, -1, a1), 12);
  assert_int_equal(cs_travel_minutes(m, -1, a3), 17);
  assert_int_equal(cs_travel_minutes(m, a1, a3), 6);
  assert_int_equal(cs_travel_minutes(m, a3, a2), 6);
  assert_int_equal(cs_travel_minutes(m, a1, a2), 12);
  assert_int_equal(cs_travel_minutes(m, -1, a2), 23);
  cs_model_free(m);
  /* travel.csv overrides the estimate for the pair it gives, one way. */
  const char *tables[CS_TABLE_COUNT] = {0};
  tables[CS_TABLE_REPS] = "id,home_lat,home_lon\nR1,0,0\n";
  tables[CS_TABLE_ACCOUNTS] = "id,lat,lon\nA1,0,0.1\n";
  tables[CS_TABLE_TRAVEL] = "from,to,minutes\nR1,A1,30\n";
  m = th_model_from_text(tables);
  assert_int_equal(cs_travel_minutes(m, -1, 0), 30);
  assert_int_equal(cs_travel_minutes(m, 0, -1), 18); /* 11.12 km x 1.3 / 50 km/h = 17.35 min */
  cs_model_free(m);
}

static void hand_computed_insertions(void **state) {
  (void)state;
  cs_arena *a = cs_arena_new();
  cs_model *m = hand_desk("4", "08:00", "");
  /* 60 minutes: before A1 it would end 09:17 + 6 > 09:00; between A1 and A2 at 10:06 it
   * would end 11:06 + 6 > 11:00; after A2 it starts 12:06 and is home at 13:23. */
  cs_slot_result *R = slots_for(m, 60, -1, -1, 5, a);
  assert_int_equal(R->considered, 1);
  assert_int_equal(R->n, 1);
  assert_int_equal(R->slots[0].start, 12 * 60 + 6);
  assert_int_equal(R->slots[0].end, 13 * 60 + 6);
  assert_int_equal(R->slots[0].added_travel, 6 + 17 - 23);
  assert_float_equal(R->slots[0].value, 400, 1e-9);
  assert_float_equal(R->slots[0].score, 400, 1e-9);
  assert_int_equal(R->slots[0].fill_before, 2);
  assert_int_equal(R->slots[0].fill_after, 3);
  /* 45 minutes fit between A1 and A2 too (10:06 to 10:51, at A2 by 10:57): both slots add
   * no travel, so the earlier start ranks first. */
  R = slots_for(m, 45, -1, -1, 5, a);
  assert_int_equal(R->n, 2);
  assert_int_equal(R->slots[0].start, 10 * 60 + 6);
  assert_int_equal(R->slots[0].added_travel, 6 + 6 - 12);
  assert_int_equal(R->slots[1].start, 12 * 60 + 6);
  /* A window from 13:00 forbids the slot between A1 and A2 and moves the other. */
  R = slots_for(m, 45, 13 * 60, 17 * 60, 5, a);
  assert_int_equal(R->n, 1);
  assert_int_equal(R->slots[0].start, 13 * 60);
  /* A window that ends before any gap can take the visit: nothing, and why. */
  R = slots_for(m, 60, 8 * 60, 10 * 60, 5, a);
  assert_int_equal(R->n, 0);
  assert_non_null(strstr(R->why_none, "no booked day has room"));
  cs_model_free(m);
  /* A3 opens at 13:30: the visit after A2 starts then. */
  m = hand_desk("4", "13:30", "");
  R = slots_for(m, 60, -1, -1, 5, a);
  assert_int_equal(R->n, 1);
  assert_int_equal(R->slots[0].start, 13 * 60 + 30);
  cs_model_free(m);
  /* A rep-day at its target takes no more; a rep away offers nothing. */
  m = hand_desk("2", "08:00", "");
  R = slots_for(m, 45, -1, -1, 5, a);
  assert_int_equal(R->n, 0);
  assert_non_null(strstr(R->why_none, "target"));
  cs_model_free(m);
  m = hand_desk("4", "08:00", "rep,date,available\nR1,2026-01-05,0\n");
  R = slots_for(m, 45, -1, -1, 5, a);
  assert_int_equal(R->n, 0);
  assert_non_null(strstr(R->why_none, "works"));
  cs_model_free(m);
  cs_arena_free(a);
}

/* The desk books concrete next steps: an opportunity without one is refused, named. */
static void no_next_step(void **state) {
  (void)state;
  cs_model *m = hand_desk("4", "08:00", "");
  cs_desk *d;
  cs_error err;
  assert_int_equal(cs_desk_new(m, CS_DATE_NONE, CS_DATE_NONE, &d, &err), CS_OK);
  cs_arena *a = cs_arena_new();
  cs_slot_request q = {cs_model_find_opportunity(m, "O4"), 60, CS_DATE_NONE, CS_DATE_NONE, NULL, -1, -1, 3, NULL};
  cs_slot_result *R;
  assert_int_equal(cs_desk_best_slots(d, &q, a, &R, &err), CS_EINPUT);
  assert_string_equal(err.field, "opportunity");
  assert_non_null(strstr(err.message, "'O4' has no concrete next step"));
  cs_arena_free(a);
  cs_desk_free(d);
  cs_model_free(m);
}

/* ---- An independent checker, written from DESIGN §8 alone ------------------------- */

static int minutes_between(const cs_model *m, double la1, double lo1, double la2, double lo2) {
  double km = cs_haversine_km(la1, lo1, la2, lo2);
  return (int)ceil(km * m->settings.road_factor / m->settings.travel_speed_kmh * 60 - 1e-9);
}

/* Checks one offered slot against the model: the rep works that day and has the skill;
 * the day had fewer visits than the target; the visit starts at the earliest minute after
 * the previous stop (or home) plus travel, the account's opening and the window; it ends
 * by the close, and with travel before the next visit (or home by the day's end). */
static void check_slot(const cs_model *m, const cs_slot_request *q, const cs_slot *s) {
  int32_t r = s->rep, acc = m->opportunities.account[q->opportunity];
  int wd = (int)((((long)s->date + 3) % 7 + 7) % 7);
  assert_true((m->reps.workdays[r] >> wd) & 1);
  int32_t ds = m->reps.day_start[r], de = m->reps.day_end[r];
  /* The booked visits of that rep-day, by start. */
  int32_t v[64];
  size_t n = 0;
  for (size_t i = 0; i < m->appointments.n; i++) {
    uint8_t st = m->appointments.status[i];
    if ((st == CS_APPT_BOOKED || st == CS_APPT_DONE || st == CS_APPT_NO_SHOW) && m->appointments.rep[i] == r &&
        m->appointments.date[i] == s->date)
      v[n++] = (int32_t)i;
  }
  for (size_t i = 1; i < n; i++)
    for (size_t j = i; j > 0 && m->appointments.start[v[j - 1]] > m->appointments.start[v[j]]; j--) {
      int32_t t = v[j];
      v[j] = v[j - 1];
      v[j - 1] = t;
    }
  assert_true((int32_t)n < m->reps.target_per_day[r]);
  assert_int_equal(s->fill_before, (int32_t)n);
  /* The gap it is in: the last visit that ends by its start. */
  double hla = m->reps.home_lat[r], hlo = m->reps.home_lon[r], ala = m->accounts.lat[acc], alo = m->accounts.lon[acc];
  double pla = hla, plo = hlo;
  int32_t prev_end = ds;
  size_t i = 0;
  for (; i < n && m->appointments.start[v[i]] < s->start; i++) {
    int32_t pa = m->opportunities.account[m->appointments.opportunity[v[i]]];
    pla = m->accounts.lat[pa], plo = m->accounts.lon[pa];
    prev_end = m->appointments.start[v[i]] + m->appointments.duration[v[i]];
  }
  double nla = hla, nlo = hlo;
  int32_t next_start = de;
  if (i < n) {
    int32_t na = m->opportunities.account[m->appointments.opportunity[v[i]]];
    nla = m->accounts.lat[na], nlo = m->accounts.lon[na];
    next_start = m->appointments.start[v[i]];
  }
  int32_t earliest = prev_end + minutes_between(m, pla, plo, ala, alo);
  if (earliest < m->accounts.open[acc]) earliest = m->accounts.open[acc];
  if (q->window_from >= 0 && earliest < q->window_from) earliest = q->window_from;
  assert_int_equal(s->start, earliest);
  assert_int_equal(s->end, s->start + q->duration);
  assert_true(s->end <= m->accounts.close[acc]);
  if (q->window_to >= 0) assert_true(s->end <= q->window_to);
  assert_true(s->end + minutes_between(m, ala, alo, nla, nlo) <= next_start);
  int32_t added = minutes_between(m, pla, plo, ala, alo) + minutes_between(m, ala, alo, nla, nlo) -
                  minutes_between(m, pla, plo, nla, nlo);
  assert_int_equal(s->added_travel, added);
  assert_true(s->value >= s->bid_price * (q->duration + added) - 1e-6);
}

/* On generated desks the fast search offers exactly what the exhaustive one does, and every
 * slot passes the independent checker. */
static void fast_equals_exhaustive(void **state) {
  (void)state;
  for (uint64_t seed = 1; seed <= 4; seed++) {
    cs_gen_params gp;
    cs_error err;
    cs_model *m;
    assert_int_equal(cs_gen_params_for_scale('S', &gp, &err), CS_OK);
    gp.seed = seed;
    gp.orders = 50;
    assert_int_equal(cs_generate(&gp, date("2026-01-05"), NULL, NULL, &m, &err), CS_OK);
    cs_desk *d;
    assert_int_equal(cs_desk_new(m, CS_DATE_NONE, CS_DATE_NONE, &d, &err), CS_OK);
    cs_arena *a = cs_arena_new();
    size_t asked = 0, offered = 0;
    for (size_t o = 0; o < m->opportunities.n; o += 7) {
      if (!m->opportunities.next_step[o][0]) continue;
      int32_t wf = o % 3 == 0 ? 12 * 60 : -1, wt = o % 3 == 0 ? 16 * 60 : -1;
      cs_slot_request q = {(int32_t)o, o % 2 ? 45 : 90, CS_DATE_NONE, CS_DATE_NONE, o % 5 == 0 ? "install" : NULL,
                           wf, wt, 5, NULL};
      cs_slot_result *F, *E;
      assert_int_equal(cs_desk_best_slots(d, &q, a, &F, &err), CS_OK);
      assert_int_equal(cs_desk_best_slots_exhaustive(d, &q, a, &E, &err), CS_OK);
      assert_int_equal(F->n, E->n);
      for (size_t i = 0; i < F->n; i++) {
        assert_int_equal(F->slots[i].rep, E->slots[i].rep);
        assert_int_equal(F->slots[i].date, E->slots[i].date);
        assert_int_equal(F->slots[i].start, E->slots[i].start);
        assert_float_equal(F->slots[i].score, E->slots[i].score, 1e-9);
        check_slot(m, &q, &F->slots[i]);
        if (i) assert_true(F->slots[i].score <= F->slots[i - 1].score + 1e-9);
      }
      asked++;
      offered += F->n;
    }
    print_message("seed %d: %zu requests, %zu slots checked\n", (int)seed, asked, offered);
    assert_true(offered > 0);
    cs_arena_free(a);
    cs_desk_free(d);
    cs_model_free(m);
  }
}

/* Every rep-day of two desks holds the same route: visits, drives, driving and face time. */
static void same_routes(const cs_model *m, const cs_desk *a, const cs_desk *b) {
  cs_date first, last;
  cs_desk_dates(a, &first, &last);
  cs_arena *ar = cs_arena_new();
  cs_diary *x, *y;
  cs_error err;
  size_t days = (size_t)(last - first) + 1;
  assert_int_equal(cs_desk_diary(a, -1, m->reps.n, first, days, ar, &x, &err), CS_OK);
  assert_int_equal(cs_desk_diary(b, -1, m->reps.n, first, days, ar, &y, &err), CS_OK);
  for (size_t r = 0; r < m->reps.n; r++)
    for (size_t k = 0; k < days; k++) {
      const cs_diary_day *p = &x->reps[r].days[k], *q = &y->reps[r].days[k];
      assert_int_equal(p->n, q->n);
      assert_int_equal(p->travel, q->travel);
      assert_int_equal(p->busy, q->busy);
      assert_int_equal(p->travel_home, q->travel_home);
      for (size_t i = 0; i < p->n; i++) {
        assert_int_equal(p->visits[i].appointment, q->visits[i].appointment);
        assert_int_equal(p->visits[i].travel_before, q->visits[i].travel_before);
      }
    }
  cs_arena_free(ar);
}

/* A desk that takes in the visits booked on it (as the server's kept desk does) holds the
 * same routes as one built afresh on the model, and what it then offers is feasible. */
static void visits_taken_in(void **state) {
  (void)state;
  cs_gen_params gp;
  cs_error err;
  cs_model *m;
  assert_int_equal(cs_gen_params_for_scale('S', &gp, &err), CS_OK);
  gp.seed = 7;
  gp.orders = 50;
  assert_int_equal(cs_generate(&gp, date("2026-01-05"), NULL, NULL, &m, &err), CS_OK);
  cs_desk *d;
  assert_int_equal(cs_desk_new(m, CS_DATE_NONE, CS_DATE_NONE, &d, &err), CS_OK);
  cs_arena *a = cs_arena_new();
  size_t booked = 0;
  for (size_t o = 0; o < m->opportunities.n && booked < 40; o += 3) {
    if (!m->opportunities.next_step[o][0]) continue;
    cs_slot_request q = {(int32_t)o, 60, CS_DATE_NONE, CS_DATE_NONE, NULL, -1, -1, 1, NULL};
    cs_slot_result *R;
    assert_int_equal(cs_desk_best_slots(d, &q, a, &R, &err), CS_OK);
    if (!R->n) continue;
    check_slot(m, &q, &R->slots[0]);
    char text[512], day[11];
    snprintf(text, sizeof text,
             "{\"type\":\"appointment.booked\",\"appointment\":{\"id\":\"T%zu\",\"opportunity\":\"%s\","
             "\"rep\":\"%s\",\"date\":\"%s\",\"start\":\"%02d:%02d\",\"duration_min\":60}}",
             booked, m->opportunities.id[o], m->reps.id[R->slots[0].rep], cs_date_format(R->slots[0].date, day),
             (int)(R->slots[0].start / 60), (int)(R->slots[0].start % 60));
    cs_loc loc = {"test", 1, NULL};
    assert_int_equal(cs_event_apply_text(m, text, &loc, &err), CS_OK);
    assert_int_equal(cs_desk_add_visit(d, (int32_t)m->appointments.n - 1, &err), CS_OK);
    booked++;
  }
  assert_true(booked >= 20);
  cs_desk *fresh;
  assert_int_equal(cs_desk_new(m, CS_DATE_NONE, CS_DATE_NONE, &fresh, &err), CS_OK);
  same_routes(m, d, fresh);
  /* A visit that holds no time is refused. */
  assert_int_equal(cs_desk_add_visit(d, -1, &err), CS_EINPUT);
  cs_desk_free(fresh);
  cs_desk_free(d);
  cs_arena_free(a);
  cs_model_free(m);
}

/* A model that holds both: an opportunity naming products is valued through the plant's
 * bid prices. P&Q's B is full at 2 $ a minute: 10 P earn 10 x 45 = 450 of T and take 150
 * minutes of B (300 $), so the visit is worth (450 - 300) x 0.5 = 75. */
static void value_through_bid_prices(void **state) {
  (void)state;
  char *src = th_path(getenv("CS_EXAMPLES"), "pq"), *dir = th_tmpdir();
  th_copy_dir(src, dir);
  char *p = th_path(dir, "products.csv");
  th_write(p, "id,price,tvc,demand,name,lead_time_days\nP,90,45,100,Product P,0\nQ,100,40,50,Product Q,0\n");
  free(p);
  const char *files[][2] = {{"reps.csv", "id,home_lat,home_lon\nR1,0,0\n"},
                            {"accounts.csv", "id,lat,lon\nA1,0,0.1\n"},
                            {"opportunities.csv", "id,account,expected_throughput,probability,products,next_step\n"
                                                  "O1,A1,99999,0.5,P:10,quote review\nO2,A1,1000,0.5,,visit\n"}};
  for (size_t i = 0; i < 3; i++) {
    char *f = th_path(dir, files[i][0]);
    th_write(f, files[i][1]);
    free(f);
  }
  cs_model *m = th_load(dir);
  cs_desk *d;
  cs_error err;
  assert_int_equal(cs_desk_new(m, CS_DATE_NONE, CS_DATE_NONE, &d, &err), CS_OK);
  assert_float_equal(cs_desk_value(d, cs_model_find_opportunity(m, "O1")), 75, 1e-6);
  assert_float_equal(cs_desk_value(d, cs_model_find_opportunity(m, "O2")), 500, 1e-9);
  cs_desk_free(d);
  cs_model_free(m);
  th_rmtree(dir);
  free(dir);
  free(src);
}

/* Bad rows name the file, line, column and value. */
static void bad_rows(void **state) {
  (void)state;
  static const struct { cs_table t; const char *text, *message; } cases[] = {
    {CS_TABLE_REPS, "id,home_lat,home_lon\nR1,95,0\n", "reps.csv:2: column 'home_lat': '95' is out of range -90..90"},
    {CS_TABLE_REPS, "id,home_lat,home_lon,workdays\nR1,0,0,Mon-Fry\n",
     "reps.csv:2: column 'workdays': 'Mon-Fry' is not a list of weekdays (e.g. Mon-Fri or Mon;Wed;Fri)"},
    {CS_TABLE_REPS, "id,home_lat,home_lon,day_start,day_end\nR1,0,0,17:00,08:00\n",
     "reps.csv:2: column 'day_end': '08:00' must come after day_start"},
    {CS_TABLE_REPS, "id,home_lat,home_lon,day_start\nR1,0,0,8:00\n", "reps.csv:2: column 'day_start': '8:00' is not a time (HH:MM)"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *dir = th_tmpdir(), *f = th_path(dir, cs_table_file(cases[i].t));
    th_write(f, cases[i].text);
    cs_model *m = NULL;
    cs_error err;
    assert_int_equal(cs_model_load(dir, &m, &err), CS_EINPUT);
    assert_string_equal(err.message, cases[i].message);
    th_rmtree(dir);
    free(f);
    free(dir);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(travel_minutes),         cmocka_unit_test(hand_computed_insertions),
      cmocka_unit_test(no_next_step),           cmocka_unit_test(fast_equals_exhaustive),
      cmocka_unit_test(value_through_bid_prices), cmocka_unit_test(bad_rows),
      cmocka_unit_test(visits_taken_in),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
