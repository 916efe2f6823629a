/* csv_read.c — reads a CSV model directory into a cs_model, all or nothing.
 * libcsv does the RFC 4180 parsing; lines are counted here so that every error names
 * the file, the line and the column. */
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clockspeed/cs_io.h"
#include "internal.h"

#define MAX_FIELDS 64

/* The columns a file may have, and what takes each row. */
typedef struct columns {
  size_t n;
  const char *(*name)(const void *ctx, size_t k);
  bool (*required)(const void *ctx, size_t k);
  /* Takes one row: values[k] for column k (NULL when the file has no such column), cols[k]
   * its 1-based source column. */
  int (*row)(void *ctx, const char *const *values, const int *cols, const cs_loc *loc, cs_error *err);
  void *ctx;
} columns;

/* The state of reading one file. */
typedef struct reader {
  const columns *c;
  const char *file;          /* name used in messages, e.g. "products.csv" */
  long line;                 /* physical line being fed */
  long row_line;             /* line where the current row began */
  char *buf;                 /* field bytes of the current row, NUL-separated */
  size_t len, cap;
  size_t off[MAX_FIELDS];    /* start of each field in buf */
  size_t nfields;
  int too_many;
  int have_header;
  size_t nheader;            /* fields in the header */
  int map[MAX_FIELDS];       /* schema column index of each source column */
  int src_col[CS_MAX_COLUMNS];           /* source column (1-based) of each schema column, 0: absent */
  int rc;                    /* first failure, 0 while all is well */
  cs_error *err;
} reader;

/* libcsv field callback: keeps a copy of the field's bytes for the row. */
static void on_field(void *data, size_t n, void *user) {
  reader *r = user;
  if (r->rc) return;
  if (r->nfields == 0) r->row_line = r->line;
  if (r->nfields >= MAX_FIELDS) { r->too_many = 1; return; }
  long bad = cs__text_check(data, n);
  if (bad >= 0) {
    /* Refused here, before a NUL cuts the value short or bad bytes reach an export. */
    cs_loc loc = {r->file, r->line, NULL};
    const char *name = r->have_header && r->nfields < r->nheader ? r->c->name(r->c->ctx, (size_t)r->map[r->nfields]) : NULL;
    r->rc = cs__err_at(r->err, &loc, name, (int)r->nfields + 1, "", "%s at byte %ld of the value",
                       ((const char *)data)[bad] ? "text that is not valid UTF-8" : "a NUL byte", bad + 1);
    return;
  }
  if (cs__grow((void **)&r->buf, 1, &r->cap, r->len + n + 1)) { r->rc = CS_ENOMEM; return; }
  r->off[r->nfields++] = r->len;
  if (n) memcpy(r->buf + r->len, data, n);
  r->len += n;
  r->buf[r->len++] = '\0';
}

/* Reads the header row: every column must be known, once; required ones must be there. */
static int take_header(reader *r) {
  cs_loc loc = {r->file, r->row_line, NULL};
  size_t ncols = r->c->n;
  memset(r->src_col, 0, sizeof r->src_col);
  for (size_t i = 0; i < r->nfields; i++) {
    const char *name = r->buf + r->off[i];
    int k = -1;
    for (size_t j = 0; j < ncols && k < 0; j++)
      if (strcmp(r->c->name(r->c->ctx, j), name) == 0) k = (int)j;
    if (k < 0)
      return cs__err_at(r->err, &loc, NULL, (int)i + 1, name, "unknown column '%s' (column %zu)",
                        name, i + 1);
    if (r->src_col[k])
      return cs__err_at(r->err, &loc, NULL, (int)i + 1, name, "column '%s' appears twice", name);
    r->src_col[k] = (int)i + 1;
    r->map[i] = k;
  }
  for (size_t k = 0; k < ncols; k++) {
    const char *name = r->c->name(r->c->ctx, k);
    if (r->c->required(r->c->ctx, k) && !r->src_col[k])
      return cs__err_at(r->err, &loc, NULL, 0, name, "missing required column '%s'", name);
  }
  r->nheader = r->nfields;
  r->have_header = 1;
  return 0;
}

/* libcsv row callback: the header first, then one model row per record. */
static void on_row(int term, void *user) {
  (void)term;
  reader *r = user;
  if (r->rc) return;
  cs_loc loc = {r->file, r->row_line, NULL};
  if (r->too_many) {
    r->rc = cs__err_at(r->err, &loc, NULL, 0, "", "more than %d fields", MAX_FIELDS);
    return;
  }
  if (!r->have_header) {
    r->rc = take_header(r);
  } else if (r->nfields != r->nheader) {
    r->rc = cs__err_at(r->err, &loc, NULL, 0, "", "%zu fields, but the header has %zu",
                       r->nfields, r->nheader);
  } else {
    const char *values[CS_MAX_COLUMNS] = {0};
    int cols[CS_MAX_COLUMNS] = {0};
    for (size_t i = 0; i < r->nfields; i++) {
      values[r->map[i]] = r->buf + r->off[i];
      cols[r->map[i]] = (int)i + 1;
    }
    r->rc = r->c->row(r->c->ctx, values, cols, &loc, r->err);
  }
  r->nfields = 0;
  r->len = 0;
}

/* Reads one CSV file (path; `file` names it in messages), every row handed to c->row; a
 * missing file is no error when missing_ok. */
