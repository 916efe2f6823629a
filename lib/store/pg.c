/* pg.c — the PostgreSQL backend of the store (backend.h), through libpq, for several
 * servers on one database (DESIGN §12). The tables are the SQLite store's, column for
 * column, with double precision, bigint and text for REAL, INTEGER and TEXT, and one more
 * column, _row, that keeps the order rows were written in (SQLite's rowid). Values travel
 * only as parameters (PQexecParams) or through COPY; no value is pasted into SQL text.
 * The write lock is a transaction-level advisory lock; an append NOTIFYs the log's new
 * end on channel clockspeed_events, and a watch LISTENs there. Connections are kept for
 * the next operation on the same database (a few per process), since making one costs
 * more than most operations. docs/internals/store.md. */
#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backend.h"
#include "internal.h"

/* The advisory lock every writer takes first ("clock" in ASCII). */
#define WRITE_LOCK "427197868907"
/* The channel on which appends are announced. */
#define CHANNEL "clockspeed_events"

struct cs__store_conn {
  PGconn *pg;
  char uri[512];   /* the URI it was made with: an idle connection is kept under it */
  char shown[256]; /* the URI as errors show it: without its password */
  bool listening;
};

/* Idle connections kept for the next operation on the same database: the process's only
 * state in the store, behind its own mutex, since the server's threads share it. */
#define POOL_SIZE 8
static pthread_mutex_t pool_mu = PTHREAD_MUTEX_INITIALIZER;
static cs__store_conn *pool[POOL_SIZE];
static size_t pool_n;

/* An idle connection to uri, or NULL when none is kept. */
static cs__store_conn *pool_take(const char *uri) {
  cs__store_conn *c = NULL;
  pthread_mutex_lock(&pool_mu);
  for (size_t i = pool_n; i-- > 0;) {
    if (strcmp(pool[i]->uri, uri) != 0) continue;
    c = pool[i];
    pool[i] = pool[--pool_n];
    break;
  }
  pthread_mutex_unlock(&pool_mu);
  return c;
}

/* Keeps a healthy idle connection for later; returns false when it is not kept (broken,
 * in a transaction, listening, or the pool full), and the caller closes it. */
static bool pool_give(cs__store_conn *c) {
  if (c->listening || PQstatus(c->pg) != CONNECTION_OK || PQtransactionStatus(c->pg) != PQTRANS_IDLE) return false;
  bool kept = false;
  pthread_mutex_lock(&pool_mu);
  if (pool_n < POOL_SIZE) {
    pool[pool_n++] = c;
    kept = true;
  }
  pthread_mutex_unlock(&pool_mu);
  return kept;
}

/* Copies the URI for messages, with any password in it replaced by "***". */
static void redact(const char *uri, char *out, size_t size) {
  snprintf(out, size, "%s", uri);
  char *start = strstr(out, "://");
  if (!start) return;
  start += 3;
  char *at = strchr(start, '@'), *colon = strchr(start, ':');
  if (at && colon && colon < at) {
    char rest[256];
    snprintf(rest, sizeof rest, "%s", at);
    snprintf(colon, size - (size_t)(colon - out), ":***%s", rest);
  }
}

/* Records a failure with the server's own message (its last line only). */
static int pg_fail(cs_error *err, const cs__store_conn *c, const char *what) {
  char msg[512];
  snprintf(msg, sizeof msg, "%s", c->pg ? PQerrorMessage(c->pg) : "cannot connect");
  size_t n = strlen(msg);
  while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) msg[--n] = '\0';
  return cs__err(err, CS_ESTORE, "%s: %s: %s", c->shown, what, msg);
}

/* Runs a statement with text parameters; *out (when given) receives the result rows, to
 * be PQclear'd. */
static int run(cs__store_conn *c, const char *sql, int n, const char *const *params, PGresult **out, cs_error *err) {
  PGresult *r = PQexecParams(c->pg, sql, n, NULL, params, NULL, NULL, 0);
  ExecStatusType s = PQresultStatus(r);
  if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
    PQclear(r);
    return pg_fail(err, c, sql);
  }
  if (out) *out = r;
  else PQclear(r);
  return 0;
}

