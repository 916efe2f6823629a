/* cmd_serve.c — `clockspeed serve` and `clockspeed token`: the HTTP server on a model, and
 * the bearer tokens it accepts. */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "server.h"

/* Parses HOST:PORT (or :PORT, or PORT). */
static int parse_listen(const char *text, char *host, size_t size, unsigned *port) {
  const char *colon = strrchr(text, ':');
  const char *p = colon ? colon + 1 : text;
  char *end;
  long v = strtol(p, &end, 10);
  if (*p == '\0' || *end || v < 0 || v > 65535) return -1;
  *port = (unsigned)v;
  if (colon && colon > text) snprintf(host, size, "%.*s", (int)(colon - text), text);
  return 0;
}

int cmd_serve(int argc, char **argv) {
  const cli_command *cmd = cli_find_command("serve");
  static const struct option opts[] = {{"listen", required_argument, 0, 'l'}, {"web", required_argument, 0, 'w'},
                                       {"open-reads", no_argument, 0, 'o'}, {"stop-after", required_argument, 0, 's'},
                                       {"heartbeat", required_argument, 0, 'b'},
                                       {"request-deadline", required_argument, 0, 'd'},
                                       {"per-ip", required_argument, 0, 'p'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  char host[256] = "127.0.0.1";
  cs_server_options so = {0};
  so.port = 8080;
  int c;
  unsigned stop_after = 0;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "l:w:os:b:d:p:h", opts, NULL)) != -1) {
    if (c == 'h') return cli_help(cmd);
    if (c == 'l' && parse_listen(optarg, host, sizeof host, &so.port))
      return cli_usage_error(cmd, "--listen takes HOST:PORT, not '%s'", optarg);
    if (c == 'b') {
      char *end;
      double v = strtod(optarg, &end);
      if (*end || !(v >= 0.05) || v > 3600) return cli_usage_error(cmd, "--heartbeat takes seconds (0.05 to 3600), not '%s'", optarg);
      so.heartbeat_ms = (unsigned)(v * 1000);
    } else if (c == 'd') {
      char *end;
      double v = strtod(optarg, &end);
      if (*end || !(v >= 0.1) || v > 3600) return cli_usage_error(cmd, "--request-deadline takes seconds (0.1 to 3600), not '%s'", optarg);
      so.deadline_ms = (unsigned)(v * 1000);
    } else if (c == 'p') {
      char *end;
      long v = strtol(optarg, &end, 10);
      if (*end || v < 1 || v > 1000) return cli_usage_error(cmd, "--per-ip takes 1 to 1000 connections, not '%s'", optarg);
      so.per_ip = (unsigned)v;
    } else if (c == 's') {
      char *end;
      long v = strtol(optarg, &end, 10);
      if (*end || v <= 0) return cli_usage_error(cmd, "--stop-after takes a number of seconds, not '%s'", optarg);
      stop_after = (unsigned)v;
    } else if (c == 'w') so.web_dir = optarg;
    else if (c == 'o') so.open_reads = true;
    else if (c != 'l') return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
  }
  if (argc - optind != 1) return cli_usage_error(cmd, "expected one MODEL");
  so.model = argv[optind];
  so.host = host;
  /* Block the stop signals in every thread; this one waits for them. */
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  signal(SIGPIPE, SIG_IGN);
  /* Room for the connections the server serves at once (server/guard.c). */
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 4096 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max < 4096 ? rl.rlim_max : 4096;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
  cs_server *s;
  cs_error err;
  int rc = cs_server_start(&so, &s, &err);
  if (rc) return cli_fail(&err);
  printf("clockspeed: serving %s on http://%s:%u/\n", so.model, host, cs_server_port(s));
  fflush(stdout);
  /* --stop-after: a server started by a test stops by itself even if the test does not. */
  if (stop_after) {
    sigaddset(&set, SIGALRM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    alarm(stop_after);
  }
  int sig;
  sigwait(&set, &sig);
  cs_server_stop(s);
  fprintf(stderr, "clockspeed: stopped (%s)\n", sig == SIGTERM ? "SIGTERM" : sig == SIGALRM ? "--stop-after" : "SIGINT");
  return 0;
}

int cmd_token(int argc, char **argv) {
  const cli_command *cmd = cli_find_command("token");
  static const struct option opts[] = {{"role", required_argument, 0, 'r'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
  int role = -1, c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "r:h", opts, NULL)) != -1) {
    if (c == 'h') return cli_help(cmd);
    if (c == 'r' && (role = cs_role_parse(optarg)) < 0)
      return cli_usage_error(cmd, "--role is viewer, planner or admin, not '%s'", optarg);
    if (c != 'r') return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
  }
  if (argc - optind != 2 || strcmp(argv[optind], "create") != 0) return cli_usage_error(cmd, "expected: create DB");
  if (role < 0) return cli_usage_error(cmd, "--role is required");
  char token[65];
  cs_error err;
  if (cs_store_token_create(argv[optind + 1], (cs_role)role, token, &err)) return cli_fail(&err);
  printf("A %s token for %s (shown once; the store keeps only its hash):\n%s\n", cs_role_name((cs_role)role),
         argv[optind + 1], token);
  return 0;
}
