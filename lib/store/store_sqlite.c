/* store_sqlite.c — the embedded store: a model in a SQLite file with a versioned schema.
 * Tables mirror the CSV files column for column (created from the schema in schema.c);
 * an import is one transaction, and reading validates rows like any other source. */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clockspeed/cs_json.h"
#include "clockspeed/cs_io.h"
#include "internal.h"

/* Records a SQLite failure with the database's own message. */
static int db_err(cs_error *err, sqlite3 *db, const char *file, const char *what) {
  return cs__err(err, CS_EIO, "%s: %s: %s", file, what, db ? sqlite3_errmsg(db) : "cannot open");
}

/* Runs SQL that returns no rows. */
static int exec(sqlite3 *db, const char *file, const char *sql, cs_error *err) {
  if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) return db_err(err, db, file, sql);
  return 0;
}

/* The SQL type of a column kind. */
static const char *sql_type(cs_value_kind k) {
  return k == CS_VALUE_NUMBER ? "REAL" : k == CS_VALUE_INTEGER ? "INTEGER" : "TEXT";
}

/* The append-only event log: one row per event, in the order they were committed. */
#define EVENTS_TABLE \
  "CREATE TABLE IF NOT EXISTS events(seq INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL)"

/* Creates table t with its columns, unless the store has it. Column names are quoted:
 * travel's "from" and "to" are SQL keywords. */
static int create_table(sqlite3 *db, const char *file, cs_table t, cs_error *err) {
  char sql[1024];
  int n = snprintf(sql, sizeof sql, "CREATE TABLE IF NOT EXISTS %s(", cs_table_name(t));
  for (size_t k = 0; k < cs_table_ncols(t); k++) {
    const cs_column *c = cs_table_column(t, k);
    n += snprintf(sql + n, sizeof sql - (size_t)n, "%s\"%s\" %s", k ? ", " : "", c->name, sql_type(c->kind));
  }
  snprintf(sql + n, sizeof sql - (size_t)n, ")");
  return exec(db, file, sql, err);
}

/* Drops and re-creates the model's tables and the meta table's version. */
static int create_schema(sqlite3 *db, const char *file, cs_error *err) {
  int rc = exec(db, file,
                "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)", err);
  for (int t = 0; t < CS_TABLE_COUNT && !rc; t++) {
    char sql[1024];
    snprintf(sql, sizeof sql, "DROP TABLE IF EXISTS %s", cs_table_name((cs_table)t));
    rc = exec(db, file, sql, err);
    if (rc) break;
    rc = create_table(db, file, (cs_table)t, err);
  }
  if (!rc) rc = exec(db, file, "DROP TABLE IF EXISTS events", err);
  /* A new log starts from the tables as imported. */
  if (!rc) rc = exec(db, file, "DELETE FROM meta WHERE key = 'snapshot_seq'", err);
  if (!rc) rc = exec(db, file, EVENTS_TABLE, err);
  if (!rc) {
    char sql[200];
    snprintf(sql, sizeof sql,
             "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', '%d')",
             CS_STORE_SCHEMA_VERSION);
    rc = exec(db, file, sql, err);
  }
  return rc;
}

/* Binds a cell's text with its column's SQL type. */
static void bind_cell(sqlite3_stmt *st, int i, cs_value_kind kind, const char *text) {
  double d;
  long l;
  if (kind == CS_VALUE_INTEGER && cs__parse_long(text, -2147483647L, 2147483647L, &l) == 0)
    sqlite3_bind_int64(st, i, l);
  else if (kind == CS_VALUE_NUMBER && cs__parse_double(text, &d) == 0)
    sqlite3_bind_double(st, i, d);
  else
    sqlite3_bind_text(st, i, text, -1, SQLITE_TRANSIENT);
}

