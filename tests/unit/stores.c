/* stores.c — the stores a store test runs against: a SQLite file, and a database of its
 * own on the PostgreSQL server the test setup started (scripts/pg-test.sh, whose address
 * CS_PG_URI_FILE names). SQL on either, for the tests that look inside. */
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"

/* The PostgreSQL server's base URI (no database), or NULL when the suite runs without one. */
static char *pg_base(void) {
  const char *file = getenv("CS_PG_URI_FILE");
  if (!file || !*file) return NULL;
  char *uri = th_read(file, NULL);
  if (!uri) fail_msg("CS_PG_URI_FILE names %s, which the test setup did not write", file);
  uri[strcspn(uri, "\r\n")] = '\0';
  return uri;
}

/* Whether db names a PostgreSQL store. */
static bool is_pg(const char *db) { return strncmp(db, "postgresql://", 13) == 0; }

/* Runs SQL on a PostgreSQL database, failing the test when it fails. */
static void pg_exec(const char *uri, const char *sql) {
  PGconn *c = PQconnectdb(uri);
  if (PQstatus(c) != CONNECTION_OK) fail_msg("%s: %s", uri, PQerrorMessage(c));
  PGresult *r = PQexec(c, sql);
  if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
    fail_msg("%s: %s", sql, PQerrorMessage(c));
  PQclear(r);
  PQfinish(c);
}

char *th_pg_database(const char *name) {
  char *base = pg_base();
  if (!base) return NULL;
  char admin[512], sql[256], *uri = malloc(512);
  snprintf(admin, sizeof admin, "%s/postgres", base);
  snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s_%ld WITH (FORCE)", name, (long)getpid());
  pg_exec(admin, sql);
  snprintf(sql, sizeof sql, "CREATE DATABASE %s_%ld", name, (long)getpid());
  pg_exec(admin, sql);
  snprintf(uri, 512, "%s/%s_%ld", base, name, (long)getpid());
  free(base);
  return uri;
}

size_t th_stores(const char *dir, const char *name, char *stores[2]) {
  char file[256];
  snprintf(file, sizeof file, "%s.db", name);
  stores[0] = th_path(dir, file);
  stores[1] = th_pg_database(name);
  if (!stores[1]) fprintf(stderr, "(no PostgreSQL server: CS_PG_URI_FILE unset; SQLite only)\n");
  return stores[1] ? 2 : 1;
}

void th_store_sql(const char *db, const char *sql) {
  if (is_pg(db)) {
    pg_exec(db, sql);
    return;
  }
  sqlite3 *h;
  assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
  if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK) fail_msg("%s: %s", sql, sqlite3_errmsg(h));
  sqlite3_close(h);
}

long long th_store_number(const char *db, const char *sql) {
  long long v = -1;
  if (is_pg(db)) {
    PGconn *c = PQconnectdb(db);
    if (PQstatus(c) != CONNECTION_OK) fail_msg("%s: %s", db, PQerrorMessage(c));
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) fail_msg("%s: %s", sql, PQerrorMessage(c));
    if (PQntuples(r) > 0 && !PQgetisnull(r, 0, 0)) v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    PQfinish(c);
    return v;
  }
  sqlite3 *h;
  sqlite3_stmt *st;
  assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
  if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) fail_msg("%s: %s", sql, sqlite3_errmsg(h));
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(h);
  return v;
}
