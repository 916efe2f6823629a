/* test_events.c — typed events: decoding refuses what it does not know, a refused event
 * changes nothing (settings included), and a batch taken back with the journal leaves the
 * model and its live signals exactly as they were. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* The P&Q case with a few orders, as the events below expect. */
static cs_model *pq(void) {
  const char *tables[CS_TABLE_COUNT] = {
    "key,value\nperiod_days,5\noperating_expense,6000\ntoday,2026-01-05\nhorizon_days,30\n",
    "id,capacity\nA,2400\nB,2400\nC,2400\nD,2400\n",
    "id,price,tvc,demand\nP,90,45,100\nQ,100,40,50\n",
    "product,resource,minutes,seq\nP,A,15,1\nP,B,15,2\nP,D,15,3\nQ,B,30,1\nQ,C,10,2\nQ,D,5,3\n",
    "id,product,qty,due,status\nO1,P,10,2026-01-09,confirmed\nO2,Q,5,2026-01-12,released\n",
    "resource,date,capacity\nB,2026-01-06,240\n"};
  return th_model_from_text(tables);
}

/* Applies an event given as JSON text; returns the status and fills err. */
static int apply(cs_model *m, const char *text, cs_error *err) {
  cs_loc loc = {"events.jsonl", 1, NULL};
  return cs_event_apply_text(m, text, &loc, err);
}

/* A refused setting.changed (an unknown constraint) leaves every setting as it was, and
 * the model can still be written out. Before, the mark was set and the index stayed -1. */
static void refused_setting_changes_nothing(void **state) {
  (void)state;
  cs_model *m = pq();
  char *before = th_dump_model(m);
  cs_error err;
  assert_int_equal(apply(m, "{\"type\":\"setting.changed\",\"key\":\"constraint\",\"value\":\"NOPE\"}", &err), CS_EINPUT);
  assert_string_equal(err.message, "events.jsonl:1: column 'value': constraint 'NOPE' is not a known resource");
  assert_int_equal(m->settings.constraint, -1);
  char *after = th_dump_model(m);
  assert_string_equal(before, after);
  free(after);
  assert_int_equal(apply(m, "{\"type\":\"setting.changed\",\"key\":\"period_days\",\"value\":-1}", &err), CS_EINPUT);
  assert_float_equal(m->settings.period_days, 5, 0);
  after = th_dump_model(m);
  assert_string_equal(before, after);
  /* A good one takes effect and is exported. */
  assert_int_equal(apply(m, "{\"type\":\"setting.changed\",\"key\":\"constraint\",\"value\":\"B\"}", &err), CS_OK);
  assert_int_equal(m->settings.constraint, cs_model_find_resource(m, "B"));
  free(after);
  after = th_dump_model(m);
  assert_non_null(strstr(after, "constraint,B\n"));
  free(before);
  free(after);
  cs_model_free(m);
}