/* Inserts every row of one table with one prepared statement. */
static int insert_table(sqlite3 *db, const char *file, const cs_model *m, cs_table t,
                        cs_progress_fn progress, void *user, cs_error *err) {
  char sql[1024];
  size_t ncols = cs_table_ncols(t);
  int n = snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (", cs_table_name(t));
  for (size_t k = 0; k < ncols; k++) n += snprintf(sql + n, sizeof sql - (size_t)n, "%s?", k ? ", " : "");
  snprintf(sql + n, sizeof sql - (size_t)n, ")");
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return db_err(err, db, file, sql);
  char buf[CS_MAX_COLUMNS][64];
  const char *values[CS_MAX_COLUMNS];
  size_t rows = cs_model_row_count(m, t);
  int rc = 0;
  for (size_t i = 0; i < rows && !rc; i++) {
    cs_model_get_row(m, t, i, buf, values);
    for (size_t k = 0; k < ncols; k++) {
      cs_value_kind kind = t == CS_TABLE_SETTINGS ? CS_VALUE_TEXT : cs_table_column(t, k)->kind;
      bind_cell(st, (int)k + 1, kind, values[k]);
    }
    if (sqlite3_step(st) != SQLITE_DONE) rc = db_err(err, db, file, "insert");
    sqlite3_reset(st);
    if (progress && (i & 0xFFFF) == 0) progress(user, cs_table_name(t), (double)i, (double)rows);
  }
  if (progress && !rc) progress(user, cs_table_name(t), (double)rows, (double)rows);
  sqlite3_finalize(st);
  return rc;
}

/* Opens (or creates) a database with the store's settings. */
static int open_db(const char *file, int flags, sqlite3 **db, cs_error *err) {
  if (sqlite3_open_v2(file, db, flags, NULL) != SQLITE_OK) {
    int rc = db_err(err, *db, file, "cannot open");
    sqlite3_close(*db);
    *db = NULL;
    return rc;
  }
  sqlite3_busy_timeout(*db, 5000);
  return 0;
}

/* Reads the schema version; 0 when the database has no meta table (a new file). */
static int schema_version(sqlite3 *db, const char *file, int *version, cs_error *err) {
  *version = 0;
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &st, NULL);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(st);
    if (strstr(sqlite3_errmsg(db), "no such table")) {
      /* A database with tables but no meta is somebody else's. */
      sqlite3_stmt *q = NULL;
      int others = 0;
      if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &q, NULL) == SQLITE_OK &&
          sqlite3_step(q) == SQLITE_ROW)
        others = sqlite3_column_int(q, 0);
      sqlite3_finalize(q);
      if (others) return cs__err(err, CS_ESTORE, "%s: not a clockspeed store", file);
      return 0;
    }
    return db_err(err, db, file, "reading the schema version");
  }
  if (sqlite3_step(st) == SQLITE_ROW) {
    long v = 0;
    const char *text = (const char *)sqlite3_column_text(st, 0);
    if (!text || cs__parse_long(text, 0, 1000000, &v)) {
      sqlite3_finalize(st);
      return cs__err(err, CS_ESTORE, "%s: the schema version is not a number", file);
    }
    *version = (int)v;
  }
  sqlite3_finalize(st);
  return 0;
}

/* Checks that the file at db is a SQLite database (or absent), so an import never
 * overwrites somebody's other file. */
static int check_target(const char *file, int *exists, cs_error *err) {
  struct stat sb;
  *exists = stat(file, &sb) == 0;
  if (!*exists) return 0;
  if (S_ISDIR(sb.st_mode)) return cs__err(err, CS_EINPUT, "%s: is a directory, not a store", file);
  if (sb.st_size == 0) return 0;
  char head[16] = {0};
  FILE *fp = fopen(file, "rb");
  if (!fp) return cs__err(err, CS_EIO, "%s: cannot open: %s", file, strerror(errno));
  size_t n = fread(head, 1, sizeof head, fp);
  fclose(fp);
  if (n < 16 || memcmp(head, "SQLite format 3", 16) != 0)
    return cs__err(err, CS_EINPUT, "%s: exists and is not a SQLite database; not overwritten", file);
  return 0;
}