/* The first value of a one-row result, as a number (0 when there is no row). */
static int run_number(cs__store_conn *c, const char *sql, int n, const char *const *params, long long *out,
                      cs_error *err) {
  PGresult *r = NULL;
  *out = 0;
  int rc = run(c, sql, n, params, &r, err);
  if (!rc && PQntuples(r) > 0 && !PQgetisnull(r, 0, 0)) *out = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
  PQclear(r);
  return rc;
}

/* Notices (a table "already exists, skipping") are not the user's business. */
static void quiet(void *arg, const char *message) {
  (void)arg;
  (void)message;
}

static int pg_open(const char *uri, cs__store_mode mode, cs__store_conn **out, cs_error *err) {
  (void)mode;
  *out = NULL;
  if (strlen(uri) >= sizeof ((cs__store_conn *)0)->uri) return cs__err(err, CS_EINPUT, "the database URI is too long");
  cs__store_conn *c = pool_take(uri);
  if (c) {
    *out = c;
    return 0;
  }
  char shown[256];
  redact(uri, shown, sizeof shown);
  /* A URI libpq cannot read is the user's mistake (exit 2), not the server's. */
  char *why = NULL;
  PQconninfoOption *opts = PQconninfoParse(uri, &why);
  if (!opts) {
    size_t n = why ? strlen(why) : 0;
    while (n && why[n - 1] == '\n') why[--n] = '\0';
    int rc = cs__err(err, CS_EINPUT, "%s: not a PostgreSQL URI: %s", shown, why ? why : "out of memory");
    PQfreemem(why);
    return rc;
  }
  PQconninfoFree(opts);
  if (!(c = calloc(1, sizeof *c))) return cs__err(err, CS_ENOMEM, "out of memory");
  snprintf(c->uri, sizeof c->uri, "%s", uri);
  snprintf(c->shown, sizeof c->shown, "%s", shown);
  c->pg = PQconnectdb(uri);
  if (!c->pg || PQstatus(c->pg) != CONNECTION_OK) {
    int rc = pg_fail(err, c, "cannot connect");
    PQfinish(c->pg);
    free(c);
    return rc;
  }
  PQsetNoticeProcessor(c->pg, quiet, NULL);
  *out = c;
  return 0;
}

static int pg_close(cs__store_conn *c, bool failed, cs_error *err) {
  (void)failed;
  (void)err;
  if (!c || pool_give(c)) return 0;
  PQfinish(c->pg);
  free(c);
  return 0;
}

/* A writer's transaction waits for the advisory lock; a reader's sees one snapshot. */
static int pg_begin(cs__store_conn *c, bool write, cs_error *err) {
  if (!write) return run(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL, NULL, err);
  /* One round trip: both statements in one simple query. */
  PGresult *r = PQexec(c->pg, "BEGIN; SELECT pg_advisory_xact_lock(" WRITE_LOCK ")");
  int rc = PQresultStatus(r) == PGRES_TUPLES_OK ? 0 : pg_fail(err, c, "taking the write lock");
  PQclear(r);
  if (rc) PQclear(PQexec(c->pg, "ROLLBACK"));
  return rc;
}

static int pg_commit(cs__store_conn *c, cs_error *err) { return run(c, "COMMIT", 0, NULL, NULL, err); }

static void pg_rollback(cs__store_conn *c) { PQclear(PQexec(c->pg, "ROLLBACK")); }

/* Whether the schema the connection works in has the table. */
static int has_table(cs__store_conn *c, const char *name, bool *found, cs_error *err) {
  long long n = 0;
  const char *p[1] = {name};
  int rc = run_number(c,
                      "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() "
                      "AND table_name = $1",
                      1, p, &n, err);
  *found = n > 0;
  return rc;
}

