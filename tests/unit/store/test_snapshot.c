/* test_snapshot.c — the store keeps a snapshot of the model in its tables, refreshed every
 * CS_STORE_SNAPSHOT_EVERY appended events, and replays only the log's tail when it is
 * opened: the model read back is the model every event applied to the import gives. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* A meta value of the store, as a number (-1 when absent). */
static long long meta(const char *db, const char *key) {
  sqlite3 *h;
  sqlite3_stmt *st;
  long long v = -1;
  assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_prepare_v2(h, "SELECT value FROM meta WHERE key = ?", -1, &st, NULL), SQLITE_OK);
  sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(h);
  return v;
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

static void tail_after_snapshot(void **state) {
  (void)state;
  char *dir = th_tmpdir(), *db = th_path(dir, "s.db"), *src = th_path(getenv("CS_EXAMPLES"), "pq");
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
  /* 1,500 events: the snapshot was taken at 1,000 and 500 stay in the tail. */
  assert_int_equal(meta(db, "snapshot_seq"), 1000);
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
  th_rmtree(dir);
  free(dir);
  free(db);
  free(src);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(tail_after_snapshot)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