/* Imports the model in one transaction; a failure rolls back (or removes a new file). */
int cs_store_import(const char *file, const cs_model *m, cs_progress_fn progress, void *user,
                    cs_error *err) {
  int exists, rc = check_target(file, &exists, err);
  if (rc) return rc;
  sqlite3 *db = NULL;
  rc = open_db(file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &db, err);
  if (rc) return rc;
  int version = 0;
  rc = schema_version(db, file, &version, err);
  if (!rc && version > CS_STORE_SCHEMA_VERSION)
    rc = cs__err(err, CS_ESTORE, "%s: schema version %d is newer than this build's (%d)", file,
                 version, CS_STORE_SCHEMA_VERSION);
  if (!rc) rc = exec(db, file, "PRAGMA journal_mode=WAL", err);
  if (!rc) rc = exec(db, file, "BEGIN IMMEDIATE", err);
  if (!rc) {
    rc = create_schema(db, file, err);
    for (int t = 0; t < CS_TABLE_COUNT && !rc; t++)
      rc = insert_table(db, file, m, (cs_table)t, progress, user, err);
    if (!rc) rc = exec(db, file, "COMMIT", err);
    if (rc) sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
  }
  if (sqlite3_close(db) != SQLITE_OK && !rc) rc = cs__err(err, CS_EIO, "%s: close failed", file);
  if (rc && !exists) {
    char side[4200];
    unlink(file);
    snprintf(side, sizeof side, "%s-wal", file);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", file);
    unlink(side);
  }
  return rc;
}

/* Whether table t of the store has a column of that name: a store written before an
 * optional column was added reads as if the column were empty. */
static bool has_column(sqlite3 *db, cs_table t, const char *name) {
  char sql[128];
  snprintf(sql, sizeof sql, "SELECT 1 FROM pragma_table_info('%s') WHERE name = ?", cs_table_name(t));
  sqlite3_stmt *st = NULL;
  bool found = sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
               sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  return found;
}

/* Whether the store has table t: a store written before a table was added reads as if
 * the table were empty. */
static bool has_table(sqlite3 *db, cs_table t) {
  sqlite3_stmt *st = NULL;
  bool found = sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", -1, &st, NULL) ==
                   SQLITE_OK &&
               sqlite3_bind_text(st, 1, cs_table_name(t), -1, SQLITE_STATIC) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  return found;
}

/* Reads one table's rows, in insertion order, through the schema's validation. */
static int read_table(sqlite3 *db, const char *file, const char *base, cs_model *m, cs_table t,
                      cs_error *err) {
  if (!has_table(db, t)) return 0;
  char sql[1024];
  size_t ncols = cs_table_ncols(t);
  int n = snprintf(sql, sizeof sql, "SELECT ");
  for (size_t k = 0; k < ncols; k++) {
    const char *name = cs_table_column(t, k)->name;
    /* Column names are quoted: travel's "from" and "to" are SQL keywords. */
    if (has_column(db, t, name)) n += snprintf(sql + n, sizeof sql - (size_t)n, "%s\"%s\"", k ? ", " : "", name);
    else n += snprintf(sql + n, sizeof sql - (size_t)n, "%sNULL", k ? ", " : "");
  }
  snprintf(sql + n, sizeof sql - (size_t)n, " FROM %s ORDER BY rowid", cs_table_name(t));
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
    sqlite3_finalize(st);
    return cs__err(err, CS_ESTORE, "%s: table %s: %s", file, cs_table_name(t), sqlite3_errmsg(db));
  }
  int rc = 0, step;
  long rowno = 0;
  char buf[CS_MAX_COLUMNS][64];
  while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
    const char *values[CS_MAX_COLUMNS] = {0};
    rowno++;
    for (size_t k = 0; k < ncols; k++) {
      int type = sqlite3_column_type(st, (int)k);
      if (type == SQLITE_NULL) values[k] = NULL;
      else if (type == SQLITE_FLOAT) {
        cs__fmt_double(sqlite3_column_double(st, (int)k), buf[k], sizeof buf[k]);
        values[k] = buf[k];
      } else if (type == SQLITE_INTEGER) {
        snprintf(buf[k], sizeof buf[k], "%lld", (long long)sqlite3_column_int64(st, (int)k));
        values[k] = buf[k];
      } else {
        values[k] = (const char *)sqlite3_column_text(st, (int)k);
      }
    }
    char path[128];
    snprintf(path, sizeof path, "table %s, row %ld", cs_table_name(t), rowno);
    cs_loc loc = {base, 0, path};
    cs_row row = {values, NULL};
    rc = cs_model_add_row(m, t, &row, &loc, err);
  }
  if (!rc && step != SQLITE_DONE) rc = db_err(err, db, file, "reading");
  sqlite3_finalize(st);
  return rc;
}