static int pg_schema_version(cs__store_conn *c, int *version, cs_error *err) {
  *version = 0;
  bool meta = false;
  int rc = has_table(c, "meta", &meta, err);
  if (rc) return rc;
  if (!meta) {
    /* A schema with tables but no meta is somebody else's. */
    long long others = 0;
    rc = run_number(c, "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()", 0,
                    NULL, &others, err);
    if (!rc && others) rc = cs__err(err, CS_ESTORE, "%s: not a clockspeed store (the schema holds other tables)", c->shown);
    return rc;
  }
  PGresult *r = NULL;
  rc = run(c, "SELECT value FROM meta WHERE key = 'schema_version'", 0, NULL, &r, err);
  if (!rc && PQntuples(r) > 0) {
    long v = 0;
    if (cs__parse_long(PQgetvalue(r, 0, 0), 0, 1000000, &v))
      rc = cs__err(err, CS_ESTORE, "%s: the schema version is not a number", c->shown);
    *version = (int)v;
  }
  PQclear(r);
  return rc;
}

/* The SQL type of column k of table t (settings are all text, as they are bound). */
static const char *col_type(cs_table t, size_t k) {
  return cs__store_sql_type(t == CS_TABLE_SETTINGS ? CS_VALUE_TEXT : cs_table_column(t, k)->kind, true);
}

/* Creates table t, unless the schema has it. Column names are quoted: travel's "from" and
 * "to" are SQL keywords. */
static int create_table(cs__store_conn *c, cs_table t, cs_error *err) {
  char sql[1024];
  int n = snprintf(sql, sizeof sql, "CREATE TABLE IF NOT EXISTS %s(_row bigint NOT NULL", cs_table_name(t));
  for (size_t k = 0; k < cs_table_ncols(t); k++)
    n += snprintf(sql + n, sizeof sql - (size_t)n, ", \"%s\" %s", cs_table_column(t, k)->name, col_type(t, k));
  snprintf(sql + n, sizeof sql - (size_t)n, ")");
  return run(c, sql, 0, NULL, NULL, err);
}

#define EVENTS_TABLE "CREATE TABLE IF NOT EXISTS events(seq bigint PRIMARY KEY, body text NOT NULL)"
#define META_TABLE "CREATE TABLE IF NOT EXISTS meta(key text PRIMARY KEY, value text NOT NULL)"

static int pg_create_schema(cs__store_conn *c, cs_error *err) {
  int rc = run(c, META_TABLE, 0, NULL, NULL, err);
  for (int t = 0; t < CS_TABLE_COUNT && !rc; t++) {
    char sql[256];
    snprintf(sql, sizeof sql, "DROP TABLE IF EXISTS %s", cs_table_name((cs_table)t));
    rc = run(c, sql, 0, NULL, NULL, err);
  }
  if (!rc) rc = run(c, "DROP TABLE IF EXISTS events", 0, NULL, NULL, err);
  if (!rc) rc = run(c, "DELETE FROM meta WHERE key = 'snapshot_seq'", 0, NULL, NULL, err);
  if (!rc) rc = run(c, EVENTS_TABLE, 0, NULL, NULL, err);
  return rc;
}

/* Appends one value to a COPY line in text format: \N for none, backslash escapes. */
static size_t copy_value(char *out, size_t at, size_t size, const char *v) {
  if (!v) return at + (size_t)snprintf(out + at, size - at, "\\N");
  for (; *v && at + 4 < size; v++) {
    char e = *v == '\t' ? 't' : *v == '\n' ? 'n' : *v == '\r' ? 'r' : *v == '\\' ? '\\' : 0;
    if (e) {
      out[at++] = '\\';
      out[at++] = e;
    } else {
      out[at++] = *v;
    }
  }
  out[at] = '\0';
  return at;
}

