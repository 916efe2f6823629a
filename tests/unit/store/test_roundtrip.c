/* test_roundtrip.c — a model survives every form it can take: CSV -> store -> CSV gives
 * the same files byte for byte, for a SQLite store and a PostgreSQL one, JSON -> CSV the
 * same again, and every form gives the same Constraint and the same mix. Run on P&Q, the
 * plant demo and a generated company. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* Compares two CSV directories file by file. */
static void same_dirs(const char *a, const char *b) {
  for (int t = 0; t < CS_TABLE_COUNT; t++) {
    char *pa = th_path(a, cs_table_file((cs_table)t)), *pb = th_path(b, cs_table_file((cs_table)t));
    size_t na, nb;
    char *x = th_read(pa, &na), *y = th_read(pb, &nb);
    assert_non_null(x);
    assert_non_null(y);
    if (na != nb || memcmp(x, y, na) != 0) fail_msg("%s differs from %s", pa, pb);
    free(x); free(y); free(pa); free(pb);
  }
}

/* The answers that must not depend on the form the model was read from. */
typedef struct answers { int32_t constraint; double load_sum, throughput, ca_np; } answers;
static answers answer(const cs_model *m) {
  cs_arena *a = cs_arena_new();
  cs_load_result *L;
  cs_mix_result *R;
  th_load_and_mix(m, a, &L, &R);
  answers s = {L->constraint, 0, R->throughput, R->ca_net_profit};
  for (size_t r = 0; r < L->n; r++) s.load_sum += L->load[r];
  cs_arena_free(a);
  return s;
}

static void check_roundtrip(cs_model *m0) {
  char *tmp = th_tmpdir();
  char *csv1 = th_path(tmp, "csv1"), *csv2 = th_path(tmp, "csv2"), *csv3 = th_path(tmp, "csv3");
  char *db = th_path(tmp, "store.db"), *json = th_path(tmp, "model.json");
  cs_error err;
  assert_int_equal(cs_csv_write_dir(m0, csv1, NULL, NULL, &err), CS_OK);
  cs_model *m1 = th_load(csv1);
  assert_int_equal(cs_store_import(db, m1, NULL, NULL, &err), CS_OK);
  cs_model *m2 = th_load(db);
  assert_int_equal(cs_csv_write_dir(m2, csv2, NULL, NULL, &err), CS_OK);
  same_dirs(csv1, csv2);
  assert_int_equal(cs_json_write_model(m2, json, &err), CS_OK);
  cs_model *m3 = th_load(json);
  assert_int_equal(cs_csv_write_dir(m3, csv3, NULL, NULL, &err), CS_OK);
  same_dirs(csv1, csv3);

  answers a0 = answer(m0), a1 = answer(m1), a2 = answer(m2), a3 = answer(m3);
  const answers *all[] = {&a1, &a2, &a3};
  for (int i = 0; i < 3; i++) {
    assert_int_equal(all[i]->constraint, a0.constraint);
    assert_float_equal(all[i]->load_sum, a0.load_sum, 0);
    assert_float_equal(all[i]->throughput, a0.throughput, 0);
    assert_float_equal(all[i]->ca_np, a0.ca_np, 0);
  }
  /* Importing again replaces the model; it does not add to it. */
  assert_int_equal(cs_store_import(db, m1, NULL, NULL, &err), CS_OK);
  cs_model *m4 = th_load(db);
  assert_int_equal(m4->routings.n, m0->routings.n);
  assert_int_equal(m4->orders.n, m0->orders.n);
  cs_model_free(m1); cs_model_free(m2); cs_model_free(m3); cs_model_free(m4);
  th_rmtree(tmp);
  free(tmp); free(csv1); free(csv2); free(csv3); free(db); free(json);
}

/* Every bundled demo survives every form. */
static void roundtrip_demos(void **state) {
  (void)state;
  for (const char *const *name = cs_demo_names(); *name; name++) {
    cs_model *m;
    cs_error err;
    assert_int_equal(cs_demo_build(*name, &m, &err), CS_OK);
    check_roundtrip(m);
    cs_model_free(m);
  }
}