/* Reads a whole-number meta value; *out is 0 when the key is absent. */
static int meta_long(sqlite3 *db, const char *file, const char *key, long long *out, cs_error *err) {
  sqlite3_stmt *st = NULL;
  *out = 0;
  if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = ?", -1, &st, NULL) != SQLITE_OK) {
    sqlite3_finalize(st);
    return db_err(err, db, file, "reading meta");
  }
  sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
  int rc = 0;
  if (sqlite3_step(st) == SQLITE_ROW) {
    long v = 0;
    const char *text = (const char *)sqlite3_column_text(st, 0);
    if (!text || cs__parse_long(text, 0, 2147483647L, &v)) rc = cs__err(err, CS_ESTORE, "%s: meta '%s' is not a number", file, key);
    *out = v;
  }
  sqlite3_finalize(st);
  return rc;
}

/* The highest sequence number in the event log, 0 when it is empty or absent. */
static long long last_seq(sqlite3 *db) {
  sqlite3_stmt *st = NULL;
  long long seq = 0;
  if (sqlite3_prepare_v2(db, "SELECT coalesce(max(seq), 0) FROM events", -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    seq = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return seq;
}

/* Replays the event log's tail, the events after the snapshot the tables hold (absent in
 * version-1 stores), onto the model, in order. */
static int replay_events(sqlite3 *db, const char *file, const char *base, long long after, cs_model *m, cs_error *err) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT seq, body FROM events WHERE seq > ? ORDER BY seq", -1, &st, NULL) != SQLITE_OK) {
    sqlite3_finalize(st);
    if (strstr(sqlite3_errmsg(db), "no such table")) return 0;
    return db_err(err, db, file, "reading the event log");
  }
  sqlite3_bind_int64(st, 1, after);
  int rc = 0, step;
  while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
    char path[64];
    snprintf(path, sizeof path, "event %lld", (long long)sqlite3_column_int64(st, 0));
    cs_loc loc = {base, 0, path};
    const char *body = (const char *)sqlite3_column_text(st, 1);
    rc = cs_event_apply_text(m, body ? body : "", &loc, err);
  }
  if (!rc && step != SQLITE_DONE) rc = db_err(err, db, file, "reading the event log");
  sqlite3_finalize(st);
  return rc;
}

/* Reads the model of an open store: its tables, then its event log. */
static int read_model(sqlite3 *db, const char *file, cs_model **out, cs_error *err) {
  const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
  int version = 0;
  int rc = schema_version(db, file, &version, err);
  if (!rc && version == 0) rc = cs__err(err, CS_ESTORE, "%s: not a clockspeed store (no model imported)", file);
  if (!rc && version > CS_STORE_SCHEMA_VERSION)
    rc = cs__err(err, CS_ESTORE, "%s: schema version %d; this build reads versions up to %d", file,
                 version, CS_STORE_SCHEMA_VERSION);
  cs_model *m = NULL;
  if (!rc && !(m = cs_model_new())) rc = cs__err(err, CS_ENOMEM, "out of memory");
  for (int t = 0; t < CS_TABLE_COUNT && !rc; t++) rc = read_table(db, file, base, m, (cs_table)t, err);
  /* Events refer to the finished model (routings by product), and may change what
   * finishing derives (the declared constraint), so finish before and after. */
  if (!rc) rc = cs_model_finish(m, err);
  long long snap = 0;
  if (!rc) rc = meta_long(db, file, "snapshot_seq", &snap, err);
  if (!rc) rc = replay_events(db, file, base, snap, m, err);
  if (!rc) rc = cs_model_finish(m, err);
  if (rc) {
    cs_model_free(m);
    return rc;
  }
  *out = m;
  return 0;
}

