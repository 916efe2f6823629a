/* test_reroute.c — route improvement of the reps' booked days (DESIGN §8): a hand-made
 * day whose optimum is known (with and without a pinned visit), and generated desks whose
 * improved plans are applied as an appointments.rerouted event and then checked by an
 * independent checker written from DESIGN §8 alone: every rep's day from home to home,
 * drives in whole minutes from the haversine formula, opening hours, windows, skills,
 * targets, reps away, pinned and done visits untouched, dates kept, and never more
 * driving than before. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static cs_date date(const char *s) {
  cs_date d;
  assert_true(cs_date_parse(s, &d));
  return d;
}

/* Improves `ndays` dates from `from` on the model; fails the test on an error. */
static cs_reroute *improve(const cs_model *m, const char *from, size_t ndays, double seconds, cs_arena *a) {
  cs_desk *d;
  cs_error err;
  cs_date first = date(from);
  if (cs_desk_new(m, first, first + (cs_date)ndays - 1, &d, &err)) fail_msg("desk: %s", err.message);
  cs_reroute_options o = {seconds, 2, 7, 0, NULL, NULL};
  cs_reroute *P;
  if (cs_desk_reroute(d, first, ndays, &o, a, &P, &err)) fail_msg("reroute: %s", err.message);
  cs_desk_free(d);
  return P;
}

/* Applies the plan's event to the model; fails the test when it is refused. */
static void apply_plan(cs_model *m, const cs_reroute *P) {
  char *text = cs_json_reroute_event(m, P);
  if (!P->nmoves) {
    assert_null(text);
    return;
  }
  cs_error err;
  cs_loc loc = {"plan", 1, NULL};
  if (cs_event_apply_text(m, text, &loc, &err)) fail_msg("the plan's event was refused: %s", err.message);
  free(text);
}

/* ---- The hand-made day ---------------------------------------------------------------
 * Six places on a line, travel.csv giving 10 minutes per unit of distance: R1's home at 0,
 * A at 1, B at 2, C at 8, D at 9, R2's home at 10. As booked, each rep zig-zags across
 * the line (R1: C then A, R2: B then D): 80 + 70 + 10 for each, 320 minutes. The best
 * plan gives A and B to R1 (10 + 10 + 20) and C and D to R2 (the same): 80. With C
 * pinned to R1 at 10:00, R1 must drive to 8 and back whatever it does (160), and the
 * least more is D for R2 alone (10 + 10) or for R1 on the way: 180. */
static cs_model *line_day(bool pin_c) {
  static const char *const place[] = {"R1", "A", "B", "C", "D", "R2"};
  static const int at[] = {0, 1, 2, 8, 9, 10};
  char travel[2048] = "from,to,minutes\n", appts[512];
  for (size_t i = 0; i < 6; i++)
    for (size_t k = 0; k < 6; k++) {
      if (i == k) continue;
      size_t n = strlen(travel);
      snprintf(travel + n, sizeof travel - n, "%s,%s,%d\n", place[i], place[k], 10 * abs(at[i] - at[k]));
    }
  snprintf(appts, sizeof appts,
           "id,opportunity,rep,date,start,duration_min,status,pinned\n"
           "VC,OC,R1,2026-01-05,10:00,60,booked,%d\nVA,OA,R1,2026-01-05,13:00,60,booked,0\n"
           "VB,OB,R2,2026-01-05,10:00,60,booked,0\nVD,OD,R2,2026-01-05,13:00,60,booked,0\n",
           pin_c);
  const char *tables[CS_TABLE_COUNT] = {0};
  tables[CS_TABLE_SETTINGS] = "key,value\ntoday,2026-01-05\n";
  tables[CS_TABLE_REPS] = "id,home_lat,home_lon,day_start,day_end,target_per_day\nR1,0,0,08:00,17:00,4\n"
                          "R2,0,1,08:00,17:00,4\n";
  tables[CS_TABLE_ACCOUNTS] = "id,lat,lon,open,close\nA,0,0.1,08:00,18:00\nB,0,0.2,08:00,18:00\n"
                              "C,0,0.8,08:00,18:00\nD,0,0.9,08:00,18:00\n";
  tables[CS_TABLE_OPPORTUNITIES] = "id,account,expected_throughput,next_step\nOA,A,100,x\nOB,B,100,x\nOC,C,100,x\nOD,D,100,x\n";
  tables[CS_TABLE_APPOINTMENTS] = appts;
  tables[CS_TABLE_TRAVEL] = travel;
  return th_model_from_text(tables);
}

