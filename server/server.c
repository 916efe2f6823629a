/* server.c — the daemon: listening, request bodies and their limits, bearer tokens and
 * roles, dispatch to the route table and metrics. The in-memory state and its lock belong
 * to state.c. */
#include <arpa/inet.h>
#include <math.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server.h"

#ifndef CS_WEB_DIR
#define CS_WEB_DIR "web"
#endif

/* Latency buckets of the metrics, in seconds (Prometheus histogram). */
static const double buckets[] = {0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1};
#define NBUCKETS (sizeof buckets / sizeof buckets[0])

struct cs_server {
  cs_server_options o;
  char *host, *web_dir;
  cs_state *state;
  struct MHD_Daemon *d;
  unsigned port;
  cs_sse *sse;
  cs_guard *guard;
  pthread_t beat;
  pthread_t watcher;     /* takes in other writers' events (a store only) */
  bool watching;
  atomic_bool stopping;
  /* tokens already looked up in the store (no revocation, so a known token stays valid) */
  pthread_mutex_t token_mu;
  char token_key[64][65];
  cs_role token_role[64];
  size_t ntokens, token_next;
  /* metrics */
  atomic_ulong requests, errors, events, refreshes;
  atomic_ulong bucket_count[NBUCKETS + 1];
  atomic_ulong latency_us_sum, refresh_us_sum;
  atomic_ulong unlogged;     /* decisions answered but not logged (a period's room was full) */
};

/* Monotonic microseconds, for latencies. */
unsigned long cs__now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (unsigned long)ts.tv_sec * 1000000UL + (unsigned long)ts.tv_nsec / 1000UL;
}

cs_state *cs__srv_state(cs_server *s) { return s->state; }

/* Counts a committed batch in the metrics and sends its signals to the stream. */
void cs__srv_committed(cs_server *s, size_t n, char *signals, unsigned long t0) {
  if (signals) {
    cs__sse_broadcast(s->sse, "signals", signals);
    free(signals);
  }
  atomic_fetch_add(&s->events, n);
  atomic_fetch_add(&s->refreshes, 1);
  atomic_fetch_add(&s->refresh_us_sum, cs__now_us() - t0);
}

double cs__srv_refresh_ms(cs_server *s) {
  unsigned long n = atomic_load(&s->refreshes);
  return n ? (double)atomic_load(&s->refresh_us_sum) / 1000.0 / (double)n : -1;
}

unsigned cs__srv_fail(unsigned status, const char *message, json_t **out) {
  *out = json_pack("{s:{s:s}}", "error", "message", message);
  return status;
}

unsigned cs__srv_error(const cs_error *err, json_t **out) {
  *out = cs_json_error(err);
  return err->code == CS_ECONFLICT ? 409 : err->code == CS_EINPUT || err->code == CS_EUSAGE ? 400 : 500;
}

/* ---- Requests --------------------------------------------------------------------- */

/* What a connection carries between the calls of one request. */
typedef struct conn_state {
  char *body;
  size_t len, cap;
  bool too_big, url_too_long, headers_read;
  unsigned long start;
} conn_state;

/* Connections served at once; libmicrohttpd refuses more (server/guard.c makes room
 * before that). */
#define MAX_CONNECTIONS 1000

/* The longest URL answered (414 beyond). */
#define MAX_URL 8192

/* Called by libmicrohttpd as soon as a request's URL is read, before its headers: the
 * request's state starts here, and a URL too long to serve is noted for a 414. */
static void *on_url(void *cls, const char *uri, struct MHD_Connection *c) {
  (void)cls;
  (void)c;
  conn_state *st = calloc(1, sizeof *st);
  if (!st) return NULL;
  st->start = cs__now_us();
  st->url_too_long = strlen(uri) > MAX_URL;
  return st;
}

/* Queues a JSON answer. */
static enum MHD_Result send_json(struct MHD_Connection *c, unsigned status, json_t *v) {
  char *text = json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(12));
  json_decref(v);
  if (!text) return MHD_NO;
  struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
  MHD_add_response_header(r, "Content-Type", "application/json");
  MHD_add_response_header(r, "Cache-Control", "no-store");
  enum MHD_Result ok = MHD_queue_response(c, status, r);
  MHD_destroy_response(r);
  return ok;
}

/* Queues a plain text answer. */
static enum MHD_Result send_text(struct MHD_Connection *c, unsigned status, const char *type, char *text) {
  struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
  MHD_add_response_header(r, "Content-Type", type);
  enum MHD_Result ok = MHD_queue_response(c, status, r);
  MHD_destroy_response(r);
  return ok;
}

