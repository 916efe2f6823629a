/* test_live.c — the live signals follow every event exactly as a full recompute would:
 * long random event sequences (valid and invalid, of every type) on generated companies,
 * checked against a recompute after each event, and the live queues against the buffer
 * board computed from scratch. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* A small seeded generator for the test's choices (xorshift64*). */
static uint64_t rnd_state;
static uint64_t rnd(void) {
  rnd_state ^= rnd_state >> 12;
  rnd_state ^= rnd_state << 25;
  rnd_state ^= rnd_state >> 27;
  return rnd_state * 2685821657736338717ULL;
}
static size_t pick(size_t n) { return n ? (size_t)(rnd() % n) : 0; }

/* Writes a random event about the model into buf. */
static void random_event(const cs_model *m, int k, char *buf, size_t size) {
  char d[11], d2[11];
  cs_date today = m->settings.today;
  size_t no = m->orders.n;
  const char *order = no ? m->orders.id[pick(no)] : "none";
  switch (pick(20)) {
    case 0: case 1: case 2:
      snprintf(buf, size, "{\"type\":\"order.created\",\"order\":{\"id\":\"N%d\",\"product\":\"%s\",\"qty\":%d,"
               "\"due\":\"%s\",\"status\":\"%s\"%s%s%s}}", k, m->products.id[pick(m->products.n)], 1 + (int)pick(50),
               cs_date_format(today - 5 + (cs_date)pick(70), d), pick(3) ? "confirmed" : "released",
               ",\"released\":\"", cs_date_format(today, d2), "\"");
      break;
    case 3: case 4:
      snprintf(buf, size, "{\"type\":\"order.changed\",\"order\":\"%s\",\"due\":\"%s\",\"qty\":%d}", order,
               cs_date_format(today - 3 + (cs_date)pick(40), d), 1 + (int)pick(80));
      break;
    case 5:
      snprintf(buf, size, "{\"type\":\"order.cancelled\",\"order\":\"%s\"}", order);
      break;
    case 6: case 7: case 8: case 9:
      snprintf(buf, size, "{\"type\":\"order.released\",\"order\":\"%s\",\"date\":\"%s\"}", order, cs_date_format(today, d));
      break;
    case 10: case 11: case 12: case 13: case 14: case 15:
      snprintf(buf, size, "{\"type\":\"step.completed\",\"order\":\"%s\",\"date\":\"%s\",\"minutes\":%d}", order,
               cs_date_format(today, d), (int)pick(500));
      break;
    case 16: case 17:
      snprintf(buf, size, "{\"type\":\"resource.capacity\",\"resource\":\"%s\",\"date\":\"%s\",\"capacity\":%d,\"days\":%d}",
               m->resources.id[pick(m->resources.n)], cs_date_format(today + (cs_date)pick(30), d), (int)pick(600),
               1 + (int)pick(3));
      break;
    case 18:
      snprintf(buf, size, "{\"type\":\"setting.changed\",\"key\":\"production_buffer_days\",\"value\":%d}", 4 + (int)pick(12));
      break;
    default:
      snprintf(buf, size, "{\"type\":\"step.completed\",\"order\":\"%s\",\"date\":\"soon\"}", order);
      break;
  }
}

/* Compares the live queues with the buffer board computed from scratch. */
static void same_as_buffers(const cs_model *m, const cs_live *L) {
  cs_arena *a = cs_arena_new();
  cs_buffers *B;
  cs_error err;
  assert_int_equal(cs_buffers_compute(m, CS_DATE_NONE, a, &B, &err), CS_OK);
  for (size_t r = 0; r < m->resources.n; r++) {
    size_t n;
    const int32_t *q = cs_live_queue(L, (int32_t)r, &n);
    assert_int_equal(n, B->queue_start[r + 1] - B->queue_start[r]);
    for (size_t i = 0; i < n; i++) assert_int_equal(q[i], B->queue[B->queue_start[r] + i]);
  }
  const cs_live_signals *s = cs_live_get(L);
  size_t counts[4] = {0};
  for (size_t i = 0; i < B->n; i++) counts[B->orders[i].color]++;
  for (int c = 0; c < 4; c++) assert_int_equal(s->counts[c], counts[c]);
  cs_sdbr *sd;
  assert_int_equal(cs_sdbr_compute(m, CS_DATE_NONE, a, &sd, &err), CS_OK);
  assert_float_equal(s->planned_minutes, sd->planned_minutes, 1e-6 * fmax(1, sd->planned_minutes));
  assert_int_equal(s->planned_load_date, sd->planned_load_date);
  cs_arena_free(a);
}