static void known_optimum(void **state) {
  (void)state;
  for (int pin = 0; pin <= 1; pin++) {
    cs_model *m = line_day(pin);
    cs_arena *a = cs_arena_new();
    cs_reroute *P = improve(m, "2026-01-05", 1, 0.3, a);
    assert_int_equal(P->travel_before, 320);
    assert_int_equal(P->travel_after, pin ? 180 : 80);
    assert_int_equal(P->appointments, 4);
    apply_plan(m, P);
    const cs_appointments *A = &m->appointments;
    int32_t r1 = cs_model_find_rep(m, "R1"), r2 = cs_model_find_rep(m, "R2");
    int32_t va = cs_model_find_appointment(m, "VA"), vb = cs_model_find_appointment(m, "VB");
    int32_t vc = cs_model_find_appointment(m, "VC"), vd = cs_model_find_appointment(m, "VD");
    if (!pin) {
      assert_int_equal(A->rep[va], r1);
      assert_int_equal(A->rep[vb], r1);
      assert_int_equal(A->rep[vc], r2);
      assert_int_equal(A->rep[vd], r2);
    } else {
      assert_int_equal(A->rep[vc], r1);
      assert_int_equal(A->start[vc], 10 * 60);
    }
    /* Improved once, the day is at its optimum: a second pass moves nothing. */
    cs_reroute *again = improve(m, "2026-01-05", 1, 0.2, a);
    assert_int_equal(again->travel_before, pin ? 180 : 80);
    assert_int_equal(again->travel_after, again->travel_before);
    assert_int_equal(again->nmoves, 0);
    cs_arena_free(a);
    cs_model_free(m);
  }
}

/* ---- The independent checker ------------------------------------------------------ */

/* Travel minutes between two points, from DESIGN §8 alone. */
static int drive(const cs_model *m, double lat1, double lon1, double lat2, double lon2) {
  if (lat1 == lat2 && lon1 == lon2) return 0;
  const double rad = 3.14159265358979323846 / 180;
  double h = pow(sin((lat2 - lat1) * rad / 2), 2) + cos(lat1 * rad) * cos(lat2 * rad) * pow(sin((lon2 - lon1) * rad / 2), 2);
  double km = 2 * 6371.0 * asin(sqrt(h));
  return (int)ceil(km * m->settings.road_factor / m->settings.travel_speed_kmh * 60 - 1e-9);
}

/* The place of a visit. */
static void where(const cs_model *m, int32_t a, double *lat, double *lon) {
  int32_t acc = m->opportunities.account[m->appointments.opportunity[a]];
  *lat = m->accounts.lat[acc], *lon = m->accounts.lon[acc];
}

static const cs_model *sort_model;
static int cmp_start(const void *x, const void *y) {
  int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
  return sort_model->appointments.start[a] - sort_model->appointments.start[b];
}

/* Whether rep r has the skill (";"-separated list). */
static bool has_skill(const char *skills, const char *skill) {
  if (!skill || !*skill) return true;
  char list[256];
  snprintf(list, sizeof list, ";%s;", skills);
  char want[64];
  snprintf(want, sizeof want, ";%s;", skill);
  return strstr(list, want) != NULL;
}

