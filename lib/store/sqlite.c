/* sqlite.c — the embedded backend of the store (backend.h): a model in one SQLite file.
 * Tables mirror the CSV files column for column, typed REAL, INTEGER or TEXT, in rowid
 * order; the write lock is SQLite's own (BEGIN IMMEDIATE), so writers in any number of
 * processes follow one another. There are no notifications: a watch just waits. */
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "backend.h"
#include "internal.h"

struct cs__store_conn {
  sqlite3 *db;
  char *file;
  bool created; /* the file did not exist before this connection: a failed import removes it */
};

/* Records a SQLite failure with the database's own message. */
static int db_err(cs_error *err, const cs__store_conn *c, const char *what) {
  return cs__err(err, CS_EIO, "%s: %s: %s", c->file, what, c->db ? sqlite3_errmsg(c->db) : "cannot open");
}

/* Runs SQL that returns no rows. */
static int exec(cs__store_conn *c, const char *sql, cs_error *err) {
  if (sqlite3_exec(c->db, sql, NULL, NULL, NULL) != SQLITE_OK) return db_err(err, c, sql);
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

/* Opens the file: to read, to write a store that exists, or to create one (in WAL mode,
 * so that readers are not blocked by an import). */
static int sq_open(const char *file, cs__store_mode mode, cs__store_conn **out, cs_error *err) {
  *out = NULL;
  int exists = 0, rc = 0;
  if (mode != CS__STORE_READ) {
    rc = check_target(file, &exists, err);
    if (rc) return rc;
    if (!exists && mode == CS__STORE_WRITE) return cs__err(err, CS_EINPUT, "%s: no such store", file);
  }
  cs__store_conn *c = calloc(1, sizeof *c);
  if (!c || !(c->file = strdup(file))) {
    free(c);
    return cs__err(err, CS_ENOMEM, "out of memory");
  }
  c->created = mode == CS__STORE_CREATE && !exists;
  int flags = mode == CS__STORE_READ ? SQLITE_OPEN_READONLY
              : mode == CS__STORE_WRITE ? SQLITE_OPEN_READWRITE
                                        : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (sqlite3_open_v2(file, &c->db, flags, NULL) != SQLITE_OK) rc = db_err(err, c, "cannot open");
  if (!rc) sqlite3_busy_timeout(c->db, 5000);
  if (!rc && mode == CS__STORE_CREATE) {
    int version = 0;
    /* A file another program wrote is left as it was: WAL would change its header. */
    rc = cs__store_sqlite.schema_version(c, &version, err);
    if (!rc) rc = exec(c, "PRAGMA journal_mode=WAL", err);
  }
  if (rc) {
    cs_error e2;
    cs__store_sqlite.close(c, true, &e2);
    return rc;
  }
  *out = c;
  return 0;
}

/* Closes the file; a file this connection created for work that failed is removed, with
 * its WAL side files. */
static int sq_close(cs__store_conn *c, bool failed, cs_error *err) {
  if (!c) return 0;
  int rc = sqlite3_close(c->db) != SQLITE_OK ? cs__err(err, CS_EIO, "%s: close failed", c->file) : 0;
  if (failed && c->created) {
    char side[4200];
    unlink(c->file);
    snprintf(side, sizeof side, "%s-wal", c->file);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", c->file);
    unlink(side);
  }
  free(c->file);
  free(c);
  return rc;
}

static int sq_begin(cs__store_conn *c, bool write, cs_error *err) {
  return exec(c, write ? "BEGIN IMMEDIATE" : "BEGIN", err);
}

static int sq_commit(cs__store_conn *c, cs_error *err) { return exec(c, "COMMIT", err); }

static void sq_rollback(cs__store_conn *c) { sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL); }

