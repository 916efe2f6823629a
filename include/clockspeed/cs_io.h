/* cs_io.h — reading and writing models: CSV directories, JSON documents and the store
 * (a SQLite file, or a PostgreSQL database named by a postgresql:// or postgres:// URI). These are the edges: they convert between files and cs_model, and do all I/O.
 *
 * Ownership: a model returned through `out` belongs to the caller (cs_model_free());
 * models passed in are only read. */
#ifndef CS_IO_H
#define CS_IO_H

#include "cs_error.h"
#include "cs_model.h"
#include "cs_pricing.h"
#include "cs_route.h"
#include "cs_sim.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum cs_source_kind {
  CS_SOURCE_CSV_DIR = 0,
  CS_SOURCE_JSON = 1,
  CS_SOURCE_SQLITE = 2,
  CS_SOURCE_POSTGRES = 3,
} cs_source_kind;

/* Tells what kind of model `path` names: a directory, a SQLite file (by its header), a
 * postgresql:// URI, or else a JSON document. Fails when the path does not exist. */
int cs_source_detect(const char *path, cs_source_kind *kind, cs_error *err);

/* Loads a model from a CSV directory, JSON file or store, whichever `path` is. */
int cs_model_load(const char *path, cs_model **out, cs_error *err);

/* Reads a CSV model directory; all or nothing. */
int cs_csv_read_dir(const char *dir, cs_model **out, cs_error *err);

/* Reads variability.csv (docs/simulate.md) against the model: the rows in the arena, or an
 * error naming FILE:LINE, the column and the value; all or nothing. */
int cs_variability_read(const cs_model *m, const char *file, cs_arena *a, cs_sim_variability **out, size_t *n,
                        cs_error *err);

/* Writes the model as a CSV directory (created when missing), every column of every table. */
int cs_csv_write_dir(const cs_model *m, const char *dir, cs_progress_fn progress, void *user,
                     cs_error *err);

/* Reads a Solomon VRPTW instance into a routing problem (arrays in arena a) and its name
 * (at most name_size bytes with the NUL); the file's line is named when it is refused. */
int cs_solomon_read(const char *path, cs_arena *a, cs_vrp *out, char *name, size_t name_size, cs_error *err);

/* Reads a model from one JSON document: {"settings": {...}, "resources": [{...}], ...}. */
int cs_json_read_model(const char *file, cs_model **out, cs_error *err);

/* Writes the model as one JSON document. */
int cs_json_write_model(const cs_model *m, const char *file, cs_error *err);

/* Stores the model in the store `db` (a SQLite file, or a postgresql:// URI) in one
 * transaction, replacing any model it held. When anything fails the store is as it was
 * (a SQLite file that did not exist is absent). */
int cs_store_import(const char *db, const cs_model *m, cs_progress_fn progress, void *user,
                    cs_error *err);

/* Loads the model held by the store `db`, validating it as any other source. */
int cs_store_read(const char *db, cs_model **out, cs_error *err);

/* Appends events (JSON texts, see cs_events.h) to the store's log in one transaction,
 * after applying each to the stored model: when one is invalid the error names
 * SOURCE:LINE (lines[i], or i + 1 when lines is NULL) and nothing is appended. The events
 * are durable when this returns CS_OK. When out is not NULL it receives the model with
 * the events applied (the caller frees it). */
int cs_store_append_events(const char *db, const char *const *events, const long *lines, size_t n,
                           const char *source, cs_model **out, cs_error *err);

/* Reads a request stream for the pricing simulation: JSON lines of {"at", "product",
 * "qty", "due", "price"}. The array lives in the arena; errors name FILE:LINE and field. */
int cs_requests_read(const cs_model *m, const char *file, cs_arena *a, cs_request **out, size_t *n,
                     cs_error *err);

/* Appends events that the caller has already applied to its own copy of the model (the
 * server does) to the store's log, in one transaction, without reading the model again.
 * With expect >= 0 the log must end at event `expect`: when another writer appended
 * first, this fails with CS_ECONFLICT and appends nothing (the caller catches up with
 * cs_store_tail and tries again). *last (may be NULL) receives the log's new end. Durable
 * when this returns CS_OK; on failure nothing is appended. */
int cs_store_log_events(const char *db, const char *const *events, size_t n, long long expect, long long *last,
                        cs_error *err);

/* Loads the model like cs_store_read, with *seq the last event it includes. */
int cs_store_read_seq(const char *db, cs_model **out, long long *seq, cs_error *err);

/* Calls fn for every event of the log after event `after`, in order (the text is valid
 * during the call); *last receives the last one's number (after, when there is none). */
typedef int (*cs_store_event_fn)(void *ctx, long long seq, const char *text, cs_error *err);
int cs_store_tail(const char *db, long long after, cs_store_event_fn fn, void *ctx, long long *last, cs_error *err);

/* One writer's decision made on the latest state: under the store's write lock the model
 * is read as it stands and fn(model, ctx, &events, &n, err) says what to append (events
 * and their texts malloc'd; the store frees them); they are applied, appended and
 * committed, or, when fn or an event fails, nothing is. A quote booked this way cannot
 * overbook, whichever processes book at once. */
typedef int (*cs_store_fn)(const cs_model *m, void *ctx, char ***events, size_t *n, cs_error *err);
int cs_store_transact(const char *db, const char *source, cs_store_fn fn, void *ctx, cs_error *err);

/* Roles of the server's bearer tokens, weakest first. */
typedef enum cs_role { CS_ROLE_NONE = 0, CS_ROLE_VIEWER, CS_ROLE_PLANNER, CS_ROLE_ADMIN } cs_role;
const char *cs_role_name(cs_role r);
int cs_role_parse(const char *name);   /* -1 when not a role */

/* Creates a bearer token with a role in the store and writes it (64 hex digits) into
 * out; the store keeps only its SHA-256. */
int cs_store_token_create(const char *db, cs_role role, char out[65], cs_error *err);

/* Looks a token up: *role is CS_ROLE_NONE when the store does not know it. */
int cs_store_token_role(const char *db, const char *token, cs_role *role, cs_error *err);

/* Whether the store `db` holds a model (an import has written it). */
int cs_store_holds_model(const char *db, bool *holds, cs_error *err);

/* A watch on the store's event log, for a server that must see other writers' events
 * soon: PostgreSQL tells it at once (LISTEN/NOTIFY), SQLite only lets it look again. The
 * watch keeps its own connection; it belongs to the caller (cs_store_watch_close). */
typedef struct cs_store_watch cs_store_watch;
int cs_store_watch_open(const char *db, cs_store_watch **out, cs_error *err);

/* Waits up to timeout_ms for news that events were appended: *news is true when a notice
 * came or may have been missed (a lost connection, made again), so that the caller reads
 * the log's tail now. SQLite cannot tell: it waits the whole time with no news. A notice
 * only hastens the reading, which a caller also does every period without one: the
 * tail, not the notice, says what arrived. */
int cs_store_watch_wait(cs_store_watch *w, int timeout_ms, bool *news, cs_error *err);
void cs_store_watch_close(cs_store_watch *w);

/* How far the event log may grow past the snapshot in the model's tables before an append
 * (cs_store_append_events) rewrites them; opening a store replays only that tail. */
#define CS_STORE_SNAPSHOT_EVERY 1000

/* The schema version this build writes (version 1, without an event log, is read too). */
#define CS_STORE_SCHEMA_VERSION 3

#ifdef __cplusplus
}
#endif
#endif