static int read_file(const char *path, const char *file, const columns *c, bool missing_ok, cs_error *err) {
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    if (errno == ENOENT && missing_ok) return 0;
    return cs__err(err, errno == ENOENT ? CS_EINPUT : CS_EIO, "%s: cannot open: %s", path, strerror(errno));
  }
  reader r = {.c = c, .file = file, .err = err};
  struct csv_parser p;
  int rc = 0;
  if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
    fclose(fp);
    return cs__err(err, CS_ENOMEM, "out of memory");
  }
  char *line = NULL;
  size_t lcap = 0;
  ssize_t n;
  while (!r.rc && (n = getline(&line, &lcap, fp)) >= 0) {
    r.line++;
    const char *s = line;
    if (r.line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) { s += 3; n -= 3; }
    if (csv_parse(&p, s, (size_t)n, on_field, on_row, &r) != (size_t)n && !r.rc) {
      cs_loc loc = {file, r.line, NULL};
      r.rc = cs__err_at(err, &loc, NULL, 0, "", "malformed CSV (%s)", csv_strerror(csv_error(&p)));
    }
  }
  if (!r.rc && ferror(fp)) r.rc = cs__err(err, CS_EIO, "%s: read error", path);
  if (!r.rc && csv_fini(&p, on_field, on_row, &r) != 0 && !r.rc) {
    cs_loc loc = {file, r.line, NULL};
    r.rc = cs__err_at(err, &loc, NULL, 0, "", "malformed CSV (unterminated quoted field)");
  }
  if (!r.rc && !r.have_header) {
    cs_loc loc = {file, 0, NULL};
    r.rc = cs__err_at(err, &loc, NULL, 0, "", "the file is empty; a header row is required");
  }
  if (r.rc == CS_ENOMEM) cs__err(err, CS_ENOMEM, "out of memory");
  rc = r.rc;
  csv_free(&p);
  free(line);
  free(r.buf);
  fclose(fp);
  return rc;
}

/* A model table's columns and rows, for read_file. */
typedef struct table_ctx { cs_model *m; cs_table t; } table_ctx;
static const char *table_col_name(const void *ctx, size_t k) { return cs_table_column(((const table_ctx *)ctx)->t, k)->name; }
static bool table_col_required(const void *ctx, size_t k) { return cs_table_column(((const table_ctx *)ctx)->t, k)->required; }
static int table_row(void *ctx, const char *const *values, const int *cols, const cs_loc *loc, cs_error *err) {
  table_ctx *tc = ctx;
  cs_row row = {values, cols};
  return cs_model_add_row(tc->m, tc->t, &row, loc, err);
}

/* Reads one table's file; a missing file is no error (cs_csv_read_dir checks first that
 * none the model needs is missing). */
static int read_table(cs_model *m, const char *dir, cs_table t, cs_error *err) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, cs_table_file(t));
  table_ctx tc = {m, t};
  columns c = {cs_table_ncols(t), table_col_name, table_col_required, table_row, &tc};
  return read_file(path, cs_table_file(t), &c, true, err);
}

/* variability.csv's columns and rows (DESIGN §10), for read_file. */
typedef struct var_ctx {
  const cs_model *m;
  cs_sim_variability *rows;
  size_t n, cap;
} var_ctx;
static const char *var_col_name(const void *ctx, size_t k) {
  (void)ctx;
  return cs_sim_variability_columns[k];
}
static bool var_col_required(const void *ctx, size_t k) {
  (void)ctx;
  return k < 3;
}
static int var_row(void *ctx, const char *const *values, const int *cols, const cs_loc *loc, cs_error *err) {
  (void)cols;
  var_ctx *v = ctx;
  if (v->n >= CS_SIM_MAX_VARIABILITY_ROWS)
    return cs__err_at(err, loc, NULL, 0, "", "more than %d rows", CS_SIM_MAX_VARIABILITY_ROWS);
  if (cs__grow((void **)&v->rows, sizeof *v->rows, &v->cap, v->n + 1)) return CS_ENOMEM;
  int rc = cs_sim_variability_parse(v->m, values, loc, &v->rows[v->n], err);
  if (!rc) v->n++;
  return rc;
}

int cs_variability_read(const cs_model *m, const char *file, cs_arena *a, cs_sim_variability **out, size_t *n,
                        cs_error *err) {
  *out = NULL;
  *n = 0;
  const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
  var_ctx v = {m, NULL, 0, 0};
  columns c = {CS_SIM_VARIABILITY_COLUMNS, var_col_name, var_col_required, var_row, &v};
  int rc = read_file(file, base, &c, false, err);
  cs_sim_variability *rows = !rc && v.n && v.rows ? cs_arena_calloc(a, v.n, sizeof *rows) : NULL;
  if (!rc && v.n && !rows) rc = cs__err(err, CS_ENOMEM, "out of memory");
  if (!rc && rows) {
    memcpy(rows, v.rows, v.n * sizeof *rows);
    *out = rows;
    *n = v.n;
  }
  free(v.rows);
  return rc;
}

/* Reads every table of the directory, in reference order, then finishes the model. */
int cs_csv_read_dir(const char *dir, cs_model **out, cs_error *err) {
  *out = NULL;
  cs_model *m = cs_model_new();
  if (!m) return cs__err(err, CS_ENOMEM, "out of memory");
  int rc = 0;
  unsigned present = 0;
  for (int t = 0; t < CS_TABLE_COUNT; t++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, cs_table_file((cs_table)t));
    if (access(path, F_OK) == 0) present |= 1u << t;
  }
  int missing = cs_table_missing(present);
  if (missing >= 0) {
    cs_loc loc = {dir, 0, NULL};
    const char *file = cs_table_file((cs_table)missing);
    rc = cs__err_at(err, &loc, NULL, 0, file, "%s is missing", file);
  }
  for (int t = 0; t < CS_TABLE_COUNT && !rc; t++) rc = read_table(m, dir, (cs_table)t, err);
  if (!rc) rc = cs_model_finish(m, err);
  if (rc) {
    cs_model_free(m);
    return rc;
  }
  *out = m;
  return CS_OK;
}
