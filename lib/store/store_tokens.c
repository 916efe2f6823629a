/* store_tokens.c — bearer tokens for the server, kept in the store: a token is 32 random
 * bytes shown once as hex; the store keeps only its SHA-256 and its role. GnuTLS (already
 * required by libmicrohttpd) provides the random bytes and the hash. */
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "backend.h"
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

/* A token's hash and role, kept or looked up. */
typedef struct token_ctx {
  const char *hash, *when;
  char role[16];
} token_ctx;
static int token_put(const cs__store_ops *ops, cs__store_conn *c, void *ctx, cs_error *err) {
  const token_ctx *t = ctx;
  return ops->token_put(c, t->hash, t->role, t->when, err);
}
static int token_get(const cs__store_ops *ops, cs__store_conn *c, void *ctx, cs_error *err) {
  token_ctx *t = ctx;
  return ops->token_get(c, t->hash, t->role, err);
}

int cs_store_token_create(const char *db, cs_role role, char out[65], cs_error *err) {
  unsigned char raw[32];
  char hash[65];
  if (role < CS_ROLE_VIEWER || role > CS_ROLE_ADMIN) return cs__err(err, CS_EINPUT, "unknown role");
  if (gnutls_rnd(GNUTLS_RND_KEY, raw, sizeof raw) != 0) return cs__err(err, CS_EIO, "no random bytes");
  hex(raw, sizeof raw, out);
  if (token_hash(out, hash)) return cs__err(err, CS_EIO, "cannot hash the token");
  char when[32];
  time_t now = time(NULL);
  struct tm tm;
  strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
  token_ctx t = {hash, when, ""};
  snprintf(t.role, sizeof t.role, "%s", cs_role_name(role));
  return cs__store_run(db, CS__STORE_WRITE, true, token_put, &t, err);
}

int cs_store_token_role(const char *db, const char *token, cs_role *role, cs_error *err) {
  *role = CS_ROLE_NONE;
  char hash[65];
  if (!token || strlen(token) > 256 || token_hash(token, hash)) return 0;
  token_ctx t = {hash, NULL, ""};
  int rc = cs__store_run(db, CS__STORE_READ, false, token_get, &t, err);
  int r = rc ? -1 : cs_role_parse(t.role);
  if (r > 0) *role = (cs_role)r;
  return rc;
}
