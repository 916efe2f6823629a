/* bench_store.c — opening a store whose event log holds 100,000 events: replaying the
 * whole log (the tables as imported) against replaying only the tail after the snapshot
 * an append refreshes (CS_STORE_SNAPSHOT_EVERY), in the same run. */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"

/* Median milliseconds of opening the store `repeat` times; exits on an error. */
static double open_ms(const char *db, int repeat, double *t) {
  for (int i = 0; i < repeat; i++) {
    cs_model *m = NULL;
    cs_error err;
    double s = now_ms();
    if (cs_store_read(db, &m, &err)) {
      fprintf(stderr, "cs_bench: %s\n", err.message);
      exit(1);
    }
    t[i] = now_ms() - s;
    cs_model_free(m);
  }
  return median(t, repeat);
}

void bench_store_open(const cs_model *m, const char *scale, const char *tmp, int repeat) {
  char db[4096];
  snprintf(db, sizeof db, "%s/open-%s.db", tmp, scale);
  remove(db);
  cs_error err;
  if (cs_store_import(db, m, NULL, NULL, &err)) {
    fprintf(stderr, "cs_bench: %s\n", err.message);
    exit(1);
  }
  /* 100,000 capacity changes on the resources in turn, logged without a snapshot. */
  enum { N = 100000, BATCH = 1000 };
  static char text[BATCH][200];
  const char *events[BATCH];
  char day[11];
  for (int b = 0; b < N / BATCH; b++) {
    for (int k = 0; k < BATCH; k++) {
      int i = b * BATCH + k;
      cs_date_format(m->settings.today + i % 60, day);
      snprintf(text[k], sizeof text[k], "{\"type\":\"resource.capacity\",\"resource\":\"%s\",\"date\":\"%s\",\"capacity\":%d}",
               m->resources.id[(size_t)i % m->resources.n], day, 100 + i % 300);
      events[k] = text[k];
    }
    if (cs_store_log_events(db, events, BATCH, -1, NULL, &err)) {
      fprintf(stderr, "cs_bench: %s\n", err.message);
      exit(1);
    }
  }
  double *t = calloc((size_t)repeat, sizeof *t);
  double full = open_ms(db, repeat, t);
  /* One more event through the appending path refreshes the snapshot. */
  events[0] = text[0];
  double s = now_ms();
  if (cs_store_append_events(db, events, NULL, 1, "bench", NULL, &err)) {
    fprintf(stderr, "cs_bench: %s\n", err.message);
    exit(1);
  }
  double refresh = now_ms() - s;
  double tail = open_ms(db, repeat, t);
  printf("{\"bench\":\"store_open\",\"scale\":\"%s\",\"n\":%d,\"events\":%d,\"median_ms\":%.1f,"
         "\"ref\":\"the same store replaying its whole log\",\"ref_median_ms\":%.1f,\"snapshot_refresh_ms\":%.1f}\n",
         scale, repeat, N + 1, tail, full, refresh);
  fflush(stdout);
  free(t);
  remove(db);
}
