/* model_load.c — opens a model from whatever MODEL names: a CSV directory, a SQLite
 * store, a JSON document, or a PostgreSQL store named by a postgresql:// URI. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "clockspeed/cs_io.h"
#include "internal.h"

/* Decides the kind of source from the path's form and the file's first bytes. */
int cs_source_detect(const char *path, cs_source_kind *kind, cs_error *err) {
  if (strncmp(path, "postgresql://", 13) == 0 || strncmp(path, "postgres://", 11) == 0) {
    *kind = CS_SOURCE_POSTGRES;
    return 0;
  }
  struct stat sb;
  if (stat(path, &sb) != 0) {
    cs_loc loc = {path, 0, NULL};
    return cs__err_at(err, &loc, NULL, 0, path, "no such file or directory");
  }
  if (S_ISDIR(sb.st_mode)) {
    *kind = CS_SOURCE_CSV_DIR;
    return 0;
  }
  char head[16] = {0};
  FILE *fp = fopen(path, "rb");
  if (!fp) return cs__err(err, CS_EIO, "%s: cannot open: %s", path, strerror(errno));
  size_t n = fread(head, 1, sizeof head, fp);
  fclose(fp);
  *kind = n == 16 && memcmp(head, "SQLite format 3", 16) == 0 ? CS_SOURCE_SQLITE : CS_SOURCE_JSON;
  return 0;
}

/* Loads a model from any supported source. */
int cs_model_load(const char *path, cs_model **out, cs_error *err) {
  cs_source_kind kind = CS_SOURCE_JSON;
  int rc = cs_source_detect(path, &kind, err);
  if (rc) return rc;
  switch (kind) {
    case CS_SOURCE_CSV_DIR: return cs_csv_read_dir(path, out, err);
    case CS_SOURCE_SQLITE:
    case CS_SOURCE_POSTGRES: return cs_store_read(path, out, err);
    case CS_SOURCE_JSON:
    default: return cs_json_read_model(path, out, err);
  }
}

