/* test_backends_agree.c — every read command gives the same answer, byte for byte, on a
 * SQLite store and on a PostgreSQL store holding the same demo (imported from the SQLite
 * one through the CLI). The commands are a table: tests/data/backends/commands.txt. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* Replaces the values of the keys that measure the run itself (how long it took), which
 * differ between any two runs, by one '#': everything else must be the same. */
static void mask_timings(char *text) {
  static const char *const keys[] = {"\"seconds\": ", "\"events_per_s\": "};
  for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
    for (char *p = strstr(text, keys[k]); p; p = strstr(p + 1, keys[k])) {
      char *v = p + strlen(keys[k]), *e = v + strcspn(v, ",\n}");
      *v = '#';
      memmove(v + 1, e, strlen(e) + 1);
    }
}

/* Runs one line of the table on both stores and compares what the CLI printed. */
static void check_line(char *line, const char *const db[2]) {
  const char *args[32];
  size_t n = 0;
  char *save = NULL;
  strtok_r(line, " \n", &save); /* the demo */
  char *out[2] = {NULL, NULL}, *err[2] = {NULL, NULL};
  int code[2];
  size_t first = n;
  for (char *w = strtok_r(NULL, " \n", &save); w && n < 31; w = strtok_r(NULL, " \n", &save)) args[n++] = w;
  args[n] = NULL;
  for (int s = 0; s < 2; s++) {
    for (size_t i = first; i < n; i++)
      if (strcmp(args[i], "MODEL") == 0 || args[i] == db[0] || args[i] == db[1]) args[i] = db[s];
    code[s] = th_run_cli(args, &out[s], &err[s]);
    if (out[s]) mask_timings(out[s]);
  }
  if (code[0] != 0) fail_msg("%s %s: exit %d: %s", args[0], db[0], code[0], err[0]);
  if (code[1] != code[0] || strcmp(out[0], out[1]) != 0)
    fail_msg("%s: SQLite and PostgreSQL differ (exit %d / %d): %.300s", args[0], code[0], code[1], err[1]);
  printf("  same: %s (%zu bytes)\n", args[0], strlen(out[0]));
  for (int s = 0; s < 2; s++) {
    free(out[s]);
    free(err[s]);
  }
}

static void read_commands_agree(void **state) {
  (void)state;
  char *dir = th_tmpdir(), *table = th_path(th_data(), "backends/commands.txt");
  char *text = th_read(table, NULL);
  assert_non_null(text);
  char demo[32] = "";
  char *stores[2] = {NULL, NULL};
  size_t lines = 0;
  char *save = NULL;
  for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    if (line[0] == '#' || !line[0]) continue;
    char name[32];
    if (sscanf(line, "%31s", name) != 1) continue;
    if (strcmp(name, demo) != 0) {
      /* A new demo: a SQLite store from init, and the same model imported into PostgreSQL. */
      free(stores[0]);
      free(stores[1]);
      snprintf(demo, sizeof demo, "%s", name);
      assert_int_equal(th_stores(dir, demo, stores), 2);
      const char *init[] = {"init", stores[0], "--demo", demo, NULL};
      const char *import[] = {"import", stores[1], stores[0], NULL};
      assert_int_equal(th_run_cli(init, NULL, NULL), 0);
      assert_int_equal(th_run_cli(import, NULL, NULL), 0);
    }
    char copy[512];
    snprintf(copy, sizeof copy, "%s", line);
    check_line(copy, (const char *const *)stores);
    lines++;
  }
  assert_true(lines >= 20);
  free(stores[0]);
  free(stores[1]);
  free(text);
  free(table);
  th_rmtree(dir);
  free(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(read_commands_agree)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