/* Loads the model a store holds, and the sequence number of the last event in it, read
 * in one transaction so that the two agree. */
int cs_store_read_seq(const char *file, cs_model **out, long long *seq, cs_error *err) {
  *out = NULL;
  sqlite3 *db = NULL;
  int rc = open_db(file, SQLITE_OPEN_READONLY, &db, err);
  if (rc) return rc;
  rc = exec(db, file, "BEGIN", err);
  if (!rc) rc = read_model(db, file, out, err);
  if (!rc && seq) *seq = last_seq(db);
  sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close(db);
  return rc;
}

int cs_store_read(const char *file, cs_model **out, cs_error *err) { return cs_store_read_seq(file, out, NULL, err); }

int cs_store_tail(const char *file, long long after, cs_store_event_fn fn, void *ctx, long long *last, cs_error *err) {
  sqlite3 *db = NULL;
  int rc = open_db(file, SQLITE_OPEN_READONLY, &db, err);
  if (rc) return rc;
  sqlite3_stmt *st = NULL;
  rc = exec(db, file, "BEGIN", err);
  if (!rc && sqlite3_prepare_v2(db, "SELECT seq, body FROM events WHERE seq > ? ORDER BY seq", -1, &st, NULL) != SQLITE_OK)
    rc = db_err(err, db, file, "reading the event log");
  if (!rc) sqlite3_bind_int64(st, 1, after);
  *last = after;
  int step = SQLITE_DONE;
  while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
    *last = sqlite3_column_int64(st, 0);
    const char *body = (const char *)sqlite3_column_text(st, 1);
    rc = fn(ctx, *last, body ? body : "", err);
  }
  if (!rc && step != SQLITE_DONE) rc = db_err(err, db, file, "reading the event log");
  sqlite3_finalize(st);
  sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close(db);
  return rc;
}

/* Rewrites the model's tables from m, the state after event `seq`, so that opening the
 * store replays only the events after it. Inside the caller's transaction. */
static int write_snapshot(sqlite3 *db, const char *file, const cs_model *m, long long seq, cs_error *err) {
  int rc = 0;
  for (int t = 0; t < CS_TABLE_COUNT && !rc; t++) {
    char sql[256];
    /* A store written before a table or an optional column existed gets it first. */
    rc = create_table(db, file, (cs_table)t, err);
    for (size_t k = 0; k < cs_table_ncols((cs_table)t) && !rc; k++) {
      const cs_column *c = cs_table_column((cs_table)t, k);
      if (has_column(db, (cs_table)t, c->name)) continue;
      snprintf(sql, sizeof sql, "ALTER TABLE %s ADD COLUMN \"%s\" %s", cs_table_name((cs_table)t), c->name,
               sql_type(c->kind));
      rc = exec(db, file, sql, err);
    }
    if (rc) break;
    snprintf(sql, sizeof sql, "DELETE FROM %s", cs_table_name((cs_table)t));
    rc = exec(db, file, sql, err);
    if (!rc) rc = insert_table(db, file, m, (cs_table)t, NULL, NULL, err);
  }
  if (!rc) {
    char sql[160];
    snprintf(sql, sizeof sql, "INSERT OR REPLACE INTO meta(key, value) VALUES ('snapshot_seq', '%lld')", seq);
    rc = exec(db, file, sql, err);
  }
  return rc;
}

/* Finishes an append begun with BEGIN IMMEDIATE (when rc is still 0): makes sure the log
 * exists and the version says so, inserts the events, commits; rolls back on any failure
 * and closes the database. Returns the first failure. */