/* Reads the schema version; 0 when the database has no meta table (a new file). */
static int sq_schema_version(cs__store_conn *c, int *version, cs_error *err) {
  *version = 0;
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(c->db, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &st, NULL);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(st);
    if (strstr(sqlite3_errmsg(c->db), "no such table")) {
      /* A database with tables but no meta is somebody else's. */
      sqlite3_stmt *q = NULL;
      int others = 0;
      if (sqlite3_prepare_v2(c->db, "SELECT count(*) FROM sqlite_master", -1, &q, NULL) == SQLITE_OK &&
          sqlite3_step(q) == SQLITE_ROW)
        others = sqlite3_column_int(q, 0);
      sqlite3_finalize(q);
      if (others) return cs__err(err, CS_ESTORE, "%s: not a clockspeed store", c->file);
      return 0;
    }
    return db_err(err, c, "reading the schema version");
  }
  if (sqlite3_step(st) == SQLITE_ROW) {
    long v = 0;
    const char *text = (const char *)sqlite3_column_text(st, 0);
    if (!text || cs__parse_long(text, 0, 1000000, &v)) {
      sqlite3_finalize(st);
      return cs__err(err, CS_ESTORE, "%s: the schema version is not a number", c->file);
    }
    *version = (int)v;
  }
  sqlite3_finalize(st);
  return 0;
}

/* The append-only event log: one row per event, in the order they were committed. */
#define EVENTS_TABLE "CREATE TABLE IF NOT EXISTS events(seq INTEGER PRIMARY KEY, body TEXT NOT NULL)"

/* Creates table t with its columns, unless the store has it. Column names are quoted:
 * travel's "from" and "to" are SQL keywords. */
static int create_table(cs__store_conn *c, cs_table t, cs_error *err) {
  char sql[1024];
  int n = snprintf(sql, sizeof sql, "CREATE TABLE IF NOT EXISTS %s(", cs_table_name(t));
  for (size_t k = 0; k < cs_table_ncols(t); k++) {
    const cs_column *col = cs_table_column(t, k);
    n += snprintf(sql + n, sizeof sql - (size_t)n, "%s\"%s\" %s", k ? ", " : "", col->name,
                  cs__store_sql_type(col->kind, false));
  }
  snprintf(sql + n, sizeof sql - (size_t)n, ")");
  return exec(c, sql, err);
}

/* Drops and re-creates the model's tables, the meta table and an empty log. */
static int sq_create_schema(cs__store_conn *c, cs_error *err) {
  int rc = exec(c, "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)", err);
  for (int t = 0; t < CS_TABLE_COUNT && !rc; t++) {
    char sql[1024];
    snprintf(sql, sizeof sql, "DROP TABLE IF EXISTS %s", cs_table_name((cs_table)t));
    rc = exec(c, sql, err);
  }
  if (!rc) rc = exec(c, "DROP TABLE IF EXISTS events", err);
  /* A new log starts from the tables as imported. */
  if (!rc) rc = exec(c, "DELETE FROM meta WHERE key = 'snapshot_seq'", err);
  if (!rc) rc = exec(c, EVENTS_TABLE, err);
  return rc;
}

/* Whether table t of the store has a column of that name: a store written before an
 * optional column was added reads as if the column were empty. */
static bool has_column(cs__store_conn *c, cs_table t, const char *name) {
  char sql[128];
  snprintf(sql, sizeof sql, "SELECT 1 FROM pragma_table_info('%s') WHERE name = ?", cs_table_name(t));
  sqlite3_stmt *st = NULL;
  bool found = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) == SQLITE_OK &&
               sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  return found;
}

/* Whether the store has table t: a store written before a table was added reads as if
 * the table were empty. */