/* Sends table t's rows as one COPY: far fewer round trips than a row at a time. */
static int copy_rows(cs__store_conn *c, const cs_model *m, cs_table t, cs_progress_fn progress, void *user,
                     cs_error *err) {
  char sql[1024];
  size_t ncols = cs_table_ncols(t);
  int n = snprintf(sql, sizeof sql, "COPY %s(_row", cs_table_name(t));
  for (size_t k = 0; k < ncols; k++) n += snprintf(sql + n, sizeof sql - (size_t)n, ", \"%s\"", cs_table_column(t, k)->name);
  snprintf(sql + n, sizeof sql - (size_t)n, ") FROM STDIN");
  PGresult *r = PQexec(c->pg, sql);
  if (PQresultStatus(r) != PGRES_COPY_IN) {
    PQclear(r);
    return pg_fail(err, c, sql);
  }
  PQclear(r);
  char buf[CS_MAX_COLUMNS][64];
  const char *values[CS_MAX_COLUMNS];
  static const size_t LINE = (size_t)CS_MAX_COLUMNS * 2 * 1024;
  char *line = malloc(LINE);
  size_t rows = cs_model_row_count(m, t);
  const char *failure = line ? NULL : "out of memory";
  for (size_t i = 0; i < rows && !failure; i++) {
    cs_model_get_row(m, t, i, buf, values);
    size_t at = (size_t)snprintf(line, LINE, "%zu", i + 1);
    for (size_t k = 0; k < ncols; k++) {
      const char *v = values[k];
      /* An empty number is no number: NULL, which reads back as empty. */
      if (v && !*v && t != CS_TABLE_SETTINGS && cs_table_column(t, k)->kind != CS_VALUE_TEXT) v = NULL;
      line[at++] = '\t';
      at = copy_value(line, at, LINE, v);
      if (at + 4 >= LINE) failure = "a value is too long";
    }
    line[at++] = '\n';
    if (PQputCopyData(c->pg, line, (int)at) != 1) failure = "sending rows";
    if (progress && (i & 0xFFFF) == 0) progress(user, cs_table_name(t), (double)i, (double)rows);
  }
  free(line);
  if (PQputCopyEnd(c->pg, failure) != 1 && !failure) failure = "ending the copy";
  int rc = 0;
  while ((r = PQgetResult(c->pg))) {
    if (PQresultStatus(r) != PGRES_COMMAND_OK && !rc) rc = pg_fail(err, c, sql);
    PQclear(r);
  }
  if (!rc && failure) rc = cs__err(err, CS_ESTORE, "%s: table %s: %s", c->shown, cs_table_name(t), failure);
  if (progress && !rc) progress(user, cs_table_name(t), (double)rows, (double)rows);
  return rc;
}

/* Makes table t as this build has it (missing columns added), empties it and copies
 * every row of m into it. */
static int pg_write_table(cs__store_conn *c, const cs_model *m, cs_table t, cs_progress_fn progress, void *user,
                          cs_error *err) {
  char sql[1024];
  int rc = create_table(c, t, err);
  for (size_t k = 0; k < cs_table_ncols(t) && !rc; k++) {
    snprintf(sql, sizeof sql, "ALTER TABLE %s ADD COLUMN IF NOT EXISTS \"%s\" %s", cs_table_name(t),
             cs_table_column(t, k)->name, col_type(t, k));
    rc = run(c, sql, 0, NULL, NULL, err);
  }
  if (!rc) {
    snprintf(sql, sizeof sql, "DELETE FROM %s", cs_table_name(t));
    rc = run(c, sql, 0, NULL, NULL, err);
  }
  if (!rc) rc = copy_rows(c, m, t, progress, user, err);
  return rc;
}

/* Reads table t in the order it was written; numbers come back in the store's shortest
 * form, so that CSV → PostgreSQL → CSV is byte-identical, as with SQLite. */
