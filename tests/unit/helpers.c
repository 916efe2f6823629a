/* helpers.c — temporary files and directories, and running the CLI, for the tests. */
#include <dirent.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"

extern char **environ;

char *th_tmpdir(void) {
  const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
  char *p = malloc(strlen(base) + 32);
  sprintf(p, "%s/cs-test-XXXXXX", base);
  assert_non_null(mkdtemp(p));
  return p;
}

void th_rmtree(const char *path) {
  DIR *d = opendir(path);
  if (d) {
    struct dirent *e;
    while ((e = readdir(d))) {
      if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
      char *p = th_path(path, e->d_name);
      struct stat sb;
      if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode)) th_rmtree(p);
      else unlink(p);
      free(p);
    }
    closedir(d);
    rmdir(path);
  } else {
    unlink(path);
  }
}

char *th_path(const char *dir, const char *name) {
  char *p = malloc(strlen(dir) + strlen(name) + 2);
  sprintf(p, "%s/%s", dir, name);
  return p;
}

void th_write(const char *path, const char *text) {
  FILE *fp = fopen(path, "wb");
  assert_non_null(fp);
  fputs(text, fp);
  assert_int_equal(fclose(fp), 0);
}

char *th_read(const char *path, size_t *len) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return NULL;
  size_t cap = 4096, n = 0, k;
  char *buf = malloc(cap + 1);
  while ((k = fread(buf + n, 1, cap - n, fp)) > 0) {
    n += k;
    if (n == cap) buf = realloc(buf, (cap *= 2) + 1);
  }
  fclose(fp);
  buf[n] = '\0';
  if (len) *len = n;
  return buf;
}

void th_copy_dir(const char *src, const char *dst) {
  DIR *d = opendir(src);
  assert_non_null(d);
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    char *from = th_path(src, e->d_name), *to = th_path(dst, e->d_name);
    size_t n;
    char *text = th_read(from, &n);
    if (text) {
      FILE *fp = fopen(to, "wb");
      assert_non_null(fp);
      fwrite(text, 1, n, fp);
      fclose(fp);
    }
    free(text);
    free(from);
    free(to);
  }
  closedir(d);
}

const char *th_data(void) {
  const char *d = getenv("CS_TESTDATA");
  assert_non_null(d);
  return d;
}

int th_run_cli(const char *const *args, char **out, char **err) {
  const char *cli = getenv("CS_CLI");
  assert_non_null(cli);
  char *dir = th_tmpdir();
  char *fout = th_path(dir, "stdout"), *ferr = th_path(dir, "stderr");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, fout, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, ferr, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  size_t n = 0;
  while (args[n]) n++;
  char **argv = calloc(n + 2, sizeof *argv);
  argv[0] = (char *)cli;
  for (size_t i = 0; i < n; i++) argv[i + 1] = (char *)args[i];
  pid_t pid;
  assert_int_equal(posix_spawn(&pid, cli, &fa, NULL, argv, environ), 0);
  int status = 0;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  posix_spawn_file_actions_destroy(&fa);
  free(argv);
  char *o = th_read(fout, NULL), *e = th_read(ferr, NULL);
  if (out) *out = o; else free(o);
  if (err) *err = e; else free(e);
  th_rmtree(dir);
  free(fout);
  free(ferr);
  free(dir);
  assert_true(WIFEXITED(status));
  return WEXITSTATUS(status);
}

cs_model *th_load(const char *path) {
  cs_model *m = NULL;
  cs_error err;
  int rc = cs_model_load(path, &m, &err);
  if (rc) fail_msg("cannot load %s: %s", path, err.message);
  return m;
}

cs_model *th_model_from_text(const char *const tables[CS_TABLE_COUNT]) {
  char *dir = th_tmpdir();
  for (int t = 0; t < CS_TABLE_COUNT; t++) {
    if (!tables[t] || !tables[t][0]) continue;
    char *p = th_path(dir, cs_table_file((cs_table)t));
    th_write(p, tables[t]);
    free(p);
  }
  cs_model *m = th_load(dir);
  th_rmtree(dir);
  free(dir);
  return m;
}

void th_load_and_mix(const cs_model *m, cs_arena *a, cs_load_result **load, cs_mix_result **mix) {
  cs_error err;
  if (cs_load_compute(m, CS_BASIS_DEMAND, a, load, &err)) fail_msg("load: %s", err.message);
  if (cs_mix_solve(m, *load, NULL, a, mix, &err)) fail_msg("mix: %s", err.message);
}

char *th_dump_model(const cs_model *m) {
  size_t cap = 1 << 16, n = 0;
  char *out = malloc(cap);
  assert_non_null(out);
  for (int t = 0; t < CS_TABLE_COUNT; t++) {
    char buf[CS_MAX_COLUMNS][64];
    const char *values[CS_MAX_COLUMNS];
    size_t ncols = t == CS_TABLE_SETTINGS ? 2 : cs_table_ncols((cs_table)t);
    for (size_t i = 0; cs_model_get_row(m, (cs_table)t, i, buf, values); i++) {
      for (size_t k = 0; k < ncols; k++) {
        size_t len = strlen(values[k] ? values[k] : "") + 2;
        while (n + len + 2 > cap) {
          cap *= 2;
          out = realloc(out, cap);
          assert_non_null(out);
        }
        n += (size_t)snprintf(out + n, cap - n, "%s%s", k ? "," : "", values[k] ? values[k] : "");
      }
      out[n++] = '\n';
    }
    if (n + 2 > cap) out = realloc(out, cap *= 2);
    out[n++] = '|';
  }
  out[n] = '\0';
  return out;
}