/* Checks every rule on every rep's day of date `day`; returns the day's total driving. */
static int check_day(const cs_model *m, cs_date day, int32_t absent_rep) {
  const cs_appointments *A = &m->appointments;
  int total = 0;
  int32_t *v = malloc((A->n + 1) * sizeof *v);
  for (size_t r = 0; r < m->reps.n; r++) {
    size_t n = 0;
    for (size_t a = 0; a < A->n; a++)
      if (A->rep[a] == (int32_t)r && A->date[a] == day && A->status[a] != CS_APPT_CANCELLED &&
          A->status[a] != CS_APPT_REQUESTED)
        v[n++] = (int32_t)a;
    if (!n) continue;
    sort_model = m;
    qsort(v, n, sizeof *v, cmp_start);
    double hlat = m->reps.home_lat[r], hlon = m->reps.home_lon[r], lat = hlat, lon = hlon;
    int t = m->reps.day_start[r];
    if ((int32_t)r != absent_rep) assert_true(n <= (size_t)m->reps.target_per_day[r]);
    for (size_t i = 0; i < n; i++) {
      int32_t a = v[i], acc = m->opportunities.account[A->opportunity[a]];
      double plat, plon;
      where(m, a, &plat, &plon);
      int leg = drive(m, lat, lon, plat, plon);
      int32_t end = A->start[a] + A->duration[a];
      total += leg;
      if ((int32_t)r != absent_rep) { /* the day of a rep away is left as booked */
        if (t + leg > A->start[a])
          fail_msg("%s: %s cannot reach it (at %d + %d > %d)", m->reps.id[r], A->id[a], t, leg, A->start[a]);
        assert_true(A->start[a] >= m->accounts.open[acc] && end <= m->accounts.close[acc]);
        if (A->window_from[a] >= 0) assert_true(A->start[a] >= A->window_from[a]);
        if (A->window_to[a] >= 0) assert_true(end <= A->window_to[a]);
        assert_true(has_skill(m->reps.skills[r], A->skill[a]));
      }
      t = end, lat = plat, lon = plon;
    }
    int home = drive(m, lat, lon, hlat, hlon);
    total += home;
    if ((int32_t)r != absent_rep && t + home > m->reps.day_end[r])
      fail_msg("%s is home at %d, after %d", m->reps.id[r], t + home, m->reps.day_end[r]);
  }
  free(v);
  return total;
}

/* ---- Generated desks -------------------------------------------------------------- */

static double uniform(uint64_t *s) {
  *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
  return (double)(*s >> 11) / 9007199254740992.0;
}

/* Appends printf text to a growing buffer. */
static void put(char **buf, size_t *len, size_t *cap, const char *fmt, ...) {
  va_list ap;
  for (;;) {
    va_start(ap, fmt);
    int n = vsnprintf(*buf + *len, *cap - *len, fmt, ap);
    va_end(ap);
    if ((size_t)n < *cap - *len) {
      *len += (size_t)n;
      return;
    }
    *cap = 2 * *cap + (size_t)n;
    *buf = realloc(*buf, *cap);
  }
}

/* A desk of `nreps` reps around (52, 5) over two days, Monday and Tuesday: each rep's days
 * filled in a random order of random accounts, each visit at the earliest quarter hour it
 * can be reached plus a random wait (so days zig-zag and wait), some pinned, some done,
 * some with a window or a skill; rep 0 is away on Monday with its visits still booked. */
