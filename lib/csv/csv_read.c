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

/* The state of reading one file. */
typedef struct reader {
  cs_model *m;
  cs_table table;
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
    const char *name = r->have_header && r->nfields < r->nheader ? cs_table_column(r->table, (size_t)r->map[r->nfields])->name : NULL;
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
  size_t ncols = cs_table_ncols(r->table);
  memset(r->src_col, 0, sizeof r->src_col);
  for (size_t i = 0; i < r->nfields; i++) {
    const char *name = r->buf + r->off[i];
    int k = cs_table_column_index(r->table, name);
    if (k < 0)
      return cs__err_at(r->err, &loc, NULL, (int)i + 1, name, "unknown column '%s' (column %zu)",
                        name, i + 1);
    if (r->src_col[k])
      return cs__err_at(r->err, &loc, NULL, (int)i + 1, name, "column '%s' appears twice", name);
    r->src_col[k] = (int)i + 1;
    r->map[i] = k;
  }
  for (size_t k = 0; k < ncols; k++) {
    const cs_column *c = cs_table_column(r->table, k);
    if (c->required && !r->src_col[k])
      return cs__err_at(r->err, &loc, NULL, 0, c->name, "missing required column '%s'", c->name);
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
    cs_row row = {values, cols};
    r->rc = cs_model_add_row(r->m, r->table, &row, &loc, r->err);
  }
  r->nfields = 0;
  r->len = 0;
}

/* Reads one table's file; a missing file is no error (cs_csv_read_dir checks first that
 * none the model needs is missing). */
static int read_table(cs_model *m, const char *dir, cs_table t, cs_error *err) {
  char path[4096];
  const char *file = cs_table_file(t);
  snprintf(path, sizeof path, "%s/%s", dir, file);
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    if (errno == ENOENT) return 0;
    return cs__err(err, CS_EIO, "%s: cannot open: %s", path, strerror(errno));
  }
  reader r = {.m = m, .table = t, .file = file, .err = err};
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
