/* fuzz_http.c — libFuzzer harness for the HTTP request path: each input is the raw bytes a
 * client sends (request line, headers, body), written to a running server over loopback.
 * The server is the real one (libmicrohttpd, routes, state, store) on the P&Q company in a
 * temporary store; "@T" in an input stands for an admin's token, so the fuzzer reaches
 * the routes that need one. Whatever the bytes, the process must not crash, and every
 * 32nd input the server must still answer GET /healthz with 200. The server's request
 * deadline is 60 ms here, so that a request the bytes leave unfinished costs little. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "clockspeed/clockspeed.h"
#include "clockspeed/cs_generate.h"
#include "clockspeed/cs_io.h"
#include "server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_REQUEST = 1 << 16, ANSWER_MS = 1000, IDLE_MS = 20 };

static cs_server *server;
static char dir[] = "/tmp/cs-fuzz-http-XXXXXX";
static char db[64];
static char token[65];

/* Stops the server and removes its store when the fuzzer exits. */
static void cleanup(void) {
  if (server) cs_server_stop(server);
  server = NULL;
  char path[96];
  static const char *const files[] = {"", "-wal", "-shm", "-journal"};
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
    snprintf(path, sizeof path, "%s%s", db, files[i]);
    unlink(path);
  }
  rmdir(dir);
}

/* Builds the store (the P&Q company and an admin's token) and starts the server on a free
 * loopback port; any failure here is the harness's own and aborts. */
static void start(void) {
  cs_error err;
  cs_model *m;
  if (!mkdtemp(dir)) abort();
  snprintf(db, sizeof db, "%s/plant.db", dir);
  if (cs_demo_build("pq", &m, &err) || cs_store_import(db, m, NULL, NULL, &err) ||
      cs_store_token_create(db, CS_ROLE_ADMIN, token, &err)) {
    fprintf(stderr, "fuzz_http: %s\n", err.message);
    abort();
  }
  cs_model_free(m);
  cs_server_options o = {.model = db, .host = "127.0.0.1", .deadline_ms = 60, .heartbeat_ms = 200};
  if (cs_server_start(&o, &server, &err)) {
    fprintf(stderr, "fuzz_http: %s\n", err.message);
    abort();
  }
  atexit(cleanup);
}

/* Sends len bytes to the server and reads its answer, at most ANSWER_MS long, into ans
 * (cap bytes, NUL-ended; what does not fit is read and dropped); returns the bytes read, or -1 when no connection was made. */
static long exchange(const char *req, size_t len, char *ans, size_t cap) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)cs_server_port(server))};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  long got = -1;
  if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) goto out;
  for (size_t sent = 0; sent < len;) {
    ssize_t w = send(fd, req + sent, len - sent, MSG_NOSIGNAL);
    if (w <= 0) break; /* the server may close early on a bad request */
    sent += (size_t)w;
  }
  shutdown(fd, SHUT_WR);
  got = 0;
  struct timeval t0, t;
  gettimeofday(&t0, NULL);
  for (;;) {
    gettimeofday(&t, NULL);
    long left = ANSWER_MS - ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_usec - t0.tv_usec) / 1000);
    /* Once an answer has begun, a pause of IDLE_MS ends it: a half-closed connection is
     * not always closed at once after its answer (the server's deadline closes it). */
    if (got > 0 && left > IDLE_MS) left = IDLE_MS;
    struct pollfd p = {fd, POLLIN, 0};
    if (left <= 0 || poll(&p, 1, (int)left) <= 0) break;
    char sink[4096];
    char *to = (size_t)got + 1 < cap ? ans + got : sink;
    size_t room = (size_t)got + 1 < cap ? cap - 1 - (size_t)got : sizeof sink;
    ssize_t r = recv(fd, to, room, 0);
    if (r <= 0) break;
    if (to == ans + got) got += r;
  }
  ans[got] = '\0';
out:
  close(fd);
  return got;
}

/* Copies the input with every "@T" replaced by the admin's token. */
static size_t with_token(const uint8_t *data, size_t size, char *out, size_t cap) {
  size_t n = 0;
  for (size_t i = 0; i < size && n < cap; i++) {
    if (data[i] == '@' && i + 1 < size && data[i + 1] == 'T' && n + 64 <= cap) {
      memcpy(out + n, token, 64);
      n += 64;
      i++;
    } else {
      out[n++] = (char)data[i];
    }
  }
  return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static char req[MAX_REQUEST + 64];
  static char ans[8192];
  static unsigned long runs;
  if (!server) start();
  if (size > MAX_REQUEST) return 0;
  size_t n = with_token(data, size, req, sizeof req);
  exchange(req, n, ans, sizeof ans);
  if (++runs % 32 == 0) {
    static const char health[] = "GET /healthz HTTP/1.0\r\n\r\n";
    if (exchange(health, sizeof health - 1, ans, sizeof ans) <= 0 || strncmp(ans, "HTTP/1.", 7) != 0 ||
        strncmp(ans + 8, " 200", 4) != 0) {
      fprintf(stderr, "fuzz_http: the server stopped answering its health check: '%.80s'\n", ans);
      abort();
    }
  }
  return 0;
}