/* Runs n random events on a model, checking the live state after every one. */
static void run(cs_model *m, int n, uint64_t seed) {
  rnd_state = seed;
  cs_live *L;
  cs_error err;
  assert_int_equal(cs_live_new(m, &L, &err), CS_OK);
  int applied = 0;
  for (int k = 0; k < n; k++) {
    char ev[512];
    random_event(m, k, ev, sizeof ev);
    cs_loc loc = {"random", k + 1, NULL};
    if (cs_live_apply_text(L, ev, &loc, &err) == CS_OK) applied++;
    if (cs_live_check(L, &err) != CS_OK) fail_msg("after event %d (%s): %s", k + 1, ev, err.message);
    if (k % 250 == 0) same_as_buffers(m, L);
  }
  same_as_buffers(m, L);
  print_message("%d of %d events applied\n", applied, n);
  assert_true(applied > n / 3);
  cs_live_free(L);
}

static void random_on_plant(void **state) {
  (void)state;
  cs_model *m;
  cs_error err;
  assert_int_equal(cs_demo_build("plant", &m, &err), CS_OK);
  run(m, 3000, 42);
  cs_model_free(m);
}

static void random_on_generated(void **state) {
  (void)state;
  cs_gen_params p;
  cs_error err;
  cs_model *m;
  cs_date today;
  cs_date_parse("2026-01-05", &today);
  assert_int_equal(cs_gen_params_for_scale('S', &p, &err), CS_OK);
  p.seed = 7;
  assert_int_equal(cs_generate(&p, today, NULL, NULL, &m, &err), CS_OK);
  run(m, 2000, 99);
  cs_model_free(m);
}

/* A refused event leaves the live state as it was. */
static void refused_event(void **state) {
  (void)state;
  cs_model *m;
  cs_error err;
  assert_int_equal(cs_demo_build("plant", &m, &err), CS_OK);
  cs_live *L;
  assert_int_equal(cs_live_new(m, &L, &err), CS_OK);
  const cs_live_signals *s = cs_live_get(L);
  double planned = s->planned_minutes;
  size_t red = s->counts[CS_RED];
  cs_loc loc = {"x", 1, NULL};
  char ev[256];
  snprintf(ev, sizeof ev, "{\"type\":\"order.changed\",\"order\":\"%s\",\"qty\":-4}", m->orders.id[0]);
  assert_int_equal(cs_live_apply_text(L, ev, &loc, &err), CS_EINPUT);
  s = cs_live_get(L);
  assert_float_equal(s->planned_minutes, planned, 1e-9);
  assert_int_equal(s->counts[CS_RED], red);
  assert_int_equal(cs_live_check(L, &err), CS_OK);
  cs_live_free(L);
  cs_model_free(m);
}

/* The live drum is the drum cs_load_compute names, setup minutes counted: here X is the
 * more loaded by run time alone (50 against 40 minutes), Y once its setup is counted (70). */
static void drum_counts_setups(void **state) {
  (void)state;
  const char *tables[CS_TABLE_COUNT] = {
    "key,value\nperiod_days,5\ntoday,2026-01-05\n", "id,capacity\nX,100\nY,100\n", "id,price,tvc,demand\na,10,4,10\n",
    "product,resource,minutes,seq,setup_minutes\na,X,5,1,0\na,Y,4,2,30\n", "", ""};
  cs_model *m = th_model_from_text(tables);
  cs_arena *a = cs_arena_new();
  cs_load_result *load;
  cs_error err;
  cs_live *L;
  assert_int_equal(cs_load_compute(m, CS_BASIS_DEMAND, a, &load, &err), CS_OK);
  assert_int_equal(load->drum, cs_model_find_resource(m, "Y"));
  assert_int_equal(cs_live_new(m, &L, &err), CS_OK);
  assert_int_equal(cs_live_get(L)->drum, load->drum);
  cs_live_free(L);
  cs_arena_free(a);
  cs_model_free(m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(random_on_plant),
    cmocka_unit_test(random_on_generated),
    cmocka_unit_test(refused_event),
    cmocka_unit_test(drum_counts_setups),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