/* Each row: an event and the message it is refused with (decoding, then the model). */
static const struct {
  const char *event, *message;
} refused[] = {
  {"{\"type\":\"order.created\",\"order\":{\"id\":\"N1\",\"product\":\"P\",\"qty\":1,\"due\":\"2026-01-20\"},\"by\":\"me\"}",
   "events.jsonl:1: column 'by': unknown field 'by'"},
  {"{\"type\":\"order.created\",\"order\":{\"id\":\"N1\",\"product\":\"P\",\"qty\":1,\"due\":\"2026-01-20\",\"colour\":1}}",
   "events.jsonl:1: unknown field 'colour'"},
  {"{\"type\":\"order.created\",\"order\":{\"id\":\"O1\",\"product\":\"P\",\"qty\":1,\"due\":\"2026-01-20\"}}",
   "events.jsonl:1: column 'id': 'O1' is a duplicate id"},
  {"{\"type\":\"order.changed\",\"order\":\"O1\",\"qty\":0}", "events.jsonl:1: column 'qty': field 'qty' must be a positive number"},
  {"{\"type\":\"order.changed\",\"order\":\"O9\",\"qty\":3}", "events.jsonl:1: column 'order': no order 'O9'"},
  {"{\"type\":\"order.changed\",\"order\":\"O1\",\"customer\":7}", "events.jsonl:1: column 'customer': must be text"},
  {"{\"type\":\"order.released\",\"order\":\"O2\",\"date\":\"2026-01-06\"}",
   "events.jsonl:1: column 'order': order 'O2' is released; only a confirmed order is released"},
  {"{\"type\":\"order.released\",\"order\":\"O1\"}", "events.jsonl:1: column 'date': missing field 'date'"},
  {"{\"type\":\"step.completed\",\"order\":\"O2\",\"date\":\"2026-01-06\",\"qty\":4}",
   "events.jsonl:1: column 'qty': qty 4 is not the order's 5; split the order to complete part of it"},
  {"{\"type\":\"resource.capacity\",\"resource\":\"Z\",\"date\":\"2026-01-06\",\"capacity\":1}",
   "events.jsonl:1: column 'resource': no resource 'Z'"},
  {"{\"type\":\"resource.capacity\",\"resource\":\"B\",\"date\":\"2026-01-06\",\"capacity\":1,\"days\":1.5}",
   "events.jsonl:1: column 'days': field 'days' must be a whole number up to 366"},
  {"{\"type\":\"setting.changed\",\"key\":\"colour\",\"value\":1}", "events.jsonl:1: column 'key': 'colour' is not a known setting"},
  {"{\"type\":\"setting.changed\",\"key\":\"operating_expense\",\"value\":1e62}",
   "events.jsonl:1: column 'value': '1e+62' is out of range 0..1e+15"},
  {"{\"type\":\"setting.changed\",\"key\":\"period_days\",\"value\":1e-300}",
   "events.jsonl:1: column 'value': '1e-300' is out of range 0.01..3660"},
  {"{\"type\":\"order.changed\",\"order\":\"O1\",\"price\":1e30}", "events.jsonl:1: column 'price': 1e+30 is out of range, at most 1000000000000"},
  {"{\"type\":\"resource.capacity\",\"resource\":\"B\",\"date\":\"2026-01-06\",\"capacity\":1e300}",
   "events.jsonl:1: column 'capacity': 1e+300 is out of range, at most 1000000000"},
  {"{\"type\":\"order.moved\"}", "events.jsonl:1: column 'type': unknown event type 'order.moved'"},
  {"[1]", "events.jsonl:1: an event must be a JSON object"},
};

/* Every refusal names the field, and none changes the model. */
static void refusals_change_nothing(void **state) {
  (void)state;
  cs_model *m = pq();
  char *before = th_dump_model(m);
  for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
    cs_error err;
    assert_int_equal(apply(m, refused[i].event, &err), CS_EINPUT);
    assert_string_equal(err.message, refused[i].message);
    char *after = th_dump_model(m);
    assert_string_equal(before, after);
    free(after);
  }
  free(before);
  cs_model_free(m);
}

static const char *const batch[] = {
  "{\"type\":\"order.created\",\"order\":{\"id\":\"N1\",\"product\":\"Q\",\"qty\":4,\"due\":\"2026-01-14\"}}",
  "{\"type\":\"order.released\",\"order\":\"N1\",\"date\":\"2026-01-06\"}",
  "{\"type\":\"step.completed\",\"order\":\"N1\",\"date\":\"2026-01-07\"}",
  "{\"type\":\"order.changed\",\"order\":\"O1\",\"qty\":12,\"due\":\"2026-01-13\",\"customer\":\"Acme\"}",
  "{\"type\":\"resource.capacity\",\"resource\":\"B\",\"date\":\"2026-01-05\",\"capacity\":100,\"days\":3}",
  "{\"type\":\"order.cancelled\",\"order\":\"O2\"}",
  "{\"type\":\"setting.changed\",\"key\":\"production_buffer_days\",\"value\":4}",
  "{\"type\":\"order.created\",\"order\":{\"id\":\"N2\",\"product\":\"P\",\"qty\":2,\"due\":\"2026-01-15\"}}",
};