/* The role of the request's bearer token (or viewer for open reads). */
static cs_role role_of(cs_server *s, struct MHD_Connection *c) {
  const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
  const char *token = NULL;
  if (auth && strncmp(auth, "Bearer ", 7) == 0) token = auth + 7;
  if (!token) token = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token"); /* EventSource cannot set headers */
  cs_role role = CS_ROLE_NONE;
  const char *store = cs__state_store(s->state);
  if (token && store && strlen(token) == 64) {
    pthread_mutex_lock(&s->token_mu);
    for (size_t i = 0; i < s->ntokens && role == CS_ROLE_NONE; i++)
      if (memcmp(s->token_key[i], token, 64) == 0) role = s->token_role[i];
    pthread_mutex_unlock(&s->token_mu);
    if (role == CS_ROLE_NONE) {
      cs_error err;
      cs_store_token_role(store, token, &role, &err);
      if (role != CS_ROLE_NONE) {
        pthread_mutex_lock(&s->token_mu);
        size_t slot = s->ntokens < 64 ? s->ntokens++ : s->token_next++ % 64;
        memcpy(s->token_key[slot], token, 65);
        s->token_role[slot] = role;
        pthread_mutex_unlock(&s->token_mu);
      }
    }
  }
  if (role == CS_ROLE_NONE && s->o.open_reads) role = CS_ROLE_VIEWER;
  return role;
}

/* Counts a request in the metrics. */
static void count(cs_server *s, unsigned status, unsigned long start) {
  unsigned long us = cs__now_us() - start;
  atomic_fetch_add(&s->requests, 1);
  if (status >= 400) atomic_fetch_add(&s->errors, 1);
  atomic_fetch_add(&s->latency_us_sum, us);
  size_t b = 0;
  while (b < NBUCKETS && (double)us / 1e6 > buckets[b]) b++;
  atomic_fetch_add(&s->bucket_count[b], 1);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **con_cls) {
  (void)version;
  cs_server *s = cls;
  conn_state *st = *con_cls;
  if (!st) return MHD_NO;
  if (!st->headers_read) {
    st->headers_read = true;
    return MHD_YES;
  }
  if (*upload_size) {
    if (st->len + *upload_size > s->o.max_body) st->too_big = true;
    else {
      if (st->len + *upload_size + 1 > st->cap) {
        size_t cap = (st->len + *upload_size + 1) * 2;
        char *b = realloc(st->body, cap);
        if (!b) return MHD_NO;
        st->body = b;
        st->cap = cap;
      }
      memcpy(st->body + st->len, upload, *upload_size);
      st->len += *upload_size;
      st->body[st->len] = '\0';
    }
    *upload_size = 0;
    return MHD_YES;
  }
  /* The request is read in full: its deadline no longer applies. */
  cs__guard_read(s->guard, c, false);
  json_t *out = NULL;
  unsigned status;
  if (st->url_too_long) {
    status = cs__srv_fail(414, "the URL is too long", &out);
    count(s, status, st->start);
    return send_json(c, status, out);
  }
  if (st->too_big) {
    status = cs__srv_fail(413, "the request body is too large", &out);
    count(s, status, st->start);
    return send_json(c, status, out);
  }
  if (strcmp(method, "GET") == 0 && strcmp(url, "/healthz") == 0) {
    count(s, 200, st->start);
    return send_json(c, 200, json_pack("{s:s}", "status", "ok"));
  }
  if (strcmp(method, "GET") == 0 && strcmp(url, "/metrics") == 0) {
    count(s, 200, st->start);
    return send_text(c, 200, "text/plain; version=0.0.4", cs__srv_metrics_text(s));
  }
  if (strcmp(method, "GET") == 0 && strcmp(url, "/api/stream") == 0) {
    if (role_of(s, c) < CS_ROLE_VIEWER) {
      status = cs__srv_fail(401, "a bearer token with role viewer is needed", &out);
      count(s, status, st->start);
      return send_json(c, status, out);
    }
    count(s, 200, st->start);
    return cs__sse_open(s->sse, c) ? MHD_YES : MHD_NO;
  }
  const cs_route *routes = cs_server_routes(), *match = NULL;
  bool path_known = false;
  for (const cs_route *r = routes; r->path; r++) {
    if (!r->handle || strcmp(r->path, url) != 0) continue;
    path_known = true;
    if (strcmp(r->method, method) == 0) match = r;
  }
  if (!match && !path_known && strncmp(url, "/api/", 5) != 0 && strcmp(method, "GET") == 0) {
    int found = 0;
    int ok = cs__files_serve(s->web_dir, c, url, &found);
    if (found) {
      count(s, 200, st->start);
      return ok;
    }
  }
  if (!match) {
    status = path_known ? cs__srv_fail(405, "method not allowed", &out) : cs__srv_fail(404, "no such route", &out);
  } else {
    cs_http_request req = {c, st->body ? st->body : "", st->len, role_of(s, c)};
    if (req.role < match->role) {
      char msg[128];
      snprintf(msg, sizeof msg, "a bearer token with role %s is needed", cs_role_name(match->role));
      status = cs__srv_fail(req.role == CS_ROLE_NONE ? 401 : 403, msg, &out);
    } else {
      status = match->handle(s, &req, &out);
    }
  }
  count(s, status, st->start);
  return send_json(c, status, out);
}

