/* sse.c — GET /api/stream, Server-Sent Events without a thread per client: each client's
 * response is read through a callback that hands out what is queued for it and, when
 * nothing is, suspends the connection (MHD_suspend_connection); a broadcast queues the
 * event for every client and resumes it. Heartbeats wake every client now and then, so a
 * client that vanished is noticed when its socket refuses the write, and MHD frees it. */
#include <microhttpd.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"

typedef struct client {
  struct client *next;
  cs_sse *hub;
  struct MHD_Connection *conn;
  char *buf;
  size_t len, cap;
  bool suspended, closed;
} client;

struct cs_sse {
  pthread_mutex_t mu;
  client *clients;
  size_t n;
  bool closing;
};

cs_sse *cs__sse_new(void) {
  cs_sse *h = calloc(1, sizeof *h);
  if (h) pthread_mutex_init(&h->mu, NULL);
  return h;
}

void cs__sse_free(cs_sse *h) {
  if (!h) return;
  pthread_mutex_destroy(&h->mu);
  free(h);
}

/* Queues text for one client (the hub's lock is held). */
static void queue(client *c, const char *text, size_t n) {
  if (c->len + n > 1 << 20) return; /* a client a megabyte behind gets no more until it reads */
  if (c->len + n > c->cap) {
    size_t cap = (c->len + n) * 2;
    char *b = realloc(c->buf, cap);
    if (!b) return;
    c->buf = b;
    c->cap = cap;
  }
  memcpy(c->buf + c->len, text, n);
  c->len += n;
}

/* Wakes a suspended client (the hub's lock is held). */
static void wake(client *c) {
  if (c->suspended) {
    c->suspended = false;
    MHD_resume_connection(c->conn);
  }
}

/* Hands out what is queued; suspends the connection when nothing is. */
static ssize_t reader(void *cls, uint64_t pos, char *buf, size_t max) {
  (void)pos;
  client *c = cls;
  cs_sse *h = c->hub;
  pthread_mutex_lock(&h->mu);
  ssize_t n;
  if (c->len) {
    size_t k = c->len < max ? c->len : max;
    memcpy(buf, c->buf, k);
    memmove(c->buf, c->buf + k, c->len - k);
    c->len -= k;
    n = (ssize_t)k;
  } else if (h->closing || c->closed) {
    n = MHD_CONTENT_READER_END_OF_STREAM;
  } else {
    c->suspended = true;
    MHD_suspend_connection(c->conn);
    n = 0;
  }
  pthread_mutex_unlock(&h->mu);
  return n;
}

/* Called by MHD when the response is done with (client gone or stream ended). */
static void release(void *cls) {
  client *c = cls;
  cs_sse *h = c->hub;
  pthread_mutex_lock(&h->mu);
  for (client **p = &h->clients; *p; p = &(*p)->next)
    if (*p == c) {
      *p = c->next;
      h->n--;
      break;
    }
  pthread_mutex_unlock(&h->mu);
  free(c->buf);
  free(c);
}

int cs__sse_open(cs_sse *h, struct MHD_Connection *conn) {
  client *c = calloc(1, sizeof *c);
  if (!c) return 0;
  c->hub = h;
  c->conn = conn;
  static const char hello[] = "retry: 2000\n: connected\n\n";
  queue(c, hello, sizeof hello - 1);
  struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, reader, c, release);
  if (!r) {
    free(c->buf);
    free(c);
    return 0;
  }
  MHD_add_response_header(r, "Content-Type", "text/event-stream");
  MHD_add_response_header(r, "Cache-Control", "no-store");
  pthread_mutex_lock(&h->mu);
  c->next = h->clients;
  h->clients = c;
  h->n++;
  pthread_mutex_unlock(&h->mu);
  int ok = MHD_queue_response(conn, MHD_HTTP_OK, r) == MHD_YES;
  MHD_destroy_response(r);
  return ok;
}

void cs__sse_broadcast(cs_sse *h, const char *event, const char *data) {
  size_t n = strlen(event) + strlen(data) + 32;
  char *msg = malloc(n);
  if (!msg) return;
  int len = snprintf(msg, n, "event: %s\ndata: %s\n\n", event, data);
  pthread_mutex_lock(&h->mu);
  for (client *c = h->clients; c; c = c->next) {
    queue(c, msg, (size_t)len);
    wake(c);
  }
  pthread_mutex_unlock(&h->mu);
  free(msg);
}

void cs__sse_heartbeat(cs_sse *h) {
  static const char beat[] = ": heartbeat\n\n";
  pthread_mutex_lock(&h->mu);
  for (client *c = h->clients; c; c = c->next) {
    queue(c, beat, sizeof beat - 1);
    wake(c);
  }
  pthread_mutex_unlock(&h->mu);
}

void cs__sse_close_all(cs_sse *h) {
  if (!h) return;
  pthread_mutex_lock(&h->mu);
  h->closing = true;
  for (client *c = h->clients; c; c = c->next) wake(c);
  pthread_mutex_unlock(&h->mu);
}

size_t cs__sse_clients(cs_sse *h) {
  if (!h) return 0;
  pthread_mutex_lock(&h->mu);
  size_t n = h->n;
  pthread_mutex_unlock(&h->mu);
  return n;
}
