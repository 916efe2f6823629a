/* store.c — the store's algorithms, written once over the backends' table of operations
 * (backend.h): an import is one transaction; opening a store reads the tables (a snapshot
 * of the model after event `snapshot_seq`) and replays the log's tail; an append holds the
 * store's one write lock while it checks, applies, inserts and, every
 * CS_STORE_SNAPSHOT_EVERY events, rewrites the snapshot. docs/internals/store.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "clockspeed/cs_json.h"
#include "internal.h"

const cs__store_ops *cs__store_backend(const char *db) {
  if (strncmp(db, "postgresql://", 13) == 0 || strncmp(db, "postgres://", 11) == 0) return &cs__store_pg;
  return &cs__store_sqlite;
}

const char *cs__store_sql_type(cs_value_kind k, bool pg) {
  if (k == CS_VALUE_NUMBER) return pg ? "double precision" : "REAL";
  if (k == CS_VALUE_INTEGER) return pg ? "bigint" : "INTEGER";
  return pg ? "text" : "TEXT";
}

int cs__store_add_row(cs_model *m, cs_table t, const char *base, long rowno, const char *const *values, cs_error *err) {
  char path[128];
  snprintf(path, sizeof path, "table %s, row %ld", cs_table_name(t), rowno);
  cs_loc loc = {base, 0, path};
  cs_row row = {values, NULL};
  return cs_model_add_row(m, t, &row, &loc, err);
}

int cs__store_meta_number(const char *db, const char *key, const char *text, long long *out, cs_error *err) {
  long v = 0;
  if (!text || cs__parse_long(text, 0, 2147483647L, &v)) return cs__err(err, CS_ESTORE, "%s: meta '%s' is not a number", db, key);
  *out = v;
  return 0;
}

/* The part of db an error or a location names: a file's base name, or the URI. */
static const char *base_name(const char *db) {
  if (cs__store_backend(db) == &cs__store_pg) return db;
  const char *slash = strrchr(db, '/');
  return slash ? slash + 1 : db;
}

int cs__store_run(const char *db, cs__store_mode mode, bool write, cs__store_work work, void *ctx, cs_error *err) {
  const cs__store_ops *ops = cs__store_backend(db);
  cs__store_conn *c = NULL;
  int rc = ops->open(db, mode, &c, err);
  if (rc) return rc;
  rc = ops->begin(c, write, err);
  if (!rc) {
    rc = work(ops, c, ctx, err);
    if (!rc && write) rc = ops->commit(c, err);
    else ops->rollback(c);
  }
  cs_error e2;
  int rc2 = ops->close(c, rc != 0, rc ? &e2 : err);
  return rc ? rc : rc2;
}

/* An import's work: the schema made anew and every table written. */
typedef struct import_ctx {
  const char *db;
  const cs_model *m;
  cs_progress_fn progress;
  void *user;
} import_ctx;
static int import_work(const cs__store_ops *ops, cs__store_conn *c, void *ctx, cs_error *err) {
  const import_ctx *x = ctx;
  int version = 0;
  int rc = ops->schema_version(c, &version, err);
  if (!rc && version > CS_STORE_SCHEMA_VERSION)
    rc = cs__err(err, CS_ESTORE, "%s: schema version %d is newer than this build's (%d)", x->db, version,
                 CS_STORE_SCHEMA_VERSION);
  if (!rc) rc = ops->create_schema(c, err);
  for (int t = 0; t < CS_TABLE_COUNT && !rc; t++) rc = ops->write_table(c, x->m, (cs_table)t, x->progress, x->user, err);
  if (!rc) rc = ops->meta_set(c, "schema_version", CS_STORE_SCHEMA_VERSION, err);
  return rc;
}

int cs_store_import(const char *db, const cs_model *m, cs_progress_fn progress, void *user, cs_error *err) {
  import_ctx x = {db, m, progress, user};
  return cs__store_run(db, CS__STORE_CREATE, true, import_work, &x, err);
}

/* Where the log's tail is replayed: the model, and the name its locations give. */
typedef struct replay_ctx {
  cs_model *m;
  const char *base;
} replay_ctx;

/* Applies one event of the log's tail to the model being read. */
static int replay_event(void *ctx, long long seq, const char *text, cs_error *err) {
  const replay_ctx *r = ctx;
  char path[64];
  snprintf(path, sizeof path, "event %lld", seq);
  cs_loc loc = {r->base, 0, path};
  return cs_event_apply_text(r->m, text, &loc, err);
}

/* Reads the model of an open store inside the caller's transaction: its tables, then
 * its event log's tail. */