static cs_model *random_desk(uint64_t seed, size_t nreps, size_t naccounts) {
  uint64_t s = seed;
  size_t cap = 1 << 16, lr = 0, la = 0, lo = 0, lv = 0, cr = cap, ca = cap, co = cap, cv = cap;
  char *reps = malloc(cap), *accs = malloc(cap), *opps = malloc(cap), *appts = malloc(cap);
  put(&reps, &lr, &cr, "id,home_lat,home_lon,day_start,day_end,skills,target_per_day\n");
  put(&accs, &la, &ca, "id,lat,lon,open,close\n");
  put(&opps, &lo, &co, "id,account,expected_throughput,next_step\n");
  put(&appts, &lv, &cv, "id,opportunity,rep,date,start,duration_min,status,pinned,window_from,window_to,skill\n");
  double *alat = malloc(naccounts * sizeof *alat), *alon = malloc(naccounts * sizeof *alon);
  int *open = malloc(naccounts * sizeof *open), *close = malloc(naccounts * sizeof *close);
  for (size_t i = 0; i < naccounts; i++) {
    alat[i] = 51.7 + 0.6 * uniform(&s), alon[i] = 4.6 + 0.8 * uniform(&s);
    open[i] = 7 * 60 + 30 * (int)(uniform(&s) * 4), close[i] = 16 * 60 + 30 * (int)(uniform(&s) * 6);
    put(&accs, &la, &ca, "A%zu,%.5f,%.5f,%02d:%02d,%02d:%02d\n", i, alat[i], alon[i], open[i] / 60, open[i] % 60,
        close[i] / 60, close[i] % 60);
    put(&opps, &lo, &co, "O%zu,A%zu,1000,x\n", i, i);
  }
  size_t nv = 0;
  static const char *const days[] = {"2026-01-05", "2026-01-06"};
  for (size_t r = 0; r < nreps; r++) {
    double hlat = 51.7 + 0.6 * uniform(&s), hlon = 4.6 + 0.8 * uniform(&s);
    int target = 3 + (int)(uniform(&s) * 3), start = 8 * 60, end = 17 * 60;
    const char *skills = uniform(&s) < 0.3 ? "install" : "";
    put(&reps, &lr, &cr, "R%zu,%.5f,%.5f,08:00,17:00,%s,%d\n", r, hlat, hlon, skills, target);
    for (size_t d = 0; d < 2; d++) {
      int t = start, n = 0;
      double lat = hlat, lon = hlon;
      for (int tries = 0; tries < 8 && n < target; tries++) {
        size_t acc = (size_t)(uniform(&s) * (double)naccounts);
        int dur = 30 + 15 * (int)(uniform(&s) * 4);
        /* The generator's own drive: the same rule, so the booked days keep it. */
        cs_model dummy = {0};
        dummy.settings.road_factor = 1.3, dummy.settings.travel_speed_kmh = 50;
        int leg = drive(&dummy, lat, lon, alat[acc], alon[acc]);
        int st = t + leg < open[acc] ? open[acc] : t + leg;
        st = (st + 14) / 15 * 15 + 15 * (int)(uniform(&s) * 3);
        int back = drive(&dummy, alat[acc], alon[acc], hlat, hlon);
        if (st + dur > close[acc] || st + dur + back > end) continue;
        bool window = uniform(&s) < 0.25, pinned = uniform(&s) < 0.15, done = d == 0 && uniform(&s) < 0.1;
        bool skill = skills[0] && uniform(&s) < 0.5;
        char wf[24] = "", wt[24] = "";
        if (window) {
          snprintf(wf, sizeof wf, "%02d:%02d", (st - 60) / 60, (st - 60) % 60);
          snprintf(wt, sizeof wt, "%02d:%02d", (st + dur + 90) / 60, (st + dur + 90) % 60);
        }
        put(&appts, &lv, &cv, "V%zu,O%zu,R%zu,%s,%02d:%02d,%d,%s,%d,%s,%s,%s\n", nv++, acc, r, days[d], st / 60, st % 60,
            dur, done ? "done" : "booked", pinned, wf, wt, skill ? "install" : "");
        t = st + dur, lat = alat[acc], lon = alon[acc], n++;
      }
    }
  }
  const char *tables[CS_TABLE_COUNT] = {0};
  tables[CS_TABLE_SETTINGS] = "key,value\ntoday,2026-01-05\n";
  tables[CS_TABLE_REPS] = reps;
  tables[CS_TABLE_REP_CALENDAR] = "rep,date,available\nR0,2026-01-05,0\n";
  tables[CS_TABLE_ACCOUNTS] = accs;
  tables[CS_TABLE_OPPORTUNITIES] = opps;
  tables[CS_TABLE_APPOINTMENTS] = appts;
  cs_model *m = th_model_from_text(tables);
  free(reps), free(accs), free(opps), free(appts), free(alat), free(alon), free(open), free(close);
  return m;
}

/* What must not change: each visit's date and status, and rep and start when pinned, done
 * or its rep is away. */
typedef struct kept { int32_t rep, start; cs_date date; uint8_t status, pinned; } kept;