/* Frees what a request carried. */
static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode t) {
  (void)t;
  cs_server *s = cls;
  /* A kept-alive connection's next request starts now, with its own deadline. */
  cs__guard_read(s->guard, c, true);
  conn_state *st = *con_cls;
  if (st) {
    free(st->body);
    free(st);
  }
  *con_cls = NULL;
}

/* Appends the decisions answered since the last period to the log, as one batch. */
static void flush_decisions(cs_server *s) {
  char *signals = NULL;
  unsigned long unlogged = 0, t0 = cs__now_us();
  cs__state_flush_decisions(s->state, &signals, &unlogged);
  atomic_store(&s->unlogged, unlogged);
  if (signals) cs__srv_committed(s, 0, signals, t0);
}

/* How long the watcher waits for a notice at a time, and the longest it goes without
 * reading the log (a notice lost, or a store that sends none). */
#define WATCH_SLICE_MS 250
#define WATCH_PERIOD_MS 1000

/* Until the server stops: takes in the events other writers (the CLI, other servers)
 * append — at once on a notice from the store, else every period — and sends their
 * signals to the stream. */
static void *watcher(void *arg) {
  cs_server *s = arg;
  cs_store_watch *w = NULL;
  cs_error err;
  if (cs_store_watch_open(cs__state_store(s->state), &w, &err))
    fprintf(stderr, "clockspeed: serve: watching the store: %s (looking every second instead)\n", err.message);
  unsigned long since = cs__now_us();
  while (!atomic_load(&s->stopping)) {
    bool news = false;
    if (!w || cs_store_watch_wait(w, WATCH_SLICE_MS, &news, &err)) {
      struct timespec ts = {0, WATCH_SLICE_MS * 1000000L};
      nanosleep(&ts, NULL);
    }
    if (!news && cs__now_us() - since < WATCH_PERIOD_MS * 1000UL) continue;
    since = cs__now_us();
    char *signals = NULL;
    cs__state_refresh(s->state, &signals);
    if (signals) cs__srv_committed(s, 0, signals, since);
    flush_decisions(s);
  }
  flush_decisions(s);
  cs_store_watch_close(w);
  return NULL;
}

/* Until the server stops: heartbeats to the stream, and every 50 ms the requests past
 * their deadline cut off. */
static void *heartbeat(void *arg) {
  cs_server *s = arg;
  unsigned waited = 0;
  while (!atomic_load(&s->stopping)) {
    struct timespec ts = {0, 50 * 1000000L};
    nanosleep(&ts, NULL);
    waited += 50;
    cs__guard_sweep(s->guard);
    if (waited >= s->o.heartbeat_ms) {
      waited = 0;
      cs__sse_heartbeat(s->sse);
    }
  }
  return NULL;
}

int cs_server_start(const cs_server_options *o, cs_server **out, cs_error *err) {
  *out = NULL;
  cs_error_clear(err);
  cs_server *s = calloc(1, sizeof *s);
  if (!s) return cs_error_set(err, CS_ENOMEM, NULL, NULL, "out of memory");
  s->o = *o;
  s->host = strdup(o->host ? o->host : "127.0.0.1");
  s->web_dir = strdup(o->web_dir ? o->web_dir : CS_WEB_DIR);
  if (!s->o.max_body) s->o.max_body = 1 << 20;
  if (!s->o.timeout_s) s->o.timeout_s = 30;
  if (!s->o.deadline_ms) s->o.deadline_ms = 10000;
  if (!s->o.per_ip) s->o.per_ip = 128;
  s->guard = cs__guard_new(s->o.deadline_ms, s->o.per_ip, MAX_CONNECTIONS - 64);
  if (!s->guard) {
    free(s);
    return cs_error_set(err, CS_ENOMEM, NULL, NULL, "out of memory");
  }
  if (!s->o.heartbeat_ms) s->o.heartbeat_ms = 15000;
  pthread_mutex_init(&s->token_mu, NULL);
  int rc = cs__state_open(o->model, &s->state, err);
  s->sse = rc ? NULL : cs__sse_new();
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((uint16_t)o->port);
  if (!rc && inet_pton(AF_INET, s->host, &addr.sin_addr) != 1) {
    rc = cs_error_set(err, CS_EUSAGE, NULL, NULL, "--listen: '%s' is not an IPv4 address", s->host);
  }
  if (!rc) {
    s->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC |
                                MHD_USE_TURBO,
                            o->port, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, &addr,
                            MHD_OPTION_THREAD_POOL_SIZE, 2, MHD_OPTION_CONNECTION_TIMEOUT, s->o.timeout_s,
                            MHD_OPTION_CONNECTION_LIMIT, MAX_CONNECTIONS,
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(256 * 1024), MHD_OPTION_URI_LOG_CALLBACK,
                            on_url, s, MHD_OPTION_NOTIFY_CONNECTION, cs__guard_notify, s->guard,
                            MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_END);
    if (!s->d) {
      rc = cs_error_set(err, CS_EIO, NULL, NULL, "cannot listen on %s:%u", s->host, o->port);
    }
  }
  if (rc) {
    cs_server_stop(s);
    return rc;
  }
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
  s->port = info ? info->port : o->port;
  pthread_create(&s->beat, NULL, heartbeat, s);
  s->watching = cs__state_store(s->state) && pthread_create(&s->watcher, NULL, watcher, s) == 0;
  *out = s;
  return 0;
}