static int read_model(const cs__store_ops *ops, cs__store_conn *c, const char *db, cs_model **out, cs_error *err) {
  const char *base = base_name(db);
  int version = 0;
  int rc = ops->schema_version(c, &version, err);
  if (!rc && version == 0) rc = cs__err(err, CS_ESTORE, "%s: not a clockspeed store (no model imported)", db);
  if (!rc && version > CS_STORE_SCHEMA_VERSION)
    rc = cs__err(err, CS_ESTORE, "%s: schema version %d; this build reads versions up to %d", db, version,
                 CS_STORE_SCHEMA_VERSION);
  cs_model *m = NULL;
  if (!rc && !(m = cs_model_new())) rc = cs__err(err, CS_ENOMEM, "out of memory");
  for (int t = 0; t < CS_TABLE_COUNT && !rc; t++) rc = ops->read_table(c, base, m, (cs_table)t, err);
  /* Events refer to the finished model (routings by product), and may change what
   * finishing derives (the declared constraint), so finish before and after. */
  if (!rc) rc = cs_model_finish(m, err);
  long long snap = 0;
  if (!rc) rc = ops->meta_get(c, "snapshot_seq", &snap, err);
  if (!rc) {
    replay_ctx r = {m, base};
    rc = ops->events_after(c, snap, replay_event, &r, err);
  }
  if (!rc) rc = cs_model_finish(m, err);
  if (rc) {
    cs_model_free(m);
    return rc;
  }
  *out = m;
  return 0;
}

/* Reading a store's model, and where its log ends. */
typedef struct read_ctx {
  const char *db;
  cs_model **out;
  long long *seq;
} read_ctx;
static int read_work(const cs__store_ops *ops, cs__store_conn *c, void *ctx, cs_error *err) {
  const read_ctx *x = ctx;
  int rc = read_model(ops, c, x->db, x->out, err);
  if (!rc && x->seq) rc = ops->last_seq(c, x->seq, err);
  return rc;
}

int cs_store_read_seq(const char *db, cs_model **out, long long *seq, cs_error *err) {
  *out = NULL;
  read_ctx x = {db, out, seq};
  int rc = cs__store_run(db, CS__STORE_READ, false, read_work, &x, err);
  if (rc) {
    cs_model_free(*out);
    *out = NULL;
  }
  return rc;
}

int cs_store_read(const char *db, cs_model **out, cs_error *err) { return cs_store_read_seq(db, out, NULL, err); }

/* Reading the log after an event: each passed on to the caller's function, the last
 * one's number remembered. */
typedef struct tail_ctx {
  long long after;
  cs_store_event_fn fn;
  void *ctx;
  long long *last;
} tail_ctx;
static int tail_one(void *ctx, long long seq, const char *text, cs_error *err) {
  tail_ctx *t = ctx;
  *t->last = seq;
  return t->fn(t->ctx, seq, text, err);
}
static int tail_work(const cs__store_ops *ops, cs__store_conn *c, void *ctx, cs_error *err) {
  tail_ctx *t = ctx;
  return ops->events_after(c, t->after, tail_one, t, err);
}

int cs_store_tail(const char *db, long long after, cs_store_event_fn fn, void *ctx, long long *last, cs_error *err) {
  *last = after;
  tail_ctx t = {after, fn, ctx, last};
  return cs__store_run(db, CS__STORE_READ, false, tail_work, &t, err);
}

/* Rewrites the model's tables from m, the state after event `seq`, so that opening the
 * store replays only the events after it. Inside the writer's transaction. */
static int write_snapshot(const cs__store_ops *ops, cs__store_conn *c, const cs_model *m, long long seq,
                          cs_error *err) {
  int rc = 0;
  for (int t = 0; t < CS_TABLE_COUNT && !rc; t++) rc = ops->write_table(c, m, (cs_table)t, NULL, NULL, err);
  if (!rc) rc = ops->meta_set(c, "snapshot_seq", seq, err);
  return rc;
}

/* Appends events after event `seq` under the write lock, and writes the snapshot when
 * it is due (snapshot given: the model with the events applied). */
static int append(const cs__store_ops *ops, cs__store_conn *c, long long seq, const char *const *events, size_t n,
                  const cs_model *snapshot, cs_error *err) {
  int rc = ops->meta_set(c, "schema_version", CS_STORE_SCHEMA_VERSION, err);
  if (!rc) rc = ops->append(c, seq, events, n, err);
  if (!rc && snapshot) {
    long long snap = 0;
    rc = ops->meta_get(c, "snapshot_seq", &snap, err);
    if (!rc && seq + (long long)n - snap >= CS_STORE_SNAPSHOT_EVERY)
      rc = write_snapshot(ops, c, snapshot, seq + (long long)n, err);
  }
  return rc;
}

/* Logging events a server already applied, provided the log ends where it expects. */
typedef struct log_ctx {
  const char *db;
  const char *const *events;
  size_t n;
  long long expect, seq;
} log_ctx;
static int log_work(const cs__store_ops *ops, cs__store_conn *c, void *ctx, cs_error *err) {
  log_ctx *x = ctx;
  /* The write lock is held: nobody can append between the check and ours. */
  int rc = ops->last_seq(c, &x->seq, err);
  if (!rc && x->expect >= 0 && x->seq != x->expect)
    rc = cs__err(err, CS_ECONFLICT, "%s: another writer appended events %lld to %lld first", x->db, x->expect + 1,
                 x->seq);
  if (!rc) rc = append(ops, c, x->seq, x->events, x->n, NULL, err);
  return rc;
}

