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

/* Closes c, keeping the first failure. */
static int close_conn(const cs__store_ops *ops, cs__store_conn *c, int rc, cs_error *err) {
  cs_error e2;
  int rc2 = ops->close(c, rc != 0, rc ? &e2 : err);
  return rc ? rc : rc2;
}

int cs_store_import(const char *db, const cs_model *m, cs_progress_fn progress, void *user, cs_error *err) {
  const cs__store_ops *ops = cs__store_backend(db);
  cs__store_conn *c = NULL;
  int rc = ops->open(db, CS__STORE_CREATE, &c, err);
  if (rc) return rc;
  int version = 0;
  rc = ops->begin(c, true, err);
  bool began = !rc;
  if (!rc) rc = ops->schema_version(c, &version, err);
  if (!rc && version > CS_STORE_SCHEMA_VERSION)
    rc = cs__err(err, CS_ESTORE, "%s: schema version %d is newer than this build's (%d)", db, version,
                 CS_STORE_SCHEMA_VERSION);
  if (!rc) rc = ops->create_schema(c, err);
  for (int t = 0; t < CS_TABLE_COUNT && !rc; t++) rc = ops->write_table(c, m, (cs_table)t, progress, user, err);
  if (!rc) rc = ops->meta_set(c, "schema_version", CS_STORE_SCHEMA_VERSION, err);
  if (!rc) rc = ops->commit(c, err);
  else if (began) ops->rollback(c);
  return close_conn(ops, c, rc, err);
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

int cs_store_read_seq(const char *db, cs_model **out, long long *seq, cs_error *err) {
  *out = NULL;
  const cs__store_ops *ops = cs__store_backend(db);
  cs__store_conn *c = NULL;
  int rc = ops->open(db, CS__STORE_READ, &c, err);
  if (rc) return rc;
  rc = ops->begin(c, false, err);
  if (!rc) {
    rc = read_model(ops, c, db, out, err);
    if (!rc && seq) rc = ops->last_seq(c, seq, err);
    ops->rollback(c);
  }
  if (rc) {
    cs_model_free(*out);
    *out = NULL;
  }
  return close_conn(ops, c, rc, err);
}

int cs_store_read(const char *db, cs_model **out, cs_error *err) { return cs_store_read_seq(db, out, NULL, err); }

/* Passes each event on to the caller's function, remembering the last one's number. */
typedef struct tail_ctx { cs_store_event_fn fn; void *ctx; long long *last; } tail_ctx;
static int tail_one(void *ctx, long long seq, const char *text, cs_error *err) {
  tail_ctx *t = ctx;
  *t->last = seq;
  return t->fn(t->ctx, seq, text, err);
}

int cs_store_tail(const char *db, long long after, cs_store_event_fn fn, void *ctx, long long *last, cs_error *err) {
  const cs__store_ops *ops = cs__store_backend(db);
  cs__store_conn *c = NULL;
  *last = after;
  int rc = ops->open(db, CS__STORE_READ, &c, err);
  if (rc) return rc;
  rc = ops->begin(c, false, err);
  if (!rc) {
    tail_ctx t = {fn, ctx, last};
    rc = ops->events_after(c, after, tail_one, &t, err);
    ops->rollback(c);
  }
  return close_conn(ops, c, rc, err);
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

/* Finishes an append begun under the write lock (when rc is still 0): inserts the events
 * after event `seq`, writes the snapshot when it is due (snapshot given), commits; rolls
 * back on any failure. Returns the first failure. */
static int append_and_commit(const cs__store_ops *ops, cs__store_conn *c, long long seq, const char *const *events,
                             size_t n, const cs_model *snapshot, int rc, cs_error *err) {
  if (!rc) rc = ops->meta_set(c, "schema_version", CS_STORE_SCHEMA_VERSION, err);
  if (!rc) rc = ops->append(c, seq, events, n, err);
  if (!rc && snapshot) {
    long long snap = 0;
    rc = ops->meta_get(c, "snapshot_seq", &snap, err);
    if (!rc && seq + (long long)n - snap >= CS_STORE_SNAPSHOT_EVERY)
      rc = write_snapshot(ops, c, snapshot, seq + (long long)n, err);
  }
  if (!rc) rc = ops->commit(c, err);
  else ops->rollback(c);
  return rc;
}

int cs_store_log_events(const char *db, const char *const *events, size_t n, long long expect, long long *last,
                        cs_error *err) {
  const cs__store_ops *ops = cs__store_backend(db);
  cs__store_conn *c = NULL;
  int rc = ops->open(db, CS__STORE_WRITE, &c, err);
  if (rc) return rc;
  long long seq = 0;
  rc = ops->begin(c, true, err);
  if (rc) return close_conn(ops, c, rc, err);
  /* The write lock is held from here: nobody can append between the check and ours. */
  rc = ops->last_seq(c, &seq, err);
  if (!rc && expect >= 0 && seq != expect)
    rc = cs__err(err, CS_ECONFLICT, "%s: another writer appended events %lld to %lld first", db, expect + 1, seq);
  rc = append_and_commit(ops, c, seq, events, n, NULL, rc, err);
  if (!rc && last) *last = seq + (long long)n;
  return close_conn(ops, c, rc, err);
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

/* The one appending transaction: under the write lock (one writer at a time, however
 * many processes) the model is read as it stands, fn says what to append, every event is
 * applied to the model first, so that an invalid one leaves the log as it was, and the
 * events are appended; when the log has grown CS_STORE_SNAPSHOT_EVERY events past the
 * tables' snapshot, the tables are rewritten in the same transaction. */
static int transact(const char *db, const char *source, const long *lines, cs_store_fn fn, void *ctx, bool owned,
                    cs_model **out, cs_error *err) {
  if (out) *out = NULL;
  const cs__store_ops *ops = cs__store_backend(db);
  cs__store_conn *c = NULL;
  int rc = ops->open(db, CS__STORE_WRITE, &c, err);
  if (rc) return rc;
  cs_model *m = NULL;
  char **events = NULL;
  size_t n = 0;
  long long seq = 0;
  rc = ops->begin(c, true, err);
  if (rc) return close_conn(ops, c, rc, err);
  rc = read_model(ops, c, db, &m, err);
  if (!rc) rc = ops->last_seq(c, &seq, err);
  if (!rc) rc = fn(m, ctx, &events, &n, err);
  for (size_t i = 0; i < n && !rc; i++) {
    cs_loc loc = {source, lines ? lines[i] : (long)i + 1, NULL};
    rc = cs_event_apply_text(m, events[i], &loc, err);
  }
  rc = append_and_commit(ops, c, seq, (const char *const *)events, n, m, rc, err);
  rc = close_conn(ops, c, rc, err);
  if (owned) {
    for (size_t i = 0; i < n; i++) free(events[i]);
    free(events);
  }
  if (!rc && m) rc = cs_model_finish(m, err);
  if (rc || !out) cs_model_free(m);
  else *out = m;
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

int cs_store_holds_model(const char *db, bool *holds, cs_error *err) {
  *holds = false;
  const cs__store_ops *ops = cs__store_backend(db);
  cs__store_conn *c = NULL;
  int rc = ops->open(db, CS__STORE_READ, &c, err);
  if (rc) return rc;
  int version = 0;
  rc = ops->begin(c, false, err);
  if (!rc) {
    rc = ops->schema_version(c, &version, err);
    ops->rollback(c);
  }
  *holds = !rc && version > 0;
  return close_conn(ops, c, rc, err);
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
