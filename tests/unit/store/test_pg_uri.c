/* test_pg_uri.c — naming a PostgreSQL store: a URI libpq cannot read is bad input (exit
 * 2) named in the message; a password never appears in a message; libpq's environment
 * variables fill in what a bare postgresql:// leaves out. */
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* A URI that is not one is refused as input, and the CLI exits 2 naming it. */
static void bad_uri_is_input(void **state) {
  (void)state;
  cs_model *m = NULL;
  cs_error err;
  assert_int_equal(cs_store_read("postgresql://127.0.0.1/x?nonsense=1", &m, &err), CS_EINPUT);
  assert_null(m);
  assert_non_null(strstr(err.message, "not a PostgreSQL URI"));
  assert_non_null(strstr(err.message, "nonsense"));
  const char *args[] = {"constraint", "postgresql://127.0.0.1/x?nonsense=1", NULL};
  char *out = NULL, *msg = NULL;
  assert_int_equal(th_run_cli(args, &out, &msg), 2);
  assert_non_null(strstr(msg, "not a PostgreSQL URI"));
  free(out);
  free(msg);
}

/* A server that is not there is a runtime failure whose message keeps the password out. */
static void password_never_shown(void **state) {
  (void)state;
  cs_model *m = NULL;
  cs_error err;
  assert_int_equal(cs_store_read("postgresql://cs:hunter2@127.0.0.1:1/x", &m, &err), CS_ESTORE);
  assert_null(strstr(err.message, "hunter2"));
  assert_non_null(strstr(err.message, "postgresql://cs:***@127.0.0.1:1/x"));
  assert_non_null(strstr(err.message, "cannot connect"));
  const char *args[] = {"buffers", "postgresql://cs:hunter2@127.0.0.1:1/x", NULL};
  char *out = NULL, *msg = NULL;
  assert_int_equal(th_run_cli(args, &out, &msg), 1);
  assert_null(strstr(msg, "hunter2"));
  free(out);
  free(msg);
}

/* PGHOST, PGPORT, PGUSER and PGDATABASE name the store a bare postgresql:// opens. */
static void environment_fills_in(void **state) {
  (void)state;
  char *db = th_pg_database("env");
  assert_non_null(db);
  cs_model *pq = NULL, *back = NULL;
  cs_error err;
  assert_int_equal(cs_demo_build("pq", &pq, &err), CS_OK);
  assert_int_equal(cs_store_import(db, pq, NULL, NULL, &err), CS_OK);
  char *why = NULL;
  PQconninfoOption *opts = PQconninfoParse(db, &why);
  assert_non_null(opts);
  for (PQconninfoOption *o = opts; o->keyword; o++) {
    if (!o->val) continue;
    if (!strcmp(o->keyword, "host")) setenv("PGHOST", o->val, 1);
    if (!strcmp(o->keyword, "port")) setenv("PGPORT", o->val, 1);
    if (!strcmp(o->keyword, "user")) setenv("PGUSER", o->val, 1);
    if (!strcmp(o->keyword, "dbname")) setenv("PGDATABASE", o->val, 1);
  }
  PQconninfoFree(opts);
  if (cs_store_read("postgresql://", &back, &err)) fail_msg("%s", err.message);
  char *a = th_dump_model(pq), *b = th_dump_model(back);
  assert_string_equal(a, b);
  free(a);
  free(b);
  cs_model_free(back);
  cs_model_free(pq);
  free(db);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(bad_uri_is_input),
    cmocka_unit_test(password_never_shown),
    cmocka_unit_test(environment_fills_in),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
