/* helpers.h — what the tests share: temporary directories, files, running the CLI.
 *
 * Ownership: strings returned by th_* are malloc'd and freed by the caller with free(). */
#ifndef CS_TEST_HELPERS_H
#define CS_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "clockspeed/clockspeed.h"

/* Makes a fresh temporary directory and returns its path. */
char *th_tmpdir(void);

/* Removes a directory tree. */
void th_rmtree(const char *path);

/* Returns dir/name (malloc'd). */
char *th_path(const char *dir, const char *name);

/* Writes text to a file; asserts on failure. */
void th_write(const char *path, const char *text);

/* Reads a whole file (NULL when it cannot be read); *len gets its size. */
char *th_read(const char *path, size_t *len);

/* Copies every regular file of src into dst. */
void th_copy_dir(const char *src, const char *dst);

/* Returns the directory of test data (CS_TESTDATA). */
const char *th_data(void);

/* Runs the CLI with args (NULL-terminated); captures stdout and stderr (malloc'd). */
int th_run_cli(const char *const *args, char **out, char **err);

/* Loads a model and fails the test with the error message when it cannot. */
cs_model *th_load(const char *path);

/* Builds a model from CSV-like rows given as one string per table ("" for none);
 * fails the test when a row is refused. */
cs_model *th_model_from_text(const char *const tables[CS_TABLE_COUNT]);

/* Every row of every table of a model as one text (malloc'd), to compare two models. */
char *th_dump_model(const cs_model *m);

/* Computes the demand-basis load and the default mix; fails the test on an error. */
void th_load_and_mix(const cs_model *m, cs_arena *a, cs_load_result **load, cs_mix_result **mix);

/* The stores a store test runs against (tests/unit/stores.c): stores[0] a SQLite file
 * DIR/NAME.db, stores[1] a fresh database NAME_PID on the suite's PostgreSQL server when
 * CS_PG_URI_FILE names its address (ctest always does). Returns how many (1 or 2). */
size_t th_stores(const char *dir, const char *name, char *stores[2]);

/* A fresh, empty database NAME_PID on the suite's PostgreSQL server: its URI, or NULL
 * when the suite runs without one. */
char *th_pg_database(const char *name);

/* Runs SQL that returns no rows on a store of either kind; fails the test when it fails. */
void th_store_sql(const char *db, const char *sql);

/* The first value of the first row of a query on a store, as a number; -1 when none. */
long long th_store_number(const char *db, const char *sql);

#endif