static bool has_table(cs__store_conn *c, cs_table t) {
  sqlite3_stmt *st = NULL;
  bool found =
      sqlite3_prepare_v2(c->db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", -1, &st, NULL) ==
          SQLITE_OK &&
      sqlite3_bind_text(st, 1, cs_table_name(t), -1, SQLITE_STATIC) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  return found;
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

/* Makes table t as this build has it (a store written before a table or an optional
 * column existed gets it), empties it and inserts every row of m with one prepared
 * statement. */
static int sq_write_table(cs__store_conn *c, const cs_model *m, cs_table t, cs_progress_fn progress, void *user,
                          cs_error *err) {
  char sql[1024];
  size_t ncols = cs_table_ncols(t);
  int rc = create_table(c, t, err);
  for (size_t k = 0; k < ncols && !rc; k++) {
    const cs_column *col = cs_table_column(t, k);
    if (has_column(c, t, col->name)) continue;
    snprintf(sql, sizeof sql, "ALTER TABLE %s ADD COLUMN \"%s\" %s", cs_table_name(t), col->name,
             cs__store_sql_type(col->kind, false));
    rc = exec(c, sql, err);
  }
  if (!rc) {
    snprintf(sql, sizeof sql, "DELETE FROM %s", cs_table_name(t));
    rc = exec(c, sql, err);
  }
  if (rc) return rc;
  int n = snprintf(sql, sizeof sql, "INSERT INTO %s(", cs_table_name(t));
  for (size_t k = 0; k < ncols; k++)
    n += snprintf(sql + n, sizeof sql - (size_t)n, "%s\"%s\"", k ? ", " : "", cs_table_column(t, k)->name);
  n += snprintf(sql + n, sizeof sql - (size_t)n, ") VALUES (");
  for (size_t k = 0; k < ncols; k++) n += snprintf(sql + n, sizeof sql - (size_t)n, "%s?", k ? ", " : "");
  snprintf(sql + n, sizeof sql - (size_t)n, ")");
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK) return db_err(err, c, sql);
  char buf[CS_MAX_COLUMNS][64];
  const char *values[CS_MAX_COLUMNS];
  size_t rows = cs_model_row_count(m, t);
  for (size_t i = 0; i < rows && !rc; i++) {
    cs_model_get_row(m, t, i, buf, values);
    for (size_t k = 0; k < ncols; k++) {
      cs_value_kind kind = t == CS_TABLE_SETTINGS ? CS_VALUE_TEXT : cs_table_column(t, k)->kind;
      bind_cell(st, (int)k + 1, kind, values[k]);
    }
    if (sqlite3_step(st) != SQLITE_DONE) rc = db_err(err, c, "insert");
    sqlite3_reset(st);
    if (progress && (i & 0xFFFF) == 0) progress(user, cs_table_name(t), (double)i, (double)rows);
  }
  if (progress && !rc) progress(user, cs_table_name(t), (double)rows, (double)rows);
  sqlite3_finalize(st);
  return rc;
}

/* Reads one table's rows, in insertion order, through the schema's validation. */
static int sq_read_table(cs__store_conn *c, const char *base, cs_model *m, cs_table t, cs_error *err) {
  if (!has_table(c, t)) return 0;
  char sql[1024];
  size_t ncols = cs_table_ncols(t);
  int n = snprintf(sql, sizeof sql, "SELECT ");
  for (size_t k = 0; k < ncols; k++) {
    const char *name = cs_table_column(t, k)->name;
    if (has_column(c, t, name)) n += snprintf(sql + n, sizeof sql - (size_t)n, "%s\"%s\"", k ? ", " : "", name);
    else n += snprintf(sql + n, sizeof sql - (size_t)n, "%sNULL", k ? ", " : "");
  }
  snprintf(sql + n, sizeof sql - (size_t)n, " FROM %s ORDER BY rowid", cs_table_name(t));
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK) {
    sqlite3_finalize(st);
    return cs__err(err, CS_ESTORE, "%s: table %s: %s", c->file, cs_table_name(t), sqlite3_errmsg(c->db));
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
    rc = cs__store_add_row(m, t, base, rowno, values, err);
  }
  if (!rc && step != SQLITE_DONE) rc = db_err(err, c, "reading");
  sqlite3_finalize(st);
  return rc;
}

/* Reads a whole-number meta value; *out is 0 when the key (or the table) is absent. */
static int sq_meta_get(cs__store_conn *c, const char *key, long long *out, cs_error *err) {
  sqlite3_stmt *st = NULL;
  *out = 0;
  if (sqlite3_prepare_v2(c->db, "SELECT value FROM meta WHERE key = ?", -1, &st, NULL) != SQLITE_OK) {
    sqlite3_finalize(st);
    if (strstr(sqlite3_errmsg(c->db), "no such table")) return 0;
    return db_err(err, c, "reading meta");
  }
  sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
  int rc = 0;
  if (sqlite3_step(st) == SQLITE_ROW) {
    const char *text = (const char *)sqlite3_column_text(st, 0);
    rc = cs__store_meta_number(c->file, key, text, out, err);
  }
  sqlite3_finalize(st);
  return rc;
}

/* Sets a whole-number meta value. */
static int sq_meta_set(cs__store_conn *c, const char *key, long long value, cs_error *err) {
  int rc = exec(c, "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)", err);
  sqlite3_stmt *st = NULL;
  if (!rc && sqlite3_prepare_v2(c->db, "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", -1, &st, NULL) !=
                 SQLITE_OK)
    rc = db_err(err, c, "writing meta");
  if (!rc) {
    char text[32];
    snprintf(text, sizeof text, "%lld", value);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, text, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE) rc = db_err(err, c, "writing meta");
  }
  sqlite3_finalize(st);
  return rc;
}

