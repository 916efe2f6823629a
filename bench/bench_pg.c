/* bench_pg.c — the PostgreSQL store against the SQLite store in the same run: importing a
 * company of a scale (PostgreSQL by COPY), opening it, and appending events one durable
 * transaction at a time, as a server logs each batch — by one writer, and by several at
 * once, which the store's write lock takes in turn. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

/* Exits with the error's message. */
static void check(int rc, const cs_error *err) {
  if (rc) {
    fprintf(stderr, "cs_bench: %s\n", err->message);
    exit(1);
  }
}

/* Median milliseconds of importing m into db, then of opening it, `repeat` times each. */
static void import_open(const cs_model *m, const char *db, int repeat, double *import_ms, double *open_ms) {
  double *t = calloc((size_t)repeat, sizeof *t);
  cs_error err;
  for (int i = 0; i < repeat; i++) {
    double s = now_ms();
    check(cs_store_import(db, m, NULL, NULL, &err), &err);
    t[i] = now_ms() - s;
  }
  *import_ms = median(t, repeat);
  for (int i = 0; i < repeat; i++) {
    cs_model *back = NULL;
    double s = now_ms();
    check(cs_store_read(db, &back, &err), &err);
    t[i] = now_ms() - s;
    cs_model_free(back);
  }
  *open_ms = median(t, repeat);
  free(t);
}

/* Appends n one-event transactions the way a server does (checking where the log ends);
 * returns appends a second, and each append's milliseconds in t. */
static double append_rate(const cs_model *m, const char *db, int n, double *t) {
  cs_error err;
  long long seq = -1;
  cs_model *cur = NULL;
  check(cs_store_read_seq(db, &cur, &seq, &err), &err);
  cs_model_free(cur);
  char text[200], day[11];
  double s0 = now_ms();
  for (int i = 0; i < n; i++) {
    cs_date_format(m->settings.today + i % 60, day);
    snprintf(text, sizeof text, "{\"type\":\"resource.capacity\",\"resource\":\"%s\",\"date\":\"%s\",\"capacity\":%d}",
             m->resources.id[(size_t)i % m->resources.n], day, 100 + i % 300);
    const char *ev = text;
    double s = now_ms();
    check(cs_store_log_events(db, &ev, 1, seq, &seq, &err), &err);
    t[i] = now_ms() - s;
  }
  return n / ((now_ms() - s0) / 1000.0);
}

/* One of several writers appending at once: `n` one-event appends, not checking where
 * the log ends (the servers' own check is for their models, not the store's). */
typedef struct writer {
  const char *db;
  const cs_model *m;
  int n, id;
} writer;
static void *write_events(void *arg) {
  const writer *w = arg;
  char text[200];
  cs_error err;
  for (int i = 0; i < w->n; i++) {
    snprintf(text, sizeof text, "{\"type\":\"resource.capacity\",\"resource\":\"%s\",\"date\":\"2026-02-02\",\"capacity\":%d}",
             w->m->resources.id[(size_t)(i + w->id) % w->m->resources.n], 100 + i % 300);
    const char *ev = text;
    check(cs_store_log_events(w->db, &ev, 1, -1, NULL, &err), &err);
  }
  return NULL;
}

/* Appends a second with `k` writers at once, `n` appends each. */
static double concurrent_rate(const cs_model *m, const char *db, int k, int n) {
  pthread_t th[16];
  writer w[16];
  double s = now_ms();
  for (int i = 0; i < k; i++) {
    w[i] = (writer){db, m, n, i};
    pthread_create(&th[i], NULL, write_events, &w[i]);
  }
  for (int i = 0; i < k; i++) pthread_join(th[i], NULL);
  return k * n / ((now_ms() - s) / 1000.0);
}

void bench_pg(const char *uri, const char *scale_name, const char *tmp, int repeat) {
  cs_model *m = bench_company(scale_name[0]);
  char file[4096];
  snprintf(file, sizeof file, "%s/pg-ref-%s.db", tmp, scale_name);
  remove(file);
  double pg_import, pg_open, sq_import, sq_open;
  import_open(m, uri, repeat, &pg_import, &pg_open);
  import_open(m, file, repeat, &sq_import, &sq_open);
  printf("{\"bench\":\"pg_import\",\"scale\":\"%s\",\"n\":%d,\"orders\":%zu,\"median_ms\":%.1f,"
         "\"ref\":\"the SQLite store\",\"ref_median_ms\":%.1f}\n",
         scale_name, repeat, m->orders.n, pg_import, sq_import);
  printf("{\"bench\":\"pg_open\",\"scale\":\"%s\",\"n\":%d,\"median_ms\":%.1f,\"ref\":\"the SQLite store\","
         "\"ref_median_ms\":%.1f}\n",
         scale_name, repeat, pg_open, sq_open);
  fflush(stdout);
  enum { N = 2000 };
  double *t = calloc(N, sizeof *t), *u = calloc(N, sizeof *u);
  double pg_rate = append_rate(m, uri, N, t), sq_rate = append_rate(m, file, N, u);
  printf("{\"bench\":\"pg_append\",\"scale\":\"%s\",\"n\":%d,\"appends_per_s\":%.0f,\"median_ms\":%.3f,"
         "\"p99_ms\":%.3f,\"ref\":\"the SQLite store (WAL)\",\"ref_appends_per_s\":%.0f,\"ref_median_ms\":%.3f,"
         "\"ref_p99_ms\":%.3f}\n",
         scale_name, N, pg_rate, median(t, N), percentile(t, N, 99), sq_rate, median(u, N), percentile(u, N, 99));
  fflush(stdout);
  enum { WRITERS = 4, EACH = 500 };
  double pg_conc = concurrent_rate(m, uri, WRITERS, EACH), sq_conc = concurrent_rate(m, file, WRITERS, EACH);
  printf("{\"bench\":\"pg_append_concurrent\",\"scale\":\"%s\",\"writers\":%d,\"n\":%d,\"appends_per_s\":%.0f,"
         "\"ref\":\"the SQLite store (WAL)\",\"ref_appends_per_s\":%.0f}\n",
         scale_name, WRITERS, WRITERS * EACH, pg_conc, sq_conc);
  fflush(stdout);
  free(t);
  free(u);
  remove(file);
  cs_model_free(m);
}