static int insert_and_commit(sqlite3 *db, const char *file, const char *const *events, size_t n,
                             const cs_model *snapshot, int rc, cs_error *err) {
  sqlite3_stmt *st = NULL;
  if (!rc) rc = exec(db, file, EVENTS_TABLE, err);
  if (!rc) {
    char sql[200];
    snprintf(sql, sizeof sql, "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', '%d')",
             CS_STORE_SCHEMA_VERSION);
    rc = exec(db, file, sql, err);
  }
  if (!rc && sqlite3_prepare_v2(db, "INSERT INTO events(body) VALUES (?)", -1, &st, NULL) != SQLITE_OK)
    rc = db_err(err, db, file, "preparing the event insert");
  for (size_t i = 0; i < n && !rc; i++) {
    sqlite3_bind_text(st, 1, events[i], -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) rc = db_err(err, db, file, "appending an event");
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  if (!rc && snapshot) {
    long long snap = 0, seq = last_seq(db);
    rc = meta_long(db, file, "snapshot_seq", &snap, err);
    if (!rc && seq - snap >= CS_STORE_SNAPSHOT_EVERY) rc = write_snapshot(db, file, snapshot, seq, err);
  }
  if (!rc) rc = exec(db, file, "COMMIT", err);
  if (rc) sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
  if (sqlite3_close(db) != SQLITE_OK && !rc) rc = cs__err(err, CS_EIO, "%s: close failed", file);
  return rc;
}

int cs_store_log_events(const char *file, const char *const *events, size_t n, long long expect, long long *last,
                        cs_error *err) {
  sqlite3 *db = NULL;
  int rc = open_db(file, SQLITE_OPEN_READWRITE, &db, err);
  if (rc) return rc;
  rc = exec(db, file, "BEGIN IMMEDIATE", err);
  /* The write lock is held from here: nobody can append between the check and ours. */
  long long seq = rc ? 0 : last_seq(db);
  if (!rc && expect >= 0 && seq != expect)
    rc = cs__err(err, CS_ECONFLICT, "%s: another writer appended events %lld to %lld first", file, expect + 1, seq);
  rc = insert_and_commit(db, file, events, n, NULL, rc, err);
  if (!rc && last) *last = seq + (long long)n;
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

/* The one appending transaction: under BEGIN IMMEDIATE (one writer at a time, however
 * many processes) the model is read as it stands, fn says what to append, every event is
 * applied to the model first, so that an invalid one leaves the log as it was, and the
 * events are inserted; when the log has grown CS_STORE_SNAPSHOT_EVERY events past the
 * tables' snapshot, the tables are rewritten in the same transaction. */
static int transact(const char *file, const char *source, const long *lines, cs_store_fn fn, void *ctx, bool owned,
                    cs_model **out, cs_error *err) {
  if (out) *out = NULL;
  int exists, rc = check_target(file, &exists, err);
  if (rc) return rc;
  if (!exists) return cs__err(err, CS_EINPUT, "%s: no such store", file);
  sqlite3 *db = NULL;
  rc = open_db(file, SQLITE_OPEN_READWRITE, &db, err);
  if (rc) return rc;
  cs_model *m = NULL;
  char **events = NULL;
  size_t n = 0;
  rc = exec(db, file, "BEGIN IMMEDIATE", err);
  if (!rc) rc = read_model(db, file, &m, err);
  if (!rc) rc = fn(m, ctx, &events, &n, err);
  for (size_t i = 0; i < n && !rc; i++) {
    cs_loc loc = {source, lines ? lines[i] : (long)i + 1, NULL};
    rc = cs_event_apply_text(m, events[i], &loc, err);
  }
  rc = insert_and_commit(db, file, (const char *const *)events, n, m, rc, err);
  if (owned) {
    for (size_t i = 0; i < n; i++) free(events[i]);
    free(events);
  }
  if (!rc && m) rc = cs_model_finish(m, err);
  if (rc || !out) cs_model_free(m);
  else *out = m;
  return rc;
}

int cs_store_append_events(const char *file, const char *const *events, const long *lines, size_t n,
                           const char *source, cs_model **out, cs_error *err) {
  given g = {events, n};
  return transact(file, source, lines, give, &g, false, out, err);
}

int cs_store_transact(const char *file, const char *source, cs_store_fn fn, void *ctx, cs_error *err) {
  return transact(file, source, NULL, fn, ctx, true, NULL, err);
}
