/* server.h — `clockspeed serve`: the JSON API, the Server-Sent Events stream, the static
 * dashboard, metrics and health, over GNU libmicrohttpd. The model, its live signals and
 * its bid prices live in one cs_state (state.h); events are applied in memory, committed
 * to the store's log, and only then acknowledged. Dependencies run server.c -> routes.c ->
 * state.c.
 *
 * Ownership: a cs_server owns its state, daemon and clients; options are copied. */
#ifndef CS_SERVER_H
#define CS_SERVER_H

#include <jansson.h>
#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>

#include "clockspeed/clockspeed.h"
#include "state.h"

typedef struct cs_server cs_server;

typedef struct cs_server_options {
  const char *model;        /* a SQLite store (events and tokens need one) or any MODEL */
  const char *host;         /* default 127.0.0.1 */
  unsigned port;            /* 0: any free port */
  const char *web_dir;      /* static files; NULL: the build's web directory */
  bool open_reads;          /* reads without a token (demo); writes still need one */
  size_t max_body;          /* request body limit in bytes (default 1 MiB) */
  unsigned timeout_s;       /* idle connection timeout (default 30 s) */
  unsigned heartbeat_ms;    /* SSE heartbeat interval (default 15 s) */
  unsigned deadline_ms;     /* a request must be read in full within this (default 10 s) */
  unsigned per_ip;          /* connections one IP address may hold before its oldest still
                               reading a request is shut to make room (default 128) */
} cs_server_options;

/* Loads the model and starts listening; the daemon runs in its own threads. */
int cs_server_start(const cs_server_options *o, cs_server **out, cs_error *err);

/* The port actually bound (useful with port 0). */
unsigned cs_server_port(const cs_server *s);

/* Stops accepting, ends every event stream, waits for requests in flight, frees all. */
void cs_server_stop(cs_server *s);

/* ---- The route table (server/routes.c) -------------------------------------------- */

/* A request as a route sees it: the query (key lookup) and the body parsed as JSON. */
typedef struct cs_http_request {
  struct MHD_Connection *conn;
  const char *body;
  size_t body_len;
  cs_role role;
} cs_http_request;

typedef struct cs_route {
  const char *method, *path;
  cs_role role;             /* the weakest role allowed */
  const char *summary;
  /* Fills *out with the JSON answer and returns the HTTP status. */
  unsigned (*handle)(cs_server *s, const cs_http_request *r, json_t **out);
} cs_route;

/* The routes the server answers, ended by a zeroed entry. */
const cs_route *cs_server_routes(void);

/* What routes.c needs from the server: the state (state.h) it asks, and the stream and
 * metrics a committed batch goes to (signals, malloc'd, is freed; t0 from cs__now_us()). */
cs_state *cs__srv_state(cs_server *s);
void cs__srv_committed(cs_server *s, size_t n, char *signals, unsigned long t0);
char *cs__srv_metrics_text(cs_server *s);
unsigned long cs__now_us(void);

/* The mean milliseconds from receiving a batch to its signals being sent; -1 before the
 * first batch. */
double cs__srv_refresh_ms(cs_server *s);

/* An error as the API answers it, with its HTTP status. */
unsigned cs__srv_error(const cs_error *err, json_t **out);
unsigned cs__srv_fail(unsigned status, const char *message, json_t **out);

/* ---- The event stream (server/sse.c) ---------------------------------------------- */

typedef struct cs_sse cs_sse;
cs_sse *cs__sse_new(void);
void cs__sse_free(cs_sse *h);
/* Answers GET /api/stream with a response that stays open. */
int cs__sse_open(cs_sse *h, struct MHD_Connection *conn);
/* Sends an event to every client (name and JSON data) and wakes them. */
void cs__sse_broadcast(cs_sse *h, const char *event, const char *data);
/* Sends a comment line to every client, so that vanished ones are noticed. */
void cs__sse_heartbeat(cs_sse *h);
/* Ends every stream (before the daemon stops). */
void cs__sse_close_all(cs_sse *h);
size_t cs__sse_clients(cs_sse *h);

/* ---- Request deadlines (server/guard.c) ------------------------------------------ */

typedef struct cs_guard cs_guard;
/* deadline_ms for reading a request; per_ip connections per client address and total in
 * all before the oldest still reading is shut to make room. */
cs_guard *cs__guard_new(unsigned deadline_ms, size_t per_ip, size_t total);
void cs__guard_free(cs_guard *g);
/* MHD_OPTION_NOTIFY_CONNECTION: a connection opened or closed. */
void cs__guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                      enum MHD_ConnectionNotificationCode code);
/* Connection c is reading a request (a new one begins now) or has read it in full. */
void cs__guard_read(cs_guard *g, struct MHD_Connection *c, bool reading);
/* Shuts the socket of every request past its deadline. */
void cs__guard_sweep(cs_guard *g);
unsigned long cs__guard_shut_total(cs_guard *g);

/* ---- Static files (server/files.c) ------------------------------------------------ */

/* Serves a file of the web directory for a GET path ("/" is index.html); MHD_NO when the
 * queueing failed, and *found = 0 when there is no such file. */
int cs__files_serve(const char *web_dir, struct MHD_Connection *conn, const char *path, int *found);

#endif
