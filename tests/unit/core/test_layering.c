/* test_layering.c — the build refuses a layering violation. A probe file is compiled with
 * the very command the build uses for a file of a layer (from compile_commands.json): a
 * header the layer may not use stops it with the "layering:" message, a private header of
 * another folder is not found, and what the layer may use compiles. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* The compile command of `source` (a path ending), with the source replaced by probe and
 * the object sent to /dev/null; the build directory in *dir. Malloc'd. */
static char *command_for(const char *source, const char *probe, char **dir) {
  char *path = th_path(getenv("CS_BUILD_DIR"), "compile_commands.json");
  json_error_t je;
  json_t *db = json_load_file(path, 0, &je);
  if (!db) fail_msg("%s: %s", path, je.text);
  size_t i;
  json_t *e;
  char *out = NULL;
  json_array_foreach(db, i, e) {
    const char *file = json_string_value(json_object_get(e, "file"));
    const char *cmd = json_string_value(json_object_get(e, "command"));
    size_t fl = strlen(file), sl = strlen(source);
    if (!cmd || fl < sl || strcmp(file + fl - sl, source) != 0) continue;
    /* "... -o OBJECT -c SOURCE" is how CMake writes it. */
    const char *o = strstr(cmd, " -o ");
    assert_non_null(o);
    size_t n = strlen(cmd) + strlen(probe) + 64;
    out = malloc(n);
    snprintf(out, n, "%.*s -o /dev/null -c %s", (int)(o - cmd), cmd, probe);
    *dir = strdup(json_string_value(json_object_get(e, "directory")));
    break;
  }
  if (!out) fail_msg("no compile command for %s", source);
  json_decref(db);
  free(path);
  return out;
}

/* Compiles a probe of one line as a file of `source`'s layer; returns the exit status and
 * the compiler's messages (malloc'd). */
static int compile_probe(const char *source, const char *line, char **messages) {
  char *tmp = th_tmpdir(), *probe = th_path(tmp, "probe.c"), *log = th_path(tmp, "log");
  char text[512];
  snprintf(text, sizeof text, "%s\nint cs_probe(void);\nint cs_probe(void) { return 0; }\n", line);
  th_write(probe, text);
  char *dir = NULL, *cmd = command_for(source, probe, &dir);
  size_t n = strlen(cmd) + strlen(dir) + strlen(log) + 32;
  char *shell = malloc(n);
  snprintf(shell, n, "cd '%s' && %s 2>'%s'", dir, cmd, log);
  int rc = system(shell);
  *messages = th_read(log, NULL);
  th_rmtree(tmp);
  free(tmp);
  free(probe);
  free(log);
  free(dir);
  free(cmd);
  free(shell);
  return rc;
}

static const struct {
  const char *layer_file, *line;
  int ok;
  const char *says;   /* what the compiler's messages contain when it refuses */
} probes[] = {
  {"lib/engine/mix.c", "#include <jansson.h>", 0, "layering: lib/engine/ may not include <jansson.h>"},
  {"lib/engine/mix.c", "#include <sqlite3.h>", 0, "layering: lib/engine/ may not include <sqlite3.h>"},
  {"lib/flow/sdbr.c", "#include \"clockspeed/cs_io.h\"", 0, "layering: lib/flow/ may not include <clockspeed/cs_io.h>"},
  {"lib/pricing/bid.c", "#include <Clp_C_Interface.h>", 0, "layering: lib/pricing/ may not include <Clp_C_Interface.h>"},
  {"lib/model/model.c", "#include \"engine_priv.h\"", 0, "engine_priv.h"},
  {"lib/flow/sdbr.c", "#include \"bid_priv.h\"", 0, "bid_priv.h"},
  {"lib/core/arena.c", "#include \"clockspeed/cs_model.h\"", 1, NULL},
  {"lib/flow/live.c", "#include \"engine_priv.h\"", 1, NULL},
  {"lib/engine/lp.c", "#include <Clp_C_Interface.h>", 1, NULL},
  {"lib/json/commands.c", "#include <jansson.h>", 1, NULL},
  {"lib/store/sqlite.c", "#include <sqlite3.h>", 1, NULL},
  {"lib/store/pg.c", "#include <libpq-fe.h>", 1, NULL},
  {"lib/engine/mix.c", "#include <libpq-fe.h>", 0, "layering: lib/engine/ may not include <libpq-fe.h>"},
};

static void layers_refuse_what_they_may_not_use(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
    char *messages = NULL;
    int rc = compile_probe(probes[i].layer_file, probes[i].line, &messages);
    if ((rc == 0) != probes[i].ok)
      fail_msg("%s in the layer of %s: exit %d, wanted %s: %s", probes[i].line, probes[i].layer_file, rc,
               probes[i].ok ? "success" : "a refusal", messages ? messages : "");
    if (probes[i].says && (!messages || !strstr(messages, probes[i].says)))
      fail_msg("%s: the compiler did not say '%s': %s", probes[i].line, probes[i].says, messages ? messages : "");
    free(messages);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(layers_refuse_what_they_may_not_use)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
