/* cmd_event.c — `clockspeed event`: applies a batch of events (JSON lines) to a store, all
 * or nothing, and acknowledges them only once they are committed. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Reads the non-blank lines of fp, keeping each one's line number. */
static int read_lines(FILE *fp, char ***lines, long **numbers, size_t *n) {
  char *line = NULL;
  size_t cap = 0, room = 0;
  long lineno = 0;
  ssize_t len;
  *lines = NULL;
  *numbers = NULL;
  *n = 0;
  while ((len = getline(&line, &cap, fp)) >= 0) {
    lineno++;
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
    if (strspn(line, " \t") == (size_t)len) continue;
    if (*n == room) {
      room = room ? room * 2 : 64;
      char **l = realloc(*lines, room * sizeof *l);
      long *k = realloc(*numbers, room * sizeof *k);
      if (l) *lines = l;
      if (k) *numbers = k;
      if (!l || !k) break;
    }
    (*lines)[*n] = strdup(line);
    (*numbers)[(*n)++] = lineno;
  }
  free(line);
  return ferror(fp) ? -1 : 0;
}

int cmd_event(int argc, char **argv) {
  const cli_command *cmd = cli_find_command("event");
  static const struct option opts[] = {{"json", no_argument, 0, 'j'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
  int json = 0, c;
  optind = 1;
  opterr = 0;
  while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
    if (c == 'h') return cli_help(cmd);
    if (c == 'j') json = 1;
    else return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
  }
  if (argc - optind < 1 || argc - optind > 2) return cli_usage_error(cmd, "expected DB and an optional FILE");
  const char *db = argv[optind], *file = argc - optind == 2 ? argv[optind + 1] : "-";
  FILE *fp = strcmp(file, "-") == 0 ? stdin : fopen(file, "rb");
  cs_error err;
  if (!fp) return cli_fail((cs_error_set(&err, CS_EINPUT, NULL, file, "%s: cannot open: %s", file, strerror(errno)), &err));
  char **lines;
  long *numbers;
  size_t n;
  int bad = read_lines(fp, &lines, &numbers, &n);
  if (fp != stdin) fclose(fp);
  int exit_code = 0;
  if (bad) {
    exit_code = cli_fail((cs_error_set(&err, CS_EINPUT, NULL, file, "%s: read error", file), &err));
  } else {
    const char *base = strcmp(file, "-") == 0 ? "stdin" : strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    int rc = cs_store_append_events(db, (const char *const *)lines, numbers, n, base, NULL, &err);
    if (rc) exit_code = cli_fail(&err);
    else if (json) exit_code = cli_print_json(json_pack("{s:i}", "applied", (json_int_t)n));
    else printf("%zu event%s committed to %s\n", n, n == 1 ? "" : "s", db);
  }
  for (size_t i = 0; i < n; i++) free(lines[i]);
  free(lines);
  free(numbers);
  return exit_code;
}