static void roundtrip_generated_s(void **state) {
  (void)state;
  cs_gen_params p;
  cs_error err;
  cs_model *m;
  cs_date today;
  assert_int_equal(cs_gen_params_for_scale('S', &p, &err), CS_OK);
  assert_true(cs_date_parse("2026-03-02", &today));
  assert_int_equal(cs_generate(&p, today, NULL, NULL, &m, &err), CS_OK);
  assert_int_equal(m->resources.n, 20);
  assert_int_equal(m->products.n, 200);
  assert_int_equal(m->orders.n, 2000);
  check_roundtrip(m);
  cs_model_free(m);
}

/* Awkward text survives: commas, quotes, a line break, leading blanks, non-ASCII. */
static void roundtrip_awkward_text(void **state) {
  (void)state;
  const char *tables[CS_TABLE_COUNT] = {
    [CS_TABLE_SETTINGS] = "key,value\ncurrency,EUR\noperating_expense,0.1\n",
    [CS_TABLE_RESOURCES] = "id,capacity,name\nR1,0.30000000000000004,\"Saw, \"\"big\"\" one\"\nR2,1e3,\"two\nlines\"\n",
    [CS_TABLE_PRODUCTS] = "id,price,tvc,name\nP1,10,2.5,Ünïcödé\nP2,3,1,\" leading\"\n",
    [CS_TABLE_ROUTINGS] = "product,resource,minutes\nP1,R1,0.1\nP1,R2,2\nP2,R2,3\n",
  };
  cs_model *m = th_model_from_text(tables);
  assert_string_equal(m->resources.name[0], "Saw, \"big\" one");
  assert_string_equal(m->resources.name[1], "two\nlines");
  assert_float_equal(m->resources.capacity[0], 0.30000000000000004, 0);
  /* seq defaults to the row order within each product. */
  assert_int_equal(m->routings.seq[0], 1);
  assert_int_equal(m->routings.seq[1], 2);
  assert_int_equal(m->routings.seq[2], 1);
  check_roundtrip(m);
  cs_model_free(m);
}

/* The optional lead time of a product and the date an order was placed round-trip; a
 * store written before they existed reads them as not given. */
static void roundtrip_lead_times(void **state) {
  (void)state;
  const char *tables[CS_TABLE_COUNT] = {
    [CS_TABLE_SETTINGS] = "key,value\ntoday,2026-01-05\nproduction_buffer_days,4\n",
    [CS_TABLE_RESOURCES] = "id,capacity\nR1,2400\n",
    [CS_TABLE_PRODUCTS] = "id,price,tvc,lead_time_days\nP1,10,2,14\nP2,3,1,\n",
    [CS_TABLE_ROUTINGS] = "product,resource,minutes\nP1,R1,1\nP2,R1,2\n",
    [CS_TABLE_ORDERS] = "id,product,qty,due,ordered\nO1,P1,5,2026-01-20,2026-01-02\nO2,P2,1,2026-01-09,\n",
  };
  cs_model *m = th_model_from_text(tables);
  assert_float_equal(cs_product_lead_days(m, 0), 14, 0);
  assert_float_equal(cs_product_lead_days(m, 1), 4, 0);
  assert_int_equal(m->orders.ordered[0], m->settings.today - 3);
  assert_int_equal(m->orders.ordered[1], CS_DATE_NONE);
  check_roundtrip(m);

  char *tmp = th_tmpdir(), *stores[2];
  size_t nstores = th_stores(tmp, "old", stores);
  for (size_t s = 0; s < nstores; s++) {
    const char *db = stores[s];
    cs_model *back = NULL;
    cs_error err;
    assert_int_equal(cs_store_import(db, m, NULL, NULL, &err), CS_OK);
    th_store_sql(db, "ALTER TABLE products DROP COLUMN lead_time_days");
    th_store_sql(db, "ALTER TABLE orders DROP COLUMN ordered");
    if (cs_store_read(db, &back, &err)) fail_msg("%s", err.message);
    assert_float_equal(back->products.lead_time_days[0], -1, 0);
    assert_int_equal(back->orders.ordered[0], CS_DATE_NONE);
    cs_model_free(back);
    free(stores[s]);
  }
  cs_model_free(m);
  th_rmtree(tmp);
  free(tmp);
}