/* A batch applied and then taken back with the journal leaves the model as it was: rows,
 * settings, the calendar index (an exception on a date again) and the order ids. */
static void rollback_restores_the_model(void **state) {
  (void)state;
  cs_model *m = pq();
  char *before = th_dump_model(m);
  cs_error err;
  assert_int_equal(cs_model_begin(m), CS_OK);
  for (size_t i = 0; i < sizeof batch / sizeof batch[0]; i++)
    if (apply(m, batch[i], &err)) fail_msg("event %zu: %s", i + 1, err.message);
  assert_int_equal(cs_model_find_order(m, "N2"), 3);
  cs_model_rollback(m);
  char *after = th_dump_model(m);
  assert_string_equal(before, after);
  assert_int_equal(cs_model_find_order(m, "N1"), -1);
  assert_int_equal(cs_model_find_order(m, "N2"), -1);
  assert_int_equal(cs_model_find_order(m, "O2"), 1);
  /* The same batch applies again, and one exception per date stays one. */
  for (size_t i = 0; i < sizeof batch / sizeof batch[0]; i++)
    if (apply(m, batch[i], &err)) fail_msg("again, event %zu: %s", i + 1, err.message);
  assert_int_equal(m->calendar.n, 3);
  free(before);
  free(after);
  cs_model_free(m);
}

/* The live signals follow a rollback: after taking back a batch they equal a fresh build,
 * and the same as before the batch. */
static void live_rollback_restores_the_signals(void **state) {
  (void)state;
  cs_model *m;
  cs_error err;
  assert_int_equal(cs_demo_build("plant", &m, &err), CS_OK);
  cs_live *L;
  assert_int_equal(cs_live_new(m, &L, &err), CS_OK);
  cs_live_signals was = *cs_live_get(L);
  char *before = th_dump_model(m);
  cs_loc loc = {"batch", 1, NULL};
  char ev[3][256];
  snprintf(ev[0], sizeof ev[0], "{\"type\":\"order.changed\",\"order\":\"%s\",\"qty\":500}", m->orders.id[3]);
  snprintf(ev[1], sizeof ev[1], "{\"type\":\"resource.capacity\",\"resource\":\"%s\",\"date\":\"2026-01-06\",\"capacity\":0,\"days\":20}",
           m->resources.id[was.drum]);
  snprintf(ev[2], sizeof ev[2], "{\"type\":\"order.created\",\"order\":{\"id\":\"NEW\",\"product\":\"%s\",\"qty\":50,\"due\":\"2026-02-01\"}}",
           m->products.id[0]);
  assert_int_equal(cs_model_begin(m), CS_OK);
  for (int i = 0; i < 3; i++) assert_int_equal(cs_live_apply_text(L, ev[i], &loc, &err), CS_OK);
  assert_true(cs_live_get(L)->planned_minutes != was.planned_minutes);
  assert_int_equal(cs_live_rollback(L, &err), CS_OK);
  const cs_live_signals *now = cs_live_get(L);
  assert_float_equal(now->planned_minutes, was.planned_minutes, 1e-6);
  assert_int_equal(now->planned_load_date, was.planned_load_date);
  assert_int_equal(now->drum, was.drum);
  for (int c = 0; c < 4; c++) assert_int_equal(now->counts[c], was.counts[c]);
  if (cs_live_check(L, &err)) fail_msg("%s", err.message);
  char *after = th_dump_model(m);
  assert_string_equal(before, after);
  free(before);
  free(after);
  cs_live_free(L);
  cs_model_free(m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(refused_setting_changes_nothing),
    cmocka_unit_test(refusals_change_nothing),
    cmocka_unit_test(rollback_restores_the_model),
    cmocka_unit_test(live_rollback_restores_the_signals),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
