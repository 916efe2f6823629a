/* store_tokens.c — bearer tokens for the server, kept in the store: a token is 32 random
 * bytes shown once as hex; the store keeps only its SHA-256 and its role. GnuTLS (already
 * required by libmicrohttpd) provides the random bytes and the hash. */
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "clockspeed/cs_io.h"
#include "internal.h"

static const char *const role_names[] = {"none", "viewer", "planner", "admin"};

const char *cs_role_name(cs_role r) { return r <= CS_ROLE_ADMIN ? role_names[r] : "none"; }

int cs_role_parse(const char *name) {
  for (int r = CS_ROLE_VIEWER; r <= CS_ROLE_ADMIN; r++)
    if (strcmp(name, role_names[r]) == 0) return r;
  return -1;
}

/* Writes n bytes as lowercase hex. */
static void hex(const unsigned char *b, size_t n, char *out) {
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < n; i++) {
    out[2 * i] = digits[b[i] >> 4];
    out[2 * i + 1] = digits[b[i] & 15];
  }
  out[2 * n] = '\0';
}

/* The hex SHA-256 of a token. */
static int token_hash(const char *token, char out[65]) {
  unsigned char d[32];
  if (gnutls_hash_fast(GNUTLS_DIG_SHA256, token, strlen(token), d) != 0) return -1;
  hex(d, 32, out);
  return 0;
}

#define TOKENS_TABLE "CREATE TABLE IF NOT EXISTS tokens(hash TEXT PRIMARY KEY, role TEXT NOT NULL, created TEXT NOT NULL)"

int cs_store_token_create(const char *db, cs_role role, char out[65], cs_error *err) {
  unsigned char raw[32];
  char hash[65];
  if (role < CS_ROLE_VIEWER || role > CS_ROLE_ADMIN) return cs__err(err, CS_EINPUT, "unknown role");
  if (gnutls_rnd(GNUTLS_RND_KEY, raw, sizeof raw) != 0) return cs__err(err, CS_EIO, "no random bytes");
  hex(raw, sizeof raw, out);
  if (token_hash(out, hash)) return cs__err(err, CS_EIO, "cannot hash the token");
  sqlite3 *h = NULL;
  int rc = 0;
  if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
    rc = cs__err(err, CS_EINPUT, "%s: cannot open the store: %s", db, h ? sqlite3_errmsg(h) : "");
    sqlite3_close(h);
    return rc;
  }
  sqlite3_busy_timeout(h, 5000);
  sqlite3_stmt *st = NULL;
  char when[32];
  time_t now = time(NULL);
  strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
  if (sqlite3_exec(h, TOKENS_TABLE, NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(h, "INSERT INTO tokens(hash, role, created) VALUES (?, ?, ?)", -1, &st, NULL) != SQLITE_OK)
    rc = cs__err(err, CS_ESTORE, "%s: %s", db, sqlite3_errmsg(h));
  if (!rc) {
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, cs_role_name(role), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, when, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) rc = cs__err(err, CS_ESTORE, "%s: %s", db, sqlite3_errmsg(h));
  }
  sqlite3_finalize(st);
  sqlite3_close(h);
  return rc;
}

int cs_store_token_role(const char *db, const char *token, cs_role *role, cs_error *err) {
  *role = CS_ROLE_NONE;
  char hash[65];
  if (!token || strlen(token) > 256 || token_hash(token, hash)) return 0;
  sqlite3 *h = NULL;
  if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
    int rc = cs__err(err, CS_ESTORE, "%s: cannot open the store", db);
    sqlite3_close(h);
    return rc;
  }
  sqlite3_busy_timeout(h, 5000);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(h, "SELECT role FROM tokens WHERE hash = ?", -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
      int r = cs_role_parse((const char *)sqlite3_column_text(st, 0));
      if (r > 0) *role = (cs_role)r;
    }
  }
  sqlite3_finalize(st);
  sqlite3_close(h);
  return 0;
}