static void random_desks(void **state) {
  (void)state;
  for (uint64_t seed = 1; seed <= 4; seed++) {
    cs_model *m = random_desk(seed, 24 + 6 * (size_t)seed, 150);
    const cs_appointments *A = &m->appointments;
    kept *before = malloc(A->n * sizeof *before);
    for (size_t a = 0; a < A->n; a++) before[a] = (kept){A->rep[a], A->start[a], A->date[a], A->status[a], A->pinned[a]};
    cs_date mon = date("2026-01-05");
    int32_t r0 = cs_model_find_rep(m, "R0");
    int drive_before = check_day(m, mon, r0) + check_day(m, mon + 1, -1);
    cs_arena *a = cs_arena_new();
    /* Neighbourhoods of 10 reps, so that the desk is cut into several. */
    cs_desk *d;
    cs_error err;
    if (cs_desk_new(m, mon, mon + 1, &d, &err)) fail_msg("desk: %s", err.message);
    cs_reroute_options o = {0.6, 2, seed, 10, NULL, NULL};
    cs_reroute *P;
    if (cs_desk_reroute(d, mon, 2, &o, a, &P, &err)) fail_msg("reroute: %s", err.message);
    cs_desk_free(d);
    assert_int_equal(P->travel_before, drive_before);
    assert_true(P->days[0].groups >= 2);
    assert_true(P->days[0].left_alone >= 1); /* R0's Monday */
    apply_plan(m, P);
    int drive_after = check_day(m, mon, r0) + check_day(m, mon + 1, -1);
    assert_int_equal(P->travel_after, drive_after);
    assert_true(drive_after < drive_before); /* zig-zag days leave room */
    for (size_t i = 0; i < A->n; i++) {
      assert_int_equal(A->date[i], before[i].date);
      assert_int_equal(A->status[i], before[i].status);
      if (before[i].pinned || before[i].status != CS_APPT_BOOKED || (before[i].rep == r0 && before[i].date == mon)) {
        assert_int_equal(A->rep[i], before[i].rep);
        assert_int_equal(A->start[i], before[i].start);
      }
      assert_false(A->rep[i] == r0 && A->date[i] == mon && before[i].rep != r0); /* nobody sent to a rep away */
    }
    free(before);
    cs_arena_free(a);
    cs_model_free(m);
  }
}

/* A day that cannot be improved — one rep, one visit — keeps its plan, and bad arguments
 * are refused with a message. */
static void nothing_to_gain_and_bad_arguments(void **state) {
  (void)state;
  const char *tables[CS_TABLE_COUNT] = {0};
  tables[CS_TABLE_SETTINGS] = "key,value\ntoday,2026-01-05\n";
  tables[CS_TABLE_REPS] = "id,home_lat,home_lon\nR1,52,5\n";
  tables[CS_TABLE_ACCOUNTS] = "id,lat,lon\nA1,52.1,5\n";
  tables[CS_TABLE_OPPORTUNITIES] = "id,account,expected_throughput,next_step\nO1,A1,100,x\n";
  tables[CS_TABLE_APPOINTMENTS] = "id,opportunity,rep,date,start,duration_min,status\nV1,O1,R1,2026-01-05,10:00,60,booked\n";
  cs_model *m = th_model_from_text(tables);
  cs_arena *a = cs_arena_new();
  cs_reroute *P = improve(m, "2026-01-05", 1, 0.05, a);
  assert_int_equal(P->nmoves, 0);
  assert_int_equal(P->travel_after, P->travel_before);
  cs_desk *d;
  cs_error err;
  assert_int_equal(cs_desk_new(m, date("2026-01-05"), date("2026-01-06"), &d, &err), 0);
  cs_reroute_options o = {0.1, 2, 1, 0, NULL, NULL};
  assert_int_equal(cs_desk_reroute(d, date("2026-01-05"), 3, &o, a, &P, &err), CS_EINPUT);
  assert_string_equal(err.message, "the dates routed lie outside the desk's");
  o.threads = 99;
  assert_int_equal(cs_desk_reroute(d, date("2026-01-05"), 1, &o, a, &P, &err), CS_EINPUT);
  assert_string_equal(err.message, "threads must be 1 to 16");
  cs_desk_free(d);
  cs_arena_free(a);
  cs_model_free(m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(known_optimum),
      cmocka_unit_test(random_desks),
      cmocka_unit_test(nothing_to_gain_and_bad_arguments),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