int cs_store_log_events(const char *db, const char *const *events, size_t n, long long expect, long long *last,
                        cs_error *err) {
  log_ctx x = {db, events, n, expect, 0};
  int rc = cs__store_run(db, CS__STORE_WRITE, true, log_work, &x, err);
  if (!rc && last) *last = x.seq + (long long)n;
  return rc;
}

/* Hands the events given to cs_store_append_events to the append, unchanged. */
typedef struct given { const char *const *events; size_t n; } given;
static int give(const cs_model *m, void *ctx, char ***events, size_t *n, cs_error *err) {
  (void)m;
  (void)err;
  const given *g = ctx;
  *events = (char **)(void *)g->events;
  *n = g->n;
  return 0;
}

/* The one appending transaction's work, under the write lock (one writer at a time,
 * however many processes): the model is read as it stands, fn says what to append, every
 * event is applied to the model first, so that an invalid one leaves the log as it was,
 * and the events are appended; when the log has grown CS_STORE_SNAPSHOT_EVERY events past
 * the tables' snapshot, the tables are rewritten in the same transaction. */
typedef struct transact_ctx {
  const char *db, *source;
  const long *lines;
  cs_store_fn fn;
  void *ctx;
  cs_model *m;
  char **events;
  size_t n;
} transact_ctx;
static int transact_work(const cs__store_ops *ops, cs__store_conn *c, void *ctx, cs_error *err) {
  transact_ctx *x = ctx;
  long long seq = 0;
  int rc = read_model(ops, c, x->db, &x->m, err);
  if (!rc) rc = ops->last_seq(c, &seq, err);
  if (!rc) rc = x->fn(x->m, x->ctx, &x->events, &x->n, err);
  for (size_t i = 0; i < x->n && !rc; i++) {
    cs_loc loc = {x->source, x->lines ? x->lines[i] : (long)i + 1, NULL};
    rc = cs_event_apply_text(x->m, x->events[i], &loc, err);
  }
  if (!rc) rc = append(ops, c, seq, (const char *const *)x->events, x->n, x->m, err);
  return rc;
}

/* Runs the appending transaction; owned says the events fn gives are the store's to free. */
static int transact(const char *db, const char *source, const long *lines, cs_store_fn fn, void *ctx, bool owned,
                    cs_model **out, cs_error *err) {
  if (out) *out = NULL;
  transact_ctx x = {db, source, lines, fn, ctx, NULL, NULL, 0};
  int rc = cs__store_run(db, CS__STORE_WRITE, true, transact_work, &x, err);
  if (owned) {
    for (size_t i = 0; i < x.n; i++) free(x.events[i]);
    free(x.events);
  }
  if (!rc && x.m) rc = cs_model_finish(x.m, err);
  if (rc || !out) cs_model_free(x.m);
  else *out = x.m;
  return rc;
}

int cs_store_append_events(const char *db, const char *const *events, const long *lines, size_t n,
                           const char *source, cs_model **out, cs_error *err) {
  given g = {events, n};
  return transact(db, source, lines, give, &g, false, out, err);
}

int cs_store_transact(const char *db, const char *source, cs_store_fn fn, void *ctx, cs_error *err) {
  return transact(db, source, NULL, fn, ctx, true, NULL, err);
}

/* Whether a store's schema version says a model was imported. */
static int holds_work(const cs__store_ops *ops, cs__store_conn *c, void *ctx, cs_error *err) {
  int version = 0, rc = ops->schema_version(c, &version, err);
  *(bool *)ctx = !rc && version > 0;
  return rc;
}

int cs_store_holds_model(const char *db, bool *holds, cs_error *err) {
  *holds = false;
  return cs__store_run(db, CS__STORE_READ, false, holds_work, holds, err);
}

/* A watch: its own connection, kept open, on which news of appends arrives. */
struct cs_store_watch {
  const cs__store_ops *ops;
  cs__store_conn *c;
};

int cs_store_watch_open(const char *db, cs_store_watch **out, cs_error *err) {
  *out = NULL;
  cs_store_watch *w = calloc(1, sizeof *w);
  if (!w) return cs__err(err, CS_ENOMEM, "out of memory");
  w->ops = cs__store_backend(db);
  int rc = w->ops->open(db, CS__STORE_READ, &w->c, err);
  if (rc) {
    free(w);
    return rc;
  }
  *out = w;
  return 0;
}

int cs_store_watch_wait(cs_store_watch *w, int timeout_ms, bool *news, cs_error *err) {
  int r = w->ops->watch(w->c, timeout_ms, err);
  *news = r > 0;
  return r < 0 ? err->code : 0;
}

void cs_store_watch_close(cs_store_watch *w) {
  if (!w) return;
  cs_error e;
  w->ops->close(w->c, false, &e);
  free(w);
}