/* A store of a newer schema, or a file of another program, is refused, not misread or
 * overwritten. */
static void store_version_checked(void **state) {
  (void)state;
  char *tmp = th_tmpdir(), *stores[2];
  char *other = th_path(tmp, "notes.txt");
  size_t nstores = th_stores(tmp, "version", stores);
  cs_model *m, *back = NULL;
  cs_error err;
  assert_int_equal(cs_demo_build("pq", &m, &err), CS_OK);
  for (size_t s = 0; s < nstores; s++) {
    const char *db = stores[s];
    assert_int_equal(cs_store_import(db, m, NULL, NULL, &err), CS_OK);
    th_store_sql(db, "UPDATE meta SET value = '99' WHERE key = 'schema_version'");
    assert_int_equal(cs_store_read(db, &back, &err), CS_ESTORE);
    assert_null(back);
    assert_non_null(strstr(err.message, "schema version 99"));
    assert_int_equal(cs_store_import(db, m, NULL, NULL, &err), CS_ESTORE);
    free(stores[s]);
  }
  /* A PostgreSQL database that holds another program's tables is not a store. */
  char *pg = th_pg_database("others");
  if (pg) {
    th_store_sql(pg, "CREATE TABLE invoices(id integer)");
    assert_int_equal(cs_store_import(pg, m, NULL, NULL, &err), CS_ESTORE);
    assert_non_null(strstr(err.message, "not a clockspeed store"));
    assert_int_equal(th_store_number(pg, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"), 1);
    free(pg);
  }

  th_write(other, "hello\n");
  assert_int_equal(cs_store_import(other, m, NULL, NULL, &err), CS_EINPUT);
  assert_non_null(strstr(err.message, "is not a SQLite database; not overwritten"));
  char *text = th_read(other, NULL);
  assert_string_equal(text, "hello\n");
  free(text);
  cs_model_free(m);
  th_rmtree(tmp);
  free(tmp); free(other);
}

/* Where the failing import's progress cuts its own connection: the server loses the
 * client in the middle of the import, as when the process is killed. */
static void cut_connection(void *user, const char *stage, double done, double total) {
  (void)total;
  const char *db = user;
  if (strcmp(stage, "orders") != 0 || done > 0) return;
  th_store_number(db, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                      "WHERE datname = current_database() AND pid <> pg_backend_pid()");
}

/* An import that fails half-way leaves the PostgreSQL store as it was: the model before
 * it, every table, the log and its events. */
static void failed_import_changes_nothing(void **state) {
  (void)state;
  char *db = th_pg_database("failed");
  if (!db) return;
  cs_model *pq, *plant;
  cs_error err;
  assert_int_equal(cs_demo_build("pq", &pq, &err), CS_OK);
  assert_int_equal(cs_demo_build("plant", &plant, &err), CS_OK);
  assert_int_equal(cs_store_import(db, pq, NULL, NULL, &err), CS_OK);
  const char *ev = "{\"type\":\"resource.capacity\",\"resource\":\"B\",\"date\":\"2026-02-02\",\"capacity\":600}";
  assert_int_equal(cs_store_append_events(db, &ev, NULL, 1, "test", NULL, &err), CS_OK);
  cs_model *before = th_load(db);
  char *a = th_dump_model(before);
  assert_int_not_equal(cs_store_import(db, plant, cut_connection, db, &err), CS_OK);
  cs_model *after = th_load(db);
  char *b = th_dump_model(after);
  assert_string_equal(a, b);
  assert_int_equal(th_store_number(db, "SELECT count(*) FROM events"), 1);
  free(a); free(b);
  cs_model_free(before); cs_model_free(after); cs_model_free(pq); cs_model_free(plant);
  free(db);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(roundtrip_demos),
    cmocka_unit_test(roundtrip_generated_s),
    cmocka_unit_test(roundtrip_awkward_text),
    cmocka_unit_test(roundtrip_lead_times),
    cmocka_unit_test(store_version_checked),
    cmocka_unit_test(failed_import_changes_nothing),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