static int pg_read_table(cs__store_conn *c, const char *base, cs_model *m, cs_table t, cs_error *err) {
  bool found = false;
  int rc = has_table(c, cs_table_name(t), &found, err);
  if (rc || !found) return rc;
  PGresult *cols = NULL;
  const char *p[1] = {cs_table_name(t)};
  rc = run(c,
           "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
           "AND table_name = $1",
           1, p, &cols, err);
  if (rc) return rc;
  char sql[1024];
  size_t ncols = cs_table_ncols(t);
  int n = snprintf(sql, sizeof sql, "SELECT ");
  for (size_t k = 0; k < ncols; k++) {
    const char *name = cs_table_column(t, k)->name;
    bool has = false;
    for (int i = 0; i < PQntuples(cols) && !has; i++) has = strcmp(PQgetvalue(cols, i, 0), name) == 0;
    if (has) n += snprintf(sql + n, sizeof sql - (size_t)n, "%s\"%s\"", k ? ", " : "", name);
    else n += snprintf(sql + n, sizeof sql - (size_t)n, "%sNULL", k ? ", " : "");
  }
  PQclear(cols);
  snprintf(sql + n, sizeof sql - (size_t)n, " FROM %s ORDER BY _row", cs_table_name(t));
  PGresult *r = NULL;
  rc = run(c, sql, 0, NULL, &r, err);
  char buf[CS_MAX_COLUMNS][64];
  for (int i = 0; !rc && i < PQntuples(r); i++) {
    const char *values[CS_MAX_COLUMNS] = {0};
    for (size_t k = 0; k < ncols; k++) {
      if (PQgetisnull(r, i, (int)k)) continue;
      values[k] = PQgetvalue(r, i, (int)k);
      double d;
      if (t != CS_TABLE_SETTINGS && cs_table_column(t, k)->kind == CS_VALUE_NUMBER &&
          cs__parse_double(values[k], &d) == 0) {
        cs__fmt_double(d, buf[k], sizeof buf[k]);
        values[k] = buf[k];
      }
    }
    rc = cs__store_add_row(m, t, base, (long)i + 1, values, err);
  }
  PQclear(r);
  return rc;
}

static int pg_meta_get(cs__store_conn *c, const char *key, long long *out, cs_error *err) {
  *out = 0;
  bool meta = false;
  int rc = has_table(c, "meta", &meta, err);
  if (rc || !meta) return rc;
  PGresult *r = NULL;
  const char *p[1] = {key};
  rc = run(c, "SELECT value FROM meta WHERE key = $1", 1, p, &r, err);
  if (!rc && PQntuples(r) > 0) rc = cs__store_meta_number(c->shown, key, PQgetvalue(r, 0, 0), out, err);
  PQclear(r);
  return rc;
}

static int pg_meta_set(cs__store_conn *c, const char *key, long long value, cs_error *err) {
  char text[32];
  snprintf(text, sizeof text, "%lld", value);
  const char *p[2] = {key, text};
  /* Every PostgreSQL store has its meta table from the import on. */
  return run(c, "INSERT INTO meta(key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
             2, p, NULL, err);
}

/* Every PostgreSQL store has its log from the import on; a database without one (no
 * import) fails with the server's "relation does not exist". */
static int pg_last_seq(cs__store_conn *c, long long *seq, cs_error *err) {
  return run_number(c, "SELECT coalesce(max(seq), 0) FROM events", 0, NULL, seq, err);
}

static int pg_events_after(cs__store_conn *c, long long after, cs_store_event_fn fn, void *ctx, cs_error *err) {
  bool found = false;
  int rc = has_table(c, "events", &found, err);
  if (rc || !found) return rc;
  char text[32];
  snprintf(text, sizeof text, "%lld", after);
  const char *p[1] = {text};
  PGresult *r = NULL;
  rc = run(c, "SELECT seq, body FROM events WHERE seq > $1 ORDER BY seq", 1, p, &r, err);
  for (int i = 0; !rc && i < PQntuples(r); i++) rc = fn(ctx, strtoll(PQgetvalue(r, i, 0), NULL, 10), PQgetvalue(r, i, 1), err);
  PQclear(r);
  return rc;
}

