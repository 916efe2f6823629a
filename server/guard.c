/* guard.c — a deadline for every request, so that no client can hold a connection by
 * sending its request slowly. libmicrohttpd's own timeout counts idle time only: a client
 * that sends one header byte every two seconds is never idle for long. Here each
 * connection carries the moment its current request began (the connection opened, or the
 * previous answer was sent); a request still not read in full when its deadline passes has
 * its socket shut, and libmicrohttpd then closes the connection as the client's doing.
 * Reading is what the deadline covers: once a request is read in full, answering it (a long
 * computation, an event stream) is not limited.
 *
 * Connections are capped per client address and in all, and the cap makes room rather than
 * refusing: a new connection over it shuts the oldest connection still reading a request
 * (from that address, or from any), so that a health check always gets in while idle or
 * slow sockets hold the places. The URL length is checked in server.c. */
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "server.h"

/* One open connection. The list and `shut` are the guard's lock's; `since_us` and
 * `reading` are atomic, so that the request path marks them without taking the lock
 * (since_us is stored before reading is raised, and read after it). */
typedef struct watch {
  struct watch *prev, *next;
  MHD_socket fd;
  uint32_t addr;                  /* the client's IPv4 address, 0 when another family */
  _Atomic unsigned long since_us; /* when its current request began */
  atomic_bool reading;            /* the request is not read in full yet */
  bool shut;
} watch;

struct cs_guard {
  pthread_mutex_t mu;
  watch *head;              /* newest first */
  size_t open, per_ip, total;
  unsigned long deadline_us;
  unsigned long shut_total;
};

cs_guard *cs__guard_new(unsigned deadline_ms, size_t per_ip, size_t total) {
  cs_guard *g = calloc(1, sizeof *g);
  if (!g) return NULL;
  pthread_mutex_init(&g->mu, NULL);
  g->deadline_us = (unsigned long)deadline_ms * 1000UL;
  g->per_ip = per_ip;
  g->total = total;
  return g;
}

/* Shuts a connection's socket; libmicrohttpd then closes it. Lock held. */
static void shut(cs_guard *g, watch *w) {
  shutdown(w->fd, SHUT_RDWR);
  w->shut = true;
  g->shut_total++;
}

/* Makes room for the connection w just opened: when its address holds per_ip connections
 * (or all hold total), the oldest one still reading a request is shut. Lock held. */
static void make_room(cs_guard *g, watch *w) {
  size_t same = 0;
  watch *oldest_same = NULL, *oldest = NULL;
  for (watch *v = w->next; v; v = v->next) {
    if (v->shut) continue;
    if (v->addr == w->addr) same++;
    if (!atomic_load(&v->reading)) continue;
    if (v->addr == w->addr) oldest_same = v;
    oldest = v;
  }
  if (same >= g->per_ip && oldest_same) shut(g, oldest_same);
  else if (g->open > g->total && oldest) shut(g, oldest);
}

void cs__guard_free(cs_guard *g) {
  if (!g) return;
  for (watch *w = g->head, *next; w; w = next) {
    next = w->next;
    free(w);
  }
  pthread_mutex_destroy(&g->mu);
  free(g);
}

void cs__guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                      enum MHD_ConnectionNotificationCode code) {
  cs_guard *g = cls;
  if (code == MHD_CONNECTION_NOTIFY_STARTED) {
    watch *w = calloc(1, sizeof *w);
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (!w || !info) {
      free(w);
      *socket_context = NULL;
      return;
    }
    w->fd = info->connect_fd;
    atomic_init(&w->since_us, cs__now_us());
    atomic_init(&w->reading, true);
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
      w->addr = ((const struct sockaddr_in *)(const void *)ci->client_addr)->sin_addr.s_addr;
    pthread_mutex_lock(&g->mu);
    w->next = g->head;
    if (g->head) g->head->prev = w;
    g->head = w;
    g->open++;
    make_room(g, w);
    pthread_mutex_unlock(&g->mu);
    *socket_context = w;
  } else if (code == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context) {
    watch *w = *socket_context;
    pthread_mutex_lock(&g->mu);
    if (w->prev) w->prev->next = w->next;
    else g->head = w->next;
    if (w->next) w->next->prev = w->prev;
    g->open--;
    pthread_mutex_unlock(&g->mu);
    free(w);
    *socket_context = NULL;
  }
}

/* The connection's watch, or NULL. */
static watch *watch_of(struct MHD_Connection *c) {
  const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  return info ? info->socket_context : NULL;
}

void cs__guard_read(cs_guard *g, struct MHD_Connection *c, bool reading) {
  watch *w = watch_of(c);
  (void)g;
  if (!w) return;
  if (reading) atomic_store(&w->since_us, cs__now_us());
  atomic_store(&w->reading, reading);
}

void cs__guard_sweep(cs_guard *g) {
  unsigned long now = cs__now_us();
  pthread_mutex_lock(&g->mu);
  for (watch *w = g->head; w; w = w->next)
    if (atomic_load(&w->reading) && !w->shut && now - atomic_load(&w->since_us) > g->deadline_us) shut(g, w);
  pthread_mutex_unlock(&g->mu);
}

unsigned long cs__guard_shut_total(cs_guard *g) {
  pthread_mutex_lock(&g->mu);
  unsigned long n = g->shut_total;
  pthread_mutex_unlock(&g->mu);
  return n;
}
