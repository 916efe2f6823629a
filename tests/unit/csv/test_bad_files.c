/* test_bad_files.c — the table of bad model files in tests/data/bad/: each case is the
 * valid model tests/data/mini with some files replaced (or removed, by a "remove: FILE"
 * line in its `expect`), and the exact message it must produce. For every case the
 * library refuses the model with that message, the CLI exits 2 with "clockspeed: MESSAGE",
 * and an import leaves an existing store byte for byte as it was, and creates no new one. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"

/* Replaces "{dir}" in text with dir. */
static char *subst_dir(const char *text, const char *dir) {
  const char *at = strstr(text, "{dir}");
  char *out = malloc(strlen(text) + strlen(dir) + 1);
  if (!at) strcpy(out, text);
  else sprintf(out, "%.*s%s%s", (int)(at - text), text, dir, at + 5);
  return out;
}

/* Builds the case's model in tmp/model and returns the MODEL path to load. */
static char *build_case(const char *casedir, const char *tmp, char **expected) {
  char *model = th_path(tmp, "model");
  mkdir(model, 0777);
  char *mini = th_path(th_data(), "mini");
  th_copy_dir(mini, model);
  free(mini);
  th_copy_dir(casedir, model);
  char *exp_path = th_path(model, "expect");
  char *exp = th_read(exp_path, NULL);
  assert_non_null(exp);
  unlink(exp_path);
  free(exp_path);
  char *nl = strchr(exp, '\n');
  if (nl) *nl = '\0';
  if (nl && strncmp(nl + 1, "remove: ", 8) == 0) {
    char *file = nl + 9, *end = strchr(file, '\n');
    if (end) *end = '\0';
    char *p = th_path(model, file);
    unlink(p);
    free(p);
  }
  char *json = th_path(model, "model.json");
  struct stat sb;
  char *source = stat(json, &sb) == 0 ? json : model;
  *expected = subst_dir(exp, source);
  free(exp);
  if (source == json) free(model);
  else free(json);
  return source;
}

/* Runs one case through the library and the CLI. */
static void run_case(const char *name) {
  char *casedir = th_path(th_data(), "bad");
  char *dir = th_path(casedir, name);
  char *tmp = th_tmpdir();
  char *expected = NULL;
  char *source = build_case(dir, tmp, &expected);

  cs_model *m = NULL;
  cs_error err;
  int rc = cs_model_load(source, &m, &err);
  if (rc != CS_EINPUT || strcmp(err.message, expected) != 0)
    fail_msg("case %s: got rc %d \"%s\", expected \"%s\"", name, rc, err.message, expected);
  assert_null(m);

  /* The CLI: exit 2, one line on stderr, and the stores untouched. */
  char *store = th_path(tmp, "store.db"), *fresh = th_path(tmp, "fresh.db");
  char *mini = th_path(th_data(), "mini");
  const char *ok[] = {"import", store, mini, NULL};
  assert_int_equal(th_run_cli(ok, NULL, NULL), 0);
  size_t before_len, after_len;
  char *before = th_read(store, &before_len);
  char *want = malloc(strlen(expected) + 16);
  sprintf(want, "clockspeed: %s\n", expected);
  const char *imp[] = {"import", store, source, NULL};
  char *out = NULL, *errtext = NULL;
  int code = th_run_cli(imp, &out, &errtext);
  if (code != 2 || strcmp(errtext, want) != 0)
    fail_msg("case %s: CLI exit %d, stderr \"%s\"", name, code, errtext);
  char *after = th_read(store, &after_len);
  assert_int_equal(before_len, after_len);
  assert_memory_equal(before, after, before_len);
  free(out);
  free(errtext);
  const char *imp2[] = {"import", fresh, source, NULL};
  assert_int_equal(th_run_cli(imp2, NULL, NULL), 2);
  assert_int_not_equal(access(fresh, F_OK), 0);
  const char *con[] = {"constraint", source, NULL};
  assert_int_equal(th_run_cli(con, NULL, &errtext), 2);
  assert_string_equal(errtext, want);
  /* The store still answers with its own model. */
  const char *con2[] = {"constraint", "--json", store, NULL};
  assert_int_equal(th_run_cli(con2, &out, NULL), 0);
  assert_non_null(strstr(out, "\"constraint\": \"M1\""));
  free(out);
  free(errtext);
  free(before);
  free(after);
  free(want);
  free(mini);
  free(store);
  free(fresh);
  th_rmtree(tmp);
  free(tmp);
  free(source);
  free(expected);
  free(dir);
  free(casedir);
}

static void bad_files(void **state) {
  (void)state;
  char *casedir = th_path(th_data(), "bad");
  DIR *d = opendir(casedir);
  assert_non_null(d);
  struct dirent *e;
  int n = 0;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    run_case(e->d_name);
    n++;
  }
  closedir(d);
  free(casedir);
  assert_true(n >= 20);
  print_message("%d bad-file cases\n", n);
}

/* The valid base model itself loads, so every failure above is the case's own. */
static void base_model_is_valid(void **state) {
  (void)state;
  char *mini = th_path(th_data(), "mini");
  cs_model *m = th_load(mini);
  assert_int_equal(m->orders.n, 2);
  assert_float_equal(m->orders.price[1], 100, 0); /* empty price: the product's price */
  assert_int_equal(m->orders.status[1], CS_ORDER_QUOTED);
  assert_string_equal(m->resources.name[1], "Assembly, bench");
  /* Calendar: M1 has 2400 / 5 = 480 minutes a day, none on 2026-01-06. */
  int32_t m1 = cs_model_find_resource(m, "M1"), m2 = cs_model_find_resource(m, "M2");
  cs_date today = m->settings.today;
  assert_float_equal(cs_available_minutes(m, m1, today, 5), 1920, 1e-9);
  assert_float_equal(cs_available_minutes(m, m1, today, 1.5), 480, 1e-9);  /* half of the closed day */
  assert_float_equal(cs_available_minutes(m, m1, today + 2, 3), 1440, 1e-9); /* after it */
  assert_float_equal(cs_available_minutes(m, m2, today, 5), 4800, 1e-9);   /* two units */
  cs_arena *a = cs_arena_new();
  cs_load_result *L;
  cs_error err;
  assert_int_equal(cs_load_compute(m, CS_BASIS_DEMAND, a, &L, &err), CS_OK);
  assert_float_equal(L->available[m1], 1920, 1e-9);
  assert_float_equal(L->work[m1], 100 * 15 + 50 * 30, 1e-9);
  assert_int_equal(L->constraint, m1);  /* 3000 / 1920 */
  cs_arena_free(a);
  cs_model_free(m);
  free(mini);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(base_model_is_valid),
    cmocka_unit_test(bad_files),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