/* Inserts the events with the numbers that follow the log's end (the advisory lock makes
 * them gap-free), then NOTIFYs the new end: delivered at commit, or never if it fails. */
static int pg_append(cs__store_conn *c, long long first, const char *const *events, size_t n, cs_error *err) {
  int rc = 0;
  char seq[32];
  for (size_t i = 0; i < n && !rc; i++) {
    snprintf(seq, sizeof seq, "%lld", first + (long long)i + 1);
    const char *p[2] = {seq, events[i]};
    rc = run(c, "INSERT INTO events(seq, body) VALUES ($1, $2)", 2, p, NULL, err);
  }
  if (!rc && n) {
    const char *p[1] = {seq};
    rc = run(c, "SELECT pg_notify('" CHANNEL "', $1)", 1, p, NULL, err);
  }
  return rc;
}

#define TOKENS_TABLE "CREATE TABLE IF NOT EXISTS tokens(hash text PRIMARY KEY, role text NOT NULL, created text NOT NULL)"

static int pg_token_put(cs__store_conn *c, const char *hash, const char *role, const char *when, cs_error *err) {
  const char *p[3] = {hash, role, when};
  int rc = run(c, TOKENS_TABLE, 0, NULL, NULL, err);
  if (!rc) rc = run(c, "INSERT INTO tokens(hash, role, created) VALUES ($1, $2, $3)", 3, p, NULL, err);
  return rc;
}

static int pg_token_get(cs__store_conn *c, const char *hash, char role[16], cs_error *err) {
  role[0] = '\0';
  bool found = false;
  int rc = has_table(c, "tokens", &found, err);
  if (rc || !found) return rc;
  const char *p[1] = {hash};
  PGresult *r = NULL;
  rc = run(c, "SELECT role FROM tokens WHERE hash = $1", 1, p, &r, err);
  if (!rc && PQntuples(r) > 0) snprintf(role, 16, "%s", PQgetvalue(r, 0, 0));
  PQclear(r);
  return rc;
}

/* Takes every notification that has arrived; true when there was one. */
static bool drain(PGconn *pg) {
  bool any = false;
  PGnotify *note;
  while ((note = PQnotifies(pg))) {
    any = true;
    PQfreemem(note);
  }
  return any;
}

/* Monotonic milliseconds. */
static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* LISTENs (again, after a reconnection) and waits on the connection's socket for a
 * notification. A lost connection is made again; since notifications sent meanwhile are
 * lost, that counts as news, so the caller reads the log. */
static int pg_watch(cs__store_conn *c, int timeout_ms, cs_error *err) {
  long long until = now_ms() + timeout_ms;
  if (PQstatus(c->pg) != CONNECTION_OK) {
    PQreset(c->pg);
    c->listening = false;
    if (PQstatus(c->pg) != CONNECTION_OK) {
      struct timespec ts = {timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000L};
      nanosleep(&ts, NULL);
      return 1;
    }
  }
  if (!c->listening) {
    if (run(c, "LISTEN " CHANNEL, 0, NULL, NULL, err)) return 1;
    c->listening = true;
    return 1;
  }
  for (;;) {
    if (PQconsumeInput(c->pg) != 1) return 1; /* the connection dropped: reset next time */
    if (drain(c->pg)) return 1;
    long long left = until - now_ms();
    if (left <= 0) return 0;
    struct pollfd pfd = {PQsocket(c->pg), POLLIN, 0};
    if (poll(&pfd, 1, (int)left) < 0 && errno != EINTR) return 1;
  }
}

const cs__store_ops cs__store_pg = {
    "postgresql",      pg_open,         pg_close,       pg_begin,      pg_commit,   pg_rollback,
    pg_schema_version, pg_create_schema, pg_write_table, pg_read_table, pg_meta_get, pg_meta_set,
    pg_last_seq,       pg_events_after, pg_append,      pg_token_put,  pg_token_get, pg_watch,
};
