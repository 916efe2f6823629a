/* csv_write.c — writes a cs_model as a CSV model directory, every column of every table.
 * Each file is written beside its final name and renamed into place when complete. */
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "clockspeed/cs_io.h"
#include "internal.h"

/* Writes one field, quoted by libcsv only when RFC 4180 needs it. */
static void put_field(FILE *fp, const char *s) {
  if (strpbrk(s, ",\"\r\n") || (*s && (s[0] == ' ' || s[0] == '\t' || s[strlen(s) - 1] == ' ')))
    csv_fwrite(fp, s, strlen(s));
  else
    fputs(s, fp);
}

/* Writes one table into DIR/FILE via a temporary file. */
static int write_table(const cs_model *m, const char *dir, cs_table t, cs_progress_fn progress,
                       void *user, cs_error *err) {
  char path[4096], tmp[4200];
  snprintf(path, sizeof path, "%s/%s", dir, cs_table_file(t));
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  FILE *fp = fopen(tmp, "wb");
  if (!fp) return cs__err(err, CS_EIO, "%s: cannot write: %s", tmp, strerror(errno));
  size_t ncols = cs_table_ncols(t);
  for (size_t k = 0; k < ncols; k++) {
    if (k) fputc(',', fp);
    put_field(fp, cs_table_column(t, k)->name);
  }
  fputc('\n', fp);
  char buf[CS_MAX_COLUMNS][64];
  const char *values[CS_MAX_COLUMNS];
  size_t n = cs_model_row_count(m, t);
  for (size_t i = 0; i < n; i++) {
    cs_model_get_row(m, t, i, buf, values);
    for (size_t k = 0; k < ncols; k++) {
      if (k) fputc(',', fp);
      put_field(fp, values[k]);
    }
    fputc('\n', fp);
    if (progress && (i & 0xFFFF) == 0) progress(user, cs_table_file(t), (double)i, (double)n);
  }
  if (progress) progress(user, cs_table_file(t), (double)n, (double)n);
  int bad = ferror(fp);
  if (fclose(fp) != 0 || bad) {
    remove(tmp);
    return cs__err(err, CS_EIO, "%s: write failed", tmp);
  }
  if (rename(tmp, path) != 0) {
    remove(tmp);
    return cs__err(err, CS_EIO, "%s: cannot rename: %s", path, strerror(errno));
  }
  return 0;
}

/* Writes all tables; creates the directory when it is missing. */
int cs_csv_write_dir(const cs_model *m, const char *dir, cs_progress_fn progress, void *user,
                     cs_error *err) {
  if (mkdir(dir, 0777) != 0 && errno != EEXIST)
    return cs__err(err, CS_EIO, "%s: cannot create directory: %s", dir, strerror(errno));
  for (int t = 0; t < CS_TABLE_COUNT; t++) {
    int rc = write_table(m, dir, (cs_table)t, progress, user, err);
    if (rc) return rc;
  }
  return CS_OK;
}
