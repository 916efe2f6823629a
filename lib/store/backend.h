/* backend.h — the table of operations every store backend provides (lib/store/sqlite.c,
 * lib/store/pg.c). The store's algorithms — import, reading the snapshot and its tail,
 * appending under the write lock, snapshots, tokens — are written once in store.c over
 * these operations; a backend only talks to its database.
 *
 * Ownership: a connection (cs__store_conn) belongs to whoever opened it and is closed
 * with its backend's close; texts handed to a callback are valid only during the call. */
#ifndef CS_STORE_BACKEND_H
#define CS_STORE_BACKEND_H

#include <stdbool.h>

#include "clockspeed/cs_io.h"

typedef struct cs__store_conn cs__store_conn;

/* How a store is opened: to read, to write an existing store, or to create one. */
typedef enum cs__store_mode { CS__STORE_READ = 0, CS__STORE_WRITE = 1, CS__STORE_CREATE = 2 } cs__store_mode;

typedef struct cs__store_ops {
  const char *name;
  /* Opens the store at db (a file or a URI). */
  int (*open)(const char *db, cs__store_mode mode, cs__store_conn **out, cs_error *err);
  /* Closes it; failed says the work done on it failed (a file an import created goes). */
  int (*close)(cs__store_conn *c, bool failed, cs_error *err);
  /* Begins a transaction: a writer's takes the store's one write lock first, so that
   * writers (of any process, on any machine) follow one another; a reader's sees one
   * consistent state of every table. */
  int (*begin)(cs__store_conn *c, bool write, cs_error *err);
  int (*commit)(cs__store_conn *c, cs_error *err);
  void (*rollback)(cs__store_conn *c);
  /* The schema version in meta; 0 when the store is new (holds nothing at all). Fails
   * when the database holds somebody else's tables. */
  int (*schema_version)(cs__store_conn *c, int *version, cs_error *err);
  /* Drops and creates every model table, the meta table and an empty event log. */
  int (*create_schema)(cs__store_conn *c, cs_error *err);
  /* Writes table t's rows from m (creating the table, or its missing columns, first;
   * replacing its rows). */
  int (*write_table)(cs__store_conn *c, const cs_model *m, cs_table t, cs_progress_fn progress, void *user,
                     cs_error *err);
  /* Reads table t's rows in the order they were written through cs_model_add_row; a
   * table or column the store lacks (an older store) reads as empty. */
  int (*read_table)(cs__store_conn *c, const char *base, cs_model *m, cs_table t, cs_error *err);
  /* A whole-number meta value (0 when absent), and setting one. */
  int (*meta_get)(cs__store_conn *c, const char *key, long long *out, cs_error *err);
  int (*meta_set)(cs__store_conn *c, const char *key, long long value, cs_error *err);
  /* The last event's sequence number, 0 when the log is empty or absent. */
  int (*last_seq)(cs__store_conn *c, long long *seq, cs_error *err);
  /* Calls fn for every event after `after`, in sequence order. */
  int (*events_after)(cs__store_conn *c, long long after, cs_store_event_fn fn, void *ctx, cs_error *err);
  /* Appends events first+1 … first+n (inside the writer's transaction, so the sequence
   * has no gaps), and tells other servers at commit where the log now ends. */
  int (*append)(cs__store_conn *c, long long first, const char *const *events, size_t n, cs_error *err);
  /* Keeps a token's hash and role; looks a hash's role up (role[0] = '\0' when unknown). */
  int (*token_put)(cs__store_conn *c, const char *hash, const char *role, const char *when, cs_error *err);
  int (*token_get)(cs__store_conn *c, const char *hash, char role[16], cs_error *err);
  /* Waits up to timeout_ms for news that another writer appended events: 1 when there is
   * (or may be) news, 0 when the time passed without, -1 on failure. A backend with no
   * notifications (SQLite) waits the whole time and answers 0: its callers read the log
   * every period anyway. */
  int (*watch)(cs__store_conn *c, int timeout_ms, cs_error *err);
} cs__store_ops;

extern const cs__store_ops cs__store_sqlite;
extern const cs__store_ops cs__store_pg;

/* The backend for db: PostgreSQL for postgresql:// and postgres:// URIs, else SQLite. */
const cs__store_ops *cs__store_backend(const char *db);

/* Work done on an open store inside one transaction. */
typedef int (*cs__store_work)(const cs__store_ops *ops, cs__store_conn *c, void *ctx, cs_error *err);

/* Opens db, runs work inside one transaction (a writer's, under the write lock, when
 * write), commits a writer's work that succeeded and rolls back anything else, and
 * closes; a failed work's store is as it was. Returns the first failure. */
int cs__store_run(const char *db, cs__store_mode mode, bool write, cs__store_work work, void *ctx, cs_error *err);

/* The SQL type of a column kind in both backends' schemas. */
const char *cs__store_sql_type(cs_value_kind k, bool pg);

/* Adds one row read from table t (its `rowno`, 1-based, for the error's location) to the
 * model through the schema's validation, as any other source's rows. */
int cs__store_add_row(cs_model *m, cs_table t, const char *base, long rowno, const char *const *values, cs_error *err);

/* Reads a meta value's text as a whole number in [0, 2^31), naming the store and key when
 * it is not one. */
int cs__store_meta_number(const char *db, const char *key, const char *text, long long *out, cs_error *err);

#endif