unsigned cs_server_port(const cs_server *s) { return s->port; }

void cs_server_stop(cs_server *s) {
  if (!s) return;
  atomic_store(&s->stopping, true);
  if (s->d) {
    pthread_join(s->beat, NULL);
    if (s->watching) pthread_join(s->watcher, NULL);
    MHD_quiesce_daemon(s->d);
    cs__sse_close_all(s->sse);
    MHD_stop_daemon(s->d);
  }
  cs__sse_free(s->sse);
  cs__guard_free(s->guard);
  cs__state_free(s->state);
  pthread_mutex_destroy(&s->token_mu);
  free(s->host);
  free(s->web_dir);
  free(s);
}

/* ---- Metrics ---------------------------------------------------------------------- */

char *cs__srv_metrics_text(cs_server *s) {
  size_t cap = 4096;
  char *b = malloc(cap);
  if (!b) return NULL;
  int n = snprintf(b, cap,
                   "# HELP clockspeed_requests_total HTTP requests answered.\n"
                   "# TYPE clockspeed_requests_total counter\nclockspeed_requests_total %lu\n"
                   "# HELP clockspeed_request_errors_total HTTP requests answered with 4xx or 5xx.\n"
                   "# TYPE clockspeed_request_errors_total counter\nclockspeed_request_errors_total %lu\n"
                   "# HELP clockspeed_request_duration_seconds Time to answer a request.\n"
                   "# TYPE clockspeed_request_duration_seconds histogram\n",
                   atomic_load(&s->requests), atomic_load(&s->errors));
  unsigned long cum = 0;
  for (size_t i = 0; i <= NBUCKETS; i++) {
    cum += atomic_load(&s->bucket_count[i]);
    if (i < NBUCKETS)
      n += snprintf(b + n, cap - (size_t)n, "clockspeed_request_duration_seconds_bucket{le=\"%g\"} %lu\n", buckets[i], cum);
    else
      n += snprintf(b + n, cap - (size_t)n, "clockspeed_request_duration_seconds_bucket{le=\"+Inf\"} %lu\n", cum);
  }
  snprintf(b + n, cap - (size_t)n,
           "clockspeed_request_duration_seconds_sum %.6f\nclockspeed_request_duration_seconds_count %lu\n"
           "# HELP clockspeed_events_applied_total Events committed and applied.\n"
           "# TYPE clockspeed_events_applied_total counter\nclockspeed_events_applied_total %lu\n"
           "# HELP clockspeed_signal_refresh_seconds Time from receiving a batch to its signals being sent.\n"
           "# TYPE clockspeed_signal_refresh_seconds summary\n"
           "clockspeed_signal_refresh_seconds_sum %.6f\nclockspeed_signal_refresh_seconds_count %lu\n"
           "# HELP clockspeed_stream_clients Open event streams.\n"
           "# TYPE clockspeed_stream_clients gauge\nclockspeed_stream_clients %zu\n"
           "# HELP clockspeed_requests_cut_total Requests not read in full by their deadline.\n"
           "# TYPE clockspeed_requests_cut_total counter\nclockspeed_requests_cut_total %lu\n"
           "# HELP clockspeed_decisions_unlogged_total Decisions answered but not logged (a period's room was full).\n"
           "# TYPE clockspeed_decisions_unlogged_total counter\nclockspeed_decisions_unlogged_total %lu\n",
           (double)atomic_load(&s->latency_us_sum) / 1e6, cum, atomic_load(&s->events),
           (double)atomic_load(&s->refresh_us_sum) / 1e6, atomic_load(&s->refreshes), cs__sse_clients(s->sse),
           cs__guard_shut_total(s->guard), atomic_load(&s->unlogged));
  return b;
}
