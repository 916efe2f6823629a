/* test_snapshot.c — the store keeps a snapshot of the model in its tables, refreshed every
 * CS_STORE_SNAPSHOT_EVERY appended events, and replays only the log's tail when it is
 * opened: the model read back is the model every event applied to the import gives. The
 * same for a SQLite store and a PostgreSQL one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* A meta value of the store, as a number (-1 when absent). */
static long long meta(const char *db, const char *key) {
  char sql[128];
  snprintf(sql, sizeof sql, "SELECT CAST(value AS bigint) FROM meta WHERE key = '%s'", key);
  return th_store_number(db, sql);
}

/* The i-th event of the stream: new orders, their release, capacity changes. */
static void event(int i, char *buf, size_t size) {
  if (i % 3 == 2)
    snprintf(buf, size, "{\"type\":\"resource.capacity\",\"resource\":\"B\",\"date\":\"2026-02-%02d\",\"capacity\":%d}",
             1 + i % 28, 100 + i);
  else if (i % 3 == 1)
    snprintf(buf, size, "{\"type\":\"order.released\",\"order\":\"S%d\",\"date\":\"2026-01-06\"}", i - 1);
  else
    snprintf(buf, size, "{\"type\":\"order.created\",\"order\":{\"id\":\"S%d\",\"product\":\"Q\",\"qty\":%d,\"due\":\"2026-03-01\"}}",
             i, 1 + i % 7);
}

/* The snapshot and the tail on one store. */
static void check_store(const char *db, const char *src) {
  cs_error err;
  cs_model *m = th_load(src), *expect = th_load(src);
  assert_int_equal(cs_store_import(db, m, NULL, NULL, &err), CS_OK);
  const int batches = 15, per = 100;
  char text[per][256];
  const char *events[per];
  for (int b = 0; b < batches; b++) {
    for (int k = 0; k < per; k++) {
      event(b * per + k, text[k], sizeof text[k]);
      events[k] = text[k];
      cs_loc loc = {"expect", k + 1, NULL};
      if (cs_event_apply_text(expect, text[k], &loc, &err)) fail_msg("%s", err.message);
    }
    if (cs_store_append_events(db, events, NULL, per, "batch", NULL, &err)) fail_msg("%s", err.message);
  }
  /* 1,500 events: the snapshot was taken at 1,000 and 500 stay in the tail; the
   * sequence numbers run 1 to 1,500 without a gap. */
  assert_int_equal(meta(db, "snapshot_seq"), 1000);
  assert_int_equal(th_store_number(db, "SELECT count(*) FROM events"), 1500);
  assert_int_equal(th_store_number(db, "SELECT max(seq) - min(seq) + 1 FROM events"), 1500);
  cs_model *back = th_load(db);
  char *a = th_dump_model(expect), *b = th_dump_model(back);
  assert_string_equal(a, b);
  free(a);
  free(b);
  cs_model_free(back);
  /* A new import starts a new log from its own tables. */
  assert_int_equal(cs_store_import(db, m, NULL, NULL, &err), CS_OK);
  assert_int_equal(meta(db, "snapshot_seq"), -1);
  back = th_load(db);
  a = th_dump_model(m);
  b = th_dump_model(back);
  assert_string_equal(a, b);
  free(a);
  free(b);
  cs_model_free(back);
  cs_model_free(m);
  cs_model_free(expect);
}

static void tail_after_snapshot(void **state) {
  (void)state;
  char *dir = th_tmpdir(), *src = th_path(getenv("CS_EXAMPLES"), "pq"), *stores[2];
  size_t n = th_stores(dir, "snapshot", stores);
  for (size_t s = 0; s < n; s++) {
    check_store(stores[s], src);
    free(stores[s]);
  }
  th_rmtree(dir);
  free(dir);
  free(src);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(tail_after_snapshot)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