/* The highest sequence number in the event log, 0 when it is empty or absent. */
static int sq_last_seq(cs__store_conn *c, long long *seq, cs_error *err) {
  (void)err;
  sqlite3_stmt *st = NULL;
  *seq = 0;
  if (sqlite3_prepare_v2(c->db, "SELECT coalesce(max(seq), 0) FROM events", -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    *seq = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return 0;
}

/* Calls fn for each event after `after`, in order (a store without a log has none). */
static int sq_events_after(cs__store_conn *c, long long after, cs_store_event_fn fn, void *ctx, cs_error *err) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(c->db, "SELECT seq, body FROM events WHERE seq > ? ORDER BY seq", -1, &st, NULL) !=
      SQLITE_OK) {
    sqlite3_finalize(st);
    if (strstr(sqlite3_errmsg(c->db), "no such table")) return 0;
    return db_err(err, c, "reading the event log");
  }
  sqlite3_bind_int64(st, 1, after);
  int rc = 0, step = SQLITE_DONE;
  while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
    const char *body = (const char *)sqlite3_column_text(st, 1);
    rc = fn(ctx, sqlite3_column_int64(st, 0), body ? body : "", err);
  }
  if (!rc && step != SQLITE_DONE) rc = db_err(err, c, "reading the event log");
  sqlite3_finalize(st);
  return rc;
}

/* Inserts events first+1 … first+n (the log is created when a version-1 store lacks it). */
static int sq_append(cs__store_conn *c, long long first, const char *const *events, size_t n, cs_error *err) {
  sqlite3_stmt *st = NULL;
  int rc = exec(c, EVENTS_TABLE, err);
  if (!rc && sqlite3_prepare_v2(c->db, "INSERT INTO events(seq, body) VALUES (?, ?)", -1, &st, NULL) != SQLITE_OK)
    rc = db_err(err, c, "preparing the event insert");
  for (size_t i = 0; i < n && !rc; i++) {
    sqlite3_bind_int64(st, 1, first + (long long)i + 1);
    sqlite3_bind_text(st, 2, events[i], -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) rc = db_err(err, c, "appending an event");
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  return rc;
}

#define TOKENS_TABLE "CREATE TABLE IF NOT EXISTS tokens(hash TEXT PRIMARY KEY, role TEXT NOT NULL, created TEXT NOT NULL)"

static int sq_token_put(cs__store_conn *c, const char *hash, const char *role, const char *when, cs_error *err) {
  sqlite3_stmt *st = NULL;
  int rc = exec(c, TOKENS_TABLE, err);
  if (!rc && sqlite3_prepare_v2(c->db, "INSERT INTO tokens(hash, role, created) VALUES (?, ?, ?)", -1, &st, NULL) !=
                 SQLITE_OK)
    rc = db_err(err, c, "keeping the token");
  if (!rc) {
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, role, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, when, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) rc = db_err(err, c, "keeping the token");
  }
  sqlite3_finalize(st);
  return rc;
}

/* A store without the tokens table knows no token. */
static int sq_token_get(cs__store_conn *c, const char *hash, char role[16], cs_error *err) {
  (void)err;
  role[0] = '\0';
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(c->db, "SELECT role FROM tokens WHERE hash = ?", -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) snprintf(role, 16, "%s", (const char *)sqlite3_column_text(st, 0));
  }
  sqlite3_finalize(st);
  return 0;
}

/* SQLite tells nobody of an append: the watch just waits, with no news; its caller reads
 * the log every period. */
static int sq_watch(cs__store_conn *c, int timeout_ms, cs_error *err) {
  (void)c;
  (void)err;
  struct timespec ts = {timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
  return 0;
}

const cs__store_ops cs__store_sqlite = {
    "sqlite",          sq_open,        sq_close,     sq_begin,        sq_commit,   sq_rollback,
    sq_schema_version, sq_create_schema, sq_write_table, sq_read_table, sq_meta_get, sq_meta_set,
    sq_last_seq,       sq_events_after, sq_append,   sq_token_put,    sq_token_get, sq_watch,
};
